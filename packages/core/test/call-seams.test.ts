import { afterEach, describe, expect, it } from 'vitest';
import { type Interceptor, type RetryInfo, WeavrTimeoutError } from '../src/internal.js';
import { testClient } from './helpers/client.js';
import { readBody, sendJson, startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server answering each request by its arrival number; records what arrived. */
async function serve(answer: (n: number) => number | 'hang') {
  const seen: { ref: string | undefined }[] = [];
  server = await startServer(async (req, res) => {
    await readBody(req);
    seen.push({ ref: req.headers['idempotency-ref'] as string | undefined });
    const a = answer(seen.length);
    if (a === 'hang') return;
    sendJson(res, a, a < 300 ? { id: 't1' } : { message: 'busy' }, { 'retry-after': '0' });
  });
  return { url: server.url, seen };
}

describe('beforeRetry', () => {
  it('sees each retry: reason, status, attempt and wait, with the call it belongs to', async () => {
    const s = await serve((n) => (n < 3 ? 503 : 200));
    const told: RetryInfo[] = [];
    const weavr = testClient(s.url, { beforeRetry: (r) => void told.push(r) });
    const r = await weavr.POST('/transfers', { body: { amount: 1 } });
    expect(r.response.status).toBe(200);
    expect(told.map((t) => [t.reason, t.status, t.attempt, t.attempts])).toEqual([
      ['status', 503, 2, 3],
      ['status', 503, 3, 3],
    ]);
    expect(told[0]).toMatchObject({ method: 'POST', path: '/transfers', operationId: 'transferCreate' });
    expect(told[0]?.idempotencyRef).toBe(r.idempotencyRef);
    expect(told.every((t) => t.delayMs >= 1 && t.delayMs <= 100)).toBe(true);
    expect(Object.isFrozen(told[0])).toBe(true);
  });

  it('can cancel a retry: the call ends with what the attempt ended with', async () => {
    const s = await serve(() => 503);
    const weavr = testClient(s.url, { maxRetries: 5 });
    const r = await weavr.GET('/transfers/{id}', {
      params: { path: { id: 't1' } },
      beforeRetry: (t: RetryInfo) => t.attempt < 3,
    });
    expect(r.response.status).toBe(503);
    expect(s.seen).toHaveLength(2);
    const timedOut = await serve(() => 'hang');
    const e = await testClient(timedOut.url, { timeoutMs: 100 })
      .GET('/transfers/{id}', { params: { path: { id: 't1' } }, beforeRetry: () => false })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WeavrTimeoutError);
    expect(timedOut.seen).toHaveLength(1);
  });

  it('cannot make the SDK re-send what the rules keep final (a create without a ref after 503)', async () => {
    const s = await serve(() => 503);
    const told: RetryInfo[] = [];
    const weavr = testClient(s.url, {
      beforeRetry: (r) => {
        told.push(r);
        return true;
      },
    });
    const r = await weavr.POST('/login_with_password', { body: { email: 'a@b.c' } });
    expect(r.response.status).toBe(503);
    expect(s.seen).toHaveLength(1);
    expect(told).toEqual([]);
  });
});

describe('the idempotency-ref is minted at the method, before interceptors', () => {
  it('an interceptor sees it in call.init, and a replay through next(call.init) sends the same ref', async () => {
    const s = await serve((n) => (n === 1 ? 401 : 200));
    const refs: unknown[] = [];
    const replayOnce: Interceptor = async (call, next) => {
      refs.push(call.init.idempotencyRef);
      const first = await next(call.init);
      return first.response.status === 401 ? next(call.init) : first;
    };
    const r = await testClient(s.url)
      .intercept(replayOnce)
      .POST('/transfers', { body: { amount: 1 } });
    expect(r.response.status).toBe(200);
    expect(typeof refs[0]).toBe('string');
    expect(s.seen.map((x) => x.ref)).toEqual([refs[0], refs[0]]);
    expect(r.idempotencyRef).toBe(refs[0]);
  });

  it("is not minted over the caller's own ref (option or header), nor for operations without one", async () => {
    const s = await serve(() => 200);
    const inits: Record<string, unknown>[] = [];
    const record: Interceptor = async (call, next) => {
      inits.push(call.init as Record<string, unknown>);
      return next();
    };
    const weavr = testClient(s.url).intercept(record);
    await weavr.POST('/transfers', { body: { amount: 1 }, idempotencyRef: 'mine-1' });
    await weavr.POST('/transfers', { body: { amount: 1 }, headers: { 'Idempotency-Ref': 'mine-2' } });
    await weavr.POST('/login_with_password', { body: { email: 'a@b.c' } });
    expect(inits.map((i) => i.idempotencyRef)).toEqual(['mine-1', undefined, undefined]);
    expect(s.seen.map((x) => x.ref)).toEqual(['mine-1', 'mine-2', undefined]);
  });
});

describe('extra RequestInit fields', () => {
  it('go to the fetch transport, explicitly: a custom fetch receives them on its Request', async () => {
    const s = await serve(() => 200);
    const got: RequestInit[] = [];
    const weavr = testClient(s.url, {
      fetch: (request: Request, init?: RequestInit) => {
        got.push({ cache: request.cache, credentials: request.credentials });
        return fetch(request, init);
      },
    });
    await weavr.GET('/transfers/{id}', {
      params: { path: { id: 't1' } },
      cache: 'no-store',
      credentials: 'omit',
    });
    expect(got).toEqual([{ cache: 'no-store', credentials: 'omit' }]);
  });
});

describe('result.response', () => {
  it('is the answer as a Response on every transport, seen by spread and keys, and assignable', async () => {
    const s = await serve(() => 200);
    const r = await testClient(s.url).GET('/transfers/{id}', { params: { path: { id: 't1' } } });
    expect(Object.keys(r)).toContain('response');
    const copy = { ...r };
    expect(copy.response).toBeInstanceOf(Response);
    // Built once (on node:http, when first read): every read is the same object.
    expect(copy.response).toBe(r.response);
    expect(r.response.status).toBe(200);
    expect(r.response.headers.get('content-type')).toMatch(/json/);
    const other = new Response(null, { status: 204 });
    r.response = other;
    expect(r.response).toBe(other);
  });
});
