import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeClientBasics, TEST_API_KEY } from '@weavr-sdk/testing';
import { describe, expect, test } from 'vitest';
import { createMultiClient, operations, spec, WeavrConfigError } from '../src/index.js';

const lock = JSON.parse(readFileSync(join(__dirname, '../../../specs/lock.json'), 'utf8'));
const KEY = TEST_API_KEY;

const { server, client } = describeClientBasics({
  create: createMultiClient,
  answer: (s) => (s.url.pathname === '/login_with_password' ? { token: 'from-login' } : {}),
  configError: WeavrConfigError,
  operations,
  spec,
  lock: lock.multi,
  keyOnly: {
    call: ['POST', '/login_with_password', { body: { email: 'a@example.com', password: { value: 'x' } } }],
    operationId: 'loginWithPassword',
  },
  tokened: ['GET', '/managed_cards/{id}', { params: { path: { id: '123' } } }],
  defaultBaseUrl: 'https://sandbox.weavr.io/multi',
  defaultUrl: 'https://sandbox.weavr.io/multi/managed_cards/123',
});

describe('credentials', () => {
  test('no bearer on POST /login_with_password, a bearer on GET /managed_cards', async () => {
    const weavr = client({ token: 'tok' });
    const login = await weavr.POST('/login_with_password', {
      body: { email: 'owner@example.com', password: { value: 'Pa55word!' } },
    });
    expect(login.data?.token).toBe('from-login');
    const signIn = server().last();
    expect(signIn.headers.authorization).toBeUndefined();
    expect(signIn.headers['api-key']).toBe(KEY);
    expect(JSON.parse(signIn.body)).toEqual({ email: 'owner@example.com', password: { value: 'Pa55word!' } });

    await weavr.GET('/managed_cards');
    expect(server().last().headers.authorization).toBe('Bearer tok');
    expect(server().last().headers['api-key']).toBe(KEY);
  });

  test('a per-call token overrides the client’s', async () => {
    await client({ token: 'client-token' }).GET('/managed_cards', { token: 'call-token' });
    expect(server().last().headers.authorization).toBe('Bearer call-token');
  });
});

describe('token provider', () => {
  test('a provider that returns nothing sends no Authorization header', async () => {
    await client({ token: async () => undefined }).GET('/managed_cards');
    expect(server().last().headers.authorization).toBeUndefined();
    expect(server().last().headers['api-key']).toBe(KEY);
  });
});

describe('headers', () => {
  test('the client’s headers and a call’s headers are merged with the SDK’s', async () => {
    await client({ headers: { 'x-client': 'one' } }).GET('/managed_cards', { headers: { 'x-call': 'two' } });
    const h = server().last().headers;
    expect(h['x-client']).toBe('one');
    expect(h['x-call']).toBe('two');
    expect(h['api-key']).toBe(KEY);
    expect(h.authorization).toBeUndefined();
  });

  test('a caller cannot drop or replace the api-key or authorization, whatever the header’s case', async () => {
    const before = server().seen.length;
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
    expect(server().seen.length).toBe(before);
  });
});

describe('options', () => {
  test("the Back-Office API's URL is refused, naming the Multi path", () => {
    const create = () =>
      createMultiClient({ apiKey: KEY, baseUrl: 'https://sandbox.weavr.io/multi/backoffice' });
    expect(create).toThrow(
      /createMultiClient: baseUrl ends in \/multi\/backoffice, which is another Weavr API's path: .* served at \/multi /,
    );
  });
});

describe('query parameters serialise in their declared style', () => {
  test('GET /transfers: the object instrumentId (form, explode) goes out as id=…&type=…', async () => {
    await client().GET('/transfers', {
      params: { query: { instrumentId: { id: '110141186813853702', type: 'managed_accounts' }, limit: 5 } },
    });
    const q = server().last().url.search;
    expect(q).toBe('?id=110141186813853702&type=managed_accounts&limit=5');
    expect(q).not.toContain('instrumentId');
  });

  test('GET /card_payments: the array status (explode: false) goes out as status=A,B', async () => {
    await client().GET('/card_payments', { params: { query: { status: ['SETTLED', 'DECLINED'] } } });
    expect(server().last().url.search).toBe('?status=SETTLED,DECLINED');
    expect(operations['GET /card_payments'].query?.status).toEqual(['form', false]);
  });

  test('GET /managed_cards: a plain array (form, explode) is repeated', async () => {
    await client().GET('/managed_cards', { params: { query: { state: ['ACTIVE', 'BLOCKED'], offset: 0 } } });
    expect(server().last().url.search).toBe('?state=ACTIVE&state=BLOCKED&offset=0');
  });

  test('values are percent-encoded', async () => {
    await client().GET('/managed_cards', { params: { query: { friendlyName: 'a&b c', tag: 'x=y' } } });
    const url = server().last().url;
    expect(url.searchParams.get('friendlyName')).toBe('a&b c');
    expect(url.searchParams.get('tag')).toBe('x=y');
  });
});
