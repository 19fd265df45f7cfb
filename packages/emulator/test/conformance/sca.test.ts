// Conformance with Weavr's QA suite, step-up and SCA: src/test/java/opc/junit/multi/access/
// {AbstractIssueOneTimePasswordToStepUpTokenTests (Corporate…/Consumer… subclasses),
// VerifyStepUpTokenUsingOneTimePasswordTests}, authenticationfactors/{EnrolDeviceByOtpViaSmsTests,
// VerifyOtpUserEnrolmentTests, GetAuthenticationFactorsTests} and sca/AbstractManagedAccountsScaTests
// (Corporate…/Consumer… subclasses). Each test names its source class and method.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../../src/index.js';
import { clients } from '../helpers.js';
import {
  CODE,
  createAuthenticated,
  createEnrolled,
  createPassword,
  createUser,
  emulatorForFile,
  enrolOtp,
  impersonate,
  type Kind,
  login,
  raw,
  stepUp,
  verifyIdentity,
} from './qa.js';

let emu: Emulator;
emulatorForFile((started) => {
  emu = started;
});

const SMS = { params: { path: { channel: 'SMS' as const } } };
const issue = (token: string) =>
  clients(emu).multi.POST('/stepup/challenges/otp/{channel}', { ...SMS, token });
const verifyStepUp = (token: string, verificationCode: string) =>
  clients(emu).multi.POST('/stepup/challenges/otp/{channel}/verify', {
    ...SMS,
    token,
    body: { verificationCode },
  });

/** `createEnrolledUser`: an authorised user of the identity, signed in and enrolled for SMS. */
async function enrolledUser(identityToken: string) {
  const user = await createUser(emu, identityToken);
  await createPassword(emu, user.id);
  const token = await login(emu, user.email);
  await enrolOtp(emu, token);
  return token;
}

describe.each([
  ['CorporateAbstractIssueOneTimePasswordToStepUpTokenTests', 'corporates'],
  ['ConsumerAbstractIssueOneTimePasswordToStepUpTokenTests', 'consumers'],
] as const)('%s', (file, kind: Kind) => {
  test(`${file}.IssueOneTimePassword_RootUser_Success`, async () => {
    const { token } = await createEnrolled(emu, kind);
    expect((await issue(token)).response.status).toBe(204);
  });

  test(`${file}.IssueOneTimePassword_IdentityNotEnrolled_ChannelNotRegistered`, async () => {
    const { token } = await createAuthenticated(emu, kind);
    const r = await issue(token);
    expect(r.response.status).toBe(409);
    expect(r.error).toEqual({ errorCode: 'CHANNEL_NOT_REGISTERED' });
  });

  test(`${file}.IssueOneTimePassword_InvalidChannel_BadRequest`, async () => {
    const { token } = await createEnrolled(emu, kind);
    expect((await raw(emu, 'POST', '/multi/stepup/challenges/otp/AUTHY', { token })).status).toBe(400);
  });

  test(`${file}.IssueOneTimePassword_NoApiKey_BadRequest / _InvalidApiKey_Unauthorised / _InvalidToken_Unauthorised`, async () => {
    const { token } = await createEnrolled(emu, kind);
    const path = '/multi/stepup/challenges/otp/SMS';
    expect((await raw(emu, 'POST', path, { token, apiKey: '' })).status).toBe(400);
    expect((await raw(emu, 'POST', path, { token, apiKey: '123' })).status).toBe(401);
    expect((await raw(emu, 'POST', path, { token: 'a1b2c' })).status).toBe(401);
  });

  test(`${file}.IssueOneTimePassword_RootUserLoggedOut_Unauthorised`, async () => {
    const { token } = await createEnrolled(emu, kind);
    expect((await clients(emu).multi.POST('/logout', { token })).response.status).toBe(204);
    expect((await issue(token)).response.status).toBe(401);
  });

  test(`${file}.IssueOneTimePassword_BackofficeImpersonator_Forbidden`, async () => {
    const { id } = await createEnrolled(emu, kind);
    const token = await impersonate(emu, kind, id);
    expect((await raw(emu, 'POST', '/multi/stepup/challenges/otp/SMS', { token })).status).toBe(403);
  });

  test(`${file}.IssueOneTimePassword_NoChannel_NotFound`, async () => {
    const { token } = await createEnrolled(emu, kind);
    expect((await raw(emu, 'POST', '/multi/stepup/challenges/otp/', { token })).status).toBe(404);
  });

  test(`${file}.IssueOneTimePassword_RootUserRetryWithin15Seconds_RetryIn15Sec`, async () => {
    const { token } = await createEnrolled(emu, kind);
    expect((await issue(token)).response.status).toBe(204);
    emu.clock.advance(10_000);
    const soon = await issue(token);
    expect(soon.response.status).toBe(409);
    expect(soon.error).toEqual({ errorCode: 'RETRY_IN_15SEC' });
    emu.clock.advance(15_000);
    expect((await issue(token)).response.status).toBe(204);
  });

  test(`${file}.IssueOneTimePassword_AuthorizedUserRetryWithin15Seconds_RetryIn15Sec`, async () => {
    const { token: rootToken } = await createAuthenticated(emu, kind);
    const token = await enrolledUser(rootToken);
    expect((await issue(token)).response.status).toBe(204);
    emu.clock.advance(10_000);
    expect((await issue(token)).error).toEqual({ errorCode: 'RETRY_IN_15SEC' });
  });

  test(`${file}.IssueOneTimePassword_RootUserIssueThreeTimesInOneSession_BadRequest`, async () => {
    const { token } = await createEnrolled(emu, kind);
    expect((await issue(token)).response.status).toBe(204);
    emu.clock.advance(15_000);
    expect((await issue(token)).response.status).toBe(204);
    emu.clock.advance(15_000);
    expect((await issue(token)).response.status).toBe(400);
  });

  test(`${file}.IssueOneTimePassword_RootUserIssueAgainAfterFirstOneVerified_Success`, async () => {
    const { token } = await createEnrolled(emu, kind);
    expect((await issue(token)).response.status).toBe(204);
    expect((await verifyStepUp(token, CODE)).response.status).toBe(204);
    emu.clock.advance(15_000);
    expect((await issue(token)).response.status).toBe(204);
  });

  test(`${file}.IssueOneTimePassword_UserIssueAgainWithin15SecondsAfterFirstOneVerified_RetryIn15Sec`, async () => {
    const { token } = await createEnrolled(emu, kind);
    await issue(token);
    expect((await verifyStepUp(token, CODE)).response.status).toBe(204);
    expect((await issue(token)).error).toEqual({ errorCode: 'RETRY_IN_15SEC' });
  });

  test(`${file}.IssueOneTimePassword_UserIssueAgainWithin15SecondsAfterFirstOneDeclined_RetryIn15Sec`, async () => {
    const { token } = await createEnrolled(emu, kind);
    await issue(token);
    const declined = await verifyStepUp(token, '000000');
    expect(declined.response.status).toBe(409);
    expect(declined.error).toEqual({ errorCode: 'VERIFICATION_CODE_INVALID' });
    expect((await issue(token)).error).toEqual({ errorCode: 'RETRY_IN_15SEC' });
  });
});

describe('VerifyStepUpTokenUsingOneTimePasswordTests', () => {
  const file = 'VerifyStepUpTokenUsingOneTimePasswordTests';
  const path = '/multi/stepup/challenges/otp/SMS/verify';

  test.each([
    ['VerifyStepUpToken_CorporateRoot_Success', 'corporates'],
    ['VerifyStepUpToken_ConsumerRoot_Success', 'consumers'],
  ] as const)(`${file}.%s`, async (_name, kind) => {
    const { token } = await createEnrolled(emu, kind);
    expect((await issue(token)).response.status).toBe(204);
    expect((await verifyStepUp(token, CODE)).response.status).toBe(204);
  });

  test(`${file}.VerifyStepUpToken_NoApiKey_BadRequest / _InvalidApiKey_Unauthorised`, async () => {
    const { token } = await createAuthenticated(emu, 'consumers');
    const body = { verificationCode: CODE };
    expect((await raw(emu, 'POST', path, { token, apiKey: '', body })).status).toBe(400);
    expect((await raw(emu, 'POST', path, { token, apiKey: '123', body })).status).toBe(401);
  });

  test(`${file}.VerifyStepUpToken_NoVerificationCode_BadRequest`, async () => {
    const { token } = await createAuthenticated(emu, 'consumers');
    expect((await raw(emu, 'POST', path, { token, body: { verificationCode: '' } })).status).toBe(400);
  });

  test(`${file}.VerifyStepUpToken_InvalidChannel_BadRequest`, async () => {
    const { token } = await createAuthenticated(emu, 'consumers');
    const r = await raw(emu, 'POST', '/multi/stepup/challenges/otp/AUTHY/verify', {
      token,
      body: { verificationCode: CODE },
    });
    expect(r.status).toBe(400);
  });

  test.each(['5', '7'])(`${file}.VerifyStepUpToken_MaxMinVerificationCode_BadRequest (%j)`, async (code) => {
    const { token } = await createEnrolled(emu, 'consumers');
    await issue(token);
    const r = await raw(emu, 'POST', path, { token, body: { verificationCode: code } });
    expect(r.status).toBe(400);
    expect((await r.json()).message).toBe('request.verificationCode: size must be between 6 and 6');
  });

  test(`${file}.VerifyStepUpToken_UnknownVerificationCode_VerificationCodeInvalid`, async () => {
    const { token } = await createEnrolled(emu, 'consumers');
    await issue(token);
    const r = await raw(emu, 'POST', path, { token, body: { verificationCode: 'aB3dE6' } });
    expect(r.status).toBe(400);
    expect((await r.json()).message).toBe('request.verificationCode: must match "^[0-9]*$"');
  });

  test(`${file}.VerifyStepUpToken_RequestAlreadyProcessed_StateInvalid`, async () => {
    const { token } = await createEnrolled(emu, 'consumers');
    await issue(token);
    expect((await verifyStepUp(token, CODE)).response.status).toBe(204);
    const again = await verifyStepUp(token, CODE);
    expect(again.response.status).toBe(409);
    expect(again.error).toEqual({ errorCode: 'ALREADY_VERIFIED' });
  });

  test(`${file}.VerifyStepUpToken_InvalidToken_Unauthorised / _NoToken_Unauthorised`, async () => {
    const body = { verificationCode: CODE };
    expect((await raw(emu, 'POST', path, { token: 'a1b2c', body })).status).toBe(401);
    expect((await raw(emu, 'POST', path, { body })).status).toBe(401);
  });

  test(`${file}.VerifyStepUpToken_RootUserLoggedOut_Unauthorised`, async () => {
    const { token } = await createEnrolled(emu, 'consumers');
    await issue(token);
    expect((await clients(emu).multi.POST('/logout', { token })).response.status).toBe(204);
    expect((await verifyStepUp(token, CODE)).response.status).toBe(401);
  });

  test(`${file}.VerifyStepUpToken_BackofficeImpersonator_Forbidden`, async () => {
    const { id } = await createAuthenticated(emu, 'corporates');
    const token = await impersonate(emu, 'corporates', id);
    expect((await raw(emu, 'POST', path, { token, body: { verificationCode: CODE } })).status).toBe(403);
  });
});

describe('EnrolDeviceByOtpViaSmsTests, VerifyOtpUserEnrolmentTests, GetAuthenticationFactorsTests', () => {
  const enrol = (token: string) =>
    clients(emu).multi.POST('/authentication_factors/otp/{channel}', { ...SMS, token });
  const verifyEnrolment = (token: string, verificationCode: string) =>
    clients(emu).multi.POST('/authentication_factors/otp/{channel}/verify', {
      ...SMS,
      token,
      body: { verificationCode },
    });
  const factors = async (token: string) =>
    (await clients(emu).multi.GET('/authentication_factors', { token, throwOnError: true })).data;

  test.each([
    ['EnrolUser_CorporateRoot_Success', 'corporates'],
    ['EnrolUser_ConsumerRoot_Success', 'consumers'],
  ] as const)('EnrolDeviceByOtpViaSmsTests.%s', async (_name, kind) => {
    const { token } = await createAuthenticated(emu, kind);
    expect((await enrol(token)).response.status).toBe(204);
    expect((await factors(token)).factors?.[0]).toEqual({
      type: 'OTP',
      channel: 'SMS',
      status: 'PENDING_VERIFICATION',
    });
  });

  test('EnrolDeviceByOtpViaSmsTests.EnrolUser_AuthenticatedUserNoMobileNumber_MobileNumberNotAvailable', async () => {
    const { token: rootToken } = await createAuthenticated(emu, 'corporates');
    const { data: user } = await clients(emu).multi.POST('/users', {
      body: { name: 'No', surname: 'Mobile', email: `${Date.now()}nomobile@weavrtest.io` },
      token: rootToken,
      throwOnError: true,
    });
    await createPassword(emu, user.id);
    const token = await login(emu, user.email);
    const r = await enrol(token);
    expect(r.response.status).toBe(409);
    expect(r.error).toEqual({ errorCode: 'MOBILE_NUMBER_NOT_AVAILABLE' });
  });

  test('EnrolDeviceByOtpViaSmsTests.EnrolUser_AlreadyEnrolledNotVerified_Success', async () => {
    const { token } = await createAuthenticated(emu, 'corporates');
    expect((await enrol(token)).response.status).toBe(204);
    expect((await enrol(token)).response.status).toBe(204);
    expect((await factors(token)).factors?.[0]?.status).toBe('PENDING_VERIFICATION');
  });

  test('EnrolDeviceByOtpViaSmsTests.EnrolUser_AlreadyEnrolledAndVerified_ChannelAlreadyRegistered', async () => {
    const { token } = await createAuthenticated(emu, 'corporates');
    await enrol(token);
    expect((await factors(token)).factors?.[0]?.status).toBe('PENDING_VERIFICATION');
    expect((await verifyEnrolment(token, CODE)).response.status).toBe(204);
    expect((await factors(token)).factors?.[0]?.status).toBe('ACTIVE');
    const again = await enrol(token);
    expect(again.response.status).toBe(409);
    expect(again.error).toEqual({ errorCode: 'CHANNEL_ALREADY_REGISTERED' });
  });

  test('EnrolDeviceByOtpViaSmsTests.EnrolUser_UnknownChannel_BadRequest / _UserLoggedOut_Unauthorised / _BackofficeImpersonator_Forbidden', async () => {
    const { id, token } = await createAuthenticated(emu, 'corporates');
    expect((await raw(emu, 'POST', '/multi/authentication_factors/otp/EMAIL', { token })).status).toBe(400);
    const boToken = await impersonate(emu, 'corporates', id);
    expect((await raw(emu, 'POST', '/multi/authentication_factors/otp/SMS', { token: boToken })).status).toBe(
      403,
    );
    await clients(emu).multi.POST('/logout', { token, throwOnError: true });
    expect((await enrol(token)).response.status).toBe(401);
  });

  test.each([
    ['VerifyEnrolment_Corporate_Success', 'corporates'],
    ['VerifyEnrolment_Consumer_Success', 'consumers'],
  ] as const)('VerifyOtpUserEnrolmentTests.%s', async (_name, kind) => {
    const { token } = await createAuthenticated(emu, kind);
    await enrol(token);
    expect((await verifyEnrolment(token, CODE)).response.status).toBe(204);
    expect((await factors(token)).factors?.[0]).toEqual({ type: 'OTP', channel: 'SMS', status: 'ACTIVE' });
    const identity = await raw(emu, 'GET', `/multi/${kind}`, { token });
    expect((await identity.json()).rootUser.mobileNumberVerified).toBe(true);
  });

  test('VerifyOtpUserEnrolmentTests.VerifyEnrolment_UserNotEnrolled_Conflict', async () => {
    const { token } = await createAuthenticated(emu, 'corporates');
    expect((await verifyEnrolment(token, CODE)).response.status).toBe(409);
  });

  test('VerifyOtpUserEnrolmentTests.VerifyEnrolment_AlreadyVerified_Conflict', async () => {
    const { token } = await createAuthenticated(emu, 'corporates');
    await enrol(token);
    expect((await verifyEnrolment(token, CODE)).response.status).toBe(204);
    expect((await verifyEnrolment(token, CODE)).response.status).toBe(409);
  });

  test('VerifyOtpUserEnrolmentTests.VerifyEnrolment_UnknownVerificationCode_VerificationCodeInvalid', async () => {
    const { token } = await createAuthenticated(emu, 'corporates');
    await enrol(token);
    const r = await verifyEnrolment(token, '987654');
    expect(r.response.status).toBe(409);
    expect(r.error).toEqual({ errorCode: 'VERIFICATION_CODE_INVALID' });
  });

  test('VerifyOtpUserEnrolmentTests.VerifyEnrolment_InvalidVerificationCode_BadRequest', async () => {
    const { token } = await createAuthenticated(emu, 'corporates');
    await enrol(token);
    const r = await raw(emu, 'POST', '/multi/authentication_factors/otp/SMS/verify', {
      token,
      body: { verificationCode: 'abcdef' },
    });
    expect(r.status).toBe(400);
    expect((await r.json()).message).toBe('request.verificationCode: must match "^[0-9]*$"');
  });

  test('GetAuthenticationFactorsTests.GetAuthFactors_NoEnrolments_NoEntries', async () => {
    const { token } = await createAuthenticated(emu, 'corporates');
    expect((await factors(token)).factors).toBeUndefined();
  });

  test.each([
    ['GetAuthFactors_CorporateOtp_Success', 'corporates'],
    ['GetAuthFactors_ConsumerOtp_Success', 'consumers'],
  ] as const)('GetAuthenticationFactorsTests.%s', async (_name, kind) => {
    const { token } = await createEnrolled(emu, kind);
    expect((await factors(token)).factors?.[0]).toEqual({ type: 'OTP', channel: 'SMS', status: 'ACTIVE' });
  });

  test('GetAuthenticationFactorsTests.GetAuthFactors_UserLoggedOut_Unauthorised', async () => {
    const { token } = await createEnrolled(emu, 'corporates');
    await clients(emu).multi.POST('/logout', { token, throwOnError: true });
    expect((await clients(emu).multi.GET('/authentication_factors', { token })).response.status).toBe(401);
  });
});

/**
 * The QA programme `scaMaApp` protects every managed-account operation with step-up; its SCA window is under the
 * suite's `SCA_EXPIRED_TIME` of 61 s (the emulator's default `scaWindowMs`, 60 s).
 */
describe.each([
  ['CorporateManagedAccountsScaTests', 'corporates'],
  ['ConsumerManagedAccountsScaTests', 'consumers'],
] as const)('%s', (file, kind: Kind) => {
  let sca: Emulator;
  beforeAll(async () => {
    sca = await startEmulator({
      stepUpOperations: [
        'managedAccountCreate',
        'managedAccountsGet',
        'managedAccountGet',
        'managedAccountUpdate',
        'managedAccountStatement',
      ],
    });
  });
  afterAll(() => sca?.close());

  /** `createIdentity` (enrolled, KYB/KYC approved) and `createSteppedUpIdentity` (then stepped up). */
  async function identity(steppedUp: boolean) {
    const { id, email, token } = await createEnrolled(sca, kind);
    await verifyIdentity(sca, kind, id);
    if (steppedUp) await stepUp(sca, token);
    return { email, token };
  }
  const multi = () => clients(sca).multi;
  const createAccount = (token: string) =>
    multi().POST('/managed_accounts', {
      body: { profileId: sca.profiles.managedAccounts, friendlyName: 'SCA', currency: 'EUR', tag: 'sca' },
      token,
    });
  async function fundedAccount(token: string) {
    const { data } = await createAccount(token);
    await clients(sca).simulator.POST('/accounts/{account_id}/deposit', {
      params: { path: { account_id: data?.id as string } },
      body: { depositAmount: { currency: 'EUR', amount: 1000 } },
      throwOnError: true,
    });
    return data?.id as string;
  }
  const statement = (id: string, token: string) =>
    multi().GET('/managed_accounts/{id}/statement', { params: { path: { id } }, token });

  test(`${file}.CreateManagedAccount_NoStepUp_Forbidden`, async () => {
    const { token } = await identity(false);
    const r = await createAccount(token);
    expect(r.response.status).toBe(403);
    expect(r.error).toEqual({ errorCode: 'STEP_UP_REQUIRED' });
  });

  test(`${file}.CreateManagedAccount_TwoSessions_Success`, async () => {
    const { email, token } = await identity(true);
    const first = await createAccount(token);
    expect(first.response.status).toBe(200);
    expect(first.data).toMatchObject({ friendlyName: 'SCA', currency: 'EUR', tag: 'sca' });
    await multi().POST('/logout', { token, throwOnError: true });
    const second = await createAccount(await login(sca, email));
    expect(second.response.status).toBe(200);
    expect(second.data?.balances).toEqual({ availableBalance: 0, actualBalance: 0 });
  });

  test(`${file}.GetManagedAccountsStatement_OneSessionStepUpTrue_Success`, async () => {
    const { token } = await identity(true);
    const id = await fundedAccount(token);
    const r = await statement(id, token);
    expect(r.response.status).toBe(200);
    expect(r.data).toMatchObject({ count: 1, responseCount: 1 });
  });

  test(`${file}.GetManagedAccountsStatement_StepUpActive_Success`, async () => {
    const { email, token } = await identity(true);
    const id = await fundedAccount(token);
    expect((await statement(id, token)).response.status).toBe(200);
    await multi().POST('/logout', { token, throwOnError: true });
    const r = await statement(id, await login(sca, email));
    expect(r.response.status).toBe(200);
    expect(r.data).toMatchObject({ count: 1, responseCount: 1 });
  });

  test(`${file}.GetManagedAccountsStatement_StepUpExpired_Forbidden`, async () => {
    const { email, token } = await identity(true);
    const id = await fundedAccount(token);
    expect((await statement(id, token)).response.status).toBe(200);
    await multi().POST('/logout', { token, throwOnError: true });
    sca.clock.advance(61_000); // SCA_EXPIRED_TIME
    const r = await statement(id, await login(sca, email));
    expect(r.response.status).toBe(403);
    expect(r.error).toEqual({ errorCode: 'STEP_UP_REQUIRED' });
  });

  test(`${file}.GetManagedAccountsStatement_ForgotPasswordIssueStepUpAgain_Success`, async () => {
    const { email, token } = await identity(true);
    const { data: account } = await createAccount(token);
    const path = '/multi/passwords/lost_password';
    expect((await raw(sca, 'POST', `${path}/start`, { body: { email } })).status).toBe(204);
    const resumed = await raw(sca, 'POST', `${path}/resume`, {
      body: { email, nonce: CODE, newPassword: { value: 'NewPass9876' } },
    });
    expect(resumed.status).toBe(200);
    const newToken = (await resumed.json()).token as string;
    const get = () =>
      multi().GET('/managed_accounts/{id}', {
        params: { path: { id: account?.id as string } },
        token: newToken,
      });
    const refused = await get();
    expect(refused.response.status).toBe(403);
    expect(refused.error).toEqual({ errorCode: 'STEP_UP_REQUIRED' });
    await stepUp(sca, newToken);
    const r = await get();
    expect(r.response.status).toBe(200);
    expect(r.data).toMatchObject({ id: account?.id, state: { state: 'ACTIVE' } });
  });

  test(`${file}.GetManagedAccountsStatement_NewStepUp_Success`, async () => {
    const { email, token } = await identity(true);
    const id = await fundedAccount(token);
    await multi().POST('/logout', { token, throwOnError: true });
    sca.clock.advance(61_000);
    const fresh = await login(sca, email);
    expect((await statement(id, fresh)).response.status).toBe(403);
    await stepUp(sca, fresh);
    const r = await statement(id, fresh);
    expect(r.response.status).toBe(200);
    expect(r.data).toMatchObject({ count: 1, responseCount: 1 });
  });
});
