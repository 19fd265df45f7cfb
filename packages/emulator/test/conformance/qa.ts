/**
 * What Weavr's QA suite (bunyaminozen1/Regression, `src/test/java/opc/junit/helpers/multi/*Helper.java`) does
 * before each test, done through the SDK's public clients: the default create models, `createAuthenticated*`
 * (create, password at `/passwords/{identityId}/create`, verify the email, log in), `verifyKyb`/`verifyKyc` (the
 * simulator), OTP enrolment and step-up. Tests then assert what the QA test asserts.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/index.js';
import { clients } from '../helpers.js';

/** Starts one emulator for the test file before its tests (handing it to `use`) and closes it after them. */
export function emulatorForFile(use: (emu: Emulator) => void, options?: EmulatorOptions): void {
  let emu: Emulator | undefined;
  beforeAll(async () => {
    emu = await startEmulator(options);
    use(emu);
  });
  afterAll(() => emu?.close());
}

/** `TestHelper.DEFAULT_PASSWORD` (the QA programmes' password profile). */
export const QA_PASSWORD = 'Pass1234';
/** The sandbox's OTP, email and step-up code (`TestHelper.VERIFICATION_CODE`, `OTP_VERIFICATION_CODE`). */
export const CODE = '123456';

export type Kind = 'corporates' | 'consumers';
export const IDENTITY_TYPE = { corporates: 'CORPORATE', consumers: 'CONSUMER' } as const;

const random = (n = 8) => randomBytes(n).toString('hex').slice(0, n);
export const randomEmail = () => `${random(10)}@weavrtest.io`;
/** `RandomStringUtils.randomNumeric(18)`: an id nothing has. */
export const unknownId = () => `9${Date.now()}${random(4).replace(/\D/g, '7')}`.padEnd(18, '3').slice(0, 18);

/** `CreateCorporateModel.DefaultCreateCorporateModel(profileId)`. */
export function corporateModel(emu: Emulator, email = randomEmail()) {
  return {
    profileId: emu.profiles.corporates,
    tag: random(5),
    rootUser: {
      name: 'Ada',
      surname: 'Lovelace',
      email,
      mobile: { countryCode: '+356', number: `21${random(6).replace(/\D/g, '4')}` },
      companyPosition: 'DIRECTOR' as const,
      dateOfBirth: { year: 1990, month: 1, day: 1 },
    },
    company: {
      name: `Company ${random(6)}`,
      type: 'LLC' as const,
      registrationNumber: random(10),
      registrationCountry: 'MT',
      businessAddress: {
        addressLine1: '1 Test Street',
        city: 'Valletta',
        postCode: 'VLT1000',
        country: 'MT',
      },
    },
    acceptedTerms: true,
    ipAddress: '127.0.0.1',
    baseCurrency: 'EUR',
    feeGroup: 'DEFAULT',
  };
}

/** `CreateConsumerModel.DefaultCreateConsumerModel(profileId)`. */
export function consumerModel(emu: Emulator, email = randomEmail()) {
  return {
    profileId: emu.profiles.consumers,
    tag: random(5),
    rootUser: {
      name: 'Grace',
      surname: 'Hopper',
      email,
      mobile: { countryCode: '+356', number: `21${random(6).replace(/\D/g, '4')}` },
      dateOfBirth: { year: 1990, month: 1, day: 1 },
      address: { addressLine1: '1 Test Street', city: 'Valletta', postCode: 'VLT1000', country: 'MT' },
    },
    acceptedTerms: true,
    ipAddress: '127.0.0.1',
    baseCurrency: 'EUR',
  };
}

export function modelOf(kind: Kind, emu: Emulator, email?: string) {
  return kind === 'corporates' ? corporateModel(emu, email) : consumerModel(emu, email);
}

/** `CorporatesHelper.createCorporate` / `ConsumersHelper.createConsumer`: the new identity's id. */
export async function createIdentity(emu: Emulator, kind: Kind, email = randomEmail()) {
  const { multi } = clients(emu);
  const body = modelOf(kind, emu, email);
  const { data } =
    kind === 'corporates'
      ? await multi.POST('/corporates', {
          body: body as ReturnType<typeof corporateModel>,
          throwOnError: true,
        })
      : await multi.POST('/consumers', {
          body: body as ReturnType<typeof consumerModel>,
          throwOnError: true,
        });
  return { id: data.id.id as string, email, body };
}

/** `PasswordsService.createPassword(model, userId)`: the token the answer carries. */
export async function createPassword(emu: Emulator, userId: string, password = QA_PASSWORD) {
  const { data } = await clients(emu).multi.POST('/passwords/{user_id}/create', {
    params: { path: { user_id: userId } },
    body: { password: { value: password } },
    throwOnError: true,
  });
  return data.token as string;
}

/** `CorporatesHelper.verifyEmail` / `ConsumersHelper.verifyEmail`. */
export async function verifyEmail(emu: Emulator, kind: Kind, email: string) {
  const { multi } = clients(emu);
  const send =
    kind === 'corporates' ? '/corporates/verification/email/send' : '/consumers/verification/email/send';
  const verify =
    kind === 'corporates' ? '/corporates/verification/email/verify' : '/consumers/verification/email/verify';
  await multi.POST(send, { body: { email }, throwOnError: true });
  await multi.POST(verify, { body: { email, verificationCode: CODE }, throwOnError: true });
}

/** `AuthenticationHelper.login`: the `login_with_password` token, used as the bearer from then on. */
export async function login(emu: Emulator, email: string, password = QA_PASSWORD) {
  const { data } = await clients(emu).multi.POST('/login_with_password', {
    body: { email, password: { value: password } },
    throwOnError: true,
  });
  return data.token as string;
}

/** `createAuthenticatedCorporate` / `createAuthenticatedConsumer`: `{ id, email, token }`. */
export async function createAuthenticated(emu: Emulator, kind: Kind, email = randomEmail()) {
  const { id } = await createIdentity(emu, kind, email);
  await createPassword(emu, id);
  await verifyEmail(emu, kind, email);
  return { id, email, token: await login(emu, email) };
}

/** `verifyKyb` / `verifyKyc`: the simulator approves the identity. */
export async function verifyIdentity(emu: Emulator, kind: Kind, id: string) {
  const { simulator } = clients(emu);
  // The simulator spec types ids as int64; Weavr's are 18-digit strings (sent as they are).
  const asNumber = id as unknown as number;
  if (kind === 'corporates')
    await simulator.POST('/corporates/{corporate_id}/verify', {
      params: { path: { corporate_id: asNumber } },
      throwOnError: true,
    });
  else
    await simulator.POST('/consumers/{consumer_id}/verify', {
      params: { path: { consumer_id: asNumber } },
      throwOnError: true,
    });
}

/** Starts an SMS one-time-password flow and answers it with the sandbox code. */
async function smsCode(
  emu: Emulator,
  token: string,
  start: '/authentication_factors/otp/{channel}' | '/stepup/challenges/otp/{channel}',
) {
  const { multi } = clients(emu);
  const channel = { params: { path: { channel: 'SMS' as const } }, token };
  await multi.POST(start, { ...channel, throwOnError: true });
  await multi.POST(`${start}/verify` as `${typeof start}/verify`, {
    ...channel,
    body: { verificationCode: CODE },
    throwOnError: true,
  });
}

/** `AuthenticationFactorsHelper.enrolAndVerifyOtp(CODE, "SMS", …)`. */
export const enrolOtp = (emu: Emulator, token: string) =>
  smsCode(emu, token, '/authentication_factors/otp/{channel}');

/** `createEnrolledCorporate` / `createEnrolledConsumer`. */
export async function createEnrolled(emu: Emulator, kind: Kind) {
  const identity = await createAuthenticated(emu, kind);
  await enrolOtp(emu, identity.token);
  return identity;
}

/** `AuthenticationHelper.startAndVerifyStepup(CODE, "SMS", …)`. */
export const stepUp = (emu: Emulator, token: string) =>
  smsCode(emu, token, '/stepup/challenges/otp/{channel}');

/** `UsersHelper.createUser(UsersModel.DefaultUsersModel(), …)`: `{ id, email }`. */
export async function createUser(emu: Emulator, token: string, email = randomEmail()) {
  const { data } = await clients(emu).multi.POST('/users', {
    body: {
      name: 'Bob',
      surname: 'Clerk',
      email,
      dateOfBirth: { year: 1992, month: 3, day: 3 },
      mobile: { countryCode: '+356', number: '21123456' },
    },
    token,
    throwOnError: true,
  });
  return { id: data.id as string, email };
}

/** `createAuthenticatedUser`: a user with a password, logged in. */
export async function createAuthenticatedUser(emu: Emulator, token: string) {
  const user = await createUser(emu, token);
  await createPassword(emu, user.id);
  return { ...user, token: await login(emu, user.email) };
}

/** `BackofficeHelper.impersonateIdentity`: a Back-Office token for the identity. */
export async function impersonate(emu: Emulator, kind: Kind, id: string) {
  const { data } = await clients(emu).backoffice.POST('/access_token', {
    body: { identity: { type: IDENTITY_TYPE[kind], id } },
    throwOnError: true,
  });
  return data.token?.token as string;
}

/** A raw request, for what the SDK would refuse to send (an empty or wrong `api-key`, a malformed body). */
export function raw(
  emu: Emulator,
  method: string,
  path: string,
  init: { apiKey?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...init.headers, 'api-key': init.apiKey ?? emu.apiKey };
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${emu.url}${path}`, {
    method,
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}
