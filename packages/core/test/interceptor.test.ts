import { afterEach, describe, expect, it } from 'vitest';
import { type Interceptor, refreshableToken, withTokenRefresh } from '../src/internal.js';
import { testClient } from './helpers/client.js';
import { readBody, sendJson, startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that answers 401 unless the bearer token is `good`, recording what it saw. */
async function guarded() {
  const seen: { auth: string | undefined; ref: string | undefined }[] = [];
  server = await startServer(async (req, res) => {
    await readBody(req);
    const auth = req.headers.authorization;
    seen.push({ auth, ref: req.headers['idempotency-ref'] as string | undefined });
    sendJson(res, auth === 'Bearer good' ? 200 : 401, auth === 'Bearer good' ? { id: 't1' } : undefined);
  });
  return { url: server.url, seen };
}

const transfer = { body: { amount: 1 } };

describe('interceptors: the one way to extend a client', () => {
  it('a user-written refresh-on-401 replays the call once, with the same idempotency-ref', async () => {
    const s = await guarded();
    let current = 'stale';
    const refreshOn401: Interceptor = async (call, next) => {
      const first = await next({ ...call.init, token: current });
      if (first.response.status !== 401) return first;
      current = 'good';
      return next({ ...call.init, token: current, idempotencyRef: first.idempotencyRef });
    };
    const weavr = testClient(s.url).intercept(refreshOn401);
    const r = await weavr.POST('/transfers', transfer);
    expect(r.response.status).toBe(200);
    expect(s.seen.map((x) => x.auth)).toEqual(['Bearer stale', 'Bearer good']);
    expect(s.seen[0]?.ref).toBeTruthy();
    expect(s.seen[1]?.ref).toBe(s.seen[0]?.ref);
  });

  it('compose (last added outermost), leave the original client alone, and survive withOptions', async () => {
    const s = await guarded();
    const order: string[] = [];
    const tag =
      (name: string): Interceptor =>
      async (_call, next) => {
        order.push(`${name} in`);
        const r = await next();
        order.push(`${name} out`);
        return r;
      };
    const base = testClient(s.url, { token: 'good' });
    const wrapped = base.intercept(tag('a')).intercept(tag('b'));
    await wrapped.GET('/managed_cards/{id}', { params: { path: { id: 'c' } } });
    expect(order).toEqual(['b in', 'a in', 'a out', 'b out']);
    order.length = 0;
    await base.GET('/managed_cards/{id}', { params: { path: { id: 'c' } } });
    expect(order).toEqual([]);
    await wrapped
      .withOptions({ timeoutMs: 5_000 })
      .GET('/managed_cards/{id}', { params: { path: { id: 'c' } } });
    expect(order).toEqual(['b in', 'a in', 'a out', 'b out']);
  });

  it('withTokenRefresh is an interceptor: survives withOptions, and a client given its own token leaves the session', async () => {
    const s = await guarded();
    let fetched = 0;
    const session = refreshableToken(async () => (++fetched === 1 ? 'stale' : 'good'));
    const bound = withTokenRefresh(testClient(s.url, { token: undefined }), session);
    const r = await bound.withOptions({ maxRetries: 0 }).POST('/transfers', transfer);
    expect(r.response.status).toBe(200);
    expect(s.seen.map((x) => x.auth)).toEqual(['Bearer stale', 'Bearer good']);
    s.seen.length = 0;
    const own = bound.withOptions({ token: 'mine' });
    const mine = await own.POST('/transfers', transfer);
    expect(mine.response.status).toBe(401);
    expect(s.seen.map((x) => x.auth)).toEqual(['Bearer mine']);
  });
});
