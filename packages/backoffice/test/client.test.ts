import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeClientBasics, TEST_API_KEY } from '@weavr-sdk/testing';
import { describe, expect, test } from 'vitest';
import { createBackofficeClient, operations, spec, WeavrConfigError } from '../src/index.js';

const lock = JSON.parse(readFileSync(join(__dirname, '../../../specs/lock.json'), 'utf8'));
const KEY = TEST_API_KEY;

const { server, client } = describeClientBasics({
  create: createBackofficeClient,
  answer: (s) => (s.url.pathname === '/access_token' ? { token: { token: 'identity-token' } } : {}),
  configError: WeavrConfigError,
  operations,
  spec,
  lock: lock.backoffice,
  keyOnly: {
    call: ['POST', '/access_token', { body: { identity: { type: 'CONSUMER', id: '1' } } }],
    operationId: 'requestAccessToken',
  },
  tokened: ['GET', '/transfers/{id}', { params: { path: { id: '9' } } }],
  defaultBaseUrl: 'https://sandbox.weavr.io/multi/backoffice',
  defaultUrl: 'https://sandbox.weavr.io/multi/backoffice/transfers/9',
});

describe('credentials', () => {
  test('no bearer on POST /access_token; the token it returns is sent to the identity’s calls', async () => {
    const backoffice = client({ token: 'should-not-be-sent' });
    const { data } = await backoffice.POST('/access_token', {
      body: { identity: { type: 'CORPORATE', id: '110141186813853702' } },
    });
    const exchange = server().last();
    expect(exchange.headers.authorization).toBeUndefined();
    expect(exchange.headers['api-key']).toBe(KEY);
    expect(JSON.parse(exchange.body)).toEqual({ identity: { type: 'CORPORATE', id: '110141186813853702' } });

    const acme = backoffice.withOptions({ token: data?.token?.token });
    await acme.POST('/managed_cards/{id}/block', { params: { path: { id: '42' } } });
    expect(server().last().url.pathname).toBe('/managed_cards/42/block');
    expect(server().last().headers.authorization).toBe('Bearer identity-token');
    expect(server().last().headers['api-key']).toBe(KEY);
  });
});

describe('headers and options', () => {
  test('headers are merged; the api-key cannot be dropped or replaced', async () => {
    const backoffice = client({ headers: { 'x-client': 'one' } });
    await backoffice.GET('/transfers', { headers: { 'x-call': 'two' } });
    const h = server().last().headers;
    expect(h['x-client']).toBe('one');
    expect(h['x-call']).toBe('two');
    expect(h['api-key']).toBe(KEY);
    await expect(backoffice.GET('/transfers', { headers: { 'API-KEY': 'other' } })).rejects.toThrow(
      /the api-key header is set by the SDK/,
    );
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
    expect(server().last().url.search).toBe('?id=7&type=managed_cards&state=COMPLETED&state=PENDING');
  });
});
