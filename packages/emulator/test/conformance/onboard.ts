/**
 * Fixtures for the conformance tests, built the way Weavr's QA suite builds them
 * (`opc/junit/helpers/multi/CorporatesHelper.createAuthenticatedVerifiedCorporate`, `ConsumersHelper`'s twin):
 * create the identity, create the root user's password, verify the email, sign in, then approve KYB/KYC with
 * the simulator. Every conformance test onboards through here, so a stricter onboarding rule lands in one place.
 */
import { createBackofficeClient } from '@weavr-sdk/backoffice';
import { createMultiClient, createSession, SANDBOX_VERIFICATION_CODE } from '@weavr-sdk/multi';
import { createSimulatorClient } from '@weavr-sdk/simulator';
import type { Emulator } from '../../src/index.js';

export const PASSWORD = 'Conformance-Pass-42!';

export type IdentityType = 'CORPORATE' | 'CONSUMER';

/** The SDK's clients for the programme, without retries (a conformance test sees every answer as it came). */
export function programmeClients(emu: Emulator) {
  return {
    multi: createMultiClient({ apiKey: emu.apiKey, baseUrl: `${emu.url}/multi`, maxRetries: 0 }),
    backoffice: createBackofficeClient({
      apiKey: emu.apiKey,
      baseUrl: `${emu.url}/multi/backoffice`,
      maxRetries: 0,
    }),
    simulator: createSimulatorClient({
      programmeKey: emu.apiKey,
      baseUrl: `${emu.url}/simulate/api`,
      maxRetries: 0,
    }),
  };
}

let serial = 0;
function uniqueEmail(prefix: string): string {
  return `${prefix}+${process.pid}-${Date.now()}-${serial++}@example.com`;
}

/** `CreateCorporateModel.DefaultCreateCorporateModel`'s fields. */
export function corporateBody(emu: Emulator, email = uniqueEmail('corporate'), baseCurrency = 'EUR') {
  return {
    profileId: emu.profiles.corporates,
    rootUser: {
      name: 'Ada',
      surname: 'Lovelace',
      email,
      mobile: { countryCode: '+356', number: '79123456' },
      companyPosition: 'DIRECTOR' as const,
    },
    company: { name: `Engines ${serial}`, type: 'LLC' as const, registrationCountry: 'MT' },
    ipAddress: '192.0.2.10',
    baseCurrency,
    acceptedTerms: true,
  };
}

/** `CreateConsumerModel.DefaultCreateConsumerModel`'s fields. */
export function consumerBody(emu: Emulator, email = uniqueEmail('consumer'), baseCurrency = 'EUR') {
  return {
    profileId: emu.profiles.consumers,
    rootUser: {
      name: 'Grace',
      surname: 'Hopper',
      email,
      mobile: { countryCode: '+356', number: '79654321' },
      dateOfBirth: { year: 1990, month: 12, day: 9 },
      address: { addressLine1: '1 Cobol Way', city: 'Valletta', postCode: 'VLT1000', country: 'MT' },
    },
    ipAddress: '192.0.2.11',
    baseCurrency,
    acceptedTerms: true,
  };
}

export interface Onboarded {
  type: IdentityType;
  /** The identity's id (on the real API also its root user's id). */
  id: string;
  email: string;
  /** The bearer token the identity's calls carry. */
  token: string;
  /** A Multi client carrying `token`. */
  multi: ReturnType<typeof createMultiClient>;
}

export interface OnboardOptions {
  /** Approve KYB/KYC with the simulator (`verifyKyb`/`verifyKyc` in the QA helpers). @default true */
  verified?: boolean;
  /** The identity's base currency. @default 'EUR' */
  currency?: string;
}

/**
 * An identity signed in as its root user: `createAuthenticated{Verified}Corporate` / `…Consumer`.
 * The password is created for the root user's id as the create call returns it.
 */
export async function onboard(
  emu: Emulator,
  type: IdentityType,
  { verified = true, currency = 'EUR' }: OnboardOptions = {},
): Promise<Onboarded> {
  const { multi } = programmeClients(emu);
  const corporate = type === 'CORPORATE';
  const body = corporate ? corporateBody(emu, undefined, currency) : consumerBody(emu, undefined, currency);
  const email = body.rootUser.email;
  const created = corporate
    ? await multi.POST('/corporates', { body: corporateBody(emu, email, currency) })
    : await multi.POST('/consumers', { body: consumerBody(emu, email, currency) });
  if (!created.data) throw new Error(`onboard: create ${type} failed: ${JSON.stringify(created.error)}`);
  const id = created.data.id.id;
  await multi.POST('/passwords/{user_id}/create', {
    params: { path: { user_id: created.data.rootUser.id.id } },
    body: { password: { value: PASSWORD } },
    throwOnError: true,
  });
  const base = corporate ? '/corporates' : '/consumers';
  await multi.POST(`${base}/verification/email/send` as '/corporates/verification/email/send', {
    body: { email },
    throwOnError: true,
  });
  await multi.POST(`${base}/verification/email/verify` as '/corporates/verification/email/verify', {
    body: { email, verificationCode: SANDBOX_VERIFICATION_CODE },
    throwOnError: true,
  });
  const session = await createSession(multi, { email, password: PASSWORD, identity: { type, id } });
  const token = await session.token();
  if (verified) await verify(emu, type, id);
  return {
    type,
    id,
    email,
    token,
    multi: createMultiClient({ apiKey: emu.apiKey, baseUrl: `${emu.url}/multi`, maxRetries: 0, token }),
  };
}

/** The simulator's KYB (corporate) or KYC (consumer) approval. */
export async function verify(emu: Emulator, type: IdentityType, id: string): Promise<void> {
  const { simulator } = programmeClients(emu);
  if (type === 'CORPORATE')
    await simulator.POST('/corporates/{corporate_id}/verify', {
      params: { path: { corporate_id: id as unknown as number } },
      throwOnError: true,
    });
  else
    await simulator.POST('/consumers/{consumer_id}/verify', {
      params: { path: { consumer_id: id as unknown as number } },
      throwOnError: true,
    });
}

/** A Back-Office token acting for the identity (`BackofficeHelper.impersonateIdentity`). */
export async function impersonate(emu: Emulator, who: Pick<Onboarded, 'type' | 'id'>): Promise<string> {
  const { backoffice } = programmeClients(emu);
  const { data } = await backoffice.POST('/access_token', {
    body: { identity: { type: who.type, id: who.id } },
    throwOnError: true,
  });
  return data.token.token as string;
}

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

export interface RawAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are asserted field by field, as the QA suite does
  body: any;
}

/**
 * A request the SDK would refuse to send (no API key, an empty path id, a body breaking the spec), sent as it is.
 * `apiKey: null` leaves the header out.
 */
export async function raw(
  emu: Emulator,
  method: string,
  path: string,
  {
    apiKey,
    token,
    body,
    headers = {},
  }: {
    apiKey?: string | null;
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<RawAnswer> {
  const h: Record<string, string> = { ...headers };
  const key = apiKey === undefined ? emu.apiKey : apiKey;
  if (key !== null) h['api-key'] = key;
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: h,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed };
}

/** `POST /logout` with the identity's token (`AuthenticationHelper.logout`): the token answers 401 after. */
export async function logout(emu: Emulator, who: Onboarded): Promise<void> {
  const { status } = await raw(emu, 'POST', '/multi/logout', { token: who.token });
  if (status < 200 || status > 299) throw new Error(`logout answered ${status}`);
}

/** `AuthenticationFactorsHelper.enrolAndVerifyOtp`: the root user enrolled for SMS one-time passwords. */
export async function enrolOtp(who: Onboarded): Promise<void> {
  const channel = { params: { path: { channel: 'SMS' as const } } };
  await who.multi.POST('/authentication_factors/otp/{channel}', { ...channel, throwOnError: true });
  await who.multi.POST('/authentication_factors/otp/{channel}/verify', {
    ...channel,
    body: { verificationCode: SANDBOX_VERIFICATION_CODE },
    throwOnError: true,
  });
}
