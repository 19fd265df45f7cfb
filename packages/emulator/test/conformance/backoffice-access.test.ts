// Conformance with Weavr's QA suite, Back-Office access: src/test/java/opc/junit/backoffice/managedaccounts/
// GetManagedAccountTests, managedcards/GetManagedCardSpendRulesTests and fees/ChargeFeeTests, the methods about
// which token (or key) Back-Office accepts. Each test names its source class and method.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../../src/index.js';
import { clients } from '../helpers.js';
import {
  createAuthenticated,
  createIdentity,
  createPassword,
  impersonate,
  raw,
  unknownId,
  verifyIdentity,
} from './qa.js';

let emu: Emulator;
let corporate: { id: string; token: string; account: string; boToken: string };
let consumer: { id: string; token: string; account: string; boToken: string };

/** `corporateSetup` / `consumerSetup` and `createManagedAccounts`: a verified identity with an account. */
async function setup(kind: 'corporates' | 'consumers') {
  const { id, token } = await createAuthenticated(emu, kind);
  await verifyIdentity(emu, kind, id);
  const { data } = await clients(emu).multi.POST('/managed_accounts', {
    body: { profileId: emu.profiles.managedAccounts, friendlyName: 'BO', currency: 'EUR', tag: 'bo' },
    token,
    throwOnError: true,
  });
  return { id, token, account: data.id, boToken: await impersonate(emu, kind, id) };
}

beforeAll(async () => {
  emu = await startEmulator();
  corporate = await setup('corporates');
  consumer = await setup('consumers');
});
afterAll(() => emu?.close());

const getAccount = (id: string, token: string, apiKey?: string) =>
  raw(emu, 'GET', `/multi/backoffice/managed_accounts/${id}`, {
    token,
    ...(apiKey !== undefined ? { apiKey } : {}),
  });

test('GetManagedAccountTests.GetManagedAccount_Corporate_Success', async () => {
  const r = await getAccount(corporate.account, corporate.boToken);
  expect(r.status).toBe(200);
  const body = await r.json();
  expect(body).toMatchObject({
    id: corporate.account,
    profileId: emu.profiles.managedAccounts,
    tag: 'bo',
    friendlyName: 'BO',
    currency: 'EUR',
    balances: { availableBalance: 0, actualBalance: 0 },
    state: { state: 'ACTIVE' },
  });
  expect(body.bankAccountDetails).toBeUndefined();
  expect(body.creationTimestamp).toBeTruthy();
});

test('GetManagedAccountTests.GetManagedAccount_UnknownManagedAccountId_NotFound', async () => {
  expect((await getAccount(unknownId(), consumer.boToken)).status).toBe(404);
});

test('GetManagedAccountTests.GetManagedAccount_InvalidApiKey_Unauthorised / _NoApiKey_BadRequest', async () => {
  expect((await getAccount(corporate.account, corporate.boToken, 'abc')).status).toBe(401);
  expect((await getAccount(corporate.account, corporate.boToken, '')).status).toBe(400);
});

test('GetManagedAccountTests.GetManagedAccount_RootUserLoggedOut_Forbidden', async () => {
  // ConsumersHelper.createUnauthenticatedConsumer: the password's token, KYC approved, then logged out.
  const { id } = await createIdentity(emu, 'consumers');
  const token = await createPassword(emu, id);
  await verifyIdentity(emu, 'consumers', id);
  await clients(emu).multi.POST('/logout', { token, throwOnError: true });
  // A user's token is not a Back-Office token: 403 even once logged out (Multi answers it 401).
  expect((await getAccount(consumer.account, token)).status).toBe(403);
  expect((await raw(emu, 'GET', '/multi/managed_accounts', { token })).status).toBe(401);
});

test('GetManagedAccountTests.GetManagedAccount_CrossIdentityChecks_NotFound', async () => {
  expect((await getAccount(corporate.account, consumer.boToken)).status).toBe(404);
});

test.each([
  ['GetManagedAccount_CorporateAuthToken_Forbidden', 'corporate'],
  ['GetManagedAccount_ConsumerAuthToken_Forbidden', 'consumer'],
] as const)('GetManagedAccountTests.%s', async (_name, who) => {
  const owner = who === 'corporate' ? corporate : consumer;
  expect((await getAccount(owner.account, owner.token)).status).toBe(403);
});

test('GetManagedCardSpendRulesTests.GetManagedCardSpendRules_InvalidToken_Unauthorised', async () => {
  const r = await raw(emu, 'GET', `/multi/backoffice/managed_cards/${unknownId()}/spend_rules`, {
    token: 'a1b2c',
  });
  expect(r.status).toBe(401);
});

test('ChargeFeeTests.ChargeFee_CorporateToken_Forbidden', async () => {
  const r = await raw(emu, 'POST', '/multi/backoffice/fees/charge', {
    token: corporate.token,
    body: {
      feeType: 'PRINTED_CARD_ACCOUNT_STATEMENT',
      source: { type: 'managed_accounts', id: corporate.account },
    },
  });
  expect(r.status).toBe(403);
});
