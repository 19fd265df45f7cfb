import { afterEach, describe, expect, test } from 'vitest';
import { refreshableToken, WeavrUnauthorizedError, withTokenRefresh } from '../src/internal.js';
import { type Answer, fakeApi, fakeClient, type Hit } from './workflows-fake.js';

let api: Awaited<ReturnType<typeof fakeApi>> | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
}

describe('refreshableToken', () => {
  test('concurrent callers share one token request', async () => {
    let calls = 0;
    const gate = deferred<string>();
    const t = refreshableToken(() => {
      calls++;
      return gate.promise;
    });
    const all = Promise.all(Array.from({ length: 20 }, () => t.token()));
    gate.resolve('tok-1');
    expect(await all).toEqual(Array(20).fill('tok-1'));
    expect(calls).toBe(1);
    expect(await t.token()).toBe('tok-1');
    expect(calls).toBe(1);
  });

  test('a burst of refreshes for the same stale token costs one request', async () => {
    let n = 0;
    const t = refreshableToken(async () => `tok-${++n}`);
    expect(await t.token()).toBe('tok-1');
    const fresh = await Promise.all(Array.from({ length: 10 }, () => t.refresh('tok-1')));
    expect(new Set(fresh)).toEqual(new Set(['tok-2']));
    expect(n).toBe(2);
    // A caller that still holds tok-1 gets tok-2 without another request.
    expect(await t.refresh('tok-1')).toBe('tok-2');
    expect(n).toBe(2);
  });

  test('a failed request is not cached: the next caller tries again', async () => {
    let n = 0;
    const t = refreshableToken(async () => {
      if (++n === 1) throw new Error('boom');
      return 'tok-2';
    });
    await expect(t.token()).rejects.toThrow('boom');
    expect(await t.token()).toBe('tok-2');
  });

  test('maxIdleMs: a token unused for too long is replaced before use', async () => {
    let clock = 0;
    let n = 0;
    const t = refreshableToken(async () => `tok-${++n}`, { maxIdleMs: 1000, now: () => clock });
    expect(await t.token()).toBe('tok-1');
    clock = 900;
    expect(await t.token()).toBe('tok-1');
    clock = 1800; // 900 ms after the last use: still fresh
    expect(await t.token()).toBe('tok-1');
    clock = 2801;
    expect(await t.token()).toBe('tok-2');
  });

  test('an empty token is an error, not a cached value', async () => {
    const t = refreshableToken(async () => '');
    await expect(t.token()).rejects.toThrow(/no token/);
  });
});

describe('withTokenRefresh', () => {
  async function setup(route: (hit: Hit, valid: string) => Answer) {
    let n = 0;
    let valid = 'tok-1';
    api = await fakeApi((h) => route(h, valid));
    const session = refreshableToken(async () => {
      n++;
      return `tok-${n}`;
    });
    const expire = () => {
      valid = `tok-${n + 1}`;
    };
    const auth = (h: Hit) => h.headers.authorization === `Bearer ${valid}`;
    return { api, session, expire, auth, fetches: () => n };
  }

  test('a 401 refreshes the token once and replays the call with the same idempotency-ref', async () => {
    const s = await setup((h, valid) =>
      h.headers.authorization === `Bearer ${valid}` ? { body: { id: '1' } } : { status: 401 },
    );
    const client = withTokenRefresh(fakeClient(s.api.url), s.session);
    expect((await client.GET('/cards/{id}', { params: { path: { id: '1' } } })).data).toEqual({ id: '1' });
    s.expire();
    const created = await client.POST('/things', { body: { n: 1 } });
    expect(created.data).toEqual({ id: '1' });
    const posts = s.api.hits.filter((h) => h.method === 'POST');
    expect(posts.map((h) => h.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(posts[0]?.headers['idempotency-ref']).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[1]?.headers['idempotency-ref']).toBe(posts[0]?.headers['idempotency-ref']);
    expect(posts[1]?.body).toEqual({ n: 1 });
    expect(s.fetches()).toBe(2);
  });

  test('concurrent 401s share one refresh', async () => {
    const s = await setup((h, valid) =>
      h.headers.authorization === `Bearer ${valid}` ? { body: { ok: true } } : { status: 401 },
    );
    const client = withTokenRefresh(fakeClient(s.api.url), s.session);
    await client.GET('/cards/{id}', { params: { path: { id: '1' } } });
    s.expire();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => client.GET('/cards/{id}', { params: { path: { id: String(i) } } })),
    );
    expect(results.every((r) => r.data?.ok === true)).toBe(true);
    expect(s.fetches()).toBe(2);
  });

  test('with throwOnError: the 401 is caught, refreshed and replayed; a second 401 is thrown', async () => {
    const s = await setup(() => ({ status: 401 }));
    const client = withTokenRefresh(fakeClient(s.api.url, { throwOnError: true }), s.session);
    const err = await client.POST('/things', { body: { n: 2 } }).catch((e) => e);
    expect(err).toBeInstanceOf(WeavrUnauthorizedError);
    expect(s.api.hits.map((h) => h.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(s.fetches()).toBe(2);
  });

  test('without throwOnError, a second 401 is returned as the result', async () => {
    const s = await setup(() => ({ status: 401 }));
    const client = withTokenRefresh(fakeClient(s.api.url), s.session);
    const r = await client.GET('/cards/{id}', { params: { path: { id: '1' } } });
    expect(r.response.status).toBe(401);
    expect(s.api.hits).toHaveLength(2);
  });

  test('a call given its own token, and a key-only operation, are never refreshed', async () => {
    const s = await setup(() => ({ status: 401 }));
    const client = withTokenRefresh(fakeClient(s.api.url), s.session);
    await client.GET('/cards/{id}', { params: { path: { id: '1' } }, token: 'mine' });
    await client.POST('/access_token', { body: {} });
    expect(s.api.hits.map((h) => h.headers.authorization)).toEqual(['Bearer mine', undefined]);
    expect(s.fetches()).toBe(0);
  });

  test('other errors are not retried', async () => {
    const s = await setup(() => ({ status: 403, body: { errorCode: 'STEP_UP_REQUIRED' } }));
    const client = withTokenRefresh(fakeClient(s.api.url), s.session);
    const r = await client.GET('/cards/{id}', { params: { path: { id: '1' } } });
    expect(r.response.status).toBe(403);
    expect(s.api.hits).toHaveLength(1);
  });

  test('withOptions keeps the session unless it sets another token', async () => {
    const s = await setup((h, valid) =>
      h.headers.authorization === `Bearer ${valid}` ? { body: { ok: true } } : { status: 401 },
    );
    const client = withTokenRefresh(fakeClient(s.api.url), s.session);
    const slow = client.withOptions({ timeoutMs: 5000 });
    await slow.GET('/cards/{id}', { params: { path: { id: '1' } } });
    const other = client.withOptions({ token: 'someone-else' });
    await other.GET('/cards/{id}', { params: { path: { id: '1' } } });
    expect(s.api.hits.map((h) => h.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer someone-else']);
  });
});
