import { afterEach, describe, expect, it } from 'vitest';
import { WeavrConnectionError } from '../src/internal.js';
import { testClient } from './helpers/client.js';
import { type Fault, type Ledger, startLedger } from './helpers/ledger.js';

const CREATES = 300;
/** Faults met by successive attempts of request n (then `ok`); at most 3, so 3 retries always suffice. */
const PLANS: Fault[][] = [
  [],
  ['503'],
  ['429'],
  ['drop'],
  ['503', 'drop'],
  ['drop', '429'],
  ['429', '503', 'drop'],
];
const plan = (n: number, attempt: number): Fault => {
  if (n % 25 === 7) return attempt === 1 ? 'hang' : 'ok'; // effect applied, answer never comes
  return PLANS[n % PLANS.length]?.[attempt - 1] ?? 'ok';
};

/** Runs `count` tasks, `width` at a time. */
async function pool<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

let ledger: Ledger | undefined;
afterEach(async () => {
  await ledger?.close();
  ledger = undefined;
});

describe('creates through a fault-injecting server', () => {
  it(`applies each of ${CREATES} creates exactly once, with one idempotency-ref per call`, async () => {
    ledger = await startLedger(plan);
    const weavr = testClient(ledger.url, {
      // 3 retries cover every plan; the rest absorb attempts a loaded machine answers too slowly.
      maxRetries: 8,
      timeoutMs: 1_500,
      backoff: { initialDelayMs: 1, maxDelayMs: 10 },
      logLevel: 'off',
    });

    const results = await pool(CREATES, 30, (n) =>
      weavr.POST('/transfers', { body: { n, amount: { currency: 'EUR', amount: 100 + n } } }),
    );

    // Every call succeeded and got its own create back.
    for (const [n, r] of results.entries()) {
      expect(r.error, `call ${n}`).toBeUndefined();
      expect(r.data.n).toBe(n);
    }
    // Each create took effect exactly once, however many attempts it needed.
    expect(ledger.effectsByN.size).toBe(CREATES);
    for (const [n, count] of ledger.effectsByN) expect(count, `effects of create ${n}`).toBe(1);
    // The same ref went out on every attempt of a call, and is the one the result reports.
    for (const [n, refs] of ledger.refsByN) {
      expect(refs.size, `refs of create ${n}`).toBe(1);
      expect([...refs][0]).toBe(results[n]?.idempotencyRef);
    }
    expect(new Set(results.map((r) => r.idempotencyRef)).size).toBe(CREATES);
    // The run really met every kind of fault, and retried through them.
    expect(ledger.injected['503']).toBeGreaterThan(50);
    expect(ledger.injected['429']).toBeGreaterThan(50);
    expect(ledger.injected.drop).toBeGreaterThan(100);
    expect(ledger.injected.hang).toBeGreaterThanOrEqual(10);
    const retried = [...ledger.attemptsByN.values()].filter((a) => a > 1).length;
    expect(retried).toBeGreaterThan(CREATES / 2);
  }, 60_000);

  it('gives the ref of a failed call back on its error, so re-driving it later is safe', async () => {
    // Every attempt is dropped after the effect: the call fails although the create happened.
    let answer: Fault = 'drop';
    ledger = await startLedger(() => answer);
    const weavr = testClient(ledger.url, { maxRetries: 1, throwOnError: true, logLevel: 'off' });
    const failure = await weavr.POST('/transfers', { body: { n: 1 } }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WeavrConnectionError);
    const ref = (failure as WeavrConnectionError).idempotencyRef;
    expect(ref).toMatch(/^[0-9a-f-]{36}$/);
    expect(ledger.attemptsByN.get(1)).toBe(2);

    // Re-driving the call later with that ref is answered from the ledger, not applied again.
    answer = 'ok';
    const r = await weavr.POST('/transfers', { body: { n: 1 }, idempotencyRef: ref });
    expect(r.idempotencyRef).toBe(ref);
    expect(r.data).toMatchObject({ id: '1', n: 1 });
    expect(ledger.effectsByN.get(1)).toBe(1);
    expect(ledger.refsByN.get(1)).toEqual(new Set([ref]));
  });
});
