/**
 * The instruments-and-money conformance tests' view of an onboarded identity, built on the QA helpers in
 * `qa.ts` (`createAuthenticated` + `verifyIdentity`, as `createAuthenticatedVerifiedCorporate` does): one place
 * onboards for every conformance test, so a stricter onboarding rule lands once.
 */

import { createBackofficeClient } from '@weavr-sdk/backoffice';
import { createMultiClient } from '@weavr-sdk/multi';
import type { Emulator } from '../../src/index.js';
import * as qa from './qa.js';

export type IdentityType = 'CORPORATE' | 'CONSUMER';

export interface Onboarded {
  type: IdentityType;
  /** The identity's id (also its root user's id). */
  id: string;
  email: string;
  /** The `login_with_password` token, the bearer of the identity's calls (as in the QA suite). */
  token: string;
  /** A Multi client carrying `token`. */
  multi: ReturnType<typeof createMultiClient>;
  /** The emulator it lives on. */
  on: Emulator;
}

const KIND = { CORPORATE: 'corporates', CONSUMER: 'consumers' } as const;

/**
 * `createAuthenticatedVerifiedCorporate` / `…Consumer` (or, with `verified: false`, `createAuthenticated…`: KYB/KYC
 * not approved).
 */
export async function onboard(
  emu: Emulator,
  type: IdentityType,
  { verified = true }: { verified?: boolean } = {},
): Promise<Onboarded> {
  const { id, email, token } = await qa.createAuthenticated(emu, KIND[type]);
  if (verified) await qa.verifyIdentity(emu, KIND[type], id);
  return {
    type,
    id,
    email,
    token,
    multi: createMultiClient({ apiKey: emu.apiKey, baseUrl: `${emu.url}/multi`, maxRetries: 0, token }),
    on: emu,
  };
}

/** A Back-Office token acting for the identity (`BackofficeHelper.impersonateIdentity`). */
export const impersonate = (emu: Emulator, who: Pick<Onboarded, 'type' | 'id'>): Promise<string> =>
  qa.impersonate(emu, KIND[who.type], who.id);

/** A Back-Office client acting for the identity. */
export async function backofficeFor(emu: Emulator, who: Pick<Onboarded, 'type' | 'id'>) {
  const token = await impersonate(emu, who);
  return createBackofficeClient({
    apiKey: emu.apiKey,
    baseUrl: `${emu.url}/multi/backoffice`,
    maxRetries: 0,
    token,
  });
}

/** The root user enrolled for SMS one-time passwords (`AuthenticationFactorsHelper.enrolAndVerifyOtp`). */
export const enrolOtp = (who: Onboarded): Promise<void> => qa.enrolOtp(who.on, who.token);

export interface RawAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are asserted field by field, as the QA suite does
  body: any;
}

/** `qa.raw` (a request the SDK would refuse to send), its answer read: status and parsed body. */
export async function raw(
  on: Emulator,
  method: string,
  path: string,
  init: Parameters<typeof qa.raw>[3] = {},
): Promise<RawAnswer> {
  const res = await qa.raw(on, method, path, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

/** `POST /logout` with the identity's token: the token answers 401 after. */
export async function logout(on: Emulator, who: Onboarded): Promise<void> {
  const { status } = await raw(on, 'POST', '/multi/logout', { token: who.token });
  if (status < 200 || status > 299) throw new Error(`logout answered ${status}`);
}
