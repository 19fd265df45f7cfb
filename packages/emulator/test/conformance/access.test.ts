// Conformance with Weavr's QA suite, access: src/test/java/opc/junit/multi/access/*.java and
// src/test/java/opc/junit/backoffice/ImpersonateIdentityTests.java. Each test names its source class and method.
import { beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../../src/index.js';
import { clients } from '../helpers.js';
import {
  createAuthenticated,
  createAuthenticatedUser,
  createIdentity,
  createPassword,
  createUser,
  emulatorForFile,
  IDENTITY_TYPE,
  type Kind,
  login,
  QA_PASSWORD,
  randomEmail,
  raw,
  unknownId,
  verifyEmail,
} from './qa.js';

let emu: Emulator;
emulatorForFile((started) => {
  emu = started;
});

const loginWith = (email: string, password: unknown) =>
  clients(emu).multi.POST('/login_with_password', {
    body: { email, password: { value: password as string } },
  });

/** `AbstractAuthenticationTests` and the methods its two subclasses add. */
describe.each([
  ['AuthenticateCorporateRootTests', 'corporates'],
  ['AuthenticateConsumersRootTests', 'consumers'],
] as const)('%s', (file, kind: Kind) => {
  /** The subclasses' `BeforeEach`: create, password at /passwords/{identityId}/create, verify the email. */
  async function beforeEach() {
    const { id, email } = await createIdentity(emu, kind);
    await createPassword(emu, id);
    await verifyEmail(emu, kind, email);
    return { id, email };
  }

  test(`${file}.LoginWithPassword_InvalidEmail_BadRequest`, async () => {
    await beforeEach();
    const r = await loginWith('a1b2c3d4e5', QA_PASSWORD);
    expect(r.response.status).toBe(400);
  });

  test(`${file}.LoginWithPassword_InvalidEmailFormat_BadRequest`, async () => {
    await beforeEach();
    const r = await loginWith('abc123.@weavrtest.io', QA_PASSWORD);
    expect(r.response.status).toBe(400);
  });

  test(`${file}.LoginWithPassword_UnknownPassword_Forbidden`, async () => {
    const { email } = await beforeEach();
    expect((await loginWith(email, 'Xy12ab34Cd')).response.status).toBe(403);
  });

  test(`${file}.LoginWithPassword_UnknownEmail_Forbidden`, async () => {
    await beforeEach();
    expect((await loginWith(`${crypto.randomUUID()}@weavr.io`, QA_PASSWORD)).response.status).toBe(403);
  });

  test.each([null, ''])(`${file}.LoginWithPassword_NoPassword_BadRequest (%j)`, async (password) => {
    const { email } = await beforeEach();
    expect((await loginWith(email, password)).response.status).toBe(400);
  });

  test(`${file}.LoginWithPassword_NoPasswordModel_BadRequest`, async () => {
    const { email } = await beforeEach();
    // The SDK's types insist on a password: sent raw.
    const r = await raw(emu, 'POST', '/multi/login_with_password', { body: { email } });
    expect(r.status).toBe(400);
  });

  test(`${file}.${kind === 'corporates' ? 'LoginWithPassword_Root_Success' : 'LoginWithPassword_RootUserVerifiedEmail_Success'}`, async () => {
    const { id, email } = await beforeEach();
    const { data, response } = await loginWith(email, QA_PASSWORD);
    expect(response.status).toBe(200);
    expect(data?.token).toBeTruthy();
    expect(data?.identity).toEqual({ type: IDENTITY_TYPE[kind], id });
    expect(data?.credentials).toEqual({ type: 'ROOT', id });
  });

  test(`${file}.${kind === 'corporates' ? 'LoginWithPassword_User_Success' : 'LoginWithPassword_UserVerifiedEmail_Success'}`, async () => {
    const { id, email } = await beforeEach();
    // The QA suite creates the user with the login token itself: it works as the bearer.
    const rootToken = await login(emu, email);
    const user = await createUser(emu, rootToken);
    await createPassword(emu, user.id);
    const { data, response } = await loginWith(user.email, QA_PASSWORD);
    expect(response.status).toBe(200);
    expect(data?.token).toBeTruthy();
    expect(data?.identity).toEqual({ type: IDENTITY_TYPE[kind], id });
    expect(data?.credentials).toEqual({ type: 'USER', id: user.id });
  });

  test(`${file}.Logout_Success`, async () => {
    const { email } = await beforeEach();
    const token = await login(emu, email);
    const r = await clients(emu).multi.POST('/logout', { token });
    expect(r.response.status).toBe(204);
  });

  test(`${file}.LoginWithPassword_NotCreated_Forbidden`, async () => {
    await beforeEach();
    const { email } = await createIdentity(emu, kind);
    expect((await loginWith(email, QA_PASSWORD)).response.status).toBe(403);
  });
});

test('AuthenticateConsumersRootTests.LoginWithPassword_RootUnverifiedEmail_Forbidden', async () => {
  const { email } = await createIdentity(emu, 'consumers');
  expect((await loginWith(email, QA_PASSWORD)).response.status).toBe(403);
});

/** `AbstractRequestAccessTokenTests`, run by `RequestAccessTokenCorporateTests` and `RequestAccessTokenConsumersTests`. */
describe.each([
  ['RequestAccessTokenCorporateTests', 'corporates'],
  ['RequestAccessTokenConsumersTests', 'consumers'],
] as const)('%s', (file, kind: Kind) => {
  const accessToken = (token: string, identity: { type: 'CORPORATE' | 'CONSUMER'; id: string }) =>
    clients(emu).multi.POST('/access_token', { body: { identity }, token });

  test(`${file}.RequestAccessToken_SameUser_Success`, async () => {
    const { id, token } = await createAuthenticated(emu, kind);
    const { data, response } = await accessToken(token, { type: IDENTITY_TYPE[kind], id });
    expect(response.status).toBe(200);
    expect(data?.token).toBeTruthy();
    expect(data?.identity).toEqual({ type: IDENTITY_TYPE[kind], id });
    expect(data?.credentials).toEqual({ type: 'ROOT', id });
    expect(data?.status).toBe('STANDARD');
  });

  test(`${file}.RequestAccessToken_SameUserWrongType_Unauthorized`, async () => {
    const { id, token } = await createAuthenticated(emu, kind);
    const wrong = kind === 'corporates' ? 'CONSUMER' : 'CORPORATE';
    expect((await accessToken(token, { type: wrong, id })).response.status).toBe(401);
  });

  test(`${file}.RequestAccessToken_SameUserWrongId_NotFound`, async () => {
    const { token } = await createAuthenticated(emu, kind);
    expect((await accessToken(token, { type: IDENTITY_TYPE[kind], id: unknownId() })).response.status).toBe(
      404,
    );
  });
});

describe('ImpersonateIdentityTests', () => {
  let corporate: { id: string; token: string };
  let consumer: { id: string; token: string };
  beforeAll(async () => {
    corporate = await createAuthenticated(emu, 'corporates');
    consumer = await createAuthenticated(emu, 'consumers');
  });
  /** `BackofficeMultiService.impersonateIdentity`: the API key alone, as the QA suite sends it. */
  const impersonate = (id: string, type: 'CORPORATE' | 'CONSUMER', apiKey = emu.apiKey) =>
    raw(emu, 'POST', '/multi/backoffice/impersonate_identity_login', {
      apiKey,
      body: { identity: { id, type } },
    });

  test.each([
    ['ImpersonateIdentity_CorporateIdentity_Success', 'CORPORATE'],
    ['ImpersonateIdentity_ConsumerIdentity_Success', 'CONSUMER'],
  ] as const)('ImpersonateIdentityTests.%s', async (_name, type) => {
    const id = type === 'CORPORATE' ? corporate.id : consumer.id;
    const r = await impersonate(id, type);
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.token.token).toBeTruthy();
    expect(body.identity).toEqual({ type, id });
    expect(body.credentials).toEqual({ type: 'ROOT', id });
  });

  test('ImpersonateIdentityTests.ImpersonateIdentity_CrossIdentity_NotFound', async () => {
    expect((await impersonate(consumer.id, 'CORPORATE')).status).toBe(404);
  });

  test.each([
    ['ImpersonateIdentity_NonRootConsumerUserIdentity_NotFound', 'consumers'],
    ['ImpersonateIdentity_NonRootCorporateUserIdentity_NotFound', 'corporates'],
  ] as const)('ImpersonateIdentityTests.%s', async (_name, kind) => {
    const owner = kind === 'corporates' ? corporate : consumer;
    const user = await createAuthenticatedUser(emu, owner.token);
    expect((await impersonate(user.id, IDENTITY_TYPE[kind])).status).toBe(404);
  });

  test('ImpersonateIdentityTests.ImpersonateIdentity_UnknownIdentity_NotFound', async () => {
    expect((await impersonate(unknownId(), 'CORPORATE')).status).toBe(404);
  });

  test('ImpersonateIdentityTests.ImpersonateIdentity_InvalidApiKey_Unauthorised', async () => {
    expect((await impersonate(corporate.id, 'CORPORATE', 'abc')).status).toBe(401);
  });

  test('ImpersonateIdentityTests.ImpersonateIdentity_NoApiKey_BadRequest', async () => {
    expect((await impersonate(corporate.id, 'CORPORATE', '')).status).toBe(400);
  });
});

describe('the login token type (a programme setting)', () => {
  test('CorporateLoginSemiTests.AccessToken_LinkedUserCanUseOnlyAccessToken_Success: a one-identity login is tokenType ACCESS', async () => {
    const email = randomEmail();
    const { id } = await createIdentity(emu, 'corporates', email);
    await createPassword(emu, id);
    const { data } = await loginWith(email, QA_PASSWORD);
    expect(data?.tokenType).toBe('ACCESS');
    expect(data?.credentials).toEqual({ type: 'ROOT', id });
    // …and the QA suite uses it as the bearer on every call.
    const accounts = await clients(emu).multi.GET('/managed_accounts', { token: data?.token as string });
    expect(accounts.response.status).toBe(200);
  });

  test("loginTokenType 'AUTH': the token must be exchanged at /access_token (403 ACCESS_TOKEN_REQUIRED until then)", async () => {
    const authOnly = await startEmulator({ loginTokenType: 'AUTH' });
    try {
      const { id, token } = await createAuthenticated(authOnly, 'corporates');
      const { multi } = clients(authOnly);
      const refused = await multi.GET('/managed_accounts', { token });
      expect(refused.response.status).toBe(403);
      expect(refused.error).toEqual({ errorCode: 'ACCESS_TOKEN_REQUIRED' });
      const { data } = await multi.POST('/access_token', {
        body: { identity: { type: 'CORPORATE', id } },
        token,
        throwOnError: true,
      });
      expect((await multi.GET('/managed_accounts', { token: data.token as string })).response.status).toBe(
        200,
      );
    } finally {
      await authOnly.close();
    }
  });
});
