import { afterEach, describe, expect, it } from 'vitest';
import { provesNotSent } from '../src/network-errors.js';
import { retryDelayMs, serverDelayMs } from '../src/retry.js';
import { testClient } from './helpers/client.js';
import { readBody, sendJson, startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that refuses the first attempt with `first` headers, then answers 200; it times each arrival. */
async function refuseOnce(status: number, headers: Record<string, string>) {
  const arrivals: number[] = [];
  server = await startServer(async (req, res) => {
    await readBody(req);
    arrivals.push(performance.now());
    if (arrivals.length === 1) sendJson(res, status, undefined, headers);
    else sendJson(res, 200, { ok: true });
  });
  return { url: server.url, gap: () => (arrivals[1] ?? Number.NaN) - (arrivals[0] ?? Number.NaN), arrivals };
}

// Gaps are measured where the attempts arrive (the server). Lower bounds allow a little timer and clock
// slop; upper bounds are loose on purpose: they only show that a cap applied.
describe('waits the server asks for', () => {
  it('honours x-ratelimit-reset (seconds) on 429, even for a request that is not idempotent', async () => {
    const s = await refuseOnce(429, { 'x-ratelimit-reset': '1', 'x-ratelimit-limit': '20, 20;w=1' });
    const weavr = testClient(s.url, { backoff: { initialDelayMs: 1, maxDelayMs: 10_000 } });
    const r = await weavr.POST('/login_with_password', { body: { email: 'e' } });
    expect(r.response.status).toBe(200);
    expect(s.arrivals).toHaveLength(2);
    expect(s.gap()).toBeGreaterThanOrEqual(900);
    expect(s.gap()).toBeLessThan(8_000);
  });

  it('honours Retry-After (seconds) on 503', async () => {
    const s = await refuseOnce(503, { 'retry-after': '1' });
    const weavr = testClient(s.url, { backoff: { initialDelayMs: 1, maxDelayMs: 10_000 } });
    await weavr.GET('/transfers/{id}', { params: { path: { id: '1' } } });
    expect(s.gap()).toBeGreaterThanOrEqual(900);
    expect(s.gap()).toBeLessThan(8_000);
  });

  it('caps what the server asks for at maxDelayMs', async () => {
    const s = await refuseOnce(429, { 'x-ratelimit-reset': '3600' }); // an hour
    const weavr = testClient(s.url, { backoff: { initialDelayMs: 1, maxDelayMs: 300 } });
    const r = await weavr.POST('/login_with_password', { body: {} });
    expect(r.response.status).toBe(200);
    expect(s.gap()).toBeGreaterThanOrEqual(250);
    expect(s.gap()).toBeLessThan(5_000);
  });
});

describe('retryDelayMs', () => {
  const at = (headers: Record<string, string>) => new Response(null, { status: 429, headers });

  it('is capped exponential backoff with jitter: between half and all of min(max, initial × 2^(n-1))', () => {
    const opts = { initialDelayMs: 200, maxDelayMs: 2_000 };
    for (const [retry, step] of [
      [1, 200],
      [2, 400],
      [3, 800],
      [4, 1_600],
      [5, 2_000],
      [12, 2_000],
    ] as const) {
      const samples = Array.from({ length: 300 }, () => retryDelayMs(retry, undefined, opts));
      expect(Math.min(...samples)).toBeGreaterThanOrEqual(step / 2);
      expect(Math.max(...samples)).toBeLessThanOrEqual(step);
      // jitter: not one fixed value
      expect(new Set(samples).size).toBeGreaterThan(10);
    }
  });

  it('defaults to 500 ms doubling up to 8 s', () => {
    for (let i = 0; i < 100; i++) {
      const d1 = retryDelayMs(1, undefined);
      expect(d1).toBeGreaterThanOrEqual(250);
      expect(d1).toBeLessThanOrEqual(500);
      expect(retryDelayMs(10, undefined)).toBeLessThanOrEqual(8_000);
      expect(retryDelayMs(10, undefined)).toBeGreaterThanOrEqual(4_000);
    }
  });

  it('uses the server’s delay without jitter, capped', () => {
    expect(retryDelayMs(1, at({ 'x-ratelimit-reset': '2' }))).toBe(2_000);
    expect(retryDelayMs(1, at({ 'x-ratelimit-reset': '60' }))).toBe(8_000);
    expect(retryDelayMs(1, at({ 'x-ratelimit-reset': '60' }), { maxDelayMs: 150 })).toBe(150);
  });

  it('never waits less than the floor: the backoff’s first delay, and never under 100 ms', () => {
    // A server asking for no wait, a negative one or a date in the past gets the backoff's first delay.
    const past = new Date(Date.now() - 60_000).toUTCString();
    for (const headers of [
      { 'retry-after': '0' },
      { 'x-ratelimit-reset': '0' },
      { 'retry-after': past },
    ] as Record<string, string>[]) {
      expect(retryDelayMs(3, at(headers)), JSON.stringify(headers)).toBe(500);
      expect(retryDelayMs(3, at(headers), { initialDelayMs: 0 }), JSON.stringify(headers)).toBe(100);
    }
    for (let i = 0; i < 200; i++) {
      expect(retryDelayMs(1, undefined, { initialDelayMs: 0, maxDelayMs: 0 })).toBe(100);
      expect(retryDelayMs(1, undefined, { initialDelayMs: 1, maxDelayMs: 10 })).toBe(100);
    }
  });

  it('falls back to the backoff for malformed waits (hex, signs, NaN, huge)', () => {
    for (const value of ['0x10', '-4', 'NaN', '1e3', 'Infinity', '99999999999', '1_0']) {
      const d = retryDelayMs(1, at({ 'x-ratelimit-reset': value, 'retry-after': value }));
      expect(d, value).toBeGreaterThanOrEqual(250);
      expect(d, value).toBeLessThanOrEqual(500);
    }
  });
});

describe('serverDelayMs', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  it('reads x-ratelimit-reset first, then Retry-After in seconds or as a date', () => {
    expect(serverDelayMs(h({ 'x-ratelimit-reset': '3', 'retry-after': '9' }))).toBe(3_000);
    expect(serverDelayMs(h({ 'x-ratelimit-reset': '0.5' }))).toBe(500);
    expect(serverDelayMs(h({ 'retry-after': '7' }))).toBe(7_000);
    const date = serverDelayMs(h({ 'retry-after': new Date(Date.now() + 5_000).toUTCString() }));
    expect(date).toBeGreaterThan(3_000);
    expect(date).toBeLessThanOrEqual(5_000);
    expect(serverDelayMs(h({ 'retry-after': new Date(Date.now() - 5_000).toUTCString() }))).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(serverDelayMs(h({}))).toBeUndefined();
    expect(serverDelayMs(h({ 'x-ratelimit-reset': 'soon' }))).toBeUndefined();
    expect(serverDelayMs(h({ 'x-ratelimit-reset': '' }))).toBeUndefined();
    expect(serverDelayMs(h({ 'retry-after': 'later' }))).toBeUndefined();
    expect(serverDelayMs(h({ 'x-ratelimit-reset': '-4' }))).toBeUndefined();
    expect(serverDelayMs(h({ 'x-ratelimit-reset': '0x10' }))).toBeUndefined();
    expect(serverDelayMs(h({ 'retry-after': '864000' }))).toBeUndefined(); // ten days: not believed
  });
});

describe('provesNotSent', () => {
  const err = (code: string) => Object.assign(new Error(code), { code });
  it('is true only for failures that happen before a connection exists', () => {
    for (const code of [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'ENETUNREACH',
      'EHOSTUNREACH',
      'UND_ERR_CONNECT_TIMEOUT',
    ])
      expect(provesNotSent(new TypeError('fetch failed', { cause: err(code) })), code).toBe(true);
    for (const code of ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT'])
      expect(provesNotSent(new TypeError('fetch failed', { cause: err(code) })), code).toBe(false);
    expect(provesNotSent(new Error('whatever'))).toBe(false);
  });
  it('reads happy-eyeballs AggregateErrors: refused on every address', () => {
    const all = new AggregateError([err('ECONNREFUSED'), err('ECONNREFUSED')]);
    const mixed = new AggregateError([err('ECONNREFUSED'), err('ECONNRESET')]);
    expect(provesNotSent(new TypeError('fetch failed', { cause: all }))).toBe(true);
    expect(provesNotSent(new TypeError('fetch failed', { cause: mixed }))).toBe(false);
  });
});
