import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WeavrConfigError, WeavrConnectionError, WeavrTimeoutError } from '../src/internal.js';
import { testClient } from './helpers/client.js';
import { readBody, sendJson, startServer, type TestServer, within } from './helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function recorder(respond: (n: number, req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: { body: string; headers: http.IncomingHttpHeaders }[] = [];
  server = await startServer(async (req, res) => {
    const body = await readBody(req);
    seen.push({ body, headers: req.headers });
    respond(seen.length, req, res);
  });
  return { url: server.url, seen };
}

describe('option checks: a clear error at once, nothing sent', () => {
  const url = 'http://127.0.0.1:1';
  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['no apiKey', { apiKey: undefined }, /apiKey is required \(got undefined\)/],
    ['empty apiKey', { apiKey: '' }, /apiKey is required \(got an empty string\)/],
    ['baseUrl not http', { baseUrl: 'ftp://x' }, /baseUrl must be an http\(s\) URL \(got "ftp:\/\/x"\)/],
    ['maxRetries negative', { maxRetries: -1 }, /maxRetries must be a whole number from 0 to 10 \(got -1\)/],
    ['maxRetries fractional', { maxRetries: 1.5 }, /maxRetries must be a whole number/],
    [
      'maxRetries over the ceiling',
      { maxRetries: 11 },
      /maxRetries must be a whole number from 0 to 10 \(got 11\)/,
    ],
    ['api-key in headers', { headers: { 'API-Key': 'other' } }, /the api-key header is set by the SDK/],
    [
      'authorization in headers',
      { headers: { authorization: 'Bearer x' } },
      /the authorization header is set by the SDK/,
    ],
    ['maxResponseBytes zero', { maxResponseBytes: 0 }, /maxResponseBytes must be a positive whole number/],
    ['timeoutMs zero', { timeoutMs: 0 }, /timeoutMs must be a positive number/],
    [
      'timeoutMs too large for a timer',
      { timeoutMs: 2 ** 31 },
      /timeoutMs must be a positive number of milliseconds up to/,
    ],
    ['token a number', { token: 42 }, /token must be a string or a function/],
    ['fetch not a function', { fetch: 'fetch' }, /fetch must be a function/],
    [
      'backoff negative',
      { backoff: { initialDelayMs: -5 } },
      /backoff.initialDelayMs must be a number of milliseconds ≥ 0/,
    ],
  ];
  for (const [name, options, message] of bad) {
    it(name, () => {
      expect(() => testClient(url, options as never)).toThrow(WeavrConfigError);
      expect(() => testClient(url, options as never)).toThrow(message);
    });
  }

  it('checks per-call options too', async () => {
    const s = await recorder((_, __, res) => sendJson(res, 200, {}));
    const weavr = testClient(s.url);
    const card = { params: { path: { id: 'c' } } };
    await expect(weavr.GET('/managed_cards/{id}', { ...card, maxRetries: -1 })).rejects.toThrow(
      /GET \/managed_cards\/\{id\}: maxRetries must be a whole number/,
    );
    await expect(weavr.GET('/managed_cards/{id}', { ...card, timeoutMs: 'soon' })).rejects.toThrow(
      WeavrConfigError,
    );
    await expect(weavr.GET('/managed_cards/{id}', { ...card, signal: {} })).rejects.toThrow(
      /signal must be an AbortSignal/,
    );
    expect(s.seen).toHaveLength(0);
  });
});

describe('headers', () => {
  it('sends the api key, and the bearer token only where the operation wants one', async () => {
    const s = await recorder((_, __, res) => sendJson(res, 200, {}));
    const weavr = testClient(s.url, { headers: { 'x-client': 'a' } });
    await weavr.POST('/login_with_password', { body: {} });
    await weavr.GET('/managed_cards/{id}', { params: { path: { id: 'c' } }, headers: { 'x-call': 'b' } });
    expect(s.seen[0]?.headers).toMatchObject({ 'api-key': 'sk_test_APIKEY_9f8e7d6c5b4a', 'x-client': 'a' });
    expect(s.seen[0]?.headers.authorization).toBeUndefined();
    expect(s.seen[1]?.headers).toMatchObject({
      authorization: 'Bearer tok_BEARER_1a2b3c4d5e6f7a8b',
      'x-client': 'a',
      'x-call': 'b',
    });
  });
});

describe('retries beneath openapi-fetch middleware', () => {
  it('runs middleware once per call, and re-sends the body the middleware produced', async () => {
    const s = await recorder((n, _, res) => sendJson(res, n < 3 ? 503 : 200, { ok: true }));
    const weavr = testClient(s.url, { maxRetries: 3 });
    let onRequest = 0;
    let onResponse = 0;
    weavr.use({
      onRequest: async ({ request }: { request: Request }) => {
        onRequest++;
        const body = JSON.parse(await request.text());
        return new Request(request, { body: JSON.stringify({ ...body, stamped: true }) });
      },
      onResponse: () => {
        onResponse++;
      },
    });
    const r = await weavr.POST('/transfers', { body: { n: 1 } });
    expect(r.response.status).toBe(200);
    expect([onRequest, onResponse]).toEqual([1, 1]);
    expect(s.seen.map((x) => x.body)).toEqual(Array(3).fill('{"n":1,"stamped":true}'));
    expect(new Set(s.seen.map((x) => x.headers['idempotency-ref'])).size).toBe(1);
  });

  it('withOptions keeps the middleware registered so far and the settings, and changes only what it is given', async () => {
    const s = await recorder((_, __, res) => sendJson(res, 200, {}));
    const weavr = testClient(s.url);
    let calls = 0;
    weavr.use({
      onRequest: () => {
        calls++;
      },
    });
    const other = weavr.withOptions({ token: 'tok-other-identity' });
    await other.GET('/managed_cards/{id}', { params: { path: { id: 'c' } } });
    await weavr.GET('/managed_cards/{id}', { params: { path: { id: 'c' } } });
    expect(calls).toBe(2);
    expect(s.seen.map((x) => x.headers.authorization)).toEqual([
      'Bearer tok-other-identity',
      'Bearer tok_BEARER_1a2b3c4d5e6f7a8b',
    ]);
  });
});

describe('a custom fetch', () => {
  it('is called once per attempt with the request and an init carrying the attempt’s signal', async () => {
    let n = 0;
    const s = await recorder((_, __, res) => {
      n++;
      if (n > 1) sendJson(res, 200, { id: 'x' });
    });
    const signals: AbortSignal[] = [];
    const weavr = testClient(s.url, {
      timeoutMs: 1_000,
      maxRetries: 1,
      fetch: (request: Request, init?: RequestInit) => {
        if (init?.signal) signals.push(init.signal);
        return fetch(request, init);
      },
    });
    const r = await within(5_000, weavr.POST('/transfers', { body: { n: 1 } }), 'custom fetch');
    expect(r.data).toEqual({ id: 'x' });
    expect(signals.map((x) => x.aborted)).toEqual([true, false]);
    expect(s.seen.map((x) => x.body)).toEqual(['{"n":1}', '{"n":1}']);
  });

  it('one that throws fails the call as a connection error and leaves no timer behind', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const weavr = testClient('http://127.0.0.1:1', {
      timeoutMs: 60_000,
      maxRetries: 4,
      fetch: () => {
        throw new TypeError('no network here');
      },
    });
    const before = timers();
    const e = await weavr
      .GET('/managed_cards/{id}', { params: { path: { id: 'c' } } })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WeavrConnectionError);
    expect((e as Error).message).toMatch(/no network here \(5 attempts\)/);
    // Five 60 s timers would show; allow a little for the test runner's own.
    expect(timers() - before).toBeLessThan(3);
  });

  it('a timeout is a timeout even when the fetch never settles', async () => {
    const weavr = testClient('http://127.0.0.1:1', {
      timeoutMs: 100,
      maxRetries: 0,
      fetch: () => new Promise<Response>(() => {}),
    });
    await expect(
      within(5_000, weavr.GET('/managed_cards/{id}', { params: { path: { id: 'c' } } }), 'never'),
    ).rejects.toBeInstanceOf(WeavrTimeoutError);
  });
});
