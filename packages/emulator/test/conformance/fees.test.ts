/**
 * Back-Office fee charging, ported from Weavr's QA suite (`opc/junit/backoffice/fees/ChargeFeeTests.java`): each
 * title is `<QA test class>.<QA test method>`. The programme charges `PRINTED_CARD_ACCOUNT_STATEMENT` at QA's
 * `CHARGE_FEE` amounts (`TestHelper.getFees`). QA's programme also takes a deposit fee (`transactionFees.deposit`),
 * not set here, so balances are the deposit less the charge alone.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../../src/index.js';
import { account, debitCard, fundedAccount, fundedCard, postAs, read } from './instruments.js';
import { impersonate, type Onboarded, onboard, raw } from './onboard.js';

const CHARGE_FEE = { EUR: 103, GBP: 108, USD: 106 };

let emu: Emulator;
let corporate: Onboarded;
let consumer: Onboarded;
let tokens: Record<'CORPORATE' | 'CONSUMER', string>;
beforeAll(async () => {
  emu = await startEmulator({ fees: { PRINTED_CARD_ACCOUNT_STATEMENT: CHARGE_FEE } });
  corporate = await onboard(emu, 'CORPORATE');
  consumer = await onboard(emu, 'CONSUMER');
  tokens = { CORPORATE: await impersonate(emu, corporate), CONSUMER: await impersonate(emu, consumer) };
});
afterAll(() => emu?.close());

type Kind = 'managed_accounts' | 'managed_cards';
const feeBody = (type: string, id: string, feeType = 'PRINTED_CARD_ACCOUNT_STATEMENT') => ({
  feeType,
  source: { type, id },
});
const charge = (token: string, body: object, idempotencyRef?: string) =>
  postAs(emu, '/multi/backoffice/fees/charge', token, body, idempotencyRef);

/** The checks every successful charge of `ChargeFeeTests` makes on the answer. */
function expectCharged(
  body: Record<string, unknown>,
  who: Onboarded,
  kind: Kind,
  id: string,
  amount: number,
) {
  expect(body).toMatchObject({
    transactionId: { type: 'CHARGE_FEE' },
    profileId: who.type === 'CORPORATE' ? emu.profiles.corporates : emu.profiles.consumers,
    feeType: 'PRINTED_CARD_ACCOUNT_STATEMENT',
    source: { type: kind, id },
    availableBalanceAdjustment: { currency: 'EUR', amount },
    state: 'COMPLETED',
  });
  expect(body.creationTimestamp).toBeTruthy();
}

describe('ChargeFeeTests', () => {
  test.each([
    ['Consumer', 'CONSUMER'],
    ['Corporate', 'CORPORATE'],
  ] as const)('ChargeFeeTests.ChargeFee_%sManagedAccount_Success', async (_label, type) => {
    const who = type === 'CONSUMER' ? consumer : corporate;
    const id = await fundedAccount(emu, who, 10_000);
    const res = await charge(tokens[type], feeBody('managed_accounts', id));
    expect(res.status).toBe(200);
    expectCharged(res.body, who, 'managed_accounts', id, -CHARGE_FEE.EUR);
    expect((await read(who, 'managed_accounts', id)).balances).toEqual({
      availableBalance: 10_000 - CHARGE_FEE.EUR,
      actualBalance: 10_000 - CHARGE_FEE.EUR,
    });
  });

  test.each([
    ['Consumer', 'CONSUMER'],
    ['Corporate', 'CORPORATE'],
  ] as const)('ChargeFeeTests.ChargeFee_%sPrepaidCard_Success', async (_label, type) => {
    const who = type === 'CONSUMER' ? consumer : corporate;
    const id = await fundedCard(emu, who, 5_000);
    const res = await charge(tokens[type], feeBody('managed_cards', id));
    expect(res.status).toBe(200);
    expectCharged(res.body, who, 'managed_cards', id, -CHARGE_FEE.EUR);
    expect((await read(who, 'managed_cards', id)).balances.availableBalance).toBe(5_000 - CHARGE_FEE.EUR);
  });

  test.each([
    ['Consumer', 'CONSUMER'],
    ['Corporate', 'CORPORATE'],
  ] as const)('ChargeFeeTests.ChargeFee_%sDebitCard_Success', async (_label, type) => {
    const who = type === 'CONSUMER' ? consumer : corporate;
    const parent = await fundedAccount(emu, who, 10_000);
    const card = await debitCard(emu, who, parent);
    const res = await charge(tokens[type], feeBody('managed_cards', card));
    expect(res.status).toBe(200);
    expectCharged(res.body, who, 'managed_cards', card, 0);
    expect((await read(who, 'managed_accounts', parent)).balances.availableBalance).toBe(
      10_000 - CHARGE_FEE.EUR,
    );
  });

  test('ChargeFeeTests.ChargeFee_NoFunds_InsufficientFunds', async () => {
    const id = await account(emu, consumer);
    expect(await charge(tokens.CONSUMER, feeBody('managed_accounts', id))).toEqual({
      status: 409,
      body: { errorCode: 'FUNDS_INSUFFICIENT' },
    });
  });

  test('ChargeFeeTests.ChargeFee_InvalidSourceType_BadRequest', async () => {
    const res = await charge(tokens.CORPORATE, feeBody('unknown', '123456789012345678'));
    expect(res.status).toBe(400);
    expect(res.body.validationErrors).toEqual([
      { fieldName: 'source', error: 'INVALID_TYPE_OR_VALUE' },
      { fieldName: 'type', error: 'INVALID_TYPE_OR_VALUE' },
    ]);
    expect(res.body.syntaxErrors).toBeUndefined();
  });

  test('ChargeFeeTests.ChargeFee_UnknownManagedAccountId_Conflict', async () => {
    expect(await charge(tokens.CONSUMER, feeBody('managed_accounts', '123456789012345678'))).toEqual({
      status: 409,
      body: { errorCode: 'UNRESOLVED_INSTRUMENT' },
    });
  });

  test.each(['', 'abc'])('ChargeFeeTests.ChargeFee_InvalidManagedAccountId_BadRequest (%j)', async (id) => {
    const res = await charge(tokens.CORPORATE, feeBody('managed_accounts', id));
    expect(res.status).toBe(400);
    expect(['HAS_TEXT', 'REGEX']).toContain(res.body.validationErrors[0].error);
    expect(res.body.validationErrors[0].fieldName).toBe('source.id');
  });

  test.each([
    ['Consumer', 'CONSUMER'],
    ['Corporate', 'CORPORATE'],
  ] as const)('ChargeFeeTests.ChargeFee_%sToken_Forbidden', async (_label, type) => {
    const who = type === 'CONSUMER' ? consumer : corporate;
    const id = await account(emu, who);
    expect((await charge(who.token, feeBody('managed_accounts', id))).status).toBe(403);
  });

  test('ChargeFeeTests.ChargeFee_InvalidApiKey_Unauthorised', async () => {
    const res = await raw(emu, 'POST', '/multi/backoffice/fees/charge', {
      apiKey: 'abc',
      token: tokens.CORPORATE,
      body: feeBody('managed_accounts', '1'),
    });
    expect(res.status).toBe(401);
  });

  test('ChargeFeeTests.ChargeFee_NoApiKey_BadRequest', async () => {
    const res = await raw(emu, 'POST', '/multi/backoffice/fees/charge', {
      apiKey: '',
      token: tokens.CORPORATE,
      body: feeBody('managed_accounts', '1'),
    });
    expect(res.status).toBe(400);
    expect(res.body.validationErrors[0]).toMatchObject({ error: 'REQUIRED', fieldName: 'api-key' });
  });

  test('ChargeFeeTests.ChargeFee_InvalidFeeType_UnresolvedFeeType', async () => {
    expect(
      await charge(tokens.CORPORATE, feeBody('managed_accounts', '123456789012345678', 'unknown')),
    ).toEqual({
      status: 409,
      body: { errorCode: 'UNRESOLVED_FEE_TYPE' },
    });
  });

  test('ChargeFeeTests.ChargeFee_ConsumerSameIdempotencyRefSamePayload_Success', async () => {
    const id = await fundedAccount(emu, consumer, 10_000);
    const body = feeBody('managed_accounts', id);
    const [first, second] = [
      await charge(tokens.CONSUMER, body, 'fee-same'),
      await charge(tokens.CONSUMER, body, 'fee-same'),
    ];
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.transactionId).toEqual(first.body.transactionId);
    expect((await read(consumer, 'managed_accounts', id)).balances.availableBalance).toBe(
      10_000 - CHARGE_FEE.EUR,
    );
  });

  test('ChargeFeeTests.ChargeFee_SameIdempotencyRefDifferentPayload_PreconditionFailed', async () => {
    const [a, b] = [await fundedAccount(emu, consumer, 10_000), await fundedAccount(emu, consumer, 10_000)];
    expect((await charge(tokens.CONSUMER, feeBody('managed_accounts', a), 'fee-diff')).body.state).toBe(
      'COMPLETED',
    );
    const res = await charge(tokens.CONSUMER, feeBody('managed_accounts', b), 'fee-diff');
    expect(res.status).toBe(400);
    expect(res.body.validationErrors[0].error).toBe('INVALID_REQUEST');
  });

  test('ChargeFeeTests.ChargeFee_ConsumerDifferentIdempotencyRef_Success', async () => {
    const id = await fundedAccount(emu, consumer, 10_000);
    const body = feeBody('managed_accounts', id);
    const answers = [
      await charge(tokens.CONSUMER, body, 'fee-1'),
      await charge(tokens.CONSUMER, body, 'fee-2'),
    ];
    expect(answers.map((a) => a.body.state)).toEqual(['COMPLETED', 'COMPLETED']);
    expect(answers[0]?.body.transactionId.id).not.toBe(answers[1]?.body.transactionId.id);
    expect((await read(consumer, 'managed_accounts', id)).balances.availableBalance).toBe(
      10_000 - 2 * CHARGE_FEE.EUR,
    );
  });

  test('ChargeFeeTests.ChargeFee_CorporateManagedAccountConsumerImpersonate_Conflict', async () => {
    const id = await fundedAccount(emu, corporate, 10_000);
    expect(await charge(tokens.CONSUMER, feeBody('managed_accounts', id))).toEqual({
      status: 409,
      body: { errorCode: 'UNRESOLVED_INSTRUMENT' },
    });
  });

  test('ChargeFeeTests.ChargeFee_ConsumerManagedAccountCorporateImpersonate_Conflict', async () => {
    const id = await fundedAccount(emu, consumer, 10_000);
    expect(await charge(tokens.CORPORATE, feeBody('managed_accounts', id))).toEqual({
      status: 409,
      body: { errorCode: 'UNRESOLVED_INSTRUMENT' },
    });
    expect((await read(consumer, 'managed_accounts', id)).balances.availableBalance).toBe(10_000);
  });
});
