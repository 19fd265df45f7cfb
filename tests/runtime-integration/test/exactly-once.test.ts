import { createBackofficeClient } from '@weavr-sdk/backoffice';
import { createMultiClient } from '@weavr-sdk/multi';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, type Fault, type Ledger, type LooseClient, startLedger, TOKEN } from './helpers.js';

/** Faults met by successive attempts of create n (then `ok`): at most 3, so 3 retries always suffice. */
const PLANS: Fault[][] = [[], ['503'], ['429'], ['drop'], ['drop', '503'], ['429', 'drop', '503']];
const plan = (n: number, attempt: number): Fault =>
  n % 40 === 11 ? (attempt === 1 ? 'hang' : 'ok') : (PLANS[n % PLANS.length]?.[attempt - 1] ?? 'ok');

async function pool(count: number, width: number, task: (i: number) => Promise<unknown>) {
  const out: unknown[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out as { data?: { n: number }; error?: unknown; idempotencyRef?: string }[];
}

let ledger: Ledger | undefined;
afterEach(async () => {
  await ledger?.close();
  ledger = undefined;
});

const options = {
  apiKey: API_KEY,
  token: TOKEN,
  maxRetries: 8,
  timeoutMs: 1_500,
  backoff: { initialDelayMs: 1, maxDelayMs: 10 },
  logLevel: 'off',
} as const;
const clients = [
  ['createMultiClient', 300, (baseUrl: string) => createMultiClient({ ...options, baseUrl })],
  ['createBackofficeClient', 200, (baseUrl: string) => createBackofficeClient({ ...options, baseUrl })],
] as const;

describe.each(clients)('%s: POST /transfers through a fault-injecting server', (_, count, create) => {
  it(`applies each of ${count} transfers exactly once`, async () => {
    ledger = await startLedger(plan);
    const weavr = create(ledger.url) as unknown as LooseClient;
    const results = await pool(count, 25, (n) =>
      weavr.POST('/transfers', {
        body: {
          n,
          profileId: 'p1',
          source: { type: 'managed_accounts', id: 'a1' },
          destination: { type: 'managed_cards', id: 'c1' },
          destinationAmount: { currency: 'EUR', amount: 100 + n },
        },
      }),
    );
    for (const [n, r] of results.entries()) {
      expect(r.error, `transfer ${n}`).toBeUndefined();
      expect(r.data?.n).toBe(n);
    }
    expect(ledger.effectsByN.size).toBe(count);
    for (const [n, effects] of ledger.effectsByN) expect(effects, `effects of transfer ${n}`).toBe(1);
    for (const [n, refs] of ledger.refsByN)
      expect([...refs], `refs of transfer ${n}`).toEqual([results[n]?.idempotencyRef]);
    expect(
      Math.min(ledger.injected['503'], ledger.injected['429'], ledger.injected.drop, ledger.injected.hang),
    ).toBeGreaterThan(0);
  }, 60_000);
});
