import { createSession, SANDBOX_VERIFICATION_CODE } from '@weavr-sdk/multi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { clients, onboardCorporate, PASSWORD, problems } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu?.close());

/** A raw call, to send exactly the headers a case needs. */
function call(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
) {
  return fetch(`${emu.url}/multi${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

describe('credentials, as Weavr answers them', () => {
  test('an empty api-key is 400 naming the header; a wrong one 401 with no body', async () => {
    const empty = await call('/managed_accounts', { headers: { 'api-key': '' } });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({
      message: 'Invalid request',
      syntaxErrors: { invalidFields: [{ fieldName: 'api-key', error: 'REQUIRED', params: [] }] },
    });
    const wrong = await call('/managed_accounts', { headers: { 'api-key': 'not-the-key' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toBe('');
  });

  test('a missing or unknown token is 401; with loginTokenType AUTH the login token is refused outside identities and access_token', async () => {
    expect((await call('/managed_accounts', { headers: { 'api-key': emu.apiKey } })).status).toBe(401);
    expect(
      (await call('/managed_accounts', { headers: { 'api-key': emu.apiKey, authorization: 'Bearer nope' } }))
        .status,
    ).toBe(401);
    const authOnly = await startEmulator({ loginTokenType: 'AUTH' });
    try {
      const { email } = await onboardCorporate(authOnly);
      const login = await fetch(`${authOnly.url}/multi/login_with_password`, {
        method: 'POST',
        headers: { 'api-key': authOnly.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: { value: PASSWORD } }),
      });
      const { token, tokenType } = await login.json();
      expect(tokenType).toBe('AUTH');
      const auth = { 'api-key': authOnly.apiKey, authorization: `Bearer ${token}` };
      const refused = await fetch(`${authOnly.url}/multi/managed_accounts`, { headers: auth });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ errorCode: 'ACCESS_TOKEN_REQUIRED' });
      const identities = await fetch(`${authOnly.url}/multi/identities`, { headers: auth });
      expect(identities.status).toBe(200);
      expect(await identities.json()).toMatchObject({ count: 1, responseCount: 1 });
    } finally {
      await authOnly.close();
    }
  });

  test('wrong password and unknown email are both 403; a bad email format 400', async () => {
    const { email } = await onboardCorporate(emu);
    const { multi } = clients(emu);
    const wrong = await multi.POST('/login_with_password', {
      body: { email, password: { value: 'Wrong-Pass-1' } },
    });
    expect(wrong.response.status).toBe(403);
    const unknown = await multi.POST('/login_with_password', {
      body: { email: 'nobody@example.com', password: { value: PASSWORD } },
    });
    expect(unknown.response.status).toBe(403);
  });

  test('a user token on Back-Office is 403', async () => {
    const { session } = await onboardCorporate(emu);
    const { backoffice } = clients(emu);
    const r = await backoffice.GET('/transfers', { token: await session.token() });
    expect(r.response.status).toBe(403);
  });
});

describe('tokens', () => {
  test('expire five minutes after their last use (emulated clock); logout ends them', async () => {
    const { session, user } = await onboardCorporate(emu);
    const token = await session.token();
    const { multi } = clients(emu);
    expect((await multi.GET('/managed_accounts', { token })).response.status).toBe(200);
    emu.clock.advance(4 * 60_000);
    expect((await multi.GET('/managed_accounts', { token })).response.status).toBe(200);
    emu.clock.advance(4 * 60_000);
    // 8 minutes since issue but only 4 since the last use: still good.
    expect((await multi.GET('/managed_accounts', { token })).response.status).toBe(200);
    emu.clock.advance(5 * 60_000 + 1);
    expect((await multi.GET('/managed_accounts', { token })).response.status).toBe(401);
    // The session client signs in again by itself.
    expect((await user.GET('/managed_accounts')).response.status).toBe(200);
    const fresh = await session.token();
    await multi.POST('/logout', { token: fresh, throwOnError: true });
    expect((await multi.GET('/managed_accounts', { token: fresh })).response.status).toBe(401);
  });
});

describe('step-up', () => {
  test('per token: RETRY_IN_15SEC within 15 s, 400 at the third issue, a login after the SCA window is not stepped up', async () => {
    const { user, session, email, corporate } = await onboardCorporate(emu);
    const channel = { params: { path: { channel: 'SMS' as const } } };
    const notEnrolled = await user.POST('/stepup/challenges/otp/{channel}', channel);
    expect(notEnrolled.error).toEqual({ errorCode: 'CHANNEL_NOT_REGISTERED' });
    await user.POST('/authentication_factors/otp/{channel}', { ...channel, throwOnError: true });
    await user.POST('/authentication_factors/otp/{channel}/verify', {
      ...channel,
      body: { verificationCode: SANDBOX_VERIFICATION_CODE },
      throwOnError: true,
    });
    expect((await user.POST('/stepup/challenges/otp/{channel}', channel)).response.status).toBe(204);
    const soon = await user.POST('/stepup/challenges/otp/{channel}', channel);
    expect(soon.error).toEqual({ errorCode: 'RETRY_IN_15SEC' });
    emu.clock.advance(15_000);
    expect((await user.POST('/stepup/challenges/otp/{channel}', channel)).response.status).toBe(204);
    emu.clock.advance(15_000);
    expect((await user.POST('/stepup/challenges/otp/{channel}', channel)).response.status).toBe(400);
    const badCode = await user.POST('/stepup/challenges/otp/{channel}/verify', {
      ...channel,
      body: { verificationCode: '000000' },
    });
    expect(badCode.error).toEqual({ errorCode: 'VERIFICATION_CODE_INVALID' });
    const short = await user.POST('/stepup/challenges/otp/{channel}/verify', {
      ...channel,
      body: { verificationCode: '1' },
    });
    expect(short.response.status).toBe(400);
    expect(short.error).toMatchObject({ message: 'request.verificationCode: size must be between 6 and 6' });
    await user.POST('/stepup/challenges/otp/{channel}/verify', {
      ...channel,
      body: { verificationCode: SANDBOX_VERIFICATION_CODE },
      throwOnError: true,
    });
    const { data: account } = await user.POST('/managed_accounts', {
      body: { profileId: emu.profiles.managedAccounts, friendlyName: 'A', currency: 'EUR' },
      throwOnError: true,
    });
    const iban = { params: { path: { id: account.id } } };
    expect((await user.GET('/managed_accounts/{id}/iban', iban)).response.status).toBe(200);
    // Another login once the SCA window (60 s by default) has passed: a new token, not stepped up.
    emu.clock.advance(60_000);
    const other = await createSession(clients(emu).multi, {
      email,
      password: PASSWORD,
      identity: corporate.id,
    });
    const refused = await other.client.GET('/managed_accounts/{id}/iban', iban);
    expect(refused.error).toEqual({ errorCode: 'STEP_UP_REQUIRED' });
    await session.logout();
  });

  test('which operations need it is an option', async () => {
    const open = await startEmulator({ stepUpOperations: [] });
    try {
      const { user } = await onboardCorporate(open);
      const { data: account } = await user.POST('/managed_accounts', {
        body: { profileId: open.profiles.managedAccounts, friendlyName: 'A', currency: 'EUR' },
        throwOnError: true,
      });
      const r = await user.GET('/managed_accounts/{id}/iban', { params: { path: { id: account.id } } });
      expect(r.response.status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe('authorised users', () => {
  test('create, invite, consume the invite, sign in as the new user', async () => {
    const { user, corporate } = await onboardCorporate(emu);
    const email = `clerk+${Date.now()}@example.com`;
    const { data: clerk } = await user.POST('/users', {
      body: { name: 'Bob', surname: 'Clerk', email },
      throwOnError: true,
    });
    expect(clerk.identity).toEqual(corporate.id);
    await user.POST('/users/{user_id}/invite', {
      params: { path: { user_id: clerk.id } },
      throwOnError: true,
    });
    const { multi } = clients(emu);
    const bad = await multi.POST('/users/{user_id}/invite/consume', {
      params: { path: { user_id: clerk.id } },
      body: { inviteCode: '000000', password: { value: 'Clerk-Pass-123' } },
    });
    expect(bad.error).toEqual({ errorCode: 'INVITE_OR_INVITE_CODE_INVALID' });
    await multi.POST('/users/{user_id}/invite/consume', {
      params: { path: { user_id: clerk.id } },
      body: { inviteCode: SANDBOX_VERIFICATION_CODE, password: { value: 'Clerk-Pass-123' } },
      throwOnError: true,
    });
    const clerkSession = await createSession(multi, { email, password: 'Clerk-Pass-123' });
    expect(clerkSession.identity).toEqual(corporate.id);
    const { data: users } = await user.GET('/users', { throwOnError: true });
    expect(users).toMatchObject({ count: 1, responseCount: 1 });
    expect(users.users?.[0]?.id).toBe(clerk.id);
  });

  test('passwords: validate, update, create twice', async () => {
    const { user, corporate } = await onboardCorporate(emu);
    const { multi } = clients(emu);
    const tooShort = await multi.POST('/passwords/validate', { body: { password: { value: 'short' } } });
    expect(tooShort.error).toEqual({ errorCode: 'PASSWORD_TOO_SHORT' });
    const twice = await multi.POST('/passwords/{user_id}/create', {
      params: { path: { user_id: corporate.rootUser.id.id } },
      body: { password: { value: 'Another-Pass-1' } },
    });
    expect(twice.error).toEqual({ errorCode: 'PASSWORD_ALREADY_CREATED' });
    const wrongOld = await user.POST('/passwords/update', {
      body: { oldPassword: { value: 'nope-nope-1' }, newPassword: { value: 'Brand-New-Pass-2' } },
    });
    expect(wrongOld.error).toEqual({ errorCode: 'PASSWORD_INCORRECT' });
    await user.POST('/passwords/update', {
      body: { oldPassword: { value: PASSWORD }, newPassword: { value: 'Brand-New-Pass-2' } },
      throwOnError: true,
    });
    expect(problems).toEqual([]);
  });

  test('consumers onboard too', async () => {
    const { multi } = clients(emu);
    const email = `consumer+${Date.now()}@example.com`;
    const consumer = (profileId: string, address: string) => ({
      profileId,
      rootUser: {
        name: 'Grace',
        surname: 'Hopper',
        email: address,
        mobile: { countryCode: '+44', number: '7700900456' },
        dateOfBirth: { year: 1990, month: 12, day: 9 },
        address: { addressLine1: '1 Cobol Way', city: 'London', postCode: 'N1 1AA', country: 'GB' },
      },
      ipAddress: '192.0.2.11',
      baseCurrency: 'GBP',
    });
    const { data: created } = await multi.POST('/consumers', {
      body: consumer(emu.profiles.consumers, email),
      throwOnError: true,
    });
    expect(created.id).toMatchObject({ type: 'CONSUMER' });
    const dup = await multi.POST('/consumers', { body: consumer(emu.profiles.consumers, email) });
    expect(dup.error).toEqual({ errorCode: 'ROOT_EMAIL_NOT_UNIQUE' });
    const wrongProfile = await multi.POST('/consumers', {
      body: consumer('999999999999999999', `x${email}`),
    });
    expect(wrongProfile.error).toEqual({ errorCode: 'PROFILE_NOT_FOUND' });
    expect(problems).toEqual([]);
  });
});
