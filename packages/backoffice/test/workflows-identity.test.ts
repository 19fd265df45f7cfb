import { type Answer, fakeApi, type Hit } from '@weavr-sdk/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { createBackofficeClient, paginate, WeavrConfigError, WeavrConflictError } from '../src/index.js';

const KNOWN = new Set(['CORPORATE:111', 'CORPORATE:333', 'CONSUMER:222']);

let api: Awaited<ReturnType<typeof fakeApi>> | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/**
 * A Back-Office API that issues one token per `POST /access_token` (nested as `token.token`, as the spec says)
 * and answers 401 to tokens it has revoked. `/access_token` answers after `delayMs`, to let callers overlap.
 */
async function backofficeLike(options: { delayMs?: number; route?: (h: Hit) => Answer | undefined } = {}) {
  let n = 0;
  const owner = new Map<string, string>();
  api = await fakeApi(async (h) => {
    const custom = options.route?.(h);
    if (custom) return custom;
    if (h.method === 'POST' && h.path === '/access_token') {
      const { identity } = h.body as { identity: { type: string; id: string } };
      const who = `${identity.type}:${identity.id}`;
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      if (!KNOWN.has(who)) return { status: 409, body: { errorCode: 'UNRESOLVED_IDENTITY' } };
      const token = `tok-${++n}-${identity.id}`;
      owner.set(token, who);
      return { body: { token: { token }, identity, credentials: { type: 'API_CLIENT', id: '9' } } };
    }
    const token = String(h.headers.authorization ?? '').replace(/^Bearer /, '');
    const who = owner.get(token);
    if (!who) return { status: 401 };
    if (h.method === 'POST' && /^\/managed_cards\/\d+\/block$/.test(h.path)) return { status: 204 };
    if (h.method === 'GET' && h.path === '/transfers') {
      const offset = Number(h.query.get('offset'));
      const all = Array.from({ length: 7 }, (_, i) => ({ id: String(i), owner: who }));
      const limit = Number(h.query.get('limit'));
      return { body: { transfer: all.slice(offset, offset + limit), count: all.length } };
    }
    return { status: 404 };
  });
  return {
    api,
    revoke: () => owner.clear(),
    backoffice: createBackofficeClient({ apiKey: 'sk_test_key_0123456789', baseUrl: api.url, maxRetries: 0 }),
  };
}

const tokenRequests = (hits: Hit[]) => hits.filter((h) => h.path === '/access_token');

describe('forIdentity', () => {
  test('gets a token with POST /access_token (key only) and returns a client that sends it', async () => {
    const { api, backoffice } = await backofficeLike();
    const acme = await backoffice.forIdentity({ type: 'CORPORATE', id: '111' });
    const first = api.hits[0] as Hit;
    expect(first.body).toEqual({ identity: { type: 'CORPORATE', id: '111' } });
    expect(first.headers['api-key']).toBe('sk_test_key_0123456789');
    expect(first.headers.authorization).toBeUndefined();
    const r = await acme.POST('/managed_cards/{id}/block', { params: { path: { id: '5' } } });
    expect(r.response.status).toBe(204);
    expect(api.hits.at(-1)?.headers.authorization).toBe('Bearer tok-1-111');
  });

  test('survives withOptions: a client with other settings still has forIdentity, and keeps them', async () => {
    const { api, backoffice } = await backofficeLike();
    const tuned = backoffice.withOptions({ timeoutMs: 5_000, headers: { 'x-tenant': 'acme' } });
    expect(typeof tuned.forIdentity).toBe('function');
    const acme = await tuned.forIdentity({ type: 'CORPORATE', id: '111' });
    const r = await acme
      .withOptions({ maxRetries: 0 })
      .POST('/managed_cards/{id}/block', { params: { path: { id: '5' } } });
    expect(r.response.status).toBe(204);
    expect(api.hits.at(-1)?.headers.authorization).toBe('Bearer tok-1-111');
    expect(api.hits.at(-1)?.headers['x-tenant']).toBe('acme');
  });

  test('the token is cached per identity', async () => {
    const { api, backoffice } = await backofficeLike();
    const a1 = await backoffice.forIdentity({ type: 'CORPORATE', id: '111' });
    const a2 = await backoffice.forIdentity({ type: 'CORPORATE', id: '111' });
    const b = await backoffice.forIdentity({ type: 'CONSUMER', id: '222' });
    await a1.POST('/managed_cards/{id}/block', { params: { path: { id: '1' } } });
    await a2.POST('/managed_cards/{id}/block', { params: { path: { id: '2' } } });
    await b.POST('/managed_cards/{id}/block', { params: { path: { id: '3' } } });
    expect(tokenRequests(api.hits)).toHaveLength(2);
    expect(api.hits.filter((h) => h.path.endsWith('/block')).map((h) => h.headers.authorization)).toEqual([
      'Bearer tok-1-111',
      'Bearer tok-1-111',
      'Bearer tok-2-222',
    ]);
  });

  test('two identities of the same type get their own tokens, and keep them across refreshes', async () => {
    const { api, backoffice, revoke } = await backofficeLike();
    const acme = await backoffice.forIdentity({ type: 'CORPORATE', id: '111' });
    const globex = await backoffice.forIdentity({ type: 'CORPORATE', id: '333' });
    expect(globex).not.toBe(acme);
    const block = async (client: typeof acme, id: string) => {
      await client.POST('/managed_cards/{id}/block', { params: { path: { id } } });
      return api.hits.at(-1)?.headers.authorization;
    };
    expect([await block(acme, '1'), await block(globex, '2'), await block(acme, '3')]).toEqual([
      'Bearer tok-1-111',
      'Bearer tok-2-333',
      'Bearer tok-1-111',
    ]);
    // The same identities asked for again: each is answered from its own entry.
    expect(await backoffice.forIdentity({ type: 'CORPORATE', id: '333' })).toBe(globex);
    expect(await backoffice.forIdentity({ type: 'CORPORATE', id: '111' })).toBe(acme);
    // Both tokens revoked: each identity refreshes its own, for itself.
    revoke();
    expect(await block(globex, '4')).toBe('Bearer tok-3-333');
    expect(await block(acme, '5')).toBe('Bearer tok-4-111');
    expect(tokenRequests(api.hits).map((h) => (h.body as { identity: unknown }).identity)).toEqual([
      { type: 'CORPORATE', id: '111' },
      { type: 'CORPORATE', id: '333' },
      { type: 'CORPORATE', id: '333' },
      { type: 'CORPORATE', id: '111' },
    ]);
  });

  test('concurrent callers share one token request', async () => {
    const { api, backoffice } = await backofficeLike({ delayMs: 50 });
    const clients = await Promise.all(
      Array.from({ length: 10 }, () => backoffice.forIdentity({ type: 'CORPORATE', id: '111' })),
    );
    expect(tokenRequests(api.hits)).toHaveLength(1);
    expect(new Set(clients).size).toBe(1);
  });

  test('a 401 refreshes the token once and replays the call; concurrent calls share the refresh', async () => {
    const { api, backoffice, revoke } = await backofficeLike();
    const acme = await backoffice.forIdentity({ type: 'CORPORATE', id: '111' });
    revoke();
    const results = await Promise.all(
      ['1', '2', '3'].map((id) => acme.POST('/managed_cards/{id}/block', { params: { path: { id } } })),
    );
    expect(results.map((r) => r.response.status)).toEqual([204, 204, 204]);
    expect(tokenRequests(api.hits)).toHaveLength(2);
    const blocks = api.hits.filter((h) => h.path.endsWith('/block'));
    expect(blocks).toHaveLength(6);
    expect(blocks.slice(3).every((h) => h.headers.authorization === 'Bearer tok-2-111')).toBe(true);
  });

  test('an unknown identity rejects with the API error; nothing is cached', async () => {
    const { api, backoffice } = await backofficeLike();
    const err = await backoffice.forIdentity({ type: 'CORPORATE', id: '999' }).catch((e) => e);
    expect(err).toBeInstanceOf(WeavrConflictError);
    expect(err.errorCode).toBe('UNRESOLVED_IDENTITY');
    await backoffice.forIdentity({ type: 'CORPORATE', id: '999' }).catch(() => {});
    expect(tokenRequests(api.hits)).toHaveLength(2);
  });

  test('bad input fails before any request', async () => {
    const { api, backoffice } = await backofficeLike();
    await expect(backoffice.forIdentity({ type: 'CORPORATE', id: '' })).rejects.toThrow(WeavrConfigError);
    await expect(backoffice.forIdentity(undefined as never)).rejects.toThrow(/identity must be/);
    expect(api.hits).toHaveLength(0);
  });

  test('a throwing client stays throwing for the identity; helpers take the identity client', async () => {
    const { backoffice } = await backofficeLike();
    const throwing = createBackofficeClient({
      apiKey: 'sk_test_key_0123456789',
      baseUrl: (api as { url: string }).url,
      throwOnError: true,
      maxRetries: 0,
    });
    const acme = await throwing.forIdentity({ type: 'CORPORATE', id: '111' });
    await expect(acme.GET('/managed_cards/{id}', { params: { path: { id: '1' } } })).rejects.toThrow(/404/);
    const viaOther = await backoffice.forIdentity({ type: 'CORPORATE', id: '111' });
    const ids = [];
    for await (const t of paginate(viaOther, '/transfers', { params: { query: { limit: 3 } } }))
      ids.push(t.id);
    expect(ids).toEqual(['0', '1', '2', '3', '4', '5', '6']);
  });
});
