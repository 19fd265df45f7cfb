import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRateLimiter, WeavrAbortError, WeavrConfigError } from '../src/index.js';
import { RateLimiter } from '../src/rate-limit.js';
import { testClient } from './helpers/client.js';
import { readBody, sendJson, startServer, type TestServer } from './helpers/server.js';

// Issue 13 §6: an optional client-side rate limit that queues calls instead of running into 429s.
let server: TestServer;
let hits = 0;
let failNext = 0;
beforeAll(async () => {
  server = await startServer(async (req, res) => {
    hits++;
    await readBody(req);
    if (failNext > 0) {
      failNext--;
      return sendJson(res, 503, {});
    }
    sendJson(res, 200, { id: 'c1' });
  });
});
afterAll(() => server.close());

const card = { params: { path: { id: 'c1' } } };
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('rateLimit on a client', () => {
  it('is off by default: 150 calls at once all go out', async () => {
    hits = 0;
    const weavr = testClient(server.url);
    const results = await Promise.all(
      Array.from({ length: 150 }, () => weavr.GET('/managed_cards/{id}', card)),
    );
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(hits).toBe(150);
  });

  it('queues calls over the limit; a queued call can be aborted; derived clients share the limit', async () => {
    hits = 0;
    const weavr = testClient(server.url, { rateLimit: createRateLimiter({ perMinute: 2 }) });
    const first = await Promise.all([
      weavr.GET('/managed_cards/{id}', card),
      weavr.GET('/managed_cards/{id}', card),
    ]);
    expect(first.map((r) => r.response.status)).toEqual([200, 200]);
    const controller = new AbortController();
    let third: unknown;
    const queued = weavr.GET('/managed_cards/{id}', { ...card, signal: controller.signal }).then(
      (r: unknown) => (third = r),
      (e: unknown) => (third = e),
    );
    const derived = weavr.withOptions({ token: 'tok_other_123456' });
    const derivedController = new AbortController();
    const fromDerived = derived
      .GET('/managed_cards/{id}', { ...card, signal: derivedController.signal })
      .catch((e: unknown) => e);
    await settle(300);
    expect(third).toBeUndefined(); // still waiting its turn
    expect(hits).toBe(2);
    controller.abort();
    await queued;
    expect(third).toBeInstanceOf(WeavrAbortError);
    derivedController.abort();
    expect(await fromDerived).toBeInstanceOf(WeavrAbortError);
    expect(hits).toBe(2);
    // A client with its own limiter has its own budget.
    const other = testClient(server.url, { rateLimit: createRateLimiter({ perMinute: 2 }) });
    expect((await other.GET('/managed_cards/{id}', card)).response.status).toBe(200);
    expect(hits).toBe(3);
  });

  it('counts every attempt: retries take their turn too', async () => {
    hits = 0;
    failNext = 1;
    const weavr = testClient(server.url, { rateLimit: createRateLimiter({ perMinute: 2 }) });
    const r = await weavr.GET('/managed_cards/{id}', card); // 503, then 200: two requests
    expect(r.response.status).toBe(200);
    expect(hits).toBe(2);
    const signal = AbortSignal.timeout(300);
    await expect(weavr.GET('/managed_cards/{id}', { ...card, signal })).rejects.toBeInstanceOf(
      WeavrAbortError,
    );
    expect(hits).toBe(2);
  });

  it('refuses a bad rateLimit before any request', () => {
    for (const options of [{}, { perMinute: 0 }, { perHour: 1.5 }, { perDay: -1 }, 'fast', null]) {
      expect(() => createRateLimiter(options as never)).toThrow(WeavrConfigError);
    }
    expect(() => createRateLimiter({ perMinute: 0 })).toThrow(
      /perMinute must be a whole number of requests above 0/,
    );
    // The option takes a limiter, not its settings.
    expect(() => testClient(server.url, { rateLimit: { perMinute: 100 } as never })).toThrow(
      /rateLimit must be a limiter from createRateLimiter/,
    );
  });
});

describe('RateLimiter windows (Weavr defaults: 100/min, 1,000/h, 10,000/day)', () => {
  afterEach(() => vi.useRealTimers());

  it('lets through 100 a minute, 1,000 an hour, 10,000 a day, in order', async () => {
    vi.useFakeTimers();
    const start = Date.now();
    const limiter = new RateLimiter([
      { ms: 60_000, limit: 100 },
      { ms: 3_600_000, limit: 1_000 },
      { ms: 86_400_000, limit: 10_000 },
    ]);
    const startedAt: number[] = [];
    const abort = () => new Error('aborted');
    const all = Array.from({ length: 10_001 }, () =>
      limiter.take(undefined, abort).then(() => startedAt.push(Date.now() - start)),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(startedAt).toHaveLength(100);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(startedAt).toHaveLength(200);
    // Ten minutes in, the hour's 1,000 are used: nothing more until the first of them is an hour old.
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(startedAt).toHaveLength(1_000);
    await vi.advanceTimersByTimeAsync(60 * 60_000 - 21 * 60_000 - 1);
    expect(startedAt).toHaveLength(1_000);
    await vi.advanceTimersByTimeAsync(1);
    expect(startedAt).toHaveLength(1_100);
    // The day: 10,000, then the 10,001st waits for the first to be a day old.
    await vi.advanceTimersByTimeAsync(23 * 3_600_000 - 1);
    expect(startedAt).toHaveLength(10_000);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all(all);
    expect(startedAt[10_000]).toBe(86_400_000);
    expect(startedAt).toEqual([...startedAt].sort((a, b) => a - b));
  });
});
