import type http from 'node:http';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  isWeavrErrorCode,
  WeavrApiError,
  WeavrBadRequestError,
  WeavrConflictError,
  WeavrError,
  WeavrForbiddenError,
  WeavrNotFoundError,
  WeavrRateLimitError,
  WeavrServerError,
  WeavrUnauthorizedError,
} from '../src/internal.js';
import { testClient } from './helpers/client.js';
import { readBody, sendJson, startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  server = await startServer(async (req: http.IncomingMessage, res: http.ServerResponse) => {
    await readBody(req);
    sendJson(res, status, body, { 'request-ref': `rr-${status}`, ...headers });
  });
  return server.url;
}

const CARD = ['/managed_cards/{id}', { params: { path: { id: 'c1' } } }] as const;

describe('throwOnError', () => {
  it('is off by default: openapi-fetch’s { data, error, response }, plus requestRef', async () => {
    const url = await answer(404, { code: 'NOT_FOUND', message: 'no such card' });
    const r = await testClient(url).GET(...CARD);
    expect(r.data).toBeUndefined();
    expect(r.error).toEqual({ code: 'NOT_FOUND', message: 'no such card' });
    expect(r.response.status).toBe(404);
    expect(r.requestRef).toBe('rr-404');
  });

  it('surfaces request-ref on a successful response', async () => {
    const url = await answer(200, { id: 'c1' });
    const r = await testClient(url, { throwOnError: true }).GET(...CARD);
    expect(r).toMatchObject({ data: { id: 'c1' }, requestRef: 'rr-200', idempotencyRef: undefined });
  });

  it('per client raises a typed error; per call overrides the client either way', async () => {
    const url = await answer(409, { errorCode: 'INSTRUMENT_DESTROYED' });
    const throwing = testClient(url, { throwOnError: true });
    await expect(throwing.GET(...CARD)).rejects.toBeInstanceOf(WeavrConflictError);
    const r = await throwing.GET(CARD[0], { ...CARD[1], throwOnError: false });
    expect(r.error).toEqual({ errorCode: 'INSTRUMENT_DESTROYED' });
    await expect(testClient(url).GET(CARD[0], { ...CARD[1], throwOnError: true })).rejects.toBeInstanceOf(
      WeavrConflictError,
    );
  });
});

describe('WeavrApiError', () => {
  const cases: [number, typeof WeavrApiError, string][] = [
    [400, WeavrBadRequestError, 'WeavrBadRequestError'],
    [401, WeavrUnauthorizedError, 'WeavrUnauthorizedError'],
    [403, WeavrForbiddenError, 'WeavrForbiddenError'],
    [404, WeavrNotFoundError, 'WeavrNotFoundError'],
    [409, WeavrConflictError, 'WeavrConflictError'],
    [429, WeavrRateLimitError, 'WeavrRateLimitError'],
    [500, WeavrServerError, 'WeavrServerError'],
    [503, WeavrServerError, 'WeavrServerError'],
    [418, WeavrApiError, 'WeavrApiError'],
  ];
  for (const [status, Ctor, name] of cases) {
    it(`${status} → ${name}`, async () => {
      const url = await answer(status, { errorCode: `CODE_${status}` });
      const e = await testClient(url, { throwOnError: true, maxRetries: 0 })
        .GET(...CARD)
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(Ctor);
      expect(e).toBeInstanceOf(WeavrApiError);
      expect(e).toBeInstanceOf(WeavrError);
      expect(e).toBeInstanceOf(Error);
      expect(e).toMatchObject({
        name,
        status,
        errorCode: `CODE_${status}`,
        requestRef: `rr-${status}`,
        method: 'GET',
        path: '/managed_cards/{id}',
        operationId: 'managedCardGet',
        idempotencyRef: undefined,
      });
      // 401 and 403 go on to say which credential to check (tested in real-weavr-errors.test.ts).
      const head = `${status} CODE_${status} from GET /managed_cards/{id}`;
      if (status === 401 || status === 403)
        expect((e as Error).message.startsWith(`${head}: check `)).toBe(true);
      else expect((e as Error).message).toBe(head);
      expect((e as Error).stack).toMatch(new RegExp(`^${name}: ${status}`));
    });
  }

  it('403 STEP_UP_REQUIRED sets stepUpRequired', async () => {
    const url = await answer(403, { errorCode: 'STEP_UP_REQUIRED' });
    const e = await testClient(url, { throwOnError: true })
      .GET(...CARD)
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WeavrForbiddenError);
    expect((e as WeavrForbiddenError).stepUpRequired).toBe(true);
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({
      stepUpRequired: true,
      errorCode: 'STEP_UP_REQUIRED',
    });
    await server?.close();
    const other = await answer(403, { errorCode: 'INSUFFICIENT_PERMISSIONS' });
    const e2 = await testClient(other, { throwOnError: true })
      .GET(...CARD)
      .catch((x: unknown) => x);
    expect((e2 as WeavrForbiddenError).stepUpRequired).toBe(false);
  });

  it('carries the idempotency-ref of a create', async () => {
    const url = await answer(409, { errorCode: 'FUNDS_INSUFFICIENT' });
    const e = await testClient(url, { throwOnError: true })
      .POST('/transfers', { body: {}, idempotencyRef: 'my-ref-1' })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ idempotencyRef: 'my-ref-1', operationId: 'transferCreate', method: 'POST' });
    expect(isWeavrErrorCode(e, 'FUNDS_INSUFFICIENT')).toBe(true);
    expect(isWeavrErrorCode(e, 'OTHER')).toBe(false);
    expect(isWeavrErrorCode(new Error('x'), 'FUNDS_INSUFFICIENT')).toBe(false);
  });

  it('reads errorCode from Error-shaped bodies ({ code, message }) too', async () => {
    const url = await answer(404, { code: 'CARD_NOT_FOUND', message: 'No card with that id' });
    const e = await testClient(url, { throwOnError: true })
      .GET(...CARD)
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ errorCode: 'CARD_NOT_FOUND' });
    expect((e as Error).message).toBe(
      '404 CARD_NOT_FOUND from GET /managed_cards/{id}: No card with that id',
    );
  });

  it('normalises Multi syntaxErrors.invalidFields', async () => {
    const url = await answer(400, {
      message: 'Bad request',
      syntaxErrors: {
        invalidFields: [
          { fieldName: 'destinationAmount.amount', error: 'RANGE', params: ['1', '100'] },
          { fieldName: 'profileId', error: 'REQUIRED' },
        ],
      },
    });
    const e = await testClient(url, { throwOnError: true })
      .POST('/transfers', { body: {} })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WeavrBadRequestError);
    expect((e as WeavrApiError).fieldErrors).toEqual([
      { field: 'destinationAmount.amount', error: 'RANGE', params: ['1', '100'] },
      { field: 'profileId', error: 'REQUIRED' },
    ]);
    expect((e as Error).message).toBe(
      '400 from POST /transfers: Bad request: invalid: destinationAmount.amount (RANGE), profileId (REQUIRED)',
    );
  });

  it('normalises Back-Office validationErrors into the same shape', async () => {
    const url = await answer(400, {
      message: 'Validation failed',
      validationErrors: [
        { fieldName: 'fee.amount', error: 'AT_LEAST', message: 'must be at least 1', params: ['1'] },
      ],
    });
    const e = await testClient(url, { throwOnError: true })
      .POST('/transfers', { body: {} })
      .catch((x: unknown) => x);
    expect((e as WeavrApiError).fieldErrors).toEqual([
      { field: 'fee.amount', error: 'AT_LEAST', message: 'must be at least 1', params: ['1'] },
    ]);
  });

  it('copes with an empty or non-JSON error body', async () => {
    const url = await answer(401, undefined);
    const e = await testClient(url, { throwOnError: true, token: undefined })
      .GET(...CARD)
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WeavrUnauthorizedError);
    expect(e).toMatchObject({ errorCode: undefined, fieldErrors: [], body: undefined });
    // The operation needs a bearer token and none was set: the message says so.
    expect((e as Error).message).toMatch(/needs a bearer token and none was given/);
  });

  it('narrows by instanceof and errorCode (types)', () => {
    const e: unknown = undefined;
    if (e instanceof WeavrForbiddenError) expectTypeOf(e.stepUpRequired).toEqualTypeOf<boolean>();
    if (e instanceof WeavrApiError) {
      expectTypeOf(e.status).toEqualTypeOf<number>();
      expectTypeOf(e.errorCode).toEqualTypeOf<string | undefined>();
      expectTypeOf(e.requestRef).toEqualTypeOf<string | undefined>();
    }
    if (isWeavrErrorCode(e, 'FUNDS_INSUFFICIENT'))
      expectTypeOf(e.errorCode).toEqualTypeOf<'FUNDS_INSUFFICIENT'>();
  });
});
