import { afterEach, describe, expect, it } from 'vitest';
import {
  createCardAuthorisationHandler,
  createForwardingHandler,
  signWebhook,
  type VerifiedWebhook,
  WEAVR_FORWARDING_DEADLINE_MS,
  WeavrConfigError,
} from '../src/index.js';
import { API_KEY, OTHER_KEY, startServer } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const AUTH = {
  cardId: '110141187013853702',
  transactionId: '1',
  authorisationType: 'AUTHORISED',
  transactionAmount: { currency: 'EUR', amount: 2500 },
  sourceAmount: { currency: 'EUR', amount: 2500 },
  totalTransactionCost: { currency: 'EUR', amount: 2500 },
  transactionTimestamp: 1,
  merchantData: { merchantName: 'Shop' },
  owner: { type: 'consumers', id: '1' },
};

/**
 * Live timers in this process. Other timers (keep-alive sockets, vitest) may expire while a test waits, so a
 * test checks its own timer appears while deciding (exact: same synchronous span) and is gone afterwards (≤).
 */
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const never = () => new Promise<never>(() => {});

async function delivery(): Promise<VerifiedWebhook<'/managed_cards/authorisation_request'>> {
  return {
    name: '/managed_cards/authorisation_request',
    operationId: 'managed_cards_authorisation_forwarding',
    payload: AUTH as never,
    publishedTimestamp: Date.now(),
    callRef: 'c',
    requestRef: undefined,
    verifiedBy: 'signature-v2',
  };
}

describe('createForwardingHandler: answer()', () => {
  it("sends decide's answer when it is in time, leaving no timer behind", async () => {
    const before = timers();
    const handler = createCardAuthorisationHandler({
      apiKey: API_KEY,
      fallback: { result: 'DENIED' },
      decide: async (auth) => ({ result: auth.transactionAmount.amount <= 10_000 ? 'APPROVED' : 'DENIED' }),
    });
    const outcome = await handler.answer(await delivery());
    expect(outcome).toMatchObject({ reply: { result: 'APPROVED' }, decidedBy: 'decide' });
    expect(outcome.reason).toBeUndefined();
    expect(timers()).toBe(before);
  });

  it('sends the fallback at the deadline when decide is late, aborts its signal, and ignores its late answer', async () => {
    const before = timers();
    let signal: AbortSignal | undefined;
    let lateCalls = 0;
    let during = -1;
    let finish: (v: { result: 'APPROVED' }) => void = () => {};
    const handler = createCardAuthorisationHandler({
      apiKey: API_KEY,
      deadlineMs: 150,
      fallback: { result: 'DENIED' },
      onLate: () => lateCalls++,
      decide: (_auth, ctx) => {
        during = timers();
        signal = ctx.signal;
        expect(ctx.remainingMs).toBeLessThanOrEqual(150);
        return new Promise((resolve) => {
          finish = resolve;
        });
      },
    });
    const d = await delivery();
    const started = performance.now();
    const atStart = timers();
    const outcome = await handler.answer(d);
    const took = performance.now() - started;
    expect(during).toBe(atStart + 1);
    expect(outcome).toMatchObject({ reply: { result: 'DENIED' }, decidedBy: 'fallback', reason: 'late' });
    expect(took).toBeGreaterThanOrEqual(145);
    expect(took).toBeLessThan(1000);
    expect(signal?.aborted).toBe(true);
    expect(lateCalls).toBe(1);
    finish({ result: 'APPROVED' });
    await new Promise((r) => setImmediate(r));
    expect(lateCalls).toBe(1);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('counts the deadline from when handling started', async () => {
    const handler = createCardAuthorisationHandler({
      apiKey: API_KEY,
      deadlineMs: 1000,
      fallback: { result: 'DENIED' },
      decide: never,
    });
    const d = await delivery();
    const started = performance.now();
    // Handling began 900 ms ago: 100 ms are left, not 1000 (a control timer absorbs machine load).
    const control = new Promise<number>((r) => setTimeout(() => r(performance.now() - started), 100));
    const outcome = await handler.answer(d, started - 900);
    const took = performance.now() - started;
    expect(outcome).toMatchObject({ decidedBy: 'fallback', reason: 'late' });
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(990);
    expect(Math.abs(took - (await control))).toBeLessThan(100);
    expect(took).toBeLessThan(900);
    // Already past the deadline: the fallback goes out at once.
    const past = await handler.answer(await delivery(), performance.now() - 1000);
    expect(past).toMatchObject({ decidedBy: 'fallback', reason: 'late' });
  });

  it('sends the fallback when decide throws, rejects or returns no answer, and reports the error', async () => {
    const errors: unknown[] = [];
    const boom = new Error('limits service down');
    for (const decide of [
      () => {
        throw boom;
      },
      () => Promise.reject(boom),
      () => undefined as never,
    ]) {
      const handler = createCardAuthorisationHandler({
        apiKey: API_KEY,
        fallback: { result: 'APPROVED' },
        decide,
        onError: (e) => errors.push(e),
      });
      const outcome = await handler.answer(await delivery());
      expect(outcome).toMatchObject({
        reply: { result: 'APPROVED' },
        decidedBy: 'fallback',
        reason: 'error',
      });
    }
    expect(errors).toHaveLength(3);
    expect(errors[0]).toBe(boom);
    expect(errors[2]).toBeInstanceOf(TypeError);
  });

  it('answers within the default deadline (1 s, under Weavr 1.5 s) when decide never does', async () => {
    const handler = createCardAuthorisationHandler({
      apiKey: API_KEY,
      fallback: { result: 'DENIED' },
      decide: never,
    });
    const d = await delivery();
    const started = performance.now();
    // A plain 1 s timer started alongside: on a loaded machine both are late by the same event-loop lag, so
    // the answer is compared with it rather than with a wall-clock bound alone.
    const control = new Promise<number>((r) => setTimeout(() => r(performance.now() - started), 1000));
    const outcome = await handler.answer(d);
    const took = performance.now() - started;
    const controlTook = await control;
    expect(outcome.reason).toBe('late');
    expect(took).toBeGreaterThanOrEqual(990);
    expect(Math.abs(took - controlTook)).toBeLessThan(100);
  });

  it('refuses bad options at creation', () => {
    const base = {
      apiKey: API_KEY,
      fallback: { result: 'DENIED' as const },
      decide: () => ({ result: 'DENIED' as const }),
    };
    expect(() =>
      createCardAuthorisationHandler({ ...base, deadlineMs: WEAVR_FORWARDING_DEADLINE_MS + 1 }),
    ).toThrow(/at most 1500/);
    expect(() =>
      createCardAuthorisationHandler({ ...base, deadlineMs: WEAVR_FORWARDING_DEADLINE_MS }),
    ).not.toThrow();
    expect(() => createCardAuthorisationHandler({ ...base, deadlineMs: 0 })).toThrow(WeavrConfigError);
    expect(() => createCardAuthorisationHandler({ ...base, fallback: undefined as never })).toThrow(
      /fallback is required/,
    );
    expect(() => createCardAuthorisationHandler({ ...base, decide: undefined as never })).toThrow(
      /decide must be/,
    );
    expect(() => createCardAuthorisationHandler({ ...base, apiKey: '' })).toThrow(/apiKey is required/);
    expect(() => createForwardingHandler({ ...base, event: 'transfers_watch' } as never)).toThrow(
      /does not expect an answer/,
    );
  });
});

describe('createForwardingHandler over HTTP', () => {
  it('node:http: verifies, decides and answers 200 JSON; refuses a forged request with 401 without deciding', async () => {
    let decided = 0;
    const handler = createForwardingHandler({
      event: 'managed_cards_authorisation_forwarding',
      apiKey: API_KEY,
      fallback: { result: 'DENIED' },
      decide: () => {
        decided++;
        return { result: 'APPROVED' };
      },
    });
    const server = await startServer((req, res) => handler.handleNode(req, res));
    cleanups.push(server.close);
    const signed = await signWebhook({ payload: AUTH, apiKey: API_KEY, callRef: 'c-1' });
    const url = `${server.url}/managed_cards_authorisation_forwarding`;
    const ok = await fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(await ok.json()).toEqual({ result: 'APPROVED' });
    const forged = await signWebhook({ payload: AUTH, apiKey: OTHER_KEY });
    const no = await fetch(url, { method: 'POST', headers: forged.headers, body: forged.body });
    expect(no.status).toBe(401);
    expect(await no.json()).toEqual({ code: 'BAD_SIGNATURE' });
    expect(decided).toBe(1);
  });

  it('node:http: a slow decision still gets an answer on the wire before the deadline', async () => {
    const before = timers();
    const handler = createCardAuthorisationHandler({
      apiKey: API_KEY,
      deadlineMs: 200,
      fallback: { result: 'DENIED' },
      decide: (_auth, { signal }) =>
        new Promise((resolve, reject) => {
          const t = setTimeout(() => resolve({ result: 'APPROVED' }), 5_000);
          signal.addEventListener('abort', () => {
            clearTimeout(t);
            reject(signal.reason);
          });
        }),
    });
    const server = await startServer((req, res) => handler.handleNode(req, res));
    cleanups.push(server.close);
    const signed = await signWebhook({ payload: AUTH, apiKey: API_KEY });
    const started = performance.now();
    const res = await fetch(`${server.url}/x`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    const took = performance.now() - started;
    expect(await res.json()).toEqual({ result: 'DENIED' });
    expect(took).toBeGreaterThanOrEqual(190);
    expect(took).toBeLessThan(1200);
    await new Promise((r) => setImmediate(r));
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('web Request: handleRequest returns the Response to send', async () => {
    const handler = createCardAuthorisationHandler({
      apiKey: API_KEY,
      fallback: { result: 'DENIED' },
      decide: (auth) => ({ result: auth.merchantData.merchantName === 'Shop' ? 'APPROVED' : 'DENIED' }),
    });
    const signed = await signWebhook({ payload: AUTH, apiKey: API_KEY });
    const response = await handler.handleRequest(
      new Request('https://example.com/managed_cards_authorisation_forwarding', {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: 'APPROVED' });
    const stale = await signWebhook({
      payload: AUTH,
      apiKey: API_KEY,
      publishedTimestamp: Date.now() - 3_600_000,
    });
    const refused = await handler.handleRequest(
      new Request('https://example.com/x', { method: 'POST', headers: stale.headers, body: stale.body }),
    );
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ code: 'STALE_TIMESTAMP' });
  });
});
