/**
 * Transfers, ported from Weavr's QA suite (`opc/junit/multi/transfers/*Tests.java` and
 * `opc/junit/backoffice/transfers/*Tests.java`): each title is `<QA test class>.<QA test method>`.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../../src/index.js';
import {
  account,
  balance,
  conflictWith,
  debitCard,
  emptyOf,
  fundedAccount,
  fundedCard,
  fundedOf,
  movementBody,
  postAs,
  prepaidCard,
  ROUTES,
  setState,
} from './instruments.js';
import { backofficeFor, impersonate, logout, type Onboarded, onboard, raw } from './onboard.js';

let emu: Emulator;
let corporate: Onboarded;
let consumer: Onboarded;
beforeAll(async () => {
  emu = await startEmulator({ requireVerification: true });
  corporate = await onboard(emu, 'CORPORATE');
  consumer = await onboard(emu, 'CONSUMER');
});
afterAll(() => emu?.close());

type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never;

/** `TransferFundsModel.newBuilder()` with every field set. */
const transferBody = (...args: Tail<Parameters<typeof movementBody>>) =>
  movementBody(emu.profiles.transfers, ...args);

const transfer = (who: Onboarded, body: object, idempotencyRef?: string) =>
  postAs(emu, '/multi/transfers', who.token, body, idempotencyRef);

describe('CreateTransfersTests', () => {
  test.each(ROUTES)('CreateTransfersTests.TransferFunds_%s_Success', async (_name, from, to) => {
    const source = await fundedOf(emu, corporate, from, 10_000);
    const dest = await emptyOf(emu, corporate, to);
    const body = transferBody(source, dest, 500, [from, to]);
    const res = await transfer(corporate, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...body, state: 'COMPLETED' });
    expect(await balance(corporate, from, source)).toBe(9_500);
    expect(await balance(corporate, to, dest)).toBe(500);
  });

  test('CreateTransfersTests.TransferFunds_ConsumerMaToMa_Success', async () => {
    const source = await fundedAccount(emu, consumer, 10_000);
    const dest = await account(emu, consumer);
    expect((await transfer(consumer, transferBody(source, dest))).status).toBe(200);
    expect(await balance(consumer, 'managed_accounts', source)).toBe(9_500);
    expect(await balance(consumer, 'managed_accounts', dest)).toBe(500);
  });

  test('CreateTransfersTests.TransferFunds_SourceManagedAccountLinkedToDebitCard_Success', async () => {
    const source = await fundedAccount(emu, corporate, 10_000);
    await debitCard(emu, corporate, source);
    const dest = await account(emu, corporate);
    expect((await transfer(corporate, transferBody(source, dest))).status).toBe(200);
    expect(await balance(corporate, 'managed_accounts', dest)).toBe(500);
  });

  test('CreateTransfersTests.TransferFunds_RequiredFieldsOnly_Success', async () => {
    const source = await fundedAccount(emu, corporate, 10_000);
    const dest = await account(emu, corporate);
    const { tag: _tag, ...body } = transferBody(source, dest);
    const res = await transfer(corporate, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...body, state: 'COMPLETED' });
    expect(res.body.id).toBeTruthy();
    expect(res.body.creationTimestamp).toBeTruthy();
  });

  test('CreateTransfersTests.TransferFunds_SameIdempotencyRefSamePayload_Success', async () => {
    const source = await fundedAccount(emu, corporate, 10_000);
    const dest = await account(emu, corporate);
    const body = transferBody(source, dest);
    const [first, second] = [
      await transfer(corporate, body, 't-same'),
      await transfer(corporate, body, 't-same'),
    ];
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.id).toBe(first.body.id);
    expect(await balance(corporate, 'managed_accounts', dest)).toBe(500);
  });

  test('CreateTransfersTests.TransferFunds_SameIdempotencyRefDifferentPayload_PreconditionFailed', async () => {
    const source = await fundedAccount(emu, corporate, 10_000);
    const dest = await account(emu, corporate);
    expect((await transfer(corporate, transferBody(source, dest), 't-diff')).status).toBe(200);
    expect((await transfer(corporate, transferBody(source, dest, 600), 't-diff')).status).toBe(400);
  });

  test('CreateTransfersTests.TransferFunds_LongIdempotencyRef_RequestTooLong', async () => {
    const source = await fundedAccount(emu, corporate, 10_000);
    const dest = await account(emu, corporate);
    expect((await transfer(corporate, transferBody(source, dest), 'x'.repeat(8000))).status).toBe(413);
  });

  test('CreateTransfersTests.TransferFunds_SameIdempotencyRefDifferentPayloadInitialCallFailed_Success', async () => {
    const who = await onboard(emu, 'CORPORATE');
    const source = await fundedAccount(emu, who, 10_000);
    const dest = await account(emu, who);
    expect(
      (await transfer(who, { ...transferBody(source, dest), profileId: '123' }, 't-failed')).status,
    ).toBe(404);
    expect((await transfer(who, transferBody(source, dest), 't-failed')).status).toBe(200);
    const { data } = await who.multi.GET('/transfers', { throwOnError: true });
    expect(data.count).toBe(1);
  });

  test('CreateTransfersTests.TransferFunds_DebitManagedCardToManagedAccount_SourceCannotBeDebitModeCard', async () => {
    const parent = await fundedAccount(emu, corporate, 10_000);
    const card = await debitCard(emu, corporate, parent);
    const dest = await account(emu, corporate);
    expect(
      await transfer(corporate, transferBody(card, dest, 100, ['managed_cards', 'managed_accounts'])),
    ).toEqual(conflictWith('SOURCE_CANNOT_BE_DEBIT_MODE_CARD'));
  });

  test('CreateTransfersTests.TransferFunds_ManagedAccountToDebitManagedCard_DestinationCannotBeDebitModeCard', async () => {
    const source = await fundedAccount(emu, corporate, 10_000);
    const card = await debitCard(emu, corporate, await account(emu, corporate));
    expect(
      await transfer(corporate, transferBody(source, card, 100, ['managed_accounts', 'managed_cards'])),
    ).toEqual(conflictWith('DESTINATION_CANNOT_BE_DEBIT_MODE_CARD'));
  });

  test('CreateTransfersTests.TransferFunds_TransferToSameManagedAccountLinkedToDebitManagedCard_DestinationCannotBeDebitModeCard', async () => {
    const source = await fundedAccount(emu, corporate, 10_000);
    const card = await debitCard(emu, corporate, source);
    expect(
      await transfer(corporate, transferBody(source, card, 100, ['managed_accounts', 'managed_cards'])),
    ).toEqual(conflictWith('DESTINATION_CANNOT_BE_DEBIT_MODE_CARD'));
  });

  test('CreateTransfersTests.TransferFunds_UnknownProfileId_NotFound', async () => {
    const [source, dest] = [await account(emu, corporate), await account(emu, corporate)];
    expect(
      (await transfer(corporate, { ...transferBody(source, dest, 10), profileId: '987654321098765432' }))
        .status,
    ).toBe(404);
  });

  test('CreateTransfersTests.TransferFunds_UnknownSourceInstrumentId_SourceNotFound', async () => {
    const dest = await account(emu, corporate);
    expect(await transfer(corporate, transferBody('123456789012345678', dest))).toEqual(
      conflictWith('SOURCE_NOT_FOUND'),
    );
  });

  test('CreateTransfersTests.TransferFunds_UnknownDestinationInstrumentId_DestinationNotFound', async () => {
    const source = await fundedAccount(emu, corporate, 1_000);
    expect(await transfer(corporate, transferBody(source, '123456789012345678'))).toEqual(
      conflictWith('DESTINATION_NOT_FOUND'),
    );
  });

  test.each([null, ''])('CreateTransfersTests.TransferFunds_NoProfileId_Conflict (%j)', async (p) => {
    const [source, dest] = [await account(emu, corporate), await account(emu, corporate)];
    expect((await transfer(corporate, { ...transferBody(source, dest), profileId: p })).status).toBe(400);
  });

  test('CreateTransfersTests.TransferFunds_UnknownSourceInstrumentType_BadRequest', async () => {
    const [source, dest] = [await account(emu, corporate), await account(emu, corporate)];
    const body = transferBody(source, dest);
    expect((await transfer(corporate, { ...body, source: { ...body.source, type: 'unknown' } })).status).toBe(
      400,
    );
  });

  test('CreateTransfersTests.TransferFunds_CrossIdentityAuthenticationCheck_SourceNotFound', async () => {
    const theirs = await fundedAccount(emu, consumer, 1_000);
    const mine = await account(emu, corporate);
    expect(await transfer(corporate, transferBody(theirs, mine))).toEqual(conflictWith('SOURCE_NOT_FOUND'));
  });

  test('CreateTransfersTests.TransferFunds_CrossIdentityTransferCheck_DestinationNotFound', async () => {
    const mine = await fundedAccount(emu, corporate, 1_000);
    const theirs = await account(emu, consumer);
    expect(await transfer(corporate, transferBody(mine, theirs))).toEqual(
      conflictWith('DESTINATION_NOT_FOUND'),
    );
  });

  test('CreateTransfersTests.TransferFunds_NoFunds_FundsInsufficient', async () => {
    const [source, dest] = [await account(emu, corporate), await account(emu, corporate)];
    expect(await transfer(corporate, transferBody(source, dest))).toEqual(conflictWith('FUNDS_INSUFFICIENT'));
  });

  test('CreateTransfersTests.TransferFunds_NotEnoughFunds_FundsInsufficient', async () => {
    const source = await fundedAccount(emu, corporate, 100);
    const dest = await account(emu, corporate);
    expect(await transfer(corporate, transferBody(source, dest, 101))).toEqual(
      conflictWith('FUNDS_INSUFFICIENT'),
    );
    expect(await balance(corporate, 'managed_accounts', source)).toBe(100);
  });

  test('CreateTransfersTests.TransferFunds_NegativeAmount_AmountInvalid', async () => {
    const source = await fundedAccount(emu, corporate, 1_000);
    const dest = await account(emu, corporate);
    expect(await transfer(corporate, transferBody(source, dest, -100))).toEqual(
      conflictWith('AMOUNT_INVALID'),
    );
  });

  test('CreateTransfersTests.TransferFunds_TransferToSelf_Conflict', async () => {
    const source = await fundedAccount(emu, consumer, 10_000);
    expect(await transfer(consumer, transferBody(source, source))).toEqual(
      conflictWith('SOURCE_AND_DESTINATION_MUST_BE_DIFFERENT'),
    );
  });

  test('CreateTransfersTests.TransferFunds_OtherCurrency_CurrencyMismatch', async () => {
    const source = await fundedAccount(emu, corporate, 1_000);
    const dest = await account(emu, corporate);
    expect(await transfer(corporate, transferBody(source, dest, 100, undefined, 'USD'))).toEqual(
      conflictWith('CURRENCY_MISMATCH'),
    );
  });

  test.each([
    [
      'SourceManagedCardBlocked_SourceInstrumentBlocked',
      'managed_cards',
      'source',
      'block',
      'SOURCE_INSTRUMENT_BLOCKED',
    ],
    [
      'DestinationManagedCardRemoved_DestinationInstrumentDestroyed',
      'managed_cards',
      'destination',
      'remove',
      'DESTINATION_INSTRUMENT_DESTROYED',
    ],
    [
      'DestinationManagedCardBlocked_DestinationInstrumentBlocked',
      'managed_cards',
      'destination',
      'block',
      'DESTINATION_INSTRUMENT_BLOCKED',
    ],
    [
      'SourceManagedAccountBlocked_SourceInstrumentBlocked',
      'managed_accounts',
      'source',
      'block',
      'SOURCE_INSTRUMENT_BLOCKED',
    ],
    [
      'DestinationManagedAccountRemoved_DestinationInstrumentDestroyed',
      'managed_accounts',
      'destination',
      'remove',
      'DESTINATION_INSTRUMENT_DESTROYED',
    ],
    [
      'DestinationManagedAccountBlocked_DestinationInstrumentBlocked',
      'managed_accounts',
      'destination',
      'block',
      'DESTINATION_INSTRUMENT_BLOCKED',
    ],
  ] as const)('CreateTransfersTests.TransferFunds_%s', async (_name, kind, side, action, errorCode) => {
    const source =
      kind === 'managed_cards'
        ? await fundedCard(emu, corporate, 1_000)
        : await fundedAccount(emu, corporate, 1_000);
    const dest = kind === 'managed_cards' ? await prepaidCard(emu, corporate) : await account(emu, corporate);
    await setState(corporate, kind, side === 'source' ? source : dest, action);
    expect(await transfer(corporate, transferBody(source, dest, 100, [kind, kind]))).toEqual(
      conflictWith(errorCode),
    );
  });

  test('CreateTransfersTests.TransferFunds_InvalidApiKey_Unauthorised', async () => {
    const res = await raw(emu, 'POST', '/multi/transfers', {
      apiKey: 'abc',
      token: corporate.token,
      body: transferBody('1', '2'),
    });
    expect(res.status).toBe(401);
  });

  test('CreateTransfersTests.TransferFunds_NoApiKey_BadRequest', async () => {
    const res = await raw(emu, 'POST', '/multi/transfers', {
      apiKey: '',
      token: corporate.token,
      body: transferBody('1', '2'),
    });
    expect(res.status).toBe(400);
  });

  test('CreateTransfersTests.TransferFunds_RootUserLoggedOut_Unauthorised', async () => {
    const who = await onboard(emu, 'CONSUMER');
    await logout(emu, who);
    expect((await transfer(who, transferBody('1', '2'))).status).toBe(401);
  });

  test('CreateTransfersTests.TransferFunds_BackofficeCorporateImpersonator_Forbidden', async () => {
    const token = await impersonate(emu, corporate);
    expect((await raw(emu, 'POST', '/multi/transfers', { token, body: transferBody('1', '2') })).status).toBe(
      403,
    );
  });
});

describe('GetTransferTests', () => {
  test('GetTransferTests.GetTransfer_Corporate_Success', async () => {
    const source = await fundedAccount(emu, corporate, 1_000);
    const dest = await account(emu, corporate);
    const body = transferBody(source, dest, 300);
    const { body: made } = await transfer(corporate, body);
    const res = await raw(emu, 'GET', `/multi/transfers/${made.id}`, { token: corporate.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...body, id: made.id, state: 'COMPLETED' });
  });

  test('GetTransferTests.GetTransfer_UnknownTransfer_NotFound', async () => {
    expect(
      (await raw(emu, 'GET', '/multi/transfers/123456789012345678', { token: corporate.token })).status,
    ).toBe(404);
  });

  test('GetTransferTests.GetTransfer_InvalidTransferId_BadRequest', async () => {
    expect((await raw(emu, 'GET', '/multi/transfers/abc12x', { token: corporate.token })).status).toBe(400);
  });

  test('GetTransferTests.GetTransfer_CrossIdentityChecks_NotFound', async () => {
    const source = await fundedAccount(emu, consumer, 1_000);
    const { body: made } = await transfer(consumer, transferBody(source, await account(emu, consumer), 100));
    expect((await raw(emu, 'GET', `/multi/transfers/${made.id}`, { token: corporate.token })).status).toBe(
      404,
    );
  });
});

describe('GetTransfersTests', () => {
  test('GetTransfersTests.GetTransfers_NoEntries_Success', async () => {
    const who = await onboard(emu, 'CONSUMER');
    const res = await raw(emu, 'GET', '/multi/transfers', { token: who.token });
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(0);
    expect(res.body.transfer ?? []).toEqual([]);
  });

  test('GetTransfersTests.GetTransfers_Corporate_Success', async () => {
    const who = await onboard(emu, 'CORPORATE');
    const source = await fundedAccount(emu, who, 1_000);
    const dest = await account(emu, who);
    for (const amount of [100, 200]) await transfer(who, transferBody(source, dest, amount));
    const res = await raw(emu, 'GET', '/multi/transfers', { token: who.token });
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(2);
    expect(res.body.responseCount).toBe(2);
    // Newest first.
    expect(
      res.body.transfer.map((t: { destinationAmount: { amount: number } }) => t.destinationAmount.amount),
    ).toEqual([200, 100]);
  });

  test('GetTransfersTests.GetTransfers_LimitFilterCheck_Success', async () => {
    const who = await onboard(emu, 'CORPORATE');
    const source = await fundedAccount(emu, who, 1_000);
    const dest = await account(emu, who);
    for (const amount of [100, 200]) await transfer(who, transferBody(source, dest, amount));
    const res = await raw(emu, 'GET', '/multi/transfers?limit=1', { token: who.token });
    expect(res.body.count).toBe(2);
    expect(res.body.responseCount).toBe(1);
  });
});

describe('Back-Office CreateTransfersTests / GetTransferTests', () => {
  test('CreateTransfersTests (backoffice).TransferFunds_CorporateMaToMa_Success', async () => {
    const bo = await backofficeFor(emu, corporate);
    const source = await fundedAccount(emu, corporate, 10_000);
    const dest = await account(emu, corporate);
    const { data, response } = await bo.POST('/transfers', { body: transferBody(source, dest) });
    expect(response.status).toBe(200);
    expect(data?.state).toBe('COMPLETED');
    expect(await balance(corporate, 'managed_accounts', source)).toBe(9_500);
    expect(await balance(corporate, 'managed_accounts', dest)).toBe(500);
  });

  test('CreateTransfersTests (backoffice).TransferFunds_CorporateAuthToken_Forbidden', async () => {
    const res = await raw(emu, 'POST', '/multi/backoffice/transfers', {
      token: corporate.token,
      body: transferBody('1', '2'),
    });
    expect(res.status).toBe(403);
  });

  test('GetTransferTests (backoffice).GetTransfer_CrossIdentityChecks_NotFound', async () => {
    const source = await fundedAccount(emu, consumer, 1_000);
    const { body: made } = await transfer(consumer, transferBody(source, await account(emu, consumer), 100));
    const token = await impersonate(emu, corporate);
    expect((await raw(emu, 'GET', `/multi/backoffice/transfers/${made.id}`, { token })).status).toBe(404);
  });
});
