// Conformance with Weavr's QA suite, onboarding: src/test/java/opc/junit/multi/{corporates,consumers}/
// Create*Tests, VerifyEmailTests, Start*Kyb/KycTests, Get*Kyb/KycTests and Patch*Tests. Each test names its
// source class and method; "Corporates"/"Consumers" tell the two VerifyEmailTests classes apart.
import { describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/index.js';
import { clients } from '../helpers.js';
import {
  CODE,
  consumerModel,
  corporateModel,
  createAuthenticated,
  createIdentity,
  createPassword,
  emulatorForFile,
  IDENTITY_TYPE,
  impersonate,
  type Kind,
  randomEmail,
  raw,
  verifyEmail,
  verifyIdentity,
} from './qa.js';

let emu: Emulator;
emulatorForFile((started) => {
  emu = started;
});

const createCorporate = (body: unknown, apiKey?: string) =>
  raw(emu, 'POST', '/multi/corporates', { body, ...(apiKey !== undefined ? { apiKey } : {}) });
const createConsumer = (body: unknown, apiKey?: string) =>
  raw(emu, 'POST', '/multi/consumers', { body, ...(apiKey !== undefined ? { apiKey } : {}) });

describe('CreateCorporatesTests', () => {
  test('CreateCorporatesTests.CreateCorporate_Success (assertSuccessfulResponse)', async () => {
    const model = corporateModel(emu);
    const { data, response } = await clients(emu).multi.POST('/corporates', { body: model });
    expect(response.status).toBe(200);
    expect(data?.id.type).toBe('CORPORATE');
    expect(data?.profileId).toBe(emu.profiles.corporates);
    expect(data?.tag).toBe(model.tag);
    expect(data?.rootUser).toMatchObject({
      id: { type: 'CORPORATE' },
      name: model.rootUser.name,
      surname: model.rootUser.surname,
      email: model.rootUser.email,
      mobile: model.rootUser.mobile,
      companyPosition: 'DIRECTOR',
      active: true,
      emailVerified: false,
      mobileNumberVerified: false,
      dateOfBirth: model.rootUser.dateOfBirth,
    });
    expect(data?.company).toMatchObject({
      name: model.company.name,
      type: model.company.type,
      registrationNumber: model.company.registrationNumber,
      businessAddress: model.company.businessAddress,
      countryOfRegistration: model.company.registrationCountry,
    });
    expect(data).toMatchObject({
      acceptedTerms: true,
      ipAddress: model.ipAddress,
      baseCurrency: model.baseCurrency,
      feeGroup: 'DEFAULT',
    });
    expect(data?.creationTimestamp).toBeTruthy();
  });

  test('CreateCorporatesTests.CreateCorporate_RequiredOnly_Success (no tag, no fee group: feeGroup DEFAULT)', async () => {
    const { tag: _tag, feeGroup: _fee, ...model } = corporateModel(emu);
    const r = await createCorporate(model);
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.tag).toBeUndefined();
    expect(body.feeGroup).toBe('DEFAULT');
  });

  test('CreateCorporatesTests.CreateCorporate_TermsNotAccepted_TermsNotAccepted', async () => {
    const r = await createCorporate({ ...corporateModel(emu), acceptedTerms: false });
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode: 'TERMS_NOT_ACCEPTED' });
  });

  test('CreateCorporatesTests.CreateCorporate_InvalidApiKey_Unauthorised', async () => {
    expect((await createCorporate(corporateModel(emu), 'abc')).status).toBe(401);
  });

  test('CreateCorporatesTests.CreateCorporate_NoApiKey_BadRequest', async () => {
    expect((await createCorporate(corporateModel(emu), '')).status).toBe(400);
  });

  test.each([
    ['CreateCorporate_UnknownProfileId_ProfileNotFound', '123'],
    ['CreateCorporate_DifferentIdentityProfileId_ProfileNotFound', 'consumers'],
  ])('CreateCorporatesTests.%s', async (_name, profile) => {
    const profileId = profile === 'consumers' ? emu.profiles.consumers : profile;
    const r = await createCorporate({ ...corporateModel(emu), profileId });
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode: 'PROFILE_NOT_FOUND' });
  });

  test.each(['abc', ''])(
    'CreateCorporatesTests.CreateCorporate_InvalidProfileId_ProfileNotFound (%j)',
    async (id) => {
      expect((await createCorporate({ ...corporateModel(emu), profileId: id })).status).toBe(400);
    },
  );

  test('CreateCorporatesTests.CreateCorporate_NoProfileId_BadRequest', async () => {
    const r = await createCorporate({ ...corporateModel(emu), profileId: null });
    expect(r.status).toBe(400);
    expect((await r.json()).message).toBe('request.profileId: must not be blank');
  });

  test.each([
    ['CreateCorporate_SameEmail_UserAlreadyCreated'],
    ['CreateCorporate_SameEmailWithinVerificationExpiry_RootEmailNotUnique'],
  ])('CreateCorporatesTests.%s', async () => {
    const model = corporateModel(emu);
    expect((await createCorporate(model)).status).toBe(200);
    const again = await createCorporate(model);
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ errorCode: 'ROOT_EMAIL_NOT_UNIQUE' });
  });

  test.each(['ABCD', ''])(
    'CreateCorporatesTests.CreateCorporate_InvalidCurrency_BadRequest (%j)',
    async (c) => {
      expect((await createCorporate({ ...corporateModel(emu), baseCurrency: c })).status).toBe(400);
    },
  );

  test('CreateCorporatesTests.CreateCorporate_UnknownCurrency_CurrencyUnsupported', async () => {
    const r = await createCorporate({ ...corporateModel(emu), baseCurrency: 'ABC' });
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode: 'CURRENCY_UNSUPPORTED' });
  });

  test('CreateCorporatesTests.CreateCorporate_UnknownFeeGroup_FeeGroupInvalid', async () => {
    const r = await createCorporate({ ...corporateModel(emu), feeGroup: 'ABC' });
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode: 'FEE_GROUP_INVALID' });
  });

  test('CreateCorporatesTests.CreateCorporate_InvalidEmailFormat_BadRequest', async () => {
    const model = corporateModel(emu, 'abcdef.@weavrtest.io');
    expect((await createCorporate(model)).status).toBe(400);
  });

  test.each(['abc', ''])(
    'CreateCorporatesTests.CreateCorporate_InvalidMobileNumber_BadRequest (%j)',
    async (n) => {
      const model = corporateModel(emu);
      model.rootUser.mobile = { countryCode: '+356', number: n };
      expect((await createCorporate(model)).status).toBe(400);
    },
  );

  test('CreateCorporatesTests.CreateCorporate_MobileNotUnique_Success', async () => {
    const first = corporateModel(emu);
    expect((await createCorporate(first)).status).toBe(200);
    const second = corporateModel(emu);
    second.rootUser.mobile = first.rootUser.mobile;
    expect((await createCorporate(second)).status).toBe(200);
  });

  test.each([
    ['CreateCorporate_InvalidDateOfBirthYear_BadRequest', 'year', [2101, 1899], [2100, 1900]],
    ['CreateCorporate_InvalidDateOfBirthMonth_BadRequest', 'month', [13, 0], [12, 1]],
    ['CreateCorporate_InvalidDateOfBirthDay_BadRequest', 'day', [32, 0], [31, 1]],
  ] as const)('CreateCorporatesTests.%s', async (_name, part, [high, low], [max, min]) => {
    for (const [value, message] of [
      [high, `request.rootUser.dateOfBirth.${part}: must be less than or equal to ${max}`],
      [low, `request.rootUser.dateOfBirth.${part}: must be greater than or equal to ${min}`],
    ] as const) {
      const model = corporateModel(emu);
      model.rootUser.dateOfBirth = { year: 1980, month: 1, day: 1, [part]: value };
      const r = await createCorporate(model);
      expect(r.status).toBe(400);
      expect((await r.json()).message).toBe(message);
    }
  });
});

describe('CreateConsumersTests', () => {
  test('CreateConsumersTests.CreateConsumer_Success (assertSuccessfulResponse)', async () => {
    const model = consumerModel(emu);
    const { data, response } = await clients(emu).multi.POST('/consumers', { body: model });
    expect(response.status).toBe(200);
    expect(data?.id.type).toBe('CONSUMER');
    expect(data?.profileId).toBe(emu.profiles.consumers);
    expect(data?.rootUser).toMatchObject({
      id: { type: 'CONSUMER', id: data?.id.id },
      email: model.rootUser.email,
      dateOfBirth: model.rootUser.dateOfBirth,
      address: model.rootUser.address,
      active: true,
      emailVerified: false,
      mobileNumberVerified: false,
    });
    expect(data).toMatchObject({ acceptedTerms: true, baseCurrency: 'EUR', feeGroup: 'DEFAULT' });
  });

  test('CreateConsumersTests.CreateConsumer_TermsNotAccepted_TermsNotAccepted', async () => {
    const r = await createConsumer({ ...consumerModel(emu), acceptedTerms: false });
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode: 'TERMS_NOT_ACCEPTED' });
  });

  test('CreateConsumersTests.CreateConsumer_DifferentIdentityProfileId_ProfileNotFound', async () => {
    const r = await createConsumer({ ...consumerModel(emu), profileId: emu.profiles.corporates });
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode: 'PROFILE_NOT_FOUND' });
  });

  test('CreateConsumersTests.CreateConsumer_SameEmail_UserAlreadyCreated', async () => {
    const model = consumerModel(emu);
    expect((await createConsumer(model)).status).toBe(200);
    const again = await createConsumer(model);
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ errorCode: 'ROOT_EMAIL_NOT_UNIQUE' });
  });

  test('CreateConsumersTests.CreateConsumer_NoIpAddress_BadRequest', async () => {
    const r = await createConsumer({ ...consumerModel(emu), ipAddress: null });
    expect(r.status).toBe(400);
    expect((await r.json()).message).toBe('request.ipAddress: must not be blank');
  });

  test.each([4, 46])(
    'CreateConsumersTests.CreateConsumer_InvalidIpAddress_BadRequest (%i characters)',
    async (n) => {
      const r = await createConsumer({ ...consumerModel(emu), ipAddress: 'a'.repeat(n) });
      expect(r.status).toBe(400);
      expect((await r.json()).message).toBe('request.ipAddress: size must be between 5 and 45');
    },
  );

  test('CreateConsumersTests.CreateConsumer_MissingRootUserCountryInAddress_BadRequest', async () => {
    const model = consumerModel(emu);
    const { country: _c, ...address } = model.rootUser.address;
    const r = await createConsumer({ ...model, rootUser: { ...model.rootUser, address } });
    expect(r.status).toBe(400);
    expect((await r.json()).message).toBe('request.rootUser.address.country: must not be blank');
  });

  test('CreateConsumersTests.CreateConsumer_InvalidYearForBirthday_BadRequest', async () => {
    for (const [year, message] of [
      [2101, 'request.rootUser.dateOfBirth.year: must be less than or equal to 2100'],
      [1899, 'request.rootUser.dateOfBirth.year: must be greater than or equal to 1900'],
    ] as const) {
      const model = consumerModel(emu);
      model.rootUser.dateOfBirth = { year, month: 1, day: 1 };
      const r = await createConsumer(model);
      expect(r.status).toBe(400);
      expect((await r.json()).message).toBe(message);
    }
  });
});

/** The two `VerifyEmailTests` classes (corporates and consumers): the same methods, the same answers. */
describe.each([
  ['Corporates', 'corporates'],
  ['Consumers', 'consumers'],
] as const)('%s VerifyEmailTests', (label, kind: Kind) => {
  const file = `${kind}/VerifyEmailTests`;
  const send = (email: string) =>
    raw(emu, 'POST', `/multi/${kind}/verification/email/send`, { body: { email } });
  const verify = (email: string, verificationCode: string, apiKey?: string) =>
    raw(emu, 'POST', `/multi/${kind}/verification/email/verify`, {
      body: { email, verificationCode },
      ...(apiKey !== undefined ? { apiKey } : {}),
    });
  /** `Setup`: an identity with a password (its email not yet verified). */
  async function setup() {
    const { id, email } = await createIdentity(emu, kind);
    await createPassword(emu, id);
    return { id, email };
  }

  test(`${file}.VerifyEmail_Success`, async () => {
    const { email } = await setup();
    expect((await send(email)).status).toBe(204);
    expect((await verify(email, CODE)).status).toBe(204);
  });

  test(`${file}.VerifyEmail_InvalidApiKey_Unauthorised`, async () => {
    const { email } = await setup();
    expect((await verify(email, CODE, 'abc')).status).toBe(401);
  });

  test(`${file}.VerifyEmail_NoApiKey_BadRequest`, async () => {
    const { email } = await setup();
    expect((await verify(email, CODE, '')).status).toBe(400);
  });

  test(`${file}.VerifyEmail_UnknownVerificationCode_VerificationCodeInvalid`, async () => {
    const { email } = await setup();
    await send(email);
    const r = await verify(email, '654321');
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode: 'VERIFICATION_CODE_INVALID' });
  });

  test.each([
    ['VerifyEmail_MinVerificationCode_BadRequest', '12345'],
    ['VerifyEmail_MaxVerificationCode_BadRequest', '1234567'],
  ])(`${file}.%s`, async (_name, code) => {
    const { email } = await setup();
    await send(email);
    const r = await verify(email, code);
    expect(r.status).toBe(400);
    expect((await r.json()).message).toContain('request.verificationCode: size must be between 6 and 6');
  });

  test(`${file}.VerifyEmail_InvalidVerificationCode_BadRequest`, async () => {
    const { email } = await setup();
    await send(email);
    const r = await verify(email, 'a1b2c3');
    expect(r.status).toBe(400);
    expect((await r.json()).message).toContain('request.verificationCode: must match "^[0-9]+$"');
  });

  test(`${file}.VerifyEmail_NoVerificationCode_BadRequest`, async () => {
    const { email } = await setup();
    await send(email);
    expect((await verify(email, '')).status).toBe(400);
  });

  test(`${file}.VerifyEmail_VerificationCodeNotSent_VerificationCodeInvalid`, async () => {
    const { email } = await setup();
    const r = await verify(email, CODE);
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode: 'VERIFICATION_CODE_INVALID' });
  });

  test(`${file}.VerifyEmail_EmailAlreadyVerified_VerificationCodeInvalid`, async () => {
    const { email } = await setup();
    await send(email);
    expect((await verify(email, CODE)).status).toBe(204);
    const again = await verify(email, CODE);
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ errorCode: 'VERIFICATION_CODE_INVALID' });
  });

  test.each([
    ['VerifyEmail_NoEmail_BadRequest', ''],
    ['VerifyEmail_InvalidEmail_BadRequest', 'abcde'],
    ['VerifyEmail_InvalidEmailFormat_BadRequest', 'abcdef.@weavrtest.io'],
  ])(`${file}.%s`, async (_name, email) => {
    expect((await verify(email, CODE)).status).toBe(400);
  });

  test(`${file}.VerifyEmail_UnknownEmail_VerificationCodeInvalid`, async () => {
    const r = await verify(randomEmail(), CODE);
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode: 'VERIFICATION_CODE_INVALID' });
    expect(label).toBeTruthy();
  });
});

describe('StartCorporatesKybTests and GetCorporatesKybTests', () => {
  const start = (token: string) => clients(emu).multi.POST('/corporates/kyb', { token });
  const get = (token: string) => clients(emu).multi.GET('/corporates/kyb', { token });

  test('StartCorporatesKybTests.StartCorporatesKyb_Success', async () => {
    const { token } = await createAuthenticated(emu, 'corporates');
    const { data, response } = await start(token);
    expect(response.status).toBe(200);
    expect(data?.reference).toBeTruthy();
  });

  test('StartCorporatesKybTests.StartCorporatesKyb_InvalidApiKey_Unauthorised / _NoApiKey_BadRequest', async () => {
    const { token } = await createAuthenticated(emu, 'corporates');
    expect((await raw(emu, 'POST', '/multi/corporates/kyb', { token, apiKey: 'abc' })).status).toBe(401);
    expect((await raw(emu, 'POST', '/multi/corporates/kyb', { token, apiKey: '' })).status).toBe(400);
  });

  test('StartCorporatesKybTests.StartCorporatesKyb_RootUserLoggedOut_Unauthorised', async () => {
    // CorporatesHelper.createUnauthenticatedCorporate: the password's token, KYB approved, then logged out.
    const { id } = await createIdentity(emu, 'corporates');
    const token = await createPassword(emu, id);
    await verifyIdentity(emu, 'corporates', id);
    await clients(emu).multi.POST('/logout', { token, throwOnError: true });
    expect((await start(token)).response.status).toBe(401);
    expect((await get(token)).response.status).toBe(401);
  });

  test('StartCorporatesKybTests.StartCorporatesKyb_Approved_KybAlreadyApproved', async () => {
    const { id, token } = await createAuthenticated(emu, 'corporates');
    expect((await start(token)).response.status).toBe(200);
    await verifyIdentity(emu, 'corporates', id);
    const again = await start(token);
    expect(again.response.status).toBe(409);
    expect(again.error).toEqual({ errorCode: 'KYB_ALREADY_APPROVED' });
  });

  test('StartCorporatesKybTests.StartCorporatesKyb_BackofficeImpersonator_Forbidden', async () => {
    const { id } = await createAuthenticated(emu, 'corporates');
    const token = await impersonate(emu, 'corporates', id);
    expect((await raw(emu, 'POST', '/multi/corporates/kyb', { token })).status).toBe(403);
    expect((await raw(emu, 'GET', '/multi/corporates/kyb', { token })).status).toBe(403);
  });

  test('StartCorporatesKybTests.StartCorporatesKyb_EmailNotVerified_NotAllowed', async () => {
    const { id } = await createIdentity(emu, 'corporates');
    const token = await createPassword(emu, id);
    const r = await start(token);
    expect(r.response.status).toBe(409);
    expect(r.error).toEqual({ errorCode: 'EMAIL_UNVERIFIED' });
  });

  test('GetCorporatesKybTests.GetCorporatesKyb_NotStarted_Success / _Initiated_Success / _Approved_Success', async () => {
    const { id, token } = await createAuthenticated(emu, 'corporates');
    expect((await get(token)).data?.kybStatus).toBe('NOT_STARTED');
    await start(token);
    expect((await get(token)).data?.kybStatus).toBe('INITIATED');
    await verifyIdentity(emu, 'corporates', id);
    expect((await get(token)).data?.kybStatus).toBe('APPROVED');
  });
});

describe('StartConsumersKycTests and GetConsumersKycTests', () => {
  const start = (token: string, kycLevel?: 'KYC_LEVEL_1' | 'KYC_LEVEL_2') =>
    clients(emu).multi.POST('/consumers/kyc', { token, body: kycLevel ? { kycLevel } : {} });
  const get = (token: string) => clients(emu).multi.GET('/consumers/kyc', { token });

  test.each(['KYC_LEVEL_1', 'KYC_LEVEL_2'] as const)(
    'StartConsumersKycTests.StartConsumersKyc_Success (%s) and GetConsumersKycTests.GetConsumersKyc_Initiated_Success',
    async (level) => {
      const { token } = await createAuthenticated(emu, 'consumers');
      const { data, response } = await start(token, level);
      expect(response.status).toBe(200);
      expect(data?.reference).toBeTruthy();
      expect(data?.kycLevel).toBe(level);
      expect((await get(token)).data).toMatchObject({
        fullDueDiligence: 'INITIATED',
        ongoingFullDueDiligence: 'INITIATED',
        kycLevel: level,
        ongoingKycLevel: level,
      });
    },
  );

  test('StartConsumersKycTests.StartConsumersKyc_NoKycLevel_Success', async () => {
    const { token } = await createAuthenticated(emu, 'consumers');
    const { data } = await start(token);
    expect(data?.kycLevel).toBe('KYC_LEVEL_2');
  });

  test('GetConsumersKycTests.GetConsumersKyc_NotStarted_Success', async () => {
    const { token } = await createAuthenticated(emu, 'consumers');
    expect((await get(token)).data).toMatchObject({
      fullDueDiligence: 'NOT_STARTED',
      ongoingFullDueDiligence: 'NOT_STARTED',
      kycLevel: 'KYC_LEVEL_2',
      ongoingKycLevel: 'KYC_LEVEL_2',
    });
  });

  test('StartConsumersKycTests.StartConsumersKyc_Approved_KycAlreadyApproved', async () => {
    const { id, token } = await createAuthenticated(emu, 'consumers');
    expect((await start(token)).response.status).toBe(200);
    await verifyIdentity(emu, 'consumers', id);
    const again = await start(token);
    expect(again.response.status).toBe(409);
    expect(again.error).toEqual({ errorCode: 'KYC_ALREADY_APPROVED' });
  });

  test('StartConsumersKycTests.StartConsumersKyc_EmailNotVerified_NotAllowed', async () => {
    const { id } = await createIdentity(emu, 'consumers');
    const token = await createPassword(emu, id);
    const r = await start(token);
    expect(r.response.status).toBe(409);
    expect(r.error).toEqual({ errorCode: 'EMAIL_UNVERIFIED' });
  });

  test('StartConsumersKycTests.StartConsumersKyc_BackofficeImpersonator_Forbidden', async () => {
    const { id } = await createAuthenticated(emu, 'consumers');
    const token = await impersonate(emu, 'consumers', id);
    expect((await raw(emu, 'POST', '/multi/consumers/kyc', { token, body: {} })).status).toBe(403);
  });
});

/** Once KYB/KYC is approved, the root user's personal details cannot change. */
describe.each([
  ['PatchCorporatesTests', 'corporates', 'KybVerified_RootUserAlreadyVerified', 'ROOT_USER_ALREADY_VERIFIED'],
  ['PatchConsumersTests', 'consumers', 'KycVerified_ConsumerVerified', 'CONSUMER_VERIFIED'],
] as const)('%s', (file, kind, suffix, errorCode) => {
  const prefix = kind === 'corporates' ? 'PatchCorporates' : 'PatchConsumers';
  test.each([
    ['Email', { email: 'changed@weavrtest.io' }],
    ['Name', { name: 'Changed' }],
    ['Surname', { surname: 'Changed' }],
    ['DateOfBirth', { dateOfBirth: { year: 1982, month: 1, day: 3 } }],
    ['MobileNumber', { mobile: { countryCode: '+356', number: '21999999' } }],
  ])(`${file}.${prefix}_Update%s${suffix}`, async (_field, patch) => {
    const { id, token } = await createAuthenticated(emu, kind);
    await verifyIdentity(emu, kind, id);
    const r = await raw(emu, 'PATCH', `/multi/${kind}`, { token, body: patch });
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode });
  });

  test(`${file}.${kind === 'corporates' ? 'PatchCorporates_SameEmail_NoChanges' : 'PatchConsumers_SameEmail_Conflict'}`, async () => {
    const { id, email, token } = await createAuthenticated(emu, kind);
    // CorporatesHelper.verifyEmail again: a new code lets the verified email verify again.
    await verifyEmail(emu, kind, email);
    expect((await raw(emu, 'PATCH', `/multi/${kind}`, { token, body: { email } })).status).toBe(200);
    const r = await raw(emu, 'GET', `/multi/${kind}`, { token });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({
      id: { type: IDENTITY_TYPE[kind], id },
      rootUser: { emailVerified: true, active: true },
    });
  });

  test(`${file}.${prefix}_EmailAlreadyExists_EmailNotUnique`, async () => {
    const other = await createAuthenticated(emu, kind);
    const { token } = await createAuthenticated(emu, kind);
    const r = await raw(emu, 'PATCH', `/multi/${kind}`, { token, body: { email: other.email } });
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode: 'EMAIL_NOT_UNIQUE' });
  });
});
