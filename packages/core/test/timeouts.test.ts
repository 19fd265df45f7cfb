import { getEventListeners } from 'node:events';
import type http from 'node:http';
import { join } from 'node:path';
import { runUntilExit } from '@weavr-sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { WeavrAbortError, WeavrConnectionError, WeavrError, WeavrTimeoutError } from '../src/internal.js';
import { testClient } from './helpers/client.js';
import { readBody, sendJson, startServer, type TestServer, within } from './helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Behaviour = 'hang' | 'stall-body' | 'ok' | '503' | 'drop-body' | 'brotli-bomb';

/**
 * 7.2 KB of brotli that inflates to 8 GiB of zeros: one 16 MiB meta-block, the same 14 bytes for each further
 * 16 MiB (what the encoder emits when flushed after every 16 MiB of zeros at quality 5), then the end.
 */
const BROTLI_BOMB = Buffer.concat([
  Buffer.from('cfffff7f002400e2b14072efff0d', 'hex'),
  ...Array<Buffer>(511).fill(Buffer.from('fcffff074002200e0b40f7fedf00', 'hex')),
  Buffer.from([3]),
]);
async function serve(behaviour: (attempt: number) => Behaviour) {
  const arrivals: number[] = [];
  server = await startServer(async (req: http.IncomingMessage, res: http.ServerResponse) => {
    await readBody(req);
    arrivals.push(performance.now());
    const b = behaviour(arrivals.length);
    if (b === 'hang') return;
    if (b === '503') return sendJson(res, 503, undefined);
    if (b === 'ok') return sendJson(res, 200, { id: 'x' }, { 'request-ref': 'rr-ok' });
    if (b === 'brotli-bomb') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' });
      return res.end(BROTLI_BOMB);
    }
    // Headers and part of the body, then silence (or a dropped connection).
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write('{"id":"x","pad":"');
    if (b === 'drop-body') setTimeout(() => res.socket?.destroy(), 50);
  });
  server.server.keepAliveTimeout = 60_000;
  return { url: server.url, arrivals };
}

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const GET_CARD = ['/managed_cards/{id}', { params: { path: { id: 'c1' } } }] as const;

describe('timeoutMs', () => {
  it('aborts a hung attempt, retries an idempotent call, then fails with WeavrTimeoutError', async () => {
    const s = await serve(() => 'hang');
    // Attempts are counted where they leave the client: on a loaded machine an attempt can time out
    // before the server has even accepted its connection.
    let sent = 0;
    const weavr = testClient(s.url, {
      timeoutMs: 200,
      maxRetries: 2,
      fetch: (request, init) => {
        sent++;
        return fetch(request, init);
      },
    });
    const started = performance.now();
    const e = await within(
      10_000,
      weavr.GET(...GET_CARD).catch((x: unknown) => x),
      'hung call',
    );
    expect(e).toBeInstanceOf(WeavrTimeoutError);
    expect(e).toBeInstanceOf(WeavrConnectionError);
    expect(e).toBeInstanceOf(WeavrError);
    expect(e).toMatchObject({ method: 'GET', path: '/managed_cards/{id}', operationId: 'managedCardGet' });
    expect((e as Error).message).toMatch(/timed out after 200 ms \(3 attempts\)/);
    expect(sent).toBe(3);
    expect(s.arrivals.length).toBeLessThanOrEqual(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 190);
  });

  it('hands a custom fetch a signal that `{ ...init }` keeps, aborted when the attempt times out', async () => {
    const s = await serve(() => 'hang');
    const seen: (AbortSignal | null | undefined)[] = [];
    const weavr = testClient(s.url, {
      timeoutMs: 200,
      maxRetries: 0,
      // A wrapper adding its own fields: the signal must survive the copy (it is made only when read).
      fetch: (request, init) => {
        const copy = { ...init, keepalive: false };
        seen.push(copy.signal);
        return fetch(request, copy);
      },
    });
    const e = await within(
      10_000,
      weavr.GET(...GET_CARD).catch((x: unknown) => x),
      'hung call',
    );
    expect(e).toBeInstanceOf(WeavrTimeoutError);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(AbortSignal);
    expect(seen[0]?.aborted).toBe(true);
  });

  it('covers the response body: headers followed by silence time out, and are not retried', async () => {
    const s = await serve(() => 'stall-body');
    const weavr = testClient(s.url, { timeoutMs: 1_000, maxRetries: 2 });
    const e = await within(
      10_000,
      weavr.GET(...GET_CARD).catch((x: unknown) => x),
      'stalled body',
    );
    expect(e).toBeInstanceOf(WeavrTimeoutError);
    expect((e as Error).message).toMatch(/while reading the response body/);
    expect(s.arrivals).toHaveLength(1);
  });

  it('keeps bounding a body the caller reads as a stream (parseAs: stream)', async () => {
    const s = await serve((attempt) => (attempt === 1 ? 'stall-body' : 'ok'));
    const weavr = testClient(s.url, { timeoutMs: 1_000 });
    const stalled = await weavr.GET(GET_CARD[0], { ...GET_CARD[1], parseAs: 'stream' });
    expect(stalled.data).toBeInstanceOf(ReadableStream);
    const e = await within(
      5_000,
      new Response(stalled.data).text().catch((x: unknown) => x),
      'stalled stream',
    );
    expect(e).toBeInstanceOf(WeavrTimeoutError);
    expect((e as Error).message).toMatch(/while reading the response body/);

    // A stream read in time is whole (that its timer never holds the process open: see the scripts below).
    const ok = await weavr.GET(GET_CARD[0], { ...GET_CARD[1], parseAs: 'stream', timeoutMs: 60_000 });
    expect(JSON.parse(await new Response(ok.data).text())).toEqual({ id: 'x' });
  });

  it('reports a connection dropped mid-body as WeavrConnectionError', async () => {
    const s = await serve(() => 'drop-body');
    const weavr = testClient(s.url, { timeoutMs: 5_000, throwOnError: true });
    const e = await within(
      10_000,
      weavr.GET(...GET_CARD).catch((x: unknown) => x),
      'dropped body',
    );
    expect(e).toBeInstanceOf(WeavrConnectionError);
    expect(e).not.toBeInstanceOf(WeavrTimeoutError);
    expect((e as Error).message).toMatch(/while reading the response body/);
  });

  it('is per attempt, per client and per call: the call’s value wins', async () => {
    const s = await serve(() => 'hang');
    const weavr = testClient(s.url, { timeoutMs: 60_000, maxRetries: 0 });
    const e = await within(
      10_000,
      weavr.GET(GET_CARD[0], { ...GET_CARD[1], timeoutMs: 150 }).catch((x: unknown) => x),
      'per-call timeout',
    );
    expect(e).toBeInstanceOf(WeavrTimeoutError);
    expect((e as Error).message).toMatch(/timed out after 150 ms/);
  });

  it('leaves no timer and no listener on the caller’s signal once a call is over', async () => {
    const plan: Behaviour[] = ['503', 'ok', 'ok', 'ok', 'ok', 'ok', 'hang', 'stall-body'];
    const s = await serve((attempt) => plan[attempt - 1] ?? 'ok');
    // A long timeout: a timer that outlived its call would still be pending when counted.
    const weavr = testClient(s.url, { timeoutMs: 60_000, maxRetries: 1 });
    const controller = new AbortController();
    const opts = { ...GET_CARD[1], signal: controller.signal };
    const before = timers();
    for (let i = 0; i < 5; i++) await weavr.GET(GET_CARD[0], opts); // 503 then ok, then 4 × ok
    await weavr.GET(GET_CARD[0], { ...opts, timeoutMs: 200 }).catch(() => {}); // hang, then a stalled body
    expect(s.arrivals).toHaveLength(8);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // Six 60 s timers would show as +6; allow a little for the test runner's own.
    expect(timers() - before).toBeLessThan(3);
  });
});

describe('the caller’s AbortSignal', () => {
  it('aborts an attempt in flight with WeavrAbortError', async () => {
    const s = await serve(() => 'hang');
    const weavr = testClient(s.url, { timeoutMs: 60_000 });
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    setTimeout(() => controller.abort(reason), 100);
    const e = await within(
      5_000,
      weavr.GET(GET_CARD[0], { ...GET_CARD[1], signal: controller.signal }).catch((x: unknown) => x),
      'abort in flight',
    );
    expect(e).toBeInstanceOf(WeavrAbortError);
    expect((e as Error).cause).toBe(reason);
    expect(s.arrivals).toHaveLength(1);
  });

  it('aborts the wait between retries', async () => {
    const s = await serve(() => '503');
    const weavr = testClient(s.url, {
      backoff: { initialDelayMs: 30_000, maxDelayMs: 30_000 },
      maxRetries: 3,
    });
    const controller = new AbortController();
    const started = performance.now();
    const pending = weavr
      .GET(GET_CARD[0], { ...GET_CARD[1], signal: controller.signal })
      .catch((x: unknown) => x);
    // Abort once the first attempt has been answered: the client is then waiting ≥ 15 s to retry.
    while (s.arrivals.length === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    const e = await within(5_000, pending, 'abort during backoff');
    expect(e).toBeInstanceOf(WeavrAbortError);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(s.arrivals).toHaveLength(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('sends nothing when already aborted', async () => {
    const s = await serve(() => 'ok');
    const weavr = testClient(s.url);
    const e = await weavr
      .GET(GET_CARD[0], { ...GET_CARD[1], signal: AbortSignal.abort() })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WeavrAbortError);
    expect(s.arrivals).toHaveLength(0);
  });

  it('bounds a whole call, retries included, with AbortSignal.timeout', async () => {
    const s = await serve(() => '503');
    const weavr = testClient(s.url, { backoff: { initialDelayMs: 100, maxDelayMs: 100 }, maxRetries: 10 });
    const e = await within(
      10_000,
      weavr.GET(GET_CARD[0], { ...GET_CARD[1], signal: AbortSignal.timeout(600) }).catch((x: unknown) => x),
      'deadline',
    );
    expect(e).toBeInstanceOf(WeavrAbortError);
    expect(s.arrivals.length).toBeGreaterThanOrEqual(1);
    expect(s.arrivals.length).toBeLessThan(20);
  });
});

describe('a script making one call exits by itself, promptly', () => {
  const fixtures = join(__dirname, 'fixtures/');

  // A leaked 30 s timer or a socket held open would keep the child alive past the 45 s guard: killed, failed.
  const run = (script: string, args: string[]) => runUntilExit(`${fixtures}${script}`, args);

  const cases: [string, Behaviour[], string, string, string, RegExp][] = [
    ['a normal call (default 30 s timeout armed)', ['ok'], 'GET', '/thing', '{}', /"status":200/],
    ['a retried call', ['503', 'ok'], 'GET', '/thing', '{"backoff":{"initialDelayMs":50}}', /"status":200/],
    ['a create', ['ok'], 'POST', '/transfers', '{}', /"status":200/],
    [
      'a hung server',
      ['hang', 'hang'],
      'GET',
      '/thing',
      '{"timeoutMs":300,"maxRetries":1}',
      /WeavrTimeoutError/,
    ],
    // Issue 22 §6: the limiter's timer was left armed for the window (60 s) after its only waiter aborted.
    [
      'a call aborted while waiting in the rate limiter',
      ['ok'],
      'GET',
      '/thing',
      '{"queuedPerMinute":1}',
      /WeavrAbortError/,
    ],
    ['a stalled body', ['stall-body'], 'GET', '/thing', '{"timeoutMs":300}', /WeavrTimeoutError/],
    // 8 GiB inflating from 7 KB: the call fails at maxResponseBytes and the decompression dies with it (left
    // running, it burns ~40 s of CPU and holds the process that long).
    ...(['node', 'fetch', 'custom'] as const).map(
      (transport): [string, Behaviour[], string, string, string, RegExp] => [
        `a brotli bomb (${transport} transport)`,
        ['brotli-bomb'],
        'GET',
        '/thing',
        JSON.stringify({ transport, maxResponseBytes: 1_000_000 }),
        /WeavrResponseTooLargeError/,
      ],
    ),
    [
      'a body read as a stream',
      ['ok'],
      'GET',
      '/thing',
      '{"stream":true}',
      /"status":200,"data":"\{\\"id\\":\\"x\\"\}"/,
    ],
  ];
  for (const script of ['one-call.mts']) {
    for (const [name, plan, method, path, options, expected] of cases) {
      it(`${script}: ${name}`, async () => {
        const s = await serve((attempt) => plan[attempt - 1] ?? 'ok');
        const r = await run(script, [s.url, method, path, options]);
        expect(r.out).toMatch(expected);
        expect(r.code).toBe(0);
        // Normally a few ms; a leaked timer would hold the process for 30 s, a leaked socket forever.
        expect(r.lingerMs).toBeLessThan(10_000);
      }, 60_000);
    }
  }
});
