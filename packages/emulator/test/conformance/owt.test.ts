/**
 * Outgoing wire transfers, ported from Weavr's QA suite (`opc/junit/multi/owt/*Tests.java`): each title is
 * `<QA test class>.<QA test method>`. QA's programme challenges every wire transfer
 * (`challengeThreshold.outgoingWireTransfers: 0`).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../../src/index.js';
import {
  account,
  conflictWith,
  fundedAccount,
  postAs,
  prepaidCard,
  read,
  setState,
  wireBody,
} from './instruments.js';
import { enrolOtp, logout, type Onboarded, onboard, raw } from './onboard.js';

let emu: Emulator;
let corporate: Onboarded;
let consumer: Onboarded;
beforeAll(async () => {
  emu = await startEmulator({ requireVerification: true, challengeThreshold: { outgoingWireTransfers: 0 } });
  corporate = await onboard(emu, 'CORPORATE');
  consumer = await onboard(emu, 'CONSUMER');
  await enrolOtp(corporate);
});
afterAll(() => emu?.close());

/** `OutgoingWireTransfersModel.DefaultOutgoingWireTransfersModel(profile, account, currency, amount, type)`. */
const owtBody = (from: string, amount = 200, currency = 'EUR', type: 'SEPA' | 'FASTER_PAYMENTS' = 'SEPA') =>
  wireBody(emu, from, amount, currency, type);

const create = (who: Onboarded, body: object, idempotencyRef?: string) =>
  postAs(emu, '/multi/outgoing_wire_transfers', who.token, body, idempotencyRef);

describe('SendOutgoingWireTransfersTests', () => {
  test.each([
    ['EUR', 'SEPA'],
    ['GBP', 'FASTER_PAYMENTS'],
  ] as const)(
    'SendOutgoingWireTransfersTests.SendOwt_CorporateOtp_Success (%s %s)',
    async (currency, type) => {
      const from = await fundedAccount(emu, corporate, 10_000, currency);
      const body = owtBody(from, 200, currency, type);
      const res = await create(corporate, body);
      expect(res.status).toBe(200);
      // `assertSuccessfulResponse`
      expect(res.body).toMatchObject({
        profileId: body.profileId,
        tag: body.tag,
        sourceInstrument: body.sourceInstrument,
        transferAmount: body.transferAmount,
        description: body.description,
        destination: {
          name: 'Charles',
          address: 'Street',
          bankName: 'Bank',
          bankAddress: 'Road',
          bankCountry: 'MT',
        },
        state: 'PENDING_CHALLENGE',
      });
      expect(res.body.creationTimestamp).toBeTruthy();
      const path = `/multi/outgoing_wire_transfers/${res.body.id}/challenges/otp/SMS`;
      expect((await raw(emu, 'POST', path, { token: corporate.token })).status).toBe(204);
      const verified = await raw(emu, 'POST', `${path}/verify`, {
        token: corporate.token,
        body: { verificationCode: '123456' },
      });
      expect(verified.status).toBe(204);
      expect((await read(corporate, 'managed_accounts', from)).balances.availableBalance).toBe(9_800);
    },
  );

  test.each(['USD', 'GBP'])(
    'SendOutgoingWireTransfersTests.SendOwt_SepaUnsupportedCurrency_CurrencyMismatch (%s)',
    async (c) => {
      const from = await account(emu, corporate, c);
      expect(await create(corporate, owtBody(from, 200, c, 'SEPA'))).toEqual(
        conflictWith('CURRENCY_MISMATCH'),
      );
    },
  );

  test.each(['USD', 'EUR'])(
    'SendOutgoingWireTransfersTests.SendOwt_FasterPaymentsUnsupportedCurrency_Conflict (%s)',
    async (c) => {
      const from = await account(emu, corporate, c);
      expect(await create(corporate, owtBody(from, 200, c, 'FASTER_PAYMENTS'))).toEqual(
        conflictWith('CURRENCY_MISMATCH'),
      );
    },
  );

  test('SendOutgoingWireTransfersTests.SendOwt_UnknownSourceInstrumentId_SourceNotFound', async () => {
    expect(await create(corporate, owtBody('123456789012345678'))).toEqual(conflictWith('SOURCE_NOT_FOUND'));
  });

  test('SendOutgoingWireTransfersTests.SendOwt_UnknownProfileIdProfileNotFound_Conflict', async () => {
    const from = await account(emu, corporate);
    expect(await create(corporate, { ...owtBody(from), profileId: '123' })).toEqual(
      conflictWith('PROFILE_NOT_FOUND'),
    );
  });

  test('SendOutgoingWireTransfersTests.SendOwt_CrossIdentityCheck_SourceNotFound', async () => {
    const theirs = await fundedAccount(emu, consumer, 1_000);
    expect(await create(corporate, owtBody(theirs))).toEqual(conflictWith('SOURCE_NOT_FOUND'));
  });

  test('SendOutgoingWireTransfersTests.SendOwt_ManagedCardAsSource_SourceNotFound', async () => {
    const card = await prepaidCard(emu, corporate);
    expect(await create(corporate, owtBody(card))).toEqual(conflictWith('SOURCE_NOT_FOUND'));
  });

  test('SendOutgoingWireTransfersTests.SendOwt_NoFunds_FundsInsufficient', async () => {
    const from = await account(emu, corporate);
    const body = owtBody(from, 100);
    expect(await create(corporate, body)).toEqual(conflictWith('FUNDS_INSUFFICIENT'));
    // Still recorded: `OutgoingWireTransfersHelper.getOwtByAccountAndTag` finds it INVALID.
    const listed = await raw(emu, 'GET', `/multi/outgoing_wire_transfers?tag=${body.tag}`, {
      token: corporate.token,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.transfer).toHaveLength(1);
    expect(listed.body.transfer[0]).toMatchObject({
      sourceInstrument: body.sourceInstrument,
      state: 'INVALID',
    });
  });

  test('SendOutgoingWireTransfersTests.SendOwt_NotEnoughFunds_FundsInsufficient', async () => {
    const from = await fundedAccount(emu, corporate, 100);
    expect(await create(corporate, owtBody(from, 101))).toEqual(conflictWith('FUNDS_INSUFFICIENT'));
    expect((await read(corporate, 'managed_accounts', from)).balances.availableBalance).toBe(100);
  });

  test('SendOutgoingWireTransfersTests.SendOwt_InvalidAmount_AmountInvalid', async () => {
    const from = await fundedAccount(emu, corporate, 1_000);
    expect(await create(corporate, owtBody(from, -100))).toEqual(conflictWith('AMOUNT_INVALID'));
  });

  test.each([
    ['SourceManagedAccountRemoved_SourceInstrumentDestroyed', 'remove', 'SOURCE_INSTRUMENT_DESTROYED'],
    ['SourceManagedAccountBlocked_SourceInstrumentBlocked', 'block', 'SOURCE_INSTRUMENT_BLOCKED'],
  ] as const)('SendOutgoingWireTransfersTests.SendOwt_%s', async (_name, action, errorCode) => {
    const from = await account(emu, corporate);
    await setState(corporate, 'managed_accounts', from, action);
    expect(await create(corporate, owtBody(from))).toEqual(conflictWith(errorCode));
  });

  test.each([null, ''])(
    'SendOutgoingWireTransfersTests.SendOwt_MissingBankAccountIban_BadRequest (%j)',
    async (iban) => {
      const from = await fundedAccount(emu, corporate, 1_000);
      const body = owtBody(from);
      body.destinationBeneficiary.bankAccountDetails = { iban, bankIdentifierCode: 'TS12TEST123' } as never;
      expect((await create(corporate, body)).status).toBe(400);
    },
  );

  test('SendOutgoingWireTransfersTests.SendOwt_RootUserLoggedOut_Unauthorised', async () => {
    const who = await onboard(emu, 'CORPORATE');
    await logout(emu, who);
    expect((await create(who, owtBody('1'))).status).toBe(401);
  });

  test('SendOutgoingWireTransfersTests.SendOwt_SameIdempotencyRefSamePayload_Success', async () => {
    const from = await fundedAccount(emu, corporate, 1_000);
    const body = owtBody(from);
    const [first, second] = [
      await create(corporate, body, 'owt-same'),
      await create(corporate, body, 'owt-same'),
    ];
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.id).toBe(first.body.id);
  });

  test('SendOutgoingWireTransfersTests.SendOwt_SameIdempotencyRefDifferentPayload_PreconditionFailed', async () => {
    const from = await fundedAccount(emu, corporate, 1_000);
    expect((await create(corporate, owtBody(from), 'owt-diff')).status).toBe(200);
    expect((await create(corporate, owtBody(from, 300), 'owt-diff')).status).toBe(400);
  });

  test('SendOutgoingWireTransfersTests.TransferFunds_SameIdempotencyRefDifferentPayloadInitialCallFailed_BadRequest', async () => {
    const from = await fundedAccount(emu, corporate, 10_000);
    const body = owtBody(from);
    expect((await create(corporate, { ...body, profileId: '123' }, 'owt-failed')).status).toBe(409);
    expect((await create(corporate, body, 'owt-failed')).status).toBe(400);
  });
});

describe('GetOutgoingWireTransferTests', () => {
  test('GetOutgoingWireTransferTests.GetOwt_Corporate_Success', async () => {
    const from = await fundedAccount(emu, corporate, 1_000);
    const body = owtBody(from);
    const { body: made } = await create(corporate, body);
    const res = await raw(emu, 'GET', `/multi/outgoing_wire_transfers/${made.id}`, {
      token: corporate.token,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: made.id,
      tag: body.tag,
      transferAmount: body.transferAmount,
      state: 'PENDING_CHALLENGE',
    });
  });

  test('GetOutgoingWireTransferTests.GetOwt_UnknownOwtId_NotFound', async () => {
    expect(
      (await raw(emu, 'GET', '/multi/outgoing_wire_transfers/123456789012345678', { token: corporate.token }))
        .status,
    ).toBe(404);
  });

  test('GetOutgoingWireTransferTests.GetOwt_InvalidOwtId_BadRequest', async () => {
    expect(
      (await raw(emu, 'GET', '/multi/outgoing_wire_transfers/ab12cd', { token: corporate.token })).status,
    ).toBe(400);
  });

  test('GetOutgoingWireTransferTests.GetOwt_CrossIdentityChecks_Forbidden', async () => {
    const from = await fundedAccount(emu, corporate, 1_000);
    const { body: made } = await create(corporate, owtBody(from));
    expect(
      (await raw(emu, 'GET', `/multi/outgoing_wire_transfers/${made.id}`, { token: consumer.token })).status,
    ).toBe(403);
  });
});

describe('StartOutgoingWireTransferOtpVerificationTests', () => {
  test('StartOutgoingWireTransferOtpVerificationTests.StartVerification_Corporate_Success', async () => {
    const from = await fundedAccount(emu, corporate, 1_000);
    const { body: made } = await create(corporate, owtBody(from));
    const issued = await raw(emu, 'POST', `/multi/outgoing_wire_transfers/${made.id}/challenges/otp/SMS`, {
      token: corporate.token,
    });
    expect(issued.status).toBe(204);
    const res = await raw(emu, 'GET', `/multi/outgoing_wire_transfers/${made.id}`, {
      token: corporate.token,
    });
    expect(res.body.state).toBe('PENDING_CHALLENGE');
  });

  test('StartOutgoingWireTransferOtpVerificationTests.StartVerification_UserNotEnrolled_UserNotEnrolledOnChallenge', async () => {
    const from = await fundedAccount(emu, consumer, 1_000);
    const { body: made } = await create(consumer, owtBody(from));
    const issued = await raw(emu, 'POST', `/multi/outgoing_wire_transfers/${made.id}/challenges/otp/SMS`, {
      token: consumer.token,
    });
    expect(issued).toEqual(conflictWith('CHANNEL_NOT_REGISTERED'));
  });
});
