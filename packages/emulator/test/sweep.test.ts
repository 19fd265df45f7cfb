// Every operation of the three specs, sampled as the contract tests sample them and sent through the public
// clients with valid credentials: each answers with its documented success or a declared error, never a 5xx, and
// every success body is valid against the spec's response schema.

import { createSession } from '@weavr-sdk/multi';
import { sampleRequest } from '@weavr-sdk/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { clients, onboardCorporate, PASSWORD } from './helpers.js';
import { type ApiName, answerProblems, operationsOf, specOf } from './spec-check.js';

let emu: Emulator;
let tokens: Record<ApiName, string | undefined>;
/** `POST /logout` ends its token: it gets one of its own. */
let logoutToken: string;

beforeAll(async () => {
  emu = await startEmulator();
  const { corporate, session, email } = await onboardCorporate(emu);
  logoutToken = await (
    await createSession(clients(emu).multi, { email, password: PASSWORD, identity: corporate.id })
  ).token();
  const { backoffice } = clients(emu);
  const { data } = await backoffice.POST('/access_token', {
    body: { identity: corporate.id },
    throwOnError: true,
  });
  tokens = { multi: await session.token(), backoffice: data.token?.token, simulator: undefined };
});
afterAll(() => emu?.close());

const APIS: ApiName[] = ['multi', 'backoffice', 'simulator'];

describe.each(APIS)('every %s operation answers as its spec says', (api) => {
  const ops = operationsOf(api);
  test.each(ops.map((op) => [op.key, op] as const))('%s', async (_key, op) => {
    const doc = specOf(api);
    const sample = await sampleRequest(doc, op, { seed: 1, skipHeaders: ['idempotency-ref', 'accept'] });
    const client = clients(emu)[api] as unknown as Record<
      string,
      (path: string, init: unknown) => Promise<{ response: Response; data?: unknown; error?: unknown }>
    >;
    const media = op.successes.flatMap((s) => s.media);
    const nonJson = media.find((m) => !/json/i.test(m));
    const init: Record<string, unknown> = {
      params: sample.params,
      ...(sample.body !== undefined ? { body: sample.body } : {}),
      ...(tokens[api] ? { token: op.key === 'POST /logout' ? logoutToken : tokens[api] } : {}),
      ...(nonJson && !media.some((m) => /json/i.test(m))
        ? { parseAs: 'blob', headers: { accept: nonJson } }
        : {}),
    };
    const method = client[op.method];
    if (!method) throw new Error(`no ${op.method} on the ${api} client`);
    const result = await method(op.path, init);
    const status = result.response.status;
    expect(status, `${op.key} answered ${status}: ${JSON.stringify(result.error)}`).toBeLessThan(500);
    // The credentials are valid: a 401 would mean the sweep proved nothing about this operation.
    expect(status, `${op.key} refused the credentials`).not.toBe(401);
    const body = result.response.headers.get('content-type')?.includes('json')
      ? (result.data ?? result.error)
      : undefined;
    expect(answerProblems(api, op, status, body)).toEqual([]);
  });
});
