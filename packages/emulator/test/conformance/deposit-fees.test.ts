/**
 * Deposit fees with `transactionFees.deposit` set to QA's programme (`TestHelper.getFees`: `DEPOSIT_FEE` EUR 110,
 * GBP 117, USD 115), ported from Weavr's QA suite: `TestHelper.simulateManagedAccountDeposit` (the balance grows by
 * the deposit less the fee) and `opc/junit/backoffice/managedaccounts/GetManagedAccountStatementTests`
 * (`assertSuccessfulResponse`: two deposits of 1000). Each title is `<QA test class>.<QA test method>`. Without the
 * setting no fee is taken (the default, asserted last). Seeded balances with fees: `transfer-fees.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../../src/index.js';
import { account, balance, deposit } from './instruments.js';
import { impersonate, type Onboarded, onboard, raw } from './onboard.js';

const DEPOSIT_FEE = { EUR: 110, GBP: 117, USD: 115 };

let emu: Emulator;
let corporate: Onboarded;
let consumer: Onboarded;
beforeAll(async () => {
  emu = await startEmulator({ stepUpOperations: [], transactionFees: { deposit: DEPOSIT_FEE } });
  corporate = await onboard(emu, 'CORPORATE');
  consumer = await onboard(emu, 'CONSUMER');
});
afterAll(() => emu?.close());

describe('TestHelper.simulateManagedAccountDeposit', () => {
  test.each(['EUR', 'GBP', 'USD'] as const)(
    'TestHelper.simulateManagedAccountDeposit: the balance grows by the deposit less DEPOSIT_FEE (%s)',
    async (currency) => {
      const id = await account(emu, consumer, currency);
      await deposit(emu, id, 1_000, currency);
      expect(await balance(consumer, 'managed_accounts', id)).toBe(1_000 - DEPOSIT_FEE[currency]);
      await deposit(emu, id, 1_000, currency);
      expect(await balance(consumer, 'managed_accounts', id)).toBe((1_000 - DEPOSIT_FEE[currency]) * 2);
    },
  );
});

test.each([
  ['Corporate', 'CORPORATE'],
  ['Consumer', 'CONSUMER'],
] as const)(
  'GetManagedAccountStatementTests (backoffice).GetManagedAccountStatement_%s_Success',
  async (_label, type) => {
    const who = type === 'CORPORATE' ? corporate : consumer;
    const id = await account(emu, who);
    for (let i = 0; i < 2; i++) {
      emu.clock.advance(1_000);
      await deposit(emu, id, 1_000);
    }
    const res = await raw(emu, 'GET', `/multi/backoffice/managed_accounts/${id}/statement`, {
      token: await impersonate(emu, who),
    });
    expect(res.status).toBe(200);
    const net = 1_000 - DEPOSIT_FEE.EUR;
    const entry = (after: number) => ({
      transactionId: { id: expect.any(String), type: 'DEPOSIT' },
      transactionAmount: { currency: 'EUR', amount: 1_000 },
      availableBalanceAdjustment: { currency: 'EUR', amount: net },
      actualBalanceAdjustment: { currency: 'EUR', amount: net },
      balanceAfter: { currency: 'EUR', amount: after },
      availableBalanceAfter: { amount: after },
      actualBalanceAfter: { amount: after },
      cardholderFee: { currency: 'EUR', amount: DEPOSIT_FEE.EUR },
      transactionFee: { currency: 'EUR', amount: DEPOSIT_FEE.EUR },
      processedTimestamp: expect.any(Number),
    });
    expect(res.body).toMatchObject({ count: 2, responseCount: 2, entry: [entry(net * 2), entry(net)] });
  },
);

test("Multi's statement: the balance moves by what landed", async () => {
  const id = await account(emu, corporate);
  await deposit(emu, id, 1_000);
  const res = await raw(emu, 'GET', `/multi/managed_accounts/${id}/statement`, { token: corporate.token });
  expect(res.status).toBe(200);
  expect(res.body.entries[0]).toMatchObject({
    balanceAdjustment: { currency: 'EUR', amount: 1_000 - DEPOSIT_FEE.EUR },
    balanceAfter: { currency: 'EUR', amount: 1_000 - DEPOSIT_FEE.EUR },
  });
});

test('by default no deposit fee is taken, and statements carry no fee', async () => {
  const plain = await startEmulator({ stepUpOperations: [] });
  try {
    const who = await onboard(plain, 'CONSUMER');
    const id = await account(plain, who);
    await deposit(plain, id, 1_000);
    expect(await balance(who, 'managed_accounts', id)).toBe(1_000);
    const res = await raw(plain, 'GET', `/multi/backoffice/managed_accounts/${id}/statement`, {
      token: await impersonate(plain, who),
    });
    expect(res.body.entry[0].transactionAmount.amount).toBe(1_000);
    expect(res.body.entry[0].transactionFee).toBeUndefined();
    expect(res.body.entry[0].cardholderFee).toBeUndefined();
  } finally {
    await plain.close();
  }
});
