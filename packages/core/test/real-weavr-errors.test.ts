import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IDEMPOTENCY_REF_LENGTH } from '../src/idempotency.js';
import {
  errorOf,
  WeavrApiError,
  WeavrBadRequestError,
  WeavrConfigError,
  WeavrConflictError,
  WeavrForbiddenError,
  WeavrIdempotencyMismatchError,
  WeavrUnauthorizedError,
} from '../src/index.js';
import { API_KEY, TOKEN, testClient } from './helpers/client.js';
import { readBody, sendJson, startServer, type TestServer } from './helpers/server.js';

/**
 * A server answering as the real Weavr does where the spec is silent (issue 13, WEAVR-API.md last section):
 * idempotency by ref and payload, forgetting failed calls; 413 to a very long ref; credentials; both 400
 * shapes; tokenised-secret errors; AUTH tokens refused outside /identities and /access_token.
 */
let server: TestServer;
let hits = 0;
const done = new Map<string, { payload: string; id: string }>();
beforeAll(async () => {
  let next = 1;
  server = await startServer(async (req, res) => {
    hits++;
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const key = String(req.headers['api-key'] ?? '');
    const ref = req.headers['idempotency-ref'] as string | undefined;
    if (ref && ref.length >= 8000) return sendJson(res, 413, undefined);
    if (key === 'wrong-key-000') return sendJson(res, 401, undefined);
    if (key === 'other-programme-key') return sendJson(res, 403, undefined);
    if (path === '/login_with_password') return sendJson(res, 403, undefined);
    if (path === '/users/u1/invite')
      return sendJson(res, 400, { message: 'request.verificationCode: size must be between 6 and 6' });
    if (path === '/transfers/expired') return sendJson(res, 410, { errorCode: 'TOKEN_EXPIRED' });
    if (path === '/transfers/unknown') return sendJson(res, 404, { errorCode: 'TOKEN_NOT_FOUND' });
    if (path === '/transfers/auth') return sendJson(res, 403, { errorCode: 'ACCESS_TOKEN_REQUIRED' });
    if (path === '/transfers/no-device') return sendJson(res, 409, { errorCode: 'CHANNEL_NOT_REGISTERED' });
    if (path === '/transfers/too-soon') return sendJson(res, 409, { errorCode: 'RETRY_IN_15SEC' });
    if (path === '/transfers' && ref) {
      const seen = done.get(ref);
      if (seen && seen.payload !== body)
        return sendJson(res, 400, { message: 'Payloads do not match for the same idempotency-ref.' });
      if (seen) return sendJson(res, 200, { id: seen.id });
      // A failed call is not remembered: its ref may be used again with a corrected body.
      if (JSON.parse(body).amount < 0) return sendJson(res, 409, { errorCode: 'AMOUNT_INVALID' });
      const id = `t${next++}`;
      done.set(ref, { payload: body, id });
      return sendJson(res, 200, { id });
    }
    sendJson(res, 404, {});
  });
});
afterAll(() => server.close());

describe('idempotency as Weavr answers it', () => {
  it('same ref and payload replays; a different payload is a typed error carrying the ref', async () => {
    const weavr = testClient(server.url, { throwOnError: true });
    const first = await weavr.POST('/transfers', { idempotencyRef: 'order-1', body: { amount: 5 } });
    const again = await weavr.POST('/transfers', { idempotencyRef: 'order-1', body: { amount: 5 } });
    expect(again.data).toEqual(first.data);
    const err = await weavr
      .POST('/transfers', { idempotencyRef: 'order-1', body: { amount: 6 } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeavrIdempotencyMismatchError);
    expect(err).toBeInstanceOf(WeavrBadRequestError);
    expect((err as WeavrApiError).idempotencyRef).toBe('order-1');
    expect((err as Error).message).toContain('idempotency-ref order-1');
    expect((err as Error).message).toMatch(/already used with a different body/);
  });

  it("a failed call's ref may be reused with a corrected body", async () => {
    const weavr = testClient(server.url, { throwOnError: true });
    await expect(
      weavr.POST('/transfers', { idempotencyRef: 'order-2', body: { amount: -1 } }),
    ).rejects.toBeInstanceOf(WeavrConflictError);
    const ok = await weavr.POST('/transfers', { idempotencyRef: 'order-2', body: { amount: 1 } });
    expect(ok.response.status).toBe(200);
  });

  it(`a ref over ${MAX_IDEMPOTENCY_REF_LENGTH} characters is refused before sending`, async () => {
    const weavr = testClient(server.url, { throwOnError: true });
    const before = hits;
    for (const options of [
      { idempotencyRef: 'r'.repeat(8000) },
      { idempotencyRef: 'r'.repeat(MAX_IDEMPOTENCY_REF_LENGTH + 1) },
      { params: { header: { 'idempotency-ref': 'r'.repeat(MAX_IDEMPOTENCY_REF_LENGTH + 1) } } },
    ]) {
      const err = await weavr
        .POST('/transfers', { ...options, body: { amount: 1 } })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WeavrConfigError);
      expect((err as Error).message).toMatch(/idempotency-ref is \d+ characters long; at most 255/);
    }
    expect(hits).toBe(before);
    const ok = await weavr.POST('/transfers', {
      idempotencyRef: 'r'.repeat(MAX_IDEMPOTENCY_REF_LENGTH),
      body: { amount: 1 },
    });
    expect(ok.response.status).toBe(200);
  });
});

describe('errors say which credential or token to check', () => {
  it('401: the API key and the token', async () => {
    const weavr = testClient(server.url, { apiKey: 'wrong-key-000', throwOnError: true });
    const err = await weavr
      .GET('/transfers/{id}', { params: { path: { id: 'x' } } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeavrUnauthorizedError);
    expect((err as Error).message).toMatch(/check the API key and the token.*unused for 5 minutes/);
  });

  it("403: this programme's key; on login, the email or password", async () => {
    const weavr = testClient(server.url, { apiKey: 'other-programme-key', throwOnError: true });
    const err = await weavr
      .GET('/transfers/{id}', { params: { path: { id: 'x' } } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeavrForbiddenError);
    expect((err as Error).message).toMatch(/check the API key is this programme's/);
    const login = await testClient(server.url, { throwOnError: true })
      .POST('/login_with_password', { body: { email: 'a@b.c', password: { value: 'x-pass-123' } } })
      .catch((e: unknown) => e);
    expect((login as Error).message).toMatch(/the email or the password is wrong/);
  });

  it('403 ACCESS_TOKEN_REQUIRED says to exchange the AUTH token', async () => {
    const weavr = testClient(server.url, { throwOnError: true });
    const err = await weavr
      .GET('/transfers/{id}', { params: { path: { id: 'auth' } } })
      .catch((e: unknown) => e);
    expect((err as WeavrForbiddenError).errorCode).toBe('ACCESS_TOKEN_REQUIRED');
    expect((err as Error).message).toMatch(/AUTH token.*POST \/access_token/);
  });

  it('409 CHANNEL_NOT_REGISTERED says to enrol a device; 409 RETRY_IN_15SEC says to wait (issue 22 §5)', async () => {
    const weavr = testClient(server.url, { throwOnError: true });
    const get = (id: string) =>
      weavr
        .GET('/transfers/{id}', { params: { path: { id } } })
        .catch((e: unknown) => e as WeavrConflictError);
    const noDevice = await get('no-device');
    expect(noDevice).toBeInstanceOf(WeavrConflictError);
    expect(noDevice.message).toMatch(
      /CHANNEL_NOT_REGISTERED.*enrol one with POST \/authentication_factors\/otp\/SMS/,
    );
    expect(noDevice.message).toMatch(/verify it with the code sent/);
    // Every call that meets it says to wait, not only the step-up helpers (issue 21 §7).
    const tooSoon = await get('too-soon');
    expect(tooSoon.message).toMatch(/RETRY_IN_15SEC.*wait 15 s and ask again/);
    // Without throwOnError, the typed error of the result (errorOf) says the same.
    const lenient = await testClient(server.url).GET('/transfers/{id}', {
      params: { path: { id: 'too-soon' } },
    });
    expect(errorOf(lenient)?.message).toMatch(/wait 15 s and ask again/);
  });

  it('410 TOKEN_EXPIRED and 404 TOKEN_NOT_FOUND point at the tokenised value', async () => {
    const weavr = testClient(server.url, { throwOnError: true });
    const gone = await weavr.GET('/transfers/{id}', { params: { path: { id: 'expired' } } }).catch((e) => e);
    expect(gone).toBeInstanceOf(WeavrApiError);
    expect((gone as WeavrApiError).status).toBe(410);
    expect((gone as Error).message).toMatch(/410 TOKEN_EXPIRED.*tokenised value.*expired/);
    const unknown = await weavr
      .GET('/transfers/{id}', { params: { path: { id: 'unknown' } } })
      .catch((e) => e);
    expect((unknown as Error).message).toMatch(/404 TOKEN_NOT_FOUND.*tokenised value.*unknown/);
  });

  it('no hint ever quotes a secret', async () => {
    const weavr = testClient(server.url, { apiKey: 'other-programme-key', throwOnError: true });
    const err = await weavr.GET('/transfers/{id}', { params: { path: { id: 'x' } } }).catch((e) => e);
    expect(JSON.stringify(err)).not.toContain('other-programme-key');
    expect(JSON.stringify(err)).not.toContain(TOKEN);
    expect(JSON.stringify(err)).not.toContain(API_KEY);
  });
});

describe('the bare-message 400', () => {
  it('is parsed into { field, message }', async () => {
    const weavr = testClient(server.url, { throwOnError: true });
    const err = (await weavr
      .POST('/users/{user_id}/invite', { params: { path: { user_id: 'u1' } } })
      .catch((e: unknown) => e)) as WeavrBadRequestError;
    expect(err.fieldErrors).toEqual([{ field: 'verificationCode', message: 'size must be between 6 and 6' }]);
    expect(err.message).toContain('invalid: verificationCode');
  });
});
