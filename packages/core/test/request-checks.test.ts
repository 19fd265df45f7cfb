import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeavrConfigError } from '../src/internal.js';
import { API_KEY, testClient } from './helpers/client.js';
import { readBody, sendJson, startServer, type TestServer } from './helpers/server.js';

// Every check here happens before anything is sent: the server must see nothing.
let server: TestServer;
const seen: string[] = [];
beforeEach(async () => {
  server = await startServer(async (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    await readBody(req);
    sendJson(res, 200, {});
  });
});
afterEach(async () => {
  seen.length = 0;
  await server.close();
});

async function refused(call: Promise<unknown>, message: RegExp): Promise<WeavrConfigError> {
  const e = await call.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(WeavrConfigError);
  expect((e as Error).message).toMatch(message);
  return e as WeavrConfigError;
}

describe('path parameters stay in their operation', () => {
  const cases: [string, unknown, RegExp][] = [
    ['..', '..', /path parameter id must be .*got "\.\.", which would change the path/],
    ['.', '.', /path parameter id .*got "\."/],
    ['empty', '', /path parameter id .*got an empty string/],
    ['missing', undefined, /path parameter id .*got undefined/],
    ['null', null, /path parameter id .*got null/],
    ['an object', { id: 1 }, /path parameter id .*got object/],
    ['NaN', Number.NaN, /path parameter id .*got number/],
    ['Infinity', Number.POSITIVE_INFINITY, /path parameter id .*got number/],
    ['a lone surrogate', 'ab\uD800', /path parameter id is not well-formed text/],
  ];
  for (const [name, id, message] of cases) {
    it(`${name}: WeavrConfigError naming the parameter, nothing sent`, async () => {
      const weavr = testClient(server.url);
      await refused(weavr.POST('/managed_cards/{id}/remove', { params: { path: { id } } }), message);
      await refused(weavr.GET('/managed_cards/{id}', { params: { path: { id } } }), message);
      expect(seen).toEqual([]);
    });
  }

  it('no params at all on a templated path is refused, not sent as %7Bid%7D', async () => {
    await refused(testClient(server.url).GET('/managed_cards/{id}'), /path parameter id/);
    expect(seen).toEqual([]);
  });

  it('a value is one encoded segment: a slash or dot-dot inside never splits the path', async () => {
    const weavr = testClient(server.url);
    await weavr.POST('/managed_cards/{id}/remove', { params: { path: { id: '../../block' } } });
    await weavr.GET('/managed_cards/{id}', { params: { path: { id: 'a/b?c#d é' } } });
    await weavr.GET('/managed_cards/{id}', { params: { path: { id: 12345 } } });
    expect(seen).toEqual([
      'POST /managed_cards/..%2F..%2Fblock/remove',
      'GET /managed_cards/a%2Fb%3Fc%23d%20%C3%A9',
      'GET /managed_cards/12345',
    ]);
  });
});

describe('header values', () => {
  const bad: [string, string][] = [
    ['CR LF', 'ref\r\nx-injected: 1'],
    ['LF', 'ref\nx'],
    ['NUL', 'ref\u0000'],
    ['DEL', 'ref\u007f'],
    ['a control character', 'ref\u0007'],
    ['non-Latin-1', 'ref€'],
  ];
  for (const [name, value] of bad) {
    it(`${name} in idempotencyRef, headers or params.header: named, never quoted`, async () => {
      const weavr = testClient(server.url);
      const body = { body: { amount: 1 } };
      const e1 = await refused(
        weavr.POST('/transfers', { ...body, idempotencyRef: value }),
        /idempotency-ref header value contains a/,
      );
      const e2 = await refused(
        weavr.POST('/transfers', { ...body, headers: { 'x-trace': value } }),
        /x-trace header value contains a/,
      );
      const e3 = await refused(
        weavr.POST('/transfers', { ...body, params: { header: { 'idempotency-ref': value } } }),
        /idempotency-ref header value contains a/,
      );
      for (const e of [e1, e2, e3]) {
        expect(JSON.stringify(e)).not.toContain(value);
        expect(String(e)).not.toContain(value);
      }
      expect(seen).toEqual([]);
    });
  }

  it('a control character in the API key or a token is refused when the client is built or the token resolved', async () => {
    for (const apiKey of [`${API_KEY}\u007f`, `${API_KEY}\r\n`, `${API_KEY}\u0000`]) {
      let e: unknown;
      try {
        testClient(server.url, { apiKey });
      } catch (x) {
        e = x;
      }
      expect(e).toBeInstanceOf(WeavrConfigError);
      expect((e as Error).message).toMatch(/api-key \(apiKey\) header value contains a control character/);
      expect(JSON.stringify(e)).not.toContain(API_KEY);
    }
    const weavr = testClient(server.url, { token: () => 'tok\u007fen' });
    await refused(weavr.GET('/managed_cards/{id}', { params: { path: { id: 'c' } } }), /bearer token/);
    expect(seen).toEqual([]);
  });

  it('an invalid header name is refused', async () => {
    await refused(
      testClient(server.url).GET('/managed_cards/{id}', {
        params: { path: { id: 'c' } },
        headers: { 'bad name': 'x' },
      }),
      /"bad name" is not a valid header name/,
    );
  });

  it('api-key and authorization belong to the SDK: a caller header is refused, in any case, anywhere', async () => {
    const weavr = testClient(server.url);
    const card = { params: { path: { id: 'c' } } };
    await refused(
      weavr.GET('/managed_cards/{id}', { ...card, headers: { 'API-KEY': 'x' } }),
      /api-key header is set by the SDK/,
    );
    await refused(
      weavr.GET('/managed_cards/{id}', { params: { ...card.params, header: { Authorization: 'Bearer x' } } }),
      /authorization header is set by the SDK/,
    );
    await refused(
      weavr.GET('/managed_cards/{id}', { ...card, headers: new Headers({ authorization: 'Bearer x' }) }),
      /authorization header is set by the SDK/,
    );
    expect(seen).toEqual([]);
  });
});

describe('base URLs', () => {
  it('a per-call baseUrl is checked like the client’s, and credentials are never echoed', async () => {
    const weavr = testClient(server.url);
    const card = { params: { path: { id: 'c' } } };
    for (const [baseUrl, message] of [
      ['http://user:hunter2-SECRET@127.0.0.1:1', /must not contain credentials/],
      [`${server.url}/multi#frag`, /must not have a query or a fragment/],
      [`${server.url}/multi?x=1`, /must not have a query or a fragment/],
      ['ftp://127.0.0.1', /must be an http\(s\) URL/],
      ['//127.0.0.1', /must be an http\(s\) URL/],
    ] as const) {
      const e = await refused(weavr.GET('/managed_cards/{id}', { ...card, baseUrl }), message);
      expect(JSON.stringify(e)).not.toContain('hunter2');
      expect(String(e)).not.toContain('hunter2');
    }
    for (const url of [
      'http://user:hunter2-SECRET@127.0.0.1:1',
      'http://127.0.0.1:1/#frag',
      'http://127.0.0.1:1/?q',
    ]) {
      expect(() => testClient(url)).toThrow(WeavrConfigError);
    }
    expect(seen).toEqual([]);
  });

  it('the scheme is case-insensitive, and a trailing slash is harmless', async () => {
    const upper = server.url.replace('http://', 'HTTP://');
    await testClient(upper).GET('/managed_cards/{id}', { params: { path: { id: 'c' } } });
    await testClient(`${server.url}/multi/`).GET('/managed_cards/{id}', { params: { path: { id: 'c' } } });
    expect(seen).toEqual(['GET /managed_cards/c', 'GET /multi/managed_cards/c']);
  });
});
