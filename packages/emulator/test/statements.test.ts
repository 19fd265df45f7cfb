import { getDocument as backofficeDocument } from '@weavr-sdk/backoffice';
import { getDocument, paginate } from '@weavr-sdk/multi';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

/** The JSON shape of a statement answer (the operation's `data` type also covers its PDF). */
// biome-ignore lint/suspicious/noExplicitAny: read field by field in the assertions
type Statement = Record<string, any>;

import { type Emulator, startEmulator } from '../src/index.js';
import { clients, onboardCorporate, prepaidCardBody, problems } from './helpers.js';

let emu: Emulator;
let setup: Awaited<ReturnType<typeof history>>;
const DAY = 24 * 60 * 60_000;

/**
 * A ledger with one of everything: a deposit, a day later a transfer to a card, a purchase and a refund on the
 * card, and a fee on the account.
 */
async function history() {
  const { user, corporate } = await onboardCorporate(emu);
  const { simulator } = clients(emu);
  const { data: account } = await user.POST('/managed_accounts', {
    body: { profileId: emu.profiles.managedAccounts, friendlyName: 'Main', currency: 'EUR' },
    throwOnError: true,
  });
  const { data: card } = await user.POST('/managed_cards', {
    body: prepaidCardBody(emu),
    throwOnError: true,
  });
  const accountId = account?.id as string;
  const cardId = card?.id as string;
  await simulator.POST('/accounts/{account_id}/deposit', {
    params: { path: { account_id: accountId as unknown as number } },
    body: { depositAmount: { currency: 'EUR', amount: 10_000 }, reference: 'Salary' },
    throwOnError: true,
  });
  emu.clock.advance(DAY);
  const dayTwo = emu.clock.now();
  await user.POST('/transfers', {
    body: {
      profileId: emu.profiles.transfers,
      source: { type: 'managed_accounts', id: accountId },
      destination: { type: 'managed_cards', id: cardId },
      destinationAmount: { currency: 'EUR', amount: 2_500 },
    },
    throwOnError: true,
  });
  const card_id = cardId as unknown as number;
  await simulator.POST('/cards/{card_id}/purchase', {
    params: { path: { card_id } },
    body: { merchantName: 'Tea Shop', transactionAmount: { currency: 'EUR', amount: 500 } },
    throwOnError: true,
  });
  await simulator.POST('/cards/{card_id}/merchant_refund', {
    params: { path: { card_id } },
    body: { merchantName: 'Tea Shop', transactionAmount: { currency: 'EUR', amount: 200 } },
    throwOnError: true,
  });
  await user.POST('/corporates/fees/charge', {
    body: { feeType: 'PRINTED_CARD_ACCOUNT_STATEMENT', source: { type: 'managed_accounts', id: accountId } },
    throwOnError: true,
  });
  return { user, corporate, accountId, cardId, dayTwo };
}

beforeAll(async () => {
  emu = await startEmulator({ stepUpOperations: [] });
  setup = await history();
});
afterAll(() => emu?.close());

describe('statements built from the ledger', () => {
  test('entries newest first with balanceAfter; opening and closing balances', async () => {
    const { user, accountId } = setup;
    const data = (
      await user.GET('/managed_accounts/{id}/statement', {
        params: { path: { id: accountId } },
        throwOnError: true,
      })
    ).data as Statement;
    const entries: Statement[] = data?.entries ?? [];
    expect(entries.map((e) => [e.balanceAdjustment.amount, e.balanceAfter.amount])).toEqual([
      [-250, 7_250],
      [-2_500, 7_500],
      [10_000, 10_000],
    ]);
    expect(entries.map((e) => e.transaction.type)).toEqual(['fees', 'transfers', 'incoming_wire_transfers']);
    expect(data).toMatchObject({
      openingBalance: { currency: 'EUR', amount: 0 },
      closingBalance: { currency: 'EUR', amount: 7_250 },
      count: 3,
      responseCount: 3,
    });
    expect(problems).toEqual([]);
  });

  test('period, type, order and paging', async () => {
    const { user, accountId, dayTwo } = setup;
    const statement = (query: Record<string, unknown>) =>
      user
        .GET('/managed_accounts/{id}/statement', {
          params: { path: { id: accountId }, query: query as never },
          throwOnError: true,
        })
        .then((r) => ({ data: r.data as Statement }));
    const { data: later } = await statement({ startPeriod: dayTwo });
    expect(later).toMatchObject({
      openingBalance: { amount: 10_000 },
      closingBalance: { amount: 7_250 },
      count: 2,
    });
    const { data: earlier } = await statement({ endPeriod: dayTwo - 1 });
    expect(earlier).toMatchObject({
      openingBalance: { amount: 0 },
      closingBalance: { amount: 10_000 },
      count: 1,
    });
    const { data: fees } = await statement({ 'transaction.type': ['fees'] });
    expect(fees?.entries?.map((e: Statement) => e.balanceAdjustment.amount)).toEqual([-250]);
    const { data: asc } = await statement({ sortOrder: 'ASC', offset: 1, limit: 1 });
    expect(asc).toMatchObject({ count: 3, responseCount: 1 });
    expect(asc?.entries?.[0]?.balanceAfter.amount).toBe(7_500);
  });

  test('paginate walks the card’s statement and its transactions', async () => {
    const { user, cardId } = setup;
    const amounts: number[] = [];
    for await (const entry of paginate(user, '/managed_cards/{id}/statement', {
      params: { path: { id: cardId }, query: { limit: 1 } },
    }))
      amounts.push(entry.balanceAdjustment.amount);
    expect(amounts).toEqual([200, -500, 2_500]);
    const types: string[] = [];
    for await (const tx of paginate(user, '/managed_cards/{id}/transactions', {
      params: { path: { id: cardId }, query: { limit: 2 } },
    }))
      types.push(`${tx.type} ${tx.direction} ${tx.amount.amount}`);
    expect(types).toEqual(['card_payments CREDIT 200', 'card_payments DEBIT 500', 'transfers CREDIT 2500']);
  });

  test('as a PDF a reader opens, through getDocument', async () => {
    const { user, accountId } = setup;
    const { data: pdf } = await getDocument(user, '/managed_accounts/{id}/statement', {
      params: { path: { id: accountId } },
      accept: 'application/pdf',
    });
    const bytes = pdf instanceof ArrayBuffer ? pdf : await (pdf as Blob).arrayBuffer();
    const parser = new PDFParse({ data: new Uint8Array(bytes) });
    try {
      const { text, total } = await parser.getText();
      expect(total).toBe(1);
      expect(text).toContain(`Statement of managed accounts ${accountId}`);
      expect(text).toContain('Opening balance: EUR 0.00');
      expect(text).toContain('Closing balance: EUR 72.50');
      expect(text).toMatch(/CHARGE_FEE\s+-2\.50/);
    } finally {
      await parser.destroy();
    }
  });

  test('Back-Office: the same ledger in its older shape, and as CSV', async () => {
    const { corporate, accountId } = setup;
    const acme = await clients(emu).backoffice.forIdentity(corporate.id);
    const data = (
      await acme.GET('/managed_accounts/{id}/statement', {
        params: { path: { id: accountId }, query: { orderByTimestamp: 'ASC' } as never },
        throwOnError: true,
      })
    ).data as Statement;
    expect(data).toMatchObject({ startBalance: { amount: 0 }, endBalance: { amount: 7_250 }, count: 3 });
    expect(data?.entry?.map((e: Statement) => e.transactionId.type)).toEqual([
      'DEPOSIT',
      'TRANSFER',
      'CHARGE_FEE',
    ]);
    const { data: csv } = await backofficeDocument(acme, '/managed_accounts/{id}/statement', {
      params: { path: { id: accountId } },
      accept: 'text/csv',
    });
    const lines = String(csv).trim().split('\n');
    expect(lines[0]).toBe(
      'entryId,timestamp,transactionType,transactionId,description,currency,amount,balanceAfter',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(-2).join(' '))).toEqual([
      '-250 7250',
      '-2500 7500',
      '10000 10000',
    ]);
    expect(problems).toEqual([]);
  });
});
