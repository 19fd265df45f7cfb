import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { WeavrAbortError } from '../src/internal.js';
import { testClient } from './helpers/client.js';
import { readBody, sendJson, startServer, type TestServer, within } from './helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('retry waits have a floor and a ceiling', { timeout: 30_000 }, () => {
  for (const [name, headers] of [
    ['Retry-After: 0', { 'retry-after': '0' }],
    ['x-ratelimit-reset: -1', { 'x-ratelimit-reset': '-1' }],
    ['a date in the past', { 'retry-after': new Date(Date.now() - 3_600_000).toUTCString() }],
    ['hex', { 'retry-after': '0x0' }],
  ] as const) {
    it(`${name} with the most retries allowed: 11 requests, each at least 100 ms apart`, async () => {
      const arrivals: number[] = [];
      server = await startServer(async (req, res) => {
        await readBody(req);
        arrivals.push(performance.now());
        sendJson(res, 429, { errorCode: 'LIMIT' }, headers);
      });
      const weavr = testClient(server.url, { maxRetries: 10, backoff: { initialDelayMs: 0, maxDelayMs: 0 } });
      const r = await within(
        10_000,
        weavr.GET('/managed_cards/{id}', { params: { path: { id: 'c' } } }),
        'retries',
      );
      expect(r.response.status).toBe(429);
      expect(arrivals).toHaveLength(11);
      for (let i = 1; i < arrivals.length; i++)
        expect((arrivals[i] as number) - (arrivals[i - 1] as number)).toBeGreaterThanOrEqual(95);
    });
  }
});

describe('one AbortSignal shared by many calls', () => {
  it('2,000 concurrent calls: no MaxListenersExceededWarning, no listener left afterwards', async () => {
    server = await startServer(async (req, res) => {
      await readBody(req);
      sendJson(res, 200, { ok: true });
    });
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const weavr = testClient(server.url);
      const calls = Array.from({ length: 2_000 }, (_, i) =>
        weavr.GET('/managed_cards/{id}', { params: { path: { id: `c${i}` } }, signal: controller.signal }),
      );
      // While they are in flight the signal carries one listener, not one per call.
      expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1);
      const results = await within(60_000, Promise.all(calls), '2,000 calls');
      expect(results.every((r) => r.response.status === 200)).toBe(true);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      await new Promise((r) => setTimeout(r, 50)); // warnings are emitted on the next tick
      expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  }, 90_000);

  it('aborting it stops every call sharing it, each with WeavrAbortError', async () => {
    server = await startServer(() => {}); // never answers
    const controller = new AbortController();
    const weavr = testClient(server.url);
    const calls = Array.from({ length: 50 }, (_, i) =>
      weavr
        .GET('/managed_cards/{id}', { params: { path: { id: `c${i}` } }, signal: controller.signal })
        .catch((e: unknown) => e),
    );
    await new Promise((r) => setTimeout(r, 100));
    controller.abort(new Error('stop'));
    const errors = await within(5_000, Promise.all(calls), 'aborted calls');
    expect(errors.every((e) => e instanceof WeavrAbortError)).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  }, 30_000);
});
