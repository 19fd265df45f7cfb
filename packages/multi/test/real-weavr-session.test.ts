import { fakeApi, type Hit } from '@weavr-sdk/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { createMultiClient, createSession, WeavrForbiddenError } from '../src/index.js';

const IDENTITY = { type: 'CORPORATE' as const, id: '110141186813853702' };
const OTHER = { type: 'CONSUMER' as const, id: '110141186813853703' };

let api: Awaited<ReturnType<typeof fakeApi>> | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/**
 * Token types as the real Weavr has them (issue 13): the login answers `tokenType`; an AUTH token works
 * only on GET /identities and POST /access_token, elsewhere 403 ACCESS_TOKEN_REQUIRED.
 */
async function weavr(tokenType: 'AUTH' | 'ACCESS' | 'NO_TYPE') {
  const kinds = new Map<string, string>();
  let n = 0;
  const issue = (kind: string) => {
    const t = `${kind}-${++n}`;
    kinds.set(t, kind);
    return t;
  };
  api = await fakeApi((h: Hit) => {
    const key = `${h.method} ${h.path}`;
    const kind = kinds.get(String(h.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (key === 'POST /login_with_password')
      return { body: { token: issue(tokenType), tokenType, identity: IDENTITY } };
    if (kind === undefined) return { status: 401 };
    if (key === 'GET /identities')
      return { body: { identities: [{ id: IDENTITY }, { id: OTHER }], count: 2, responseCount: 2 } };
    if (key === 'POST /access_token') return { body: { token: issue('ACCESS') } };
    if (kind !== 'ACCESS') return { status: 403, body: { errorCode: 'ACCESS_TOKEN_REQUIRED' } };
    if (key === 'GET /managed_cards') return { body: { cards: [], count: 0, responseCount: 0 } };
    return { status: 404 };
  });
  return createMultiClient({ apiKey: 'sk_test_key_0123456789', baseUrl: api.url });
}

const paths = () => api?.hits.map((h) => `${h.method} ${h.path}`);

describe('createSession branches on tokenType', () => {
  test('an ACCESS token from the login is kept: no exchange', async () => {
    const client = await weavr('ACCESS');
    const session = await createSession(client, { email: 'a@example.com', password: 'pw-123456' });
    expect(await session.token()).toBe('ACCESS-1');
    expect(session.identity).toEqual(IDENTITY);
    expect((await session.client.GET('/managed_cards')).response.status).toBe(200);
    expect(paths()).toEqual(['POST /login_with_password', 'GET /managed_cards']);
  });

  test.each(['AUTH', 'NO_TYPE'] as const)(
    'an %s token is exchanged through POST /access_token',
    async (type) => {
      const client = await weavr(type);
      const session = await createSession(client, {
        email: 'a@example.com',
        password: 'pw-123456',
        identity: IDENTITY,
      });
      expect(await session.token()).toBe('ACCESS-2');
      expect((await session.client.GET('/managed_cards')).response.status).toBe(200);
      expect(paths()).toEqual(['POST /login_with_password', 'POST /access_token', 'GET /managed_cards']);
      expect(api?.hits[1]?.body).toEqual({ identity: IDENTITY });
    },
  );

  test('an ACCESS token for another identity than the one asked for is exchanged', async () => {
    const client = await weavr('ACCESS');
    const session = await createSession(client, {
      email: 'a@example.com',
      password: 'pw-1',
      identity: OTHER,
    });
    expect(await session.token()).toBe('ACCESS-2');
    expect(api?.hits[1]?.body).toEqual({ identity: OTHER });
  });

  test('a chooser function still chooses when the login gives an ACCESS token', async () => {
    const client = await weavr('ACCESS');
    const session = await createSession(client, {
      email: 'a@example.com',
      password: 'pw-1',
      identity: (ids) => ids[1]?.id ?? IDENTITY,
    });
    expect(session.identity).toEqual(OTHER);
    expect(paths()).toEqual(['POST /login_with_password', 'GET /identities', 'POST /access_token']);
  });

  test('403 ACCESS_TOKEN_REQUIRED says what to do', async () => {
    const client = await weavr('AUTH');
    const login = await client.POST('/login_with_password', {
      body: { email: 'a@example.com', password: { value: 'pw-1' } },
    });
    const err = await client
      .GET('/managed_cards', { token: login.data?.token, throwOnError: true })
      .catch((e) => e);
    expect(err).toBeInstanceOf(WeavrForbiddenError);
    expect(err.errorCode).toBe('ACCESS_TOKEN_REQUIRED');
    expect(err.message).toMatch(/AUTH token.*exchange it for an access token with POST \/access_token/);
  });
});
