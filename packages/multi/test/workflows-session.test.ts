import { inspect } from 'node:util';
import { type Answer, fakeApi, type Hit } from '@weavr-sdk/testing';
import { afterEach, describe, expect, test } from 'vitest';
import {
  createMultiClient,
  createSession,
  listIdentities,
  loginWithPassword,
  logout,
  requestAccessToken,
  updateExpiredPassword,
  WeavrConfigError,
  WeavrPasswordExpiredError,
  WeavrUnauthorizedError,
} from '../src/index.js';

const PASSWORD = 'Sup3r-Secret-Pa55';
const IDENTITY = { type: 'CORPORATE' as const, id: '110141186813853702' };

let api: Awaited<ReturnType<typeof fakeApi>> | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/**
 * A Multi API that signs users in like Weavr: login → user token; /identities and /access_token with it →
 * identity token; calls with a revoked or unknown token get 401.
 */
async function weavrLike(
  options: { identities?: unknown[]; expiredPassword?: boolean; route?: (h: Hit) => Answer | undefined } = {},
) {
  let password = PASSWORD;
  let expired = options.expiredPassword ?? false;
  let n = 0;
  const live = new Set<string>();
  const issue = (kind: string) => {
    const t = `${kind}-${++n}`;
    live.add(t);
    return t;
  };
  const bearer = (h: Hit) => String(h.headers.authorization ?? '').replace(/^Bearer /, '');
  api = await fakeApi((h) => {
    const custom = options.route?.(h);
    if (custom) return custom;
    const key = `${h.method} ${h.path}`;
    if (key === 'POST /login_with_password') {
      const b = h.body as { email: string; password: { value: string } };
      if (b.password.value !== password) return { status: 403 };
      if (expired) return { status: 409, body: { token: issue('temporary') } };
      return { body: { token: issue('user'), tokenType: 'AUTH', identity: IDENTITY } };
    }
    if (key === 'POST /passwords/update') {
      if (!bearer(h).startsWith('temporary-') || !live.has(bearer(h))) return { status: 401 };
      const b = h.body as { oldPassword: { value: string }; newPassword: { value: string } };
      if (b.oldPassword.value !== password) return { status: 409, body: { errorCode: 'PASSWORD_INCORRECT' } };
      password = b.newPassword.value;
      expired = false;
      return { body: { token: issue('user') } };
    }
    if (!live.has(bearer(h))) return { status: 401 };
    if (key === 'GET /identities') {
      const all = options.identities ?? [{ id: IDENTITY, name: 'Acme' }];
      return { body: { identities: all, count: all.length, responseCount: all.length } };
    }
    if (key === 'POST /access_token') {
      if (!bearer(h).startsWith('user-')) return { status: 403 };
      return { body: { token: issue('identity'), identity: (h.body as { identity: unknown }).identity } };
    }
    if (key === 'POST /logout') {
      live.delete(bearer(h));
      return { status: 204 };
    }
    if (key === 'GET /managed_cards') return { body: { cards: [{ id: '1' }], count: 1 } };
    return { status: 404 };
  });
  return {
    api,
    client: createMultiClient({ apiKey: 'sk_test_key_0123456789', baseUrl: api.url, maxRetries: 0 }),
    revokeAll: () => live.clear(),
    tokens: () => [...live],
  };
}

describe('loginWithPassword', () => {
  test('returns the token; the password goes in the body only', async () => {
    const { api, client } = await weavrLike();
    const r = await loginWithPassword(client, { email: 'a@example.com', password: PASSWORD });
    expect(r).toMatchObject({ status: 'LOGGED_IN', token: 'user-1', identity: IDENTITY });
    expect(api.hits[0]?.headers.authorization).toBeUndefined();
    expect(api.hits[0]?.body).toEqual({ email: 'a@example.com', password: { value: PASSWORD } });
  });

  test('an expired password (409) returns the temporary token, usable for /passwords/update', async () => {
    const { api, client } = await weavrLike({ expiredPassword: true });
    const r = await loginWithPassword(client, { email: 'a@example.com', password: () => PASSWORD });
    expect(r).toEqual({ status: 'PASSWORD_EXPIRED', temporaryToken: 'temporary-1' });
    if (r.status !== 'PASSWORD_EXPIRED') throw new Error('unreachable');
    const updated = await updateExpiredPassword(client, {
      temporaryToken: r.temporaryToken,
      oldPassword: PASSWORD,
      newPassword: 'N3w-Pa55word!',
    });
    expect(updated.token).toBe('user-2');
    expect(api.hits.at(-1)?.headers.authorization).toBe('Bearer temporary-1');
    const again = await loginWithPassword(client, { email: 'a@example.com', password: 'N3w-Pa55word!' });
    expect(again.status).toBe('LOGGED_IN');
  });

  test('other failures throw typed errors without the password', async () => {
    const { client } = await weavrLike();
    const err = await loginWithPassword(client, {
      email: 'a@example.com',
      password: 'wrong-password-123',
    }).catch((e) => e);
    expect(err.status).toBe(403);
    expect(err.path).toBe('/login_with_password');
    expect(JSON.stringify(err)).not.toContain('wrong-password-123');
    await expect(loginWithPassword(client, { email: '', password: 'x' })).rejects.toThrow(WeavrConfigError);
    await expect(loginWithPassword(client, { email: 'a@b.c', password: '' })).rejects.toThrow(
      /password is required/,
    );
  });
});

describe('identities, access tokens, logout', () => {
  test('listIdentities pages GET /identities; requestAccessToken sends the identity with the user token', async () => {
    const { api, client } = await weavrLike();
    const login = await loginWithPassword(client, { email: 'a@example.com', password: PASSWORD });
    if (login.status !== 'LOGGED_IN') throw new Error('unreachable');
    const identities = await listIdentities(client, { token: login.token });
    expect(identities).toEqual([{ id: IDENTITY, name: 'Acme' }]);
    const token = await requestAccessToken(client, IDENTITY, { token: login.token });
    expect(token).toBe('identity-2');
    const sent = api.hits.at(-1) as Hit;
    expect(sent.body).toEqual({ identity: IDENTITY });
    expect(sent.headers.authorization).toBe('Bearer user-1');
    await logout(client, { token });
    expect(api.hits.at(-1)).toMatchObject({
      path: '/logout',
      headers: { authorization: 'Bearer identity-2' },
    });
    await expect(requestAccessToken(client, { type: 'CORPORATE', id: '' })).rejects.toThrow(
      /identity must be/,
    );
  });
});

describe('createSession', () => {
  test('login → identities → access token, then a client carrying the identity token', async () => {
    const { api, client } = await weavrLike();
    const session = await createSession(client, { email: 'a@example.com', password: PASSWORD });
    expect(session.identity).toEqual(IDENTITY);
    expect(api.hits.map((h) => `${h.method} ${h.path}`)).toEqual([
      'POST /login_with_password',
      'GET /identities',
      'POST /access_token',
    ]);
    const { data } = await session.client.GET('/managed_cards');
    expect(data?.cards).toEqual([{ id: '1' }]);
    expect(api.hits.at(-1)?.headers.authorization).toBe('Bearer identity-2');
    expect(await session.token()).toBe('identity-2');
  });

  test('an expired token (401) signs in again once and replays the call', async () => {
    const { api, client, revokeAll } = await weavrLike();
    const session = await createSession(client, { email: 'a@example.com', password: () => PASSWORD });
    revokeAll();
    const results = await Promise.all([
      session.client.GET('/managed_cards'),
      session.client.GET('/managed_cards'),
    ]);
    expect(results.map((r) => r.response.status)).toEqual([200, 200]);
    // One new sign-in for both calls.
    expect(api.hits.filter((h) => h.path === '/login_with_password')).toHaveLength(2);
    expect(api.hits.filter((h) => h.path === '/access_token')).toHaveLength(2);
    // The identity chosen first is kept: no second GET /identities.
    expect(api.hits.filter((h) => h.path === '/identities')).toHaveLength(1);
  });

  test('several identities: pass one, or a function choosing it; otherwise a clear error', async () => {
    const other = { type: 'CONSUMER' as const, id: '220141186813853702' };
    const identities = [
      { id: IDENTITY, name: 'Acme' },
      { id: other, name: 'Jane' },
    ];
    const { client } = await weavrLike({ identities });
    await expect(createSession(client, { email: 'a@example.com', password: PASSWORD })).rejects.toThrow(
      /can act for 2 identities; pass identity/,
    );
    const picked = await createSession(client, {
      email: 'a@example.com',
      password: PASSWORD,
      identity: (all) => all.find((i) => i.name === 'Jane')?.id ?? other,
    });
    expect(picked.identity).toEqual(other);
    const given = await createSession(client, {
      email: 'a@example.com',
      password: PASSWORD,
      identity: IDENTITY,
    });
    expect(given.identity).toEqual(IDENTITY);
  });

  test('an expired password: onPasswordExpired sets a new one, or the error says what to do', async () => {
    const { client } = await weavrLike({ expiredPassword: true });
    const err = await createSession(client, { email: 'a@example.com', password: PASSWORD }).catch((e) => e);
    expect(err).toBeInstanceOf(WeavrPasswordExpiredError);
    expect(err.temporaryToken).toMatch(/^temporary-/);
    // The temporary token stays out of JSON and inspection.
    expect(JSON.stringify(err)).not.toContain('temporary-');
    expect(inspect(err)).not.toContain(err.temporaryToken);
    const session = await createSession(client, {
      email: 'a@example.com',
      password: PASSWORD,
      onPasswordExpired: () => 'N3w-Pa55word!',
    });
    expect((await session.client.GET('/managed_cards')).response.status).toBe(200);
  });

  test('logout ends the session token; a later call signs in again', async () => {
    const { api, client, tokens } = await weavrLike();
    const session = await createSession(client, { email: 'a@example.com', password: PASSWORD });
    await session.logout();
    expect(api.hits.at(-1)).toMatchObject({
      path: '/logout',
      headers: { authorization: 'Bearer identity-2' },
    });
    expect(tokens()).not.toContain('identity-2');
    await session.client.GET('/managed_cards');
    expect(api.hits.at(-1)?.headers.authorization).toBe('Bearer identity-4');
  });

  test('a throwing client: a 401 that survives the new sign-in is thrown', async () => {
    const { client } = await weavrLike({
      route: (h) => (h.path === '/managed_cards' ? { status: 401 } : undefined),
    });
    const session = await createSession(client.withOptions({ throwOnError: true }), {
      email: 'a@example.com',
      password: PASSWORD,
    });
    await expect(session.client.GET('/managed_cards')).rejects.toBeInstanceOf(WeavrUnauthorizedError);
  });
});
