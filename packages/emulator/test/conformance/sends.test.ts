/**
 * Sends, ported from Weavr's QA suite (`opc/junit/multi/sends/*Tests.java`): each title is
 * `<QA test class>.<QA test method>`. QA's main programme takes no challenge for sends (its SCA tests run on a
 * second programme, `secretKeyScaSendsApp`): the first emulator plays the first, the second the other.
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
  fundedOf,
  movementBody,
  postAs,
  prepaidCard,
  ROUTES,
  setState,
} from './instruments.js';
import { enrolOtp, impersonate, logout, type Onboarded, onboard, raw } from './onboard.js';

let emu: Emulator;
let sca: Emulator;
let source: Onboarded;
let destination: Onboarded;
beforeAll(async () => {
  emu = await startEmulator({
    requireVerification: true,
    challengeThreshold: { sends: Number.POSITIVE_INFINITY },
  });
  sca = await startEmulator({ requireVerification: true, challengeThreshold: { sends: 0 } });
  source = await onboard(emu, 'CORPORATE');
  destination = await onboard(emu, 'CORPORATE');
});
afterAll(async () => {
  await emu?.close();
  await sca?.close();
});

/** `SendFundsModel.newBuilder()` with every field set, on the emulator `on`. */
const sendBody = (on: Emulator, ...args: Tail<Parameters<typeof movementBody>>) =>
  movementBody(on.profiles.sends, ...args);

type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never;

const send = (who: Onboarded, body: object, idempotencyRef?: string, on = emu) =>
  postAs(on, '/multi/sends', who.token, body, idempotencyRef);

describe('CreateSendsTests', () => {
  test.each(ROUTES)('CreateSendsTests.SendFunds_%s_Success', async (_name, from, to) => {
    const src = await fundedOf(emu, source, from, 10_000);
    const dest = await emptyOf(emu, destination, to);
    const body = sendBody(emu, src, dest, 500, [from, to]);
    const res = await send(source, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...body, state: 'COMPLETED' });
    expect(await balance(source, from, src)).toBe(9_500);
    expect(await balance(destination, to, dest)).toBe(500);
  });

  test('CreateSendsTests.SendFunds_CrossIdentityCorporateToConsumer_Success', async () => {
    const consumer = await onboard(emu, 'CONSUMER');
    const src = await fundedAccount(emu, source, 1_000);
    const dest = await account(emu, consumer);
    expect((await send(source, sendBody(emu, src, dest, 250))).body.state).toBe('COMPLETED');
    expect(await balance(consumer, 'managed_accounts', dest)).toBe(250);
  });

  test('CreateSendsTests.SendFunds_RequiredFieldsOnly_Success', async () => {
    const src = await fundedAccount(emu, source, 10_000);
    const dest = await account(emu, destination);
    const { tag: _tag, ...body } = sendBody(emu, src, dest);
    const res = await send(source, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...body, state: 'COMPLETED' });
  });

  test('CreateSendsTests.SendFunds_SameIdempotencyRefSamePayload_Success', async () => {
    const src = await fundedAccount(emu, source, 10_000);
    const dest = await account(emu, destination);
    const body = sendBody(emu, src, dest);
    const [first, second] = [await send(source, body, 's-same'), await send(source, body, 's-same')];
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.id).toBe(first.body.id);
    expect(await balance(destination, 'managed_accounts', dest)).toBe(500);
  });

  test('CreateSendsTests.SendFunds_SameIdempotencyRefDifferentPayload_PreconditionFailed', async () => {
    const src = await fundedAccount(emu, source, 10_000);
    const dest = await account(emu, destination);
    expect((await send(source, sendBody(emu, src, dest), 's-diff')).status).toBe(200);
    expect((await send(source, sendBody(emu, src, dest, 600), 's-diff')).status).toBe(400);
  });

  test('CreateSendsTests.SendFunds_LongIdempotencyRef_RequestTooLong', async () => {
    expect((await send(source, sendBody(emu, '1', '2'), 'x'.repeat(8000))).status).toBe(413);
  });

  test('CreateSendsTests.SendFunds_SameIdempotencyRefDifferentPayloadInitialCallFailed_BadRequest', async () => {
    const who = await onboard(emu, 'CORPORATE');
    const src = await fundedAccount(emu, who, 10_000);
    const dest = await account(emu, destination);
    expect((await send(who, { ...sendBody(emu, src, dest), profileId: '123' }, 's-failed')).status).toBe(409);
    // The failed call is remembered: the corrected body under the same ref is a payload mismatch.
    expect((await send(who, sendBody(emu, src, dest), 's-failed')).status).toBe(400);
    expect(await balance(who, 'managed_accounts', src)).toBe(10_000);
  });

  test('CreateSendsTests.SendFunds_SendsOnSameIdentity_Conflict', async () => {
    const src = await fundedAccount(emu, source, 10_000);
    const mine = await account(emu, source);
    expect(await send(source, sendBody(emu, src, mine))).toEqual(
      conflictWith('DESTINATION_BELONGS_TO_SAME_IDENTITY'),
    );
  });

  test('CreateSendsTests.SendFunds_SendToSelf_Conflict', async () => {
    const src = await fundedAccount(emu, source, 10_000);
    expect(await send(source, sendBody(emu, src, src))).toEqual(
      conflictWith('SOURCE_AND_DESTINATION_MUST_BE_DIFFERENT'),
    );
  });

  test('CreateSendsTests.SendFunds_DebitManagedCardToManagedAccount_SourceCannotBeDebitModeCard', async () => {
    const card = await debitCard(emu, source, await fundedAccount(emu, source, 1_000));
    const dest = await account(emu, destination);
    expect(await send(source, sendBody(emu, card, dest, 100, ['managed_cards', 'managed_accounts']))).toEqual(
      conflictWith('SOURCE_CANNOT_BE_DEBIT_MODE_CARD'),
    );
  });

  test('CreateSendsTests.SendFunds_ManagedAccountToDebitManagedCard_DestinationCannotBeDebitModeCard', async () => {
    const src = await fundedAccount(emu, source, 1_000);
    const card = await debitCard(emu, destination, await account(emu, destination));
    expect(await send(source, sendBody(emu, src, card, 100, ['managed_accounts', 'managed_cards']))).toEqual(
      conflictWith('DESTINATION_CANNOT_BE_DEBIT_MODE_CARD'),
    );
  });

  test('CreateSendsTests.SendFunds_UnknownProfileId_NotFound', async () => {
    const [src, dest] = [await fundedAccount(emu, source, 1_000), await account(emu, destination)];
    expect(await send(source, { ...sendBody(emu, src, dest), profileId: '987654321098765432' })).toEqual(
      conflictWith('PROFILE_NOT_FOUND'),
    );
  });

  test('CreateSendsTests.SendFunds_UnknownSourceInstrumentId_SourceNotFound', async () => {
    const dest = await account(emu, destination);
    expect(await send(source, sendBody(emu, '123456789012345678', dest))).toEqual(
      conflictWith('SOURCE_NOT_FOUND'),
    );
  });

  test('CreateSendsTests.SendFunds_UnknownDestinationInstrumentId_DestinationNotFound', async () => {
    const src = await fundedAccount(emu, source, 1_000);
    expect(await send(source, sendBody(emu, src, '123456789012345678'))).toEqual(
      conflictWith('DESTINATION_NOT_FOUND'),
    );
  });

  test('CreateSendsTests.SendFunds_CrossIdentityAuthenticationCheck_SourceNotFound', async () => {
    const theirs = await fundedAccount(emu, destination, 1_000);
    const dest = await account(emu, destination);
    expect(await send(source, sendBody(emu, theirs, dest))).toEqual(conflictWith('SOURCE_NOT_FOUND'));
  });

  test('CreateSendsTests.SendFunds_NoFunds_FundsInsufficient', async () => {
    const [src, dest] = [await account(emu, source), await account(emu, destination)];
    expect(await send(source, sendBody(emu, src, dest))).toEqual(conflictWith('FUNDS_INSUFFICIENT'));
  });

  test('CreateSendsTests.SendFunds_InvalidAmount_AmountInvalid', async () => {
    const [src, dest] = [await fundedAccount(emu, source, 1_000), await account(emu, destination)];
    expect(await send(source, sendBody(emu, src, dest, -100))).toEqual(conflictWith('AMOUNT_INVALID'));
  });

  test('CreateSendsTests.SendFunds_OtherCurrency_CurrencyMismatch', async () => {
    const [src, dest] = [await fundedAccount(emu, source, 1_000), await account(emu, destination)];
    expect(await send(source, sendBody(emu, src, dest, 100, undefined, 'GBP'))).toEqual(
      conflictWith('CURRENCY_MISMATCH'),
    );
  });

  test.each([
    [
      'SourceManagedCardRemoved_SourceInstrumentDestroyed',
      'managed_cards',
      'source',
      'remove',
      'SOURCE_INSTRUMENT_DESTROYED',
    ],
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
      'DestinationManagedAccountBlocked_DestinationInstrumentBlocked',
      'managed_accounts',
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
  ] as const)('CreateSendsTests.SendFunds_%s', async (_name, kind, side, action, errorCode) => {
    // A removed card must be empty first: its funds are sent back before it is removed.
    const src =
      kind === 'managed_cards' ? await prepaidCard(emu, source) : await fundedAccount(emu, source, 1_000);
    const dest =
      kind === 'managed_cards' ? await prepaidCard(emu, destination) : await account(emu, destination);
    await setState(side === 'source' ? source : destination, kind, side === 'source' ? src : dest, action);
    expect(await send(source, sendBody(emu, src, dest, 100, [kind, kind]))).toEqual(conflictWith(errorCode));
  });

  test('CreateSendsTests.SendFunds_InvalidApiKey_Unauthorised', async () => {
    expect(
      (
        await raw(emu, 'POST', '/multi/sends', {
          apiKey: 'abc',
          token: source.token,
          body: sendBody(emu, '1', '2'),
        })
      ).status,
    ).toBe(401);
  });

  test('CreateSendsTests.SendFunds_RootUserLoggedOut_Unauthorised', async () => {
    const who = await onboard(emu, 'CONSUMER');
    await logout(emu, who);
    expect((await send(who, sendBody(emu, '1', '2'))).status).toBe(401);
  });

  test('CreateSendsTests.SendFunds_BackofficeCorporateImpersonator_Forbidden', async () => {
    const token = await impersonate(emu, source);
    expect((await raw(emu, 'POST', '/multi/sends', { token, body: sendBody(emu, '1', '2') })).status).toBe(
      403,
    );
  });
});

describe('GetSendTests', () => {
  test('GetSendTests.GetSend_Corporate_Success', async () => {
    const [src, dest] = [await fundedAccount(emu, source, 1_000), await account(emu, destination)];
    const body = sendBody(emu, src, dest, 300);
    const { body: made } = await send(source, body);
    const res = await raw(emu, 'GET', `/multi/sends/${made.id}`, { token: source.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...body, id: made.id, state: 'COMPLETED' });
  });

  test('GetSendTests.GetSend_UnknownSend_NotFound', async () => {
    expect((await raw(emu, 'GET', '/multi/sends/123456789012345678', { token: source.token })).status).toBe(
      404,
    );
  });

  test('GetSendTests.GetSend_InvalidSend_BadRequest', async () => {
    expect((await raw(emu, 'GET', '/multi/sends/abc', { token: source.token })).status).toBe(400);
  });

  test('GetSendTests.GetSend_CrossIdentityChecks_NotFound', async () => {
    const [src, dest] = [await fundedAccount(emu, source, 1_000), await account(emu, destination)];
    const { body: made } = await send(source, sendBody(emu, src, dest, 100));
    const stranger = await onboard(emu, 'CONSUMER');
    expect((await raw(emu, 'GET', `/multi/sends/${made.id}`, { token: stranger.token })).status).toBe(404);
  });

  test('GetSendTests.GetSend_SendInPendingState_Success', async () => {
    const [from, to] = [await onboard(sca, 'CORPORATE'), await onboard(sca, 'CORPORATE')];
    const src = await fundedAccount(sca, from, 1_000);
    const { body: made } = await send(from, sendBody(sca, src, await account(sca, to), 100), undefined, sca);
    const res = await raw(sca, 'GET', `/multi/sends/${made.id}`, { token: from.token });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('PENDING');
  });
});

describe('StartSendOtpVerificationTests / VerifyOtpSendTests (the SCA programme)', () => {
  let from: Onboarded;
  let to: Onboarded;
  beforeAll(async () => {
    from = await onboard(sca, 'CORPORATE');
    to = await onboard(sca, 'CONSUMER');
    await enrolOtp(from);
  });
  const pendingSend = async () => {
    const src = await fundedAccount(sca, from, 1_000);
    const card = await prepaidCard(sca, to);
    const { body } = await send(
      from,
      sendBody(sca, src, card, 100, ['managed_accounts', 'managed_cards']),
      undefined,
      sca,
    );
    return body.id as string;
  };
  const state = async (id: string, who = from) =>
    (await raw(sca, 'GET', `/multi/sends/${id}`, { token: who.token })).body.state;
  const issue = (id: string, who = from, channel = 'SMS') =>
    raw(sca, 'POST', `/multi/sends/${id}/challenges/otp/${channel}`, { token: who.token });
  const verify = (id: string, verificationCode: unknown, who = from) =>
    raw(sca, 'POST', `/multi/sends/${id}/challenges/otp/SMS/verify`, {
      token: who.token,
      body: { verificationCode },
    });

  test('StartSendOtpVerificationTests.StartVerification_Corporate_Success', async () => {
    const id = await pendingSend();
    expect(await state(id)).toBe('PENDING');
    expect((await issue(id)).status).toBe(204);
    expect(await state(id)).toBe('PENDING_CHALLENGE');
  });

  test('StartSendOtpVerificationTests.StartVerification_ConsumerCallEndpointTwice_Success', async () => {
    const id = await pendingSend();
    expect((await issue(id)).status).toBe(204);
    expect(await issue(id)).toEqual(conflictWith('STATE_INVALID'));
    expect(await state(id)).toBe('PENDING_CHALLENGE');
  });

  test('StartSendOtpVerificationTests.StartVerification_UserNotEnrolled_UserNotEnrolledOnChallenge', async () => {
    const other = await onboard(sca, 'CORPORATE');
    const src = await fundedAccount(sca, other, 1_000);
    const { body } = await send(other, sendBody(sca, src, await account(sca, to), 100), undefined, sca);
    expect(await issue(body.id, other)).toEqual(conflictWith('CHANNEL_NOT_REGISTERED'));
  });

  test('StartSendOtpVerificationTests.StartVerification_CrossIdentity_NotFound', async () => {
    const id = await pendingSend();
    expect((await issue(id, to)).status).toBe(404);
    expect(await state(id)).toBe('PENDING');
  });

  test('StartSendOtpVerificationTests.StartVerification_UnknownSendId_NotFound', async () => {
    expect((await issue('123456789012345678')).status).toBe(404);
  });

  test('StartSendOtpVerificationTests.StartVerification_UnknownChannel_BadRequest', async () => {
    const id = await pendingSend();
    expect((await issue(id, from, 'UNKNOWN')).status).toBe(400);
    expect(await state(id)).toBe('PENDING');
  });

  test('StartSendOtpVerificationTests.StartVerification_BackofficeImpersonator_Forbidden', async () => {
    const id = await pendingSend();
    const token = await impersonate(sca, from);
    expect((await raw(sca, 'POST', `/multi/sends/${id}/challenges/otp/SMS`, { token })).status).toBe(403);
    expect(await state(id)).toBe('PENDING');
  });

  test('VerifyOtpSendTests.VerifySend_Corporate_Success', async () => {
    const id = await pendingSend();
    await issue(id);
    expect((await verify(id, '123456')).status).toBe(204);
    expect(await state(id)).toBe('COMPLETED');
  });

  test('VerifyOtpSendTests.VerifySend_UnknownVerificationCode_VerificationCodeInvalid', async () => {
    const id = await pendingSend();
    await issue(id);
    expect(await verify(id, '987654')).toEqual(conflictWith('VERIFICATION_CODE_INVALID'));
    expect(await state(id)).toBe('PENDING_CHALLENGE');
  });

  test('VerifyOtpSendTests.VerifySend_VerificationCodeLengthChecks_BadRequest', async () => {
    const id = await pendingSend();
    await issue(id);
    expect((await verify(id, '1234567')).status).toBe(400);
    expect(await state(id)).toBe('PENDING_CHALLENGE');
  });

  test('VerifyOtpSendTests.VerifySend_StateNotInPendingVerification_Conflict', async () => {
    const id = await pendingSend();
    await issue(id);
    await verify(id, '123456');
    expect((await verify(id, '123456')).status).toBe(409);
    expect(await state(id)).toBe('COMPLETED');
  });

  test('VerifyOtpSendTests.VerifySend_CrossIdentity_NotFound', async () => {
    const id = await pendingSend();
    await issue(id);
    expect((await verify(id, '123456', to)).status).toBe(404);
    expect(await state(id)).toBe('PENDING_CHALLENGE');
  });
});
