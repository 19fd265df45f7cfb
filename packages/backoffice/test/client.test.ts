import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectCredentialsFollowSpec, startServer } from '@weavr-sdk/testing';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createBackofficeClient, operations, spec, WeavrConfigError } from '../src/index.js';

const lock = JSON.parse(readFileSync(join(__dirname, '../../../specs/lock.json'), 'utf8'));
const KEY = 'test-api-key';

// A fresh server per test, so a slow test can never leave requests in the next test's record.
let server: Awaited<ReturnType<typeof startServer>>;
beforeEach(async () => {
  server = await startServer((s) => ({
    headers: { 'request-ref': `ref-${s.url.pathname}` },
    body: s.url.pathname === '/access_token' ? { token: { token: 'identity-token' } } : {},
  }));
});
afterEach(() => server.close());

function client(extra: Partial<Parameters<typeof createBackofficeClient>[0]> = {}) {
  return createBackofficeClient({ apiKey: KEY, baseUrl: server.baseUrl, maxRetries: 0, ...extra });
}

describe('credentials follow the spec, for every operation', () => {
  test('api-key always; bearer only where security asks for it; idempotency-ref where declared', async () => {
    expect(Object.values(operations)).toHaveLength(lock.backoffice.operations);
    await expectCredentialsFollowSpec(client({ token: 'the-token' }), operations, server, {
      apiKey: KEY,
      token: 'the-token',
    });
  });

  test('no bearer on POST /access_token; the token it returns is sent to the identity’s calls', async () => {
    const backoffice = client({ token: 'should-not-be-sent' });
    const { data } = await backoffice.POST('/access_token', {
      body: { identity: { type: 'CORPORATE', id: '110141186813853702' } },
    });
    const exchange = server.last();
    expect(exchange.headers.authorization).toBeUndefined();
    expect(exchange.headers['api-key']).toBe(KEY);
    expect(JSON.parse(exchange.body)).toEqual({ identity: { type: 'CORPORATE', id: '110141186813853702' } });

    const acme = backoffice.withOptions({ token: data?.token?.token });
    await acme.POST('/managed_cards/{id}/block', { params: { path: { id: '42' } } });
    expect(server.last().url.pathname).toBe('/managed_cards/42/block');
    expect(server.last().headers.authorization).toBe('Bearer identity-token');
    expect(server.last().headers['api-key']).toBe(KEY);
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
    const backoffice = client({ token: provider });
    for (let i = 1; i <= 3; i++) {
      await backoffice.GET('/managed_cards/{id}', { params: { path: { id: '1' } } });
      expect(server.last().headers.authorization).toBe(`Bearer token-${i}`);
      expect(provider).toHaveBeenCalledTimes(i);
    }
    await backoffice.POST('/access_token', { body: { identity: { type: 'CONSUMER', id: '1' } } });
    expect(provider).toHaveBeenCalledTimes(3);
  });
});

describe('headers and options', () => {
  test('headers are merged; the api-key cannot be dropped or replaced', async () => {
    const backoffice = client({ headers: { 'x-client': 'one' } });
    await backoffice.GET('/transfers', { headers: { 'x-call': 'two' } });
    const h = server.last().headers;
    expect(h['x-client']).toBe('one');
    expect(h['x-call']).toBe('two');
    expect(h['api-key']).toBe(KEY);
    await expect(backoffice.GET('/transfers', { headers: { 'API-KEY': 'other' } })).rejects.toThrow(
      /the api-key header is set by the SDK/,
    );
  });

  test.each([
    ['missing', {}],
    ['empty', { apiKey: '' }],
    ['blank', { apiKey: ' ' }],
  ])('apiKey %s: a WeavrConfigError naming apiKey', (_, options) => {
    const create = () => createBackofficeClient(options as never);
    expect(create).toThrow(WeavrConfigError);
    expect(create).toThrow(/createBackofficeClient: apiKey is required/);
  });

  test('the default baseUrl is the Back-Office sandbox (read from the request an injected fetch receives)', async () => {
    const urls: string[] = [];
    const backoffice = createBackofficeClient({
      apiKey: KEY,
      fetch: async (request) => {
        urls.push(request.url);
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    await backoffice.GET('/transfers/{id}', { params: { path: { id: '9' } } });
    expect(urls).toEqual(['https://sandbox.weavr.io/multi/backoffice/transfers/9']);
    expect(spec.server).toBe('https://sandbox.weavr.io/multi/backoffice');
  });

  test("the Multi API's URL is refused, naming the Back-Office path (issue 22 §5: it used to end in a 403 hint about the key)", () => {
    for (const baseUrl of ['https://sandbox.weavr.io/multi', 'http://127.0.0.1:4010/multi/']) {
      const create = () => createBackofficeClient({ apiKey: KEY, baseUrl });
      expect(create).toThrow(WeavrConfigError);
      expect(create).toThrow(
        /baseUrl ends in \/multi, which is another Weavr API's path: .* served at \/multi\/backoffice/,
      );
    }
    // A gateway's own path, or a local server at the root, is not second-guessed.
    expect(() =>
      createBackofficeClient({ apiKey: KEY, baseUrl: 'https://gw.example.test/weavr' }),
    ).not.toThrow();
    expect(() => createBackofficeClient({ apiKey: KEY, baseUrl: 'http://127.0.0.1:4010' })).not.toThrow();
    // withOptions checks the same way.
    expect(() => client().withOptions({ baseUrl: 'https://sandbox.weavr.io/multi' })).toThrow(
      /another Weavr API's path/,
    );
  });

  test('GET /transfers: instrumentId as id=…&type=…, a plain array repeated', async () => {
    await client().GET('/transfers', {
      params: {
        query: { instrumentId: { id: '7', type: 'managed_cards' }, state: ['COMPLETED', 'PENDING'] },
      },
    });
    expect(server.last().url.search).toBe('?id=7&type=managed_cards&state=COMPLETED&state=PENDING');
  });
});

describe('exports', () => {
  test('operations covers the spec; spec names version v3 and the locked sha256', () => {
    expect(Object.keys(operations)).toHaveLength(lock.backoffice.operations);
    expect(spec.version).toBe('v3');
    expect(spec.sha256).toBe(lock.backoffice.sha256);
    expect(operations['POST /access_token']).toMatchObject({
      operationId: 'requestAccessToken',
      bearer: 'none',
    });
  });

  test('a result carries the request-ref response header', async () => {
    const result = await client({ token: 't' }).GET('/bulks');
    expect(result.requestRef).toBe('ref-/bulks');
  });
});
