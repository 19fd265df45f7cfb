import type http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, TOKEN, testClient } from './helpers/client.js';
import { readBody, sendJson, startServer, type TestServer } from './helpers/server.js';

// With the default fetch and no middleware, the client hands `fetch` the URL and the RequestInit openapi-fetch
// would have built its Request from, instead of that Request (it is cheaper). These tests prove the server sees exactly what the
// Request path sends, that retries repeat it, and that a caller's RequestInit fields still apply.

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let server: TestServer;
const seen: Seen[] = [];
/** Answers 503 to the first request carrying each idempotency-ref in this set, then 201. */
const failOnce = new Set<string>();

beforeAll(async () => {
  server = await startServer(async (req: http.IncomingMessage, res) => {
    const body = await readBody(req);
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body });
    if (req.url?.startsWith('/redirect')) {
      res.writeHead(302, { location: '/managed_cards/elsewhere', 'content-length': 0 });
      res.end();
      return;
    }
    const ref = req.headers['idempotency-ref'];
    if (typeof ref === 'string' && failOnce.delete(ref)) return sendJson(res, 503, { message: 'busy' });
    sendJson(res, req.method === 'POST' ? 201 : 200, { id: 'x1' });
  });
});
afterAll(() => server.close());
afterEach(() => {
  seen.length = 0;
  failOnce.clear();
});

/** What reaches the server, without the headers that name the connection rather than the request. */
function comparable(s: Seen): Seen {
  // sec-fetch-mode is what undici's fetch adds for browsers' sake; the node:http transport leaves it out.
  const { host: _host, connection: _connection, 'sec-fetch-mode': _mode, ...headers } = s.headers;
  return { ...s, headers };
}

/** The same client on the Request path: a custom `fetch` always receives openapi-fetch's Request. */
const requestPathFetch = (request: Request, init?: RequestInit) => globalThis.fetch(request, init);

describe('direct fetch (default fetch, no middleware)', () => {
  it('sends exactly what the Request path sends: method, URL, headers, body', async () => {
    const calls: [string, string, Record<string, unknown>][] = [
      [
        'POST',
        '/transfers',
        {
          body: { profileId: 'p1', destinationAmount: { currency: 'EUR', amount: 1234 }, note: 'é ü 💶' },
          idempotencyRef: 'ref-same-1',
          headers: { 'x-trace': 't1' },
          params: { header: { 'x-extra': 'e1' } },
        },
      ],
      ['GET', '/managed_cards/{id}', { params: { path: { id: 'card 1/2' }, query: { a: 'b c' } } }],
      ['DELETE', '/managed_cards/{id}/spend_rules', { params: { path: { id: 'c9' } } }],
      [
        'PATCH',
        '/managed_cards/{id}',
        { params: { path: { id: 'c2' } }, body: { friendlyName: 'x' }, idempotencyRef: 'ref-patch' },
      ],
      // No bearer on this one (its spec declares none).
      ['POST', '/login_with_password', { body: { email: 'a@b.c', password: { value: 'pw' } } }],
      [
        'POST',
        '/transfers',
        { body: '{"raw":true}', bodySerializer: (b: unknown) => b as string, idempotencyRef: 'ref-raw' },
      ],
    ];
    for (const [method, path, init] of calls) {
      for (const options of [{}, { fetch: requestPathFetch }]) {
        const client = testClient(server.url, { headers: { 'x-client': 'c' }, ...options });
        // Operations with an idempotency-ref are given one: a generated ref would differ between the two.
        const r = await client[method as 'GET'](path, init);
        expect(r.response.ok).toBe(true);
      }
      expect(seen).toHaveLength(2);
      const [direct, viaRequest] = seen.map(comparable);
      expect(direct).toEqual(viaRequest);
      seen.length = 0;
    }
  });

  it('sends the credentials, the idempotency-ref and the JSON body the spec asks for', async () => {
    await testClient(server.url).POST('/transfers', { body: { amount: 5 }, idempotencyRef: 'ref-7' });
    const [s] = seen;
    expect(s?.method).toBe('POST');
    expect(s?.url).toBe('/transfers');
    expect(s?.headers['api-key']).toBe(API_KEY);
    expect(s?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(s?.headers['idempotency-ref']).toBe('ref-7');
    expect(s?.headers['content-type']).toBe('application/json');
    expect(s?.headers['content-length']).toBe(String(Buffer.byteLength('{"amount":5}')));
    expect(s?.body).toBe('{"amount":5}');
  });

  it('a retry re-sends the same body and idempotency-ref, with maxRetries 0 sending once', async () => {
    failOnce.add('ref-retry');
    const r = await testClient(server.url).POST('/transfers', {
      body: { amount: 9 },
      idempotencyRef: 'ref-retry',
    });
    expect(r.response.status).toBe(201);
    expect(seen.map((s) => [s.headers['idempotency-ref'], s.body])).toEqual([
      ['ref-retry', '{"amount":9}'],
      ['ref-retry', '{"amount":9}'],
    ]);
    expect(comparable(seen[0] as Seen)).toEqual(comparable(seen[1] as Seen));

    seen.length = 0;
    failOnce.add('ref-once');
    const once = await testClient(server.url, { maxRetries: 0 }).POST('/transfers', {
      body: { amount: 2 },
      idempotencyRef: 'ref-once',
    });
    expect(once.response.status).toBe(503);
    expect(seen.map((s) => s.body)).toEqual(['{"amount":2}']);
  });

  it("honours the caller's RequestInit fields (redirect, cache) like the Request path", async () => {
    for (const options of [{}, { fetch: requestPathFetch }]) {
      const client = testClient(server.url, options);
      const post = (init: Record<string, unknown>) =>
        client.POST('/transfers', {
          body: { amount: 1 },
          idempotencyRef: 'r',
          baseUrl: `${server.url}/redirect`,
          ...init,
        });
      // Redirects are never followed: the 302 itself comes back as an unsuccessful result.
      const unfollowed = await post({});
      expect(unfollowed.response.status).toBe(302);
      expect(unfollowed.error).toMatchObject({ location: server.url.replace(/\/$/, '') });
      expect(seen.map((s) => s.url)).toEqual(['/redirect/transfers']);
      seen.length = 0;
      // Asking to follow is refused before anything is sent.
      await expect(post({ redirect: 'follow' })).rejects.toThrow(/redirects are never followed/);
      expect(seen).toEqual([]);
      // cache: 'no-store' makes fetch add no-cache request headers.
      await client.POST('/transfers', { body: { amount: 1 }, idempotencyRef: 'r', cache: 'no-store' });
      expect(seen[0]?.headers['cache-control']).toBe('no-cache');
      expect(seen[0]?.headers.pragma).toBe('no-cache');
      seen.length = 0;
    }
  });

  // Which path a call takes is not observed directly (that would need a spy on the global fetch); what the
  // server receives on each is.
  it('sends the same when middleware is registered or the body is not a string (the Request path)', async () => {
    const client = testClient(server.url);
    client.use({ onRequest: () => undefined });
    await client.POST('/transfers', { body: { amount: 1 } });
    expect(seen.at(-1)?.body).toBe('{"amount":1}');
    const form = new URLSearchParams({ a: '1' });
    await testClient(server.url).POST('/transfers', {
      body: {},
      bodySerializer: () => form,
      idempotencyRef: 'rf',
    });
    expect(seen.at(-1)?.body).toBe('a=1');
  });

  it('a base URL that does not parse fails with WeavrConfigError, before anything is sent', async () => {
    const client = testClient('http://127.0.0.1:1');
    for (const options of [{}, { fetch: requestPathFetch }]) {
      const c = client.withOptions({ ...options, baseUrl: server.url });
      await expect(
        c.GET('/managed_cards/{id}', { params: { path: { id: 'c1' } }, baseUrl: 'http://[bad' }),
      ).rejects.toThrow(/baseUrl must be an http\(s\) URL/);
    }
    expect(seen).toEqual([]);
  });
});
