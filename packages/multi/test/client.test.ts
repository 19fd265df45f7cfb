import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectCredentialsFollowSpec, startServer } from '@weavr-sdk/testing';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createMultiClient, operations, spec, WeavrConfigError } from '../src/index.js';

const lock = JSON.parse(readFileSync(join(__dirname, '../../../specs/lock.json'), 'utf8'));
const KEY = 'test-api-key';

// A fresh server per test, so a slow test can never leave requests in the next test's record.
let server: Awaited<ReturnType<typeof startServer>>;
beforeEach(async () => {
  server = await startServer((s) => ({
    headers: { 'request-ref': `ref-${s.url.pathname}` },
    body: s.url.pathname === '/login_with_password' ? { token: 'from-login' } : {},
  }));
});
afterEach(() => server.close());

function client(extra: Partial<Parameters<typeof createMultiClient>[0]> = {}) {
  return createMultiClient({ apiKey: KEY, baseUrl: server.baseUrl, maxRetries: 0, ...extra });
}

describe('credentials follow the spec, for every operation', () => {
  test('api-key always; bearer only where security asks for it; idempotency-ref where declared', async () => {
    expect(Object.values(operations)).toHaveLength(lock.multi.operations);
    await expectCredentialsFollowSpec(client({ token: 'the-token' }), operations, server, {
      apiKey: KEY,
      token: 'the-token',
    });
  });

  test('no bearer on POST /login_with_password, a bearer on GET /managed_cards', async () => {
    const weavr = client({ token: 'tok' });
    const login = await weavr.POST('/login_with_password', {
      body: { email: 'owner@example.com', password: { value: 'Pa55word!' } },
    });
    expect(login.data?.token).toBe('from-login');
    const signIn = server.last();
    expect(signIn.headers.authorization).toBeUndefined();
    expect(signIn.headers['api-key']).toBe(KEY);
    expect(JSON.parse(signIn.body)).toEqual({ email: 'owner@example.com', password: { value: 'Pa55word!' } });

    await weavr.GET('/managed_cards');
    expect(server.last().headers.authorization).toBe('Bearer tok');
    expect(server.last().headers['api-key']).toBe(KEY);
  });

  test('a per-call token overrides the client’s', async () => {
    await client({ token: 'client-token' }).GET('/managed_cards', { token: 'call-token' });
    expect(server.last().headers.authorization).toBe('Bearer call-token');
  });
});

describe('token provider', () => {
  test('is awaited on every call that needs a token, once per call, with a fresh value each time', async () => {
    let n = 0;
    const provider = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 5));
      n += 1;
      return `token-${n}`;
    });
    const weavr = client({ token: provider });
    for (let i = 1; i <= 3; i++) {
      await weavr.GET('/managed_cards');
      expect(server.last().headers.authorization).toBe(`Bearer token-${i}`);
      expect(provider).toHaveBeenCalledTimes(i);
    }
    // A key-only operation does not ask for a token.
    await weavr.POST('/login_with_password', { body: { email: 'a@example.com', password: { value: 'x' } } });
    expect(provider).toHaveBeenCalledTimes(3);
    expect(server.last().headers.authorization).toBeUndefined();
  });

  test('a provider that returns nothing sends no Authorization header', async () => {
    await client({ token: async () => undefined }).GET('/managed_cards');
    expect(server.last().headers.authorization).toBeUndefined();
    expect(server.last().headers['api-key']).toBe(KEY);
  });
});

describe('headers', () => {
  test('the client’s headers and a call’s headers are merged with the SDK’s', async () => {
    await client({ headers: { 'x-client': 'one' } }).GET('/managed_cards', { headers: { 'x-call': 'two' } });
    const h = server.last().headers;
    expect(h['x-client']).toBe('one');
    expect(h['x-call']).toBe('two');
    expect(h['api-key']).toBe(KEY);
    expect(h.authorization).toBeUndefined();
  });

  test('a caller cannot drop or replace the api-key or authorization, whatever the header’s case', async () => {
    const before = server.seen.length;
    expect(() => client({ headers: { 'API-KEY': 'client-override' } })).toThrow(
      /the api-key header is set by the SDK from the `apiKey` option/,
    );
    const weavr = client();
    await expect(weavr.GET('/managed_cards', { headers: { 'Api-Key': 'call-override' } })).rejects.toThrow(
      WeavrConfigError,
    );
    await expect(
      weavr.GET('/managed_cards', { params: { header: { Authorization: 'Bearer other' } } as never }),
    ).rejects.toThrow(/the authorization header is set by the SDK from the `token` option/);
    expect(server.seen.length).toBe(before);
  });
});

describe('options', () => {
  test.each([
    ['missing', {}],
    ['undefined', { apiKey: undefined }],
    ['empty', { apiKey: '' }],
    ['blank', { apiKey: '   ' }],
    ['not a string', { apiKey: 42 }],
  ])('apiKey %s: a WeavrConfigError naming apiKey', (_, options) => {
    const create = () => createMultiClient(options as never);
    expect(create).toThrow(WeavrConfigError);
    expect(create).toThrow(/createMultiClient: apiKey is required/);
  });

  test('no options at all: a WeavrConfigError', () => {
    expect(() => (createMultiClient as (o?: unknown) => unknown)()).toThrow(WeavrConfigError);
  });

  test("the Back-Office API's URL is refused, naming the Multi path", () => {
    const create = () =>
      createMultiClient({ apiKey: KEY, baseUrl: 'https://sandbox.weavr.io/multi/backoffice' });
    expect(create).toThrow(
      /createMultiClient: baseUrl ends in \/multi\/backoffice, which is another Weavr API's path: .* served at \/multi /,
    );
  });

  test('the default baseUrl is the Multi sandbox (read from the request an injected fetch receives)', async () => {
    const urls: string[] = [];
    const weavr = createMultiClient({
      apiKey: KEY,
      fetch: async (request) => {
        urls.push(request.url);
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    await weavr.GET('/managed_cards/{id}', { params: { path: { id: '123' } } });
    expect(urls).toEqual(['https://sandbox.weavr.io/multi/managed_cards/123']);
    expect(spec.server).toBe('https://sandbox.weavr.io/multi');
  });
});

describe('query parameters serialise in their declared style', () => {
  test('GET /transfers: the object instrumentId (form, explode) goes out as id=…&type=…', async () => {
    await client().GET('/transfers', {
      params: { query: { instrumentId: { id: '110141186813853702', type: 'managed_accounts' }, limit: 5 } },
    });
    const q = server.last().url.search;
    expect(q).toBe('?id=110141186813853702&type=managed_accounts&limit=5');
    expect(q).not.toContain('instrumentId');
  });

  test('GET /card_payments: the array status (explode: false) goes out as status=A,B', async () => {
    await client().GET('/card_payments', { params: { query: { status: ['SETTLED', 'DECLINED'] } } });
    expect(server.last().url.search).toBe('?status=SETTLED,DECLINED');
    expect(operations['GET /card_payments'].query?.status).toEqual(['form', false]);
  });

  test('GET /managed_cards: a plain array (form, explode) is repeated', async () => {
    await client().GET('/managed_cards', { params: { query: { state: ['ACTIVE', 'BLOCKED'], offset: 0 } } });
    expect(server.last().url.search).toBe('?state=ACTIVE&state=BLOCKED&offset=0');
  });

  test('values are percent-encoded', async () => {
    await client().GET('/managed_cards', { params: { query: { friendlyName: 'a&b c', tag: 'x=y' } } });
    const url = server.last().url;
    expect(url.searchParams.get('friendlyName')).toBe('a&b c');
    expect(url.searchParams.get('tag')).toBe('x=y');
  });
});

describe('exports', () => {
  test('operations covers the spec; spec names version v3 and the locked sha256', () => {
    expect(Object.keys(operations)).toHaveLength(lock.multi.operations);
    expect(spec.version).toBe('v3');
    expect(spec.version).toBe(lock.multi.version);
    expect(spec.sha256).toBe(lock.multi.sha256);
    expect(operations['POST /login_with_password']).toMatchObject({
      operationId: 'loginWithPassword',
      bearer: 'none',
    });
  });

  test('a result carries the request-ref response header', async () => {
    const result = await client({ token: 't' }).GET('/managed_cards');
    expect(result.requestRef).toBe('ref-/managed_cards');
    expect(result.response.status).toBe(200);
  });
});
