/**
 * Transfer fees with `transactionFees.transfer` set to QA's programme (`TestHelper.getFees`: `MA_TO_MA_TRANSFER_FEE`,
 * `MC_TO_MC_…`, `MC_TO_MA_…`, all EUR 100, GBP 102, USD 105), ported from Weavr's QA suite
 * (`opc/junit/multi/transfers/CreateTransfersTests.java`): the source pays the amount and the fee, the destination
 * gets the amount. Each title is `<QA test class>.<QA test method>`. Sources are funded fee-free (QA's
 * `fundManagedAccount`/`fundManagedCard`): a deposit of the balance plus, for a card, its funding transfer's fee.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../../src/index.js';
import { account, balance, deposit, prepaidCard } from './instruments.js';
import { impersonate, type Onboarded, onboard, raw } from './onboard.js';

const TRANSFER_FEE = { EUR: 100, GBP: 102, USD: 105 };
type Currency = keyof typeof TRANSFER_FEE;

let emu: Emulator;
let corporate: Onboarded;
beforeAll(async () => {
  emu = await startEmulator({ stepUpOperations: [], transactionFees: { transfer: TRANSFER_FEE } });
  corporate = await onboard(emu, 'CORPORATE');
});
afterAll(() => emu?.close());

const transfer = (from: [string, string], to: [string, string], amount: number, currency: Currency = 'EUR') =>
  raw(emu, 'POST', '/multi/transfers', {
    token: corporate.token,
    body: {
      profileId: emu.profiles.transfers,
      source: { type: from[0], id: from[1] },
      destination: { type: to[0], id: to[1] },
      destinationAmount: { currency, amount },
    },
  });

/** `fundManagedAccount`: an account holding `amount`. */
async function fundedAccount(amount: number, currency: Currency = 'EUR') {
  const id = await account(emu, corporate, currency);
  await deposit(emu, id, amount, currency);
  return id;
}

/** `fundManagedCard`: a prepaid card holding `amount` (its funding account pays the funding transfer's fee). */
async function fundedCard(amount: number) {
  const card = await prepaidCard(emu, corporate);
  const from = await fundedAccount(amount + TRANSFER_FEE.EUR);
  expect((await transfer(['managed_accounts', from], ['managed_cards', card], amount)).status).toBe(200);
  return card;
}

test.each(['EUR', 'GBP', 'USD'] as const)(
  'CreateTransfersTests.TransferFunds_CorporateMaToMa_Success (%s)',
  async (currency) => {
    const [source, dest] = [await fundedAccount(10_000, currency), await account(emu, corporate, currency)];
    const res = await transfer(['managed_accounts', source], ['managed_accounts', dest], 500, currency);
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('COMPLETED');
    expect(await balance(corporate, 'managed_accounts', source)).toBe(10_000 - 500 - TRANSFER_FEE[currency]);
    expect(await balance(corporate, 'managed_accounts', dest)).toBe(500);
  },
);

test('CreateTransfersTests.TransferFunds_CorporateMcToMc_Success', async () => {
  const [source, dest] = [await fundedCard(10_000), await prepaidCard(emu, corporate)];
  expect((await transfer(['managed_cards', source], ['managed_cards', dest], 500)).status).toBe(200);
  expect(await balance(corporate, 'managed_cards', source)).toBe(10_000 - 500 - TRANSFER_FEE.EUR);
  expect(await balance(corporate, 'managed_cards', dest)).toBe(500);
});

test('CreateTransfersTests.TransferFunds_CorporateMcToMa_Success', async () => {
  const [source, dest] = [await fundedCard(10_000), await account(emu, corporate)];
  expect((await transfer(['managed_cards', source], ['managed_accounts', dest], 500)).status).toBe(200);
  expect(await balance(corporate, 'managed_cards', source)).toBe(10_000 - 500 - TRANSFER_FEE.EUR);
  expect(await balance(corporate, 'managed_accounts', dest)).toBe(500);
});

test('the source must hold the amount and the fee: 409 FUNDS_INSUFFICIENT, nothing moves', async () => {
  const [source, dest] = [await fundedAccount(500), await account(emu, corporate)];
  expect(await transfer(['managed_accounts', source], ['managed_accounts', dest], 500)).toEqual({
    status: 409,
    body: { errorCode: 'FUNDS_INSUFFICIENT' },
  });
  expect(await balance(corporate, 'managed_accounts', source)).toBe(500);
  expect(await balance(corporate, 'managed_accounts', dest)).toBe(0);
});

test("Back-Office statement of the source: the transfer's amount, the fee, and what left", async () => {
  const [source, dest] = [await fundedAccount(10_000), await account(emu, corporate)];
  await transfer(['managed_accounts', source], ['managed_accounts', dest], 500);
  const token = await impersonate(emu, corporate);
  const read = async (id: string) =>
    (await raw(emu, 'GET', `/multi/backoffice/managed_accounts/${id}/statement`, { token })).body.entry[0];
  expect(await read(source)).toMatchObject({
    transactionId: { type: 'TRANSFER' },
    transactionAmount: { currency: 'EUR', amount: 500 },
    availableBalanceAdjustment: { currency: 'EUR', amount: -(500 + TRANSFER_FEE.EUR) },
    transactionFee: { currency: 'EUR', amount: TRANSFER_FEE.EUR },
    balanceAfter: { currency: 'EUR', amount: 10_000 - 500 - TRANSFER_FEE.EUR },
  });
  const credited = await read(dest);
  expect(credited).toMatchObject({
    transactionAmount: { amount: 500 },
    availableBalanceAdjustment: { amount: 500 },
  });
  expect(credited.transactionFee).toBeUndefined();
});

test('seeded balances are what lands: a seed deposits the deposit fee, and a card’s funding transfer fee too', async () => {
  const seeded = await startEmulator({
    transactionFees: { deposit: 110, transfer: TRANSFER_FEE },
    seed: {
      corporates: [
        {
          ref: 'acme',
          email: 'owner@acme.test',
          managedAccounts: [{ ref: 'main', currency: 'EUR', balance: 1_000 }],
          managedCards: [{ ref: 'card', currency: 'EUR', balance: 500 }],
        },
      ],
    },
  });
  try {
    const token = await impersonate(seeded, {
      type: 'CORPORATE',
      id: seeded.seeded.corporates.acme?.id as string,
    });
    const read = async (kind: string, id: string | undefined) =>
      (await raw(seeded, 'GET', `/multi/backoffice/${kind}/${id}`, { token })).body.balances.availableBalance;
    expect(await read('managed_accounts', seeded.seeded.managedAccounts.main)).toBe(1_000);
    expect(await read('managed_cards', seeded.seeded.managedCards.card)).toBe(500);
  } finally {
    await seeded.close();
  }
});
