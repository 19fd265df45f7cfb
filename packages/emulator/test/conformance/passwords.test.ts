// Conformance with Weavr's QA suite, passwords: src/test/java/opc/junit/multi/passwords/{CreatePasswordTests,
// UpdatePasswordTests, PasswordsValidateTests}. Each test names its source class and method.
import { describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/index.js';
import { clients } from '../helpers.js';
import {
  createAuthenticated,
  createIdentity,
  createUser,
  emulatorForFile,
  IDENTITY_TYPE,
  impersonate,
  QA_PASSWORD,
  raw,
} from './qa.js';

let emu: Emulator;
emulatorForFile((started) => {
  emu = started;
});

describe('CreatePasswordTests', () => {
  const create = (userId: string, password: unknown, apiKey?: string) =>
    raw(emu, 'POST', `/multi/passwords/${userId}/create`, {
      body: password === undefined ? {} : { password: { value: password } },
      ...(apiKey !== undefined ? { apiKey } : {}),
    });

  test.each([
    ['CreatePassword_CorporateRoot_Success', 'corporates'],
    ['CreatePassword_ConsumerRoot_Success', 'consumers'],
  ] as const)('CreatePasswordTests.%s', async (_name, kind) => {
    const { id } = await createIdentity(emu, kind);
    const { data, response } = await clients(emu).multi.POST('/passwords/{user_id}/create', {
      params: { path: { user_id: id } },
      body: { password: { value: QA_PASSWORD } },
    });
    expect(response.status).toBe(200);
    expect(data?.passwordInfo).toEqual({ identityId: { type: IDENTITY_TYPE[kind], id }, expiryDate: 0 });
    expect(data?.token).toBeTruthy();
  });

  test.each([
    ['CreatePassword_CorporateRootUser_Success', 'corporates'],
    ['CreatePassword_ConsumerRootUser_Success', 'consumers'],
  ] as const)('CreatePasswordTests.%s', async (_name, kind) => {
    const { id, token } = await createAuthenticated(emu, kind);
    const user = await createUser(emu, token);
    const r = await create(user.id, QA_PASSWORD);
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.passwordInfo).toEqual({ identityId: { type: IDENTITY_TYPE[kind], id }, expiryDate: 0 });
    expect(body.token).toBeTruthy();
  });

  test('CreatePasswordTests.CreatePassword_InvalidApiKey_Unauthorised / _NoApiKey_BadRequest', async () => {
    const { id } = await createIdentity(emu, 'corporates');
    expect((await create(id, QA_PASSWORD, 'abc')).status).toBe(401);
    expect((await create(id, QA_PASSWORD, '')).status).toBe(400);
  });

  test('CreatePasswordTests.CreatePassword_UnknownCorporateId_NotFound', async () => {
    await createIdentity(emu, 'corporates');
    expect((await create('123456', QA_PASSWORD)).status).toBe(404);
  });

  test('CreatePasswordTests.CreatePassword_AlreadyCreated_Conflict', async () => {
    const { id } = await createIdentity(emu, 'corporates');
    expect((await create(id, QA_PASSWORD)).status).toBe(200);
    expect((await create(id, QA_PASSWORD)).status).toBe(409);
  });

  test.each([
    ['CreatePassword_LongPassword_PasswordTooLong', 51, 'PASSWORD_TOO_LONG'],
    ['CreatePassword_ShortPassword_PasswordTooShort', 3, 'PASSWORD_TOO_SHORT'],
  ])('CreatePasswordTests.%s', async (_name, length, errorCode) => {
    const { id } = await createIdentity(emu, 'corporates');
    const r = await create(id, 'a'.repeat(length));
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode });
  });

  test('CreatePasswordTests.CreatePassword_CreatePasswordAfterTooLongAndTooShortErrors_Success', async () => {
    const { id } = await createIdentity(emu, 'corporates');
    expect(await (await create(id, 'abc')).json()).toEqual({ errorCode: 'PASSWORD_TOO_SHORT' });
    expect(await (await create(id, 'a'.repeat(51))).json()).toEqual({ errorCode: 'PASSWORD_TOO_LONG' });
    const r = await create(id, QA_PASSWORD);
    expect(r.status).toBe(200);
    expect((await r.json()).passwordInfo).toEqual({ identityId: { type: 'CORPORATE', id }, expiryDate: 0 });
  });

  test.each([null, ''])('CreatePasswordTests.CreatePassword_NoPassword_BadRequest (%j)', async (password) => {
    const { id } = await createIdentity(emu, 'corporates');
    expect((await create(id, password)).status).toBe(400);
  });

  test('CreatePasswordTests.CreatePassword_NoPasswordModel_BadRequest', async () => {
    const { id } = await createIdentity(emu, 'corporates');
    expect((await create(id, undefined)).status).toBe(400);
  });
});

describe('UpdatePasswordTests', () => {
  const update = (token: string, oldPassword: unknown, newPassword: unknown, apiKey?: string) =>
    raw(emu, 'POST', '/multi/passwords/update', {
      token,
      body: {
        ...(oldPassword !== undefined ? { oldPassword: { value: oldPassword } } : {}),
        ...(newPassword !== undefined ? { newPassword: { value: newPassword } } : {}),
      },
      ...(apiKey !== undefined ? { apiKey } : {}),
    });

  test.each([
    ['UpdatePassword_Corporate_Success', 'corporates'],
    ['UpdatePassword_Consumer_Success', 'consumers'],
  ] as const)('UpdatePasswordTests.%s', async (_name, kind) => {
    const { id, token } = await createAuthenticated(emu, kind);
    const r = await update(token, QA_PASSWORD, 'Abcdef123456');
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.passwordInfo).toEqual({ identityId: { type: IDENTITY_TYPE[kind], id }, expiryDate: 0 });
    expect(body.token).toBeTruthy();
  });

  test('UpdatePasswordTests.UpdatePassword_InvalidApiKey_Unauthorised / _NoApiKey_BadRequest', async () => {
    const { token } = await createAuthenticated(emu, 'corporates');
    expect((await update(token, QA_PASSWORD, 'Abcdef123456', 'abc')).status).toBe(401);
    expect((await update(token, QA_PASSWORD, 'Abcdef123456', '')).status).toBe(400);
  });

  test('UpdatePasswordTests.UpdatePassword_RootUserLoggedOut_Unauthorised', async () => {
    const { token } = await createAuthenticated(emu, 'corporates');
    expect((await clients(emu).multi.POST('/logout', { token })).response.status).toBe(204);
    expect((await update(token, QA_PASSWORD, 'Abcdef123456')).status).toBe(401);
  });

  test('UpdatePasswordTests.UpdatePassword_OldPasswordDoesNotMatch_PasswordIncorrect', async () => {
    const { token } = await createAuthenticated(emu, 'corporates');
    const r = await update(token, 'Zyxw98765', 'Abcdef123456');
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode: 'PASSWORD_INCORRECT' });
  });

  test.each([null, ''])(
    'UpdatePasswordTests.UpdatePassword_OldPasswordNotProvided_BadRequest (%j)',
    async (p) => {
      const { token } = await createAuthenticated(emu, 'corporates');
      expect((await update(token, p, 'Abcdef123456')).status).toBe(400);
    },
  );

  test.each([null, ''])(
    'UpdatePasswordTests.UpdatePassword_NewPasswordNotProvided_BadRequest (%j)',
    async (p) => {
      const { token } = await createAuthenticated(emu, 'corporates');
      expect((await update(token, QA_PASSWORD, p)).status).toBe(400);
    },
  );

  test('UpdatePasswordTests.UpdatePassword_OldPasswordModelNotProvided_BadRequest / _NewPasswordModelNotProvided_BadRequest', async () => {
    const { token } = await createAuthenticated(emu, 'corporates');
    expect((await update(token, undefined, 'Abcdef123456')).status).toBe(400);
    expect((await update(token, QA_PASSWORD, undefined)).status).toBe(400);
  });

  test.each([
    ['UpdatePassword_LongPassword_PasswordTooLong', 51, 'PASSWORD_TOO_LONG'],
    ['UpdatePassword_ShortPassword_PasswordTooShort', 3, 'PASSWORD_TOO_SHORT'],
  ])('UpdatePasswordTests.%s', async (_name, length, errorCode) => {
    const { token } = await createAuthenticated(emu, 'corporates');
    const r = await update(token, QA_PASSWORD, 'a'.repeat(length));
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode });
  });

  test.each([
    ['UpdatePassword_BackofficeCorporateImpersonator_Forbidden', 'corporates'],
    ['UpdatePassword_BackofficeConsumerImpersonator_Forbidden', 'consumers'],
  ] as const)('UpdatePasswordTests.%s', async (_name, kind) => {
    const { id } = await createAuthenticated(emu, kind);
    const token = await impersonate(emu, kind, id);
    expect((await update(token, QA_PASSWORD, 'Abcdef123456')).status).toBe(403);
  });
});

describe('PasswordsValidateTests', () => {
  const validate = (password: unknown) =>
    raw(emu, 'POST', '/multi/passwords/validate', {
      body: password === undefined ? {} : { password: { value: password } },
    });

  test('PasswordsValidateTests.ValidatePassword_PasswordValid_Success', async () => {
    expect((await validate(QA_PASSWORD)).status).toBe(204);
  });

  test.each([
    ['ValidatePassword_ShortPassword_PasswordTooShort', 7, 'PASSWORD_TOO_SHORT'],
    ['ValidatePassword_LongPassword_PasswordTooLong', 51, 'PASSWORD_TOO_LONG'],
  ])('PasswordsValidateTests.%s', async (_name, length, errorCode) => {
    const r = await validate('a'.repeat(length));
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode });
  });

  test.each([null, ''])('PasswordsValidateTests.ValidatePassword_NoPassword_BadRequest (%j)', async (p) => {
    expect((await validate(p)).status).toBe(400);
  });

  test('PasswordsValidateTests.ValidatePassword_NoPasswordModel_BadRequest', async () => {
    expect((await validate(undefined)).status).toBe(400);
  });
});

describe('StartLostPasswordTests and ResumeLostPasswordTests', () => {
  const start = (email: string, apiKey?: string) =>
    raw(emu, 'POST', '/multi/passwords/lost_password/start', {
      body: { email },
      ...(apiKey !== undefined ? { apiKey } : {}),
    });
  const resume = (email: string, newPassword: string, nonce = '123456') =>
    raw(emu, 'POST', '/multi/passwords/lost_password/resume', {
      body: { email, nonce, newPassword: { value: newPassword } },
    });
  const deactivate = (ownerToken: string, userId: string) =>
    raw(emu, 'POST', `/multi/users/${userId}/deactivate`, { token: ownerToken });

  test.each([
    ['StartLostPassword_Corporate_Success', 'ResumeLostPassword_Corporate_Success', 'corporates'],
    ['StartLostPassword_Consumer_Success', 'ResumeLostPassword_Consumer_Success', 'consumers'],
  ] as const)('StartLostPasswordTests.%s and ResumeLostPasswordTests.%s', async (_s, _r, kind) => {
    const { email } = await createAuthenticated(emu, kind);
    expect((await start(email)).status).toBe(204);
    const r = await resume(email, 'NewPass1234');
    expect(r.status).toBe(200);
    expect((await r.json()).token).toBeTruthy();
    const login = await clients(emu).multi.POST('/login_with_password', {
      body: { email, password: { value: 'NewPass1234' } },
    });
    expect(login.response.status).toBe(200);
  });

  test('StartLostPasswordTests.StartLostPassword_CorporateUser_Success and ResumeLostPasswordTests.ResumeLostPassword_CorporateUser_Success', async () => {
    const { token } = await createAuthenticated(emu, 'corporates');
    const user = await createUser(emu, token);
    await clients(emu).multi.POST('/passwords/{user_id}/create', {
      params: { path: { user_id: user.id } },
      body: { password: { value: QA_PASSWORD } },
      throwOnError: true,
    });
    expect((await start(user.email)).status).toBe(204);
    const r = await resume(user.email, 'NewPass1234');
    expect(r.status).toBe(200);
    expect((await r.json()).token).toBeTruthy();
  });

  test('StartLostPasswordTests.StartLostPassword_CorporateUserInactive_AccountNotFound', async () => {
    const { token } = await createAuthenticated(emu, 'corporates');
    const user = await createUser(emu, token);
    expect((await deactivate(token, user.id)).status).toBe(204);
    const r = await start(user.email);
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode: 'ACCOUNT_NOT_FOUND' });
  });

  test('StartLostPasswordTests.StartLostPassword_InvalidApiKey_Unauthorised / _NoApiKey_BadRequest / _UnknownEmail_Conflict', async () => {
    const { email } = await createAuthenticated(emu, 'corporates');
    expect((await start(email, 'abc')).status).toBe(401);
    expect((await start(email, '')).status).toBe(400);
    expect((await start(`unknown${email}`)).status).toBe(409);
  });

  test.each(['', 'abcdef'])(
    'StartLostPasswordTests.StartLostPassword_InvalidEmail_BadRequest (%j)',
    async (email) => {
      expect((await start(email)).status).toBe(400);
    },
  );

  test('StartLostPasswordTests.StartLostPassword_InvalidEmailFormat_BadRequest', async () => {
    expect((await start('abcdef.@weavrtest.io')).status).toBe(400);
  });

  test('ResumeLostPasswordTests.ResumeLostPassword_CorporateUserInactive_Forbidden', async () => {
    const { token } = await createAuthenticated(emu, 'corporates');
    const user = await createUser(emu, token);
    expect((await start(user.email)).status).toBe(204);
    expect((await deactivate(token, user.id)).status).toBe(204);
    expect((await resume(user.email, 'NewPass1234')).status).toBe(403);
  });

  test.each([
    ['ResumeLostPassword_UnknownEmail_InvalidNonceOrEmail', 'unknown'],
    ['ResumeLostPassword_PasswordNotStarted_InvalidNonceOrEmail', 'not-started'],
    ['ResumeLostPassword_OtherRootUser_InvalidNonceOrEmail', 'other'],
    ['ResumeLostPassword_NonceMismatch_InvalidNonceOrEmail', 'nonce'],
  ])('ResumeLostPasswordTests.%s', async (_name, how) => {
    const { email } = await createAuthenticated(emu, 'corporates');
    const other = await createAuthenticated(emu, 'corporates');
    if (how !== 'not-started') await start(email);
    const r =
      how === 'unknown'
        ? await resume(`unknown${email}`, 'NewPass1234')
        : how === 'other'
          ? await resume(other.email, 'NewPass1234')
          : how === 'nonce'
            ? await resume(email, 'NewPass1234', '654321')
            : await resume(email, 'NewPass1234');
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode: 'INVALID_NONCE_OR_EMAIL' });
  });

  test.each([
    ['ResumeLostPassword_ShortPassword_PasswordTooShort', 3, 'PASSWORD_TOO_SHORT'],
    ['ResumeLostPassword_LongPassword_PasswordTooLong', 51, 'PASSWORD_TOO_LONG'],
  ])('ResumeLostPasswordTests.%s', async (_name, length, errorCode) => {
    const { email } = await createAuthenticated(emu, 'corporates');
    expect((await start(email)).status).toBe(204);
    const r = await resume(email, 'a'.repeat(length));
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode });
  });
});
