/**
 * Managed accounts, ported from Weavr's QA suite (`opc/junit/multi/managedaccounts/*Tests.java`): each title is
 * `<QA test class>.<QA test method>`, and each asserts what that method asserts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../../src/index.js';
import { account, accountBody, debitCard, deposit, postAs, read, setState } from './instruments.js';
import { impersonate, logout, type Onboarded, onboard, raw } from './onboard.js';

let emu: Emulator;
let corporate: Onboarded;
let consumer: Onboarded;
beforeAll(async () => {
  // QA's programme reads a managed account's IBAN without step-up (`AssignIban_CrossIdentityCheck_NotFound`).
  emu = await startEmulator({ requireVerification: true, stepUpOperations: [] });
  corporate = await onboard(emu, 'CORPORATE');
  consumer = await onboard(emu, 'CONSUMER');
});
afterAll(() => emu?.close());

const create = (who: Onboarded, body: object, idempotencyRef?: string) =>
  postAs(emu, '/multi/managed_accounts', who.token, body, idempotencyRef);

async function count(who: Onboarded): Promise<number> {
  const { data } = await who.multi.GET('/managed_accounts', { throwOnError: true });
  return data.count as number;
}

function expectNewAccount(body: Record<string, unknown>, sent: ReturnType<typeof accountBody>) {
  expect(body).toMatchObject({
    profileId: sent.profileId,
    tag: sent.tag,
    friendlyName: sent.friendlyName,
    currency: sent.currency,
    balances: { availableBalance: 0, actualBalance: 0 },
    state: { state: 'ACTIVE' },
  });
  expect(body.id).toBeTruthy();
  expect(body.bankAccountDetails).toBeUndefined();
  expect(body.creationTimestamp).toBeTruthy();
}

describe('CreateManagedAccountTests', () => {
  test.each(['EUR', 'USD'])(
    'CreateManagedAccountTests.CreateManagedAccount_Corporate_Success (%s)',
    async (c) => {
      const body = accountBody(emu, c);
      const res = await create(corporate, body);
      expect(res.status).toBe(200);
      expectNewAccount(res.body, body);
    },
  );

  test.each(['EUR', 'USD'])(
    'CreateManagedAccountTests.CreateManagedAccount_Consumer_Success (%s)',
    async (c) => {
      const body = accountBody(emu, c);
      const res = await create(consumer, body);
      expect(res.status).toBe(200);
      expectNewAccount(res.body, body);
    },
  );

  test('CreateManagedAccountTests.CreateManagedAccount_RequiredOnly_Success', async () => {
    const { tag: _tag, ...body } = accountBody(emu);
    const res = await create(corporate, body);
    expect(res.status).toBe(200);
    expect(res.body.tag).toBeUndefined();
    expect(res.body).toMatchObject({
      friendlyName: body.friendlyName,
      currency: 'EUR',
      state: { state: 'ACTIVE' },
    });
  });

  test('CreateManagedAccountTests.CreateManagedAccount_SameIdempotencyRefSamePayload_Success', async () => {
    const who = await onboard(emu, 'CORPORATE');
    const body = accountBody(emu);
    const first = await create(who, body, 'same-ref-same-payload');
    const second = await create(who, body, 'same-ref-same-payload');
    for (const res of [first, second]) {
      expect(res.status).toBe(200);
      expectNewAccount(res.body, body);
    }
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.creationTimestamp).toBe(first.body.creationTimestamp);
    expect(await count(who)).toBe(1);
  });

  test('CreateManagedAccountTests.CreateManagedAccount_SameIdempotencyRefDifferentPayload_PreconditionFailed', async () => {
    const who = await onboard(emu, 'CORPORATE');
    expect((await create(who, accountBody(emu), 'ref-1')).status).toBe(200);
    const other = { ...accountBody(emu), friendlyName: 'Another' };
    expect((await create(who, other, 'ref-1')).status).toBe(400);
  });

  test('CreateManagedAccountTests.CreateManagedAccount_DifferentIdempotencyRefSamePayload_Success', async () => {
    const who = await onboard(emu, 'CORPORATE');
    const body = accountBody(emu);
    const answers = [
      await create(who, body, 'ref-a'),
      await create(who, body, 'ref-b'),
      await create(who, body),
    ];
    for (const res of answers) expect(res.status).toBe(200);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(3);
    expect(await count(who)).toBe(3);
  });

  test('CreateManagedAccountTests.CreateManagedAccount_LongIdempotencyRef_RequestTooLong', async () => {
    expect((await create(corporate, accountBody(emu), 'x'.repeat(8000))).status).toBe(413);
  });

  test('CreateManagedAccountTests.CreateManagedAccount_SameIdempotencyRefDifferentPayloadInitialCallFailed_Success', async () => {
    const who = await onboard(emu, 'CORPORATE');
    const failed = await create(who, { ...accountBody(emu), profileId: '123' }, 'failed-first');
    expect(failed.status).toBe(409);
    expect((await create(who, accountBody(emu), 'failed-first')).status).toBe(200);
    expect(await count(who)).toBe(1);
  });

  test.each([
    ['Corporate', 'CORPORATE'],
    ['Consumer', 'CONSUMER'],
  ] as const)(
    'CreateManagedAccountTests.CreateManagedAccount_%sNotVerified_OwnerIdentityNotVerified',
    async (_label, type) => {
      const who = await onboard(emu, type, { verified: false });
      const res = await create(who, accountBody(emu));
      expect(res).toEqual({ status: 409, body: { errorCode: 'OWNER_IDENTITY_NOT_VERIFIED' } });
    },
  );

  test('CreateManagedAccountTests.CreateManagedAccount_InvalidApiKey_Unauthorised', async () => {
    const res = await raw(emu, 'POST', '/multi/managed_accounts', {
      apiKey: 'abc',
      token: corporate.token,
      body: accountBody(emu),
    });
    expect(res.status).toBe(401);
  });

  test('CreateManagedAccountTests.CreateManagedAccount_NoApiKey_BadRequest', async () => {
    const res = await raw(emu, 'POST', '/multi/managed_accounts', {
      apiKey: '',
      token: corporate.token,
      body: accountBody(emu),
    });
    expect(res.status).toBe(400);
  });

  test('CreateManagedAccountTests.CreateManagedAccount_RootUserLoggedOut_Unauthorised', async () => {
    const who = await onboard(emu, 'CORPORATE');
    await logout(emu, who);
    expect((await create(who, accountBody(emu))).status).toBe(401);
  });

  test('CreateManagedAccountTests.CreateManagedAccount_UnknownManagedAccountProfileIdProfileNotFound_Conflict', async () => {
    const res = await create(corporate, { ...accountBody(emu), profileId: '123' });
    expect(res).toEqual({ status: 409, body: { errorCode: 'PROFILE_NOT_FOUND' } });
  });

  test.each([null, ''])(
    'CreateManagedAccountTests.CreateManagedAccount_NoManagedAccountProfileId_BadRequest (%j)',
    async (profileId) => {
      expect((await create(consumer, { ...accountBody(emu), profileId })).status).toBe(400);
    },
  );

  test.each([null, ''])(
    'CreateManagedAccountTests.CreateManagedAccount_NoCurrency_BadRequest (%j)',
    async (c) => {
      expect((await create(consumer, { ...accountBody(emu), currency: c })).status).toBe(400);
    },
  );

  test.each(['EU', 'EURO'])(
    'CreateManagedAccountTests.CreateManagedAccount_InvalidCurrency_BadRequest (%s)',
    async (c) => {
      expect((await create(consumer, { ...accountBody(emu), currency: c })).status).toBe(400);
    },
  );

  test('CreateManagedAccountTests.CreateManagedAccount_UnknownCurrency_CurrencyNotSupported', async () => {
    const res = await create(corporate, { ...accountBody(emu), currency: 'ABC' });
    expect(res).toEqual({ status: 409, body: { errorCode: 'CURRENCY_NOT_SUPPORTED_BY_PROFILE' } });
  });

  test.each([null, ''])(
    'CreateManagedAccountTests.CreateManagedAccount_NoFriendlyName_BadRequest (%j)',
    async (n) => {
      expect((await create(consumer, { ...accountBody(emu), friendlyName: n })).status).toBe(400);
    },
  );

  test.each([
    ['Corporate', 'CORPORATE'],
    ['Consumer', 'CONSUMER'],
  ] as const)(
    'CreateManagedAccountTests.CreateManagedAccount_Backoffice%sImpersonator_Forbidden',
    async (_label, type) => {
      const who = type === 'CORPORATE' ? corporate : consumer;
      const token = await impersonate(emu, who);
      const res = await raw(emu, 'POST', '/multi/managed_accounts', { token, body: accountBody(emu) });
      expect(res.status).toBe(403);
    },
  );
});

const action = (who: Onboarded, id: string, verb: string) =>
  raw(emu, 'POST', `/multi/managed_accounts/${id}/${verb}`, { token: who.token });

describe('BlockManagedAccountsTests', () => {
  test('BlockManagedAccountsTests.BlockManagedAccount_Corporate_Success', async () => {
    const id = await account(emu, corporate);
    expect((await action(corporate, id, 'block')).status).toBe(204);
    expect((await read(corporate, 'managed_accounts', id)).state.state).toBe('BLOCKED');
  });

  test('BlockManagedAccountsTests.BlockManagedAccount_InstrumentWithFunds_Success', async () => {
    const id = await account(emu, consumer);
    await deposit(emu, id, 500);
    expect((await action(consumer, id, 'block')).status).toBe(204);
    expect((await read(consumer, 'managed_accounts', id)).state.state).toBe('BLOCKED');
  });

  test('BlockManagedAccountsTests.BlockManagedAccount_AlreadyBlocked_InstrumentAlreadyBlocked', async () => {
    const id = await account(emu, corporate);
    await setState(corporate, 'managed_accounts', id, 'block');
    const res = await action(corporate, id, 'block');
    expect(res).toEqual({ status: 409, body: { errorCode: 'INSTRUMENT_ALREADY_BLOCKED' } });
  });

  test('BlockManagedAccountsTests.BlockManagedAccount_UnknownManagedAccountId_NotFound', async () => {
    expect((await action(corporate, '123456789012345678', 'block')).status).toBe(404);
  });

  test('BlockManagedAccountsTests.BlockManagedAccount_NoManagedAccountId_NotFound', async () => {
    expect((await action(corporate, '', 'block')).status).toBe(405);
  });

  test('BlockManagedAccountsTests.BlockManagedAccount_CrossIdentityCheck_NotFound', async () => {
    const id = await account(emu, consumer);
    expect((await action(corporate, id, 'block')).status).toBe(404);
    expect((await read(consumer, 'managed_accounts', id)).state.state).toBe('ACTIVE');
  });

  test('BlockManagedAccountsTests.BlockManagedAccount_InstrumentDestroyed_InstrumentDestroyed', async () => {
    const id = await account(emu, corporate);
    await setState(corporate, 'managed_accounts', id, 'remove');
    expect(await action(corporate, id, 'block')).toEqual({
      status: 409,
      body: { errorCode: 'INSTRUMENT_DESTROYED' },
    });
    expect((await read(corporate, 'managed_accounts', id)).state.state).toBe('DESTROYED');
  });

  test('BlockManagedAccountsTests.BlockManagedAccount_BackofficeCorporateImpersonator_Forbidden', async () => {
    const id = await account(emu, corporate);
    const token = await impersonate(emu, corporate);
    expect((await raw(emu, 'POST', `/multi/managed_accounts/${id}/block`, { token })).status).toBe(403);
  });
});

describe('UnblockManagedAccountsTests', () => {
  test('UnblockManagedAccountsTests.UnblockManagedAccount_Corporate_Success', async () => {
    const id = await account(emu, corporate);
    await setState(corporate, 'managed_accounts', id, 'block');
    expect((await action(corporate, id, 'unblock')).status).toBe(204);
    expect((await read(corporate, 'managed_accounts', id)).state.state).toBe('ACTIVE');
  });

  test('UnblockManagedAccountsTests.UnblockManagedAccount_AlreadyUnblocked_InstrumentNotBlocked', async () => {
    const id = await account(emu, corporate);
    await setState(corporate, 'managed_accounts', id, 'block');
    expect((await action(corporate, id, 'unblock')).status).toBe(204);
    expect(await action(corporate, id, 'unblock')).toEqual({
      status: 409,
      body: { errorCode: 'INSTRUMENT_NOT_BLOCKED' },
    });
  });

  test('UnblockManagedAccountsTests.UnblockManagedAccount_CrossIdentityCheck_NotFound', async () => {
    const id = await account(emu, consumer);
    await setState(consumer, 'managed_accounts', id, 'block');
    expect((await action(corporate, id, 'unblock')).status).toBe(404);
    expect((await read(consumer, 'managed_accounts', id)).state.state).toBe('BLOCKED');
  });

  test('UnblockManagedAccountsTests.UnlockManagedAccount_InstrumentDestroyed_InstrumentDestroyed', async () => {
    const id = await account(emu, corporate);
    await setState(corporate, 'managed_accounts', id, 'remove');
    expect(await action(corporate, id, 'unblock')).toEqual({
      status: 409,
      body: { errorCode: 'INSTRUMENT_DESTROYED' },
    });
  });
});

describe('RemoveManagedAccountsTests', () => {
  test('RemoveManagedAccountsTests.RemoveManagedAccount_BlockedInstrument_Success', async () => {
    const id = await account(emu, corporate);
    await setState(corporate, 'managed_accounts', id, 'block');
    expect((await action(corporate, id, 'remove')).status).toBe(204);
    expect((await read(corporate, 'managed_accounts', id)).state.state).toBe('DESTROYED');
  });

  test('RemoveManagedAccountsTests.RemoveManagedAccount_AlreadyDestroyed_InstrumentAlreadyRemoved', async () => {
    const id = await account(emu, corporate);
    expect((await action(corporate, id, 'remove')).status).toBe(204);
    expect(await action(corporate, id, 'remove')).toEqual({
      status: 409,
      body: { errorCode: 'INSTRUMENT_ALREADY_REMOVED' },
    });
  });

  test('RemoveManagedAccountsTests.RemoveManagedAccount_ManagedAccountWithActiveLinkedDebitCards_InstrumentHasLinkedCards', async () => {
    const id = await account(emu, corporate);
    await debitCard(emu, corporate, id);
    expect(await action(corporate, id, 'remove')).toEqual({
      status: 409,
      body: { errorCode: 'INSTRUMENT_HAS_LINKED_CARDS' },
    });
  });

  test('RemoveManagedAccountsTests.RemoveManagedAccount_ManagedAccountWithDestroyedLinkedDebitCards_Success', async () => {
    const id = await account(emu, corporate);
    const card = await debitCard(emu, corporate, id);
    await setState(corporate, 'managed_cards', card, 'remove');
    expect((await action(corporate, id, 'remove')).status).toBe(204);
    expect((await read(corporate, 'managed_accounts', id)).state.state).toBe('DESTROYED');
  });

  test('RemoveManagedAccountsTests.RemoveManagedAccount_InstrumentWithFunds_BalanceNotZero', async () => {
    const id = await account(emu, corporate);
    await deposit(emu, id, 100);
    expect(await action(corporate, id, 'remove')).toEqual({
      status: 409,
      body: { errorCode: 'BALANCE_NOT_ZERO' },
    });
    expect((await read(corporate, 'managed_accounts', id)).state.state).toBe('ACTIVE');
  });

  test('RemoveManagedAccountsTests.RemoveManagedAccount_NoManagedAccountId_NotFound', async () => {
    expect((await action(corporate, '', 'remove')).status).toBe(405);
  });
});

describe('PatchManagedAccountsTests', () => {
  const patch = (who: Onboarded, id: string, body: object) =>
    raw(emu, 'PATCH', `/multi/managed_accounts/${id}`, { token: who.token, body });

  test('PatchManagedAccountsTests.PatchManagedAccount_Corporate_Success', async () => {
    const id = await account(emu, corporate);
    const res = await patch(corporate, id, { tag: 'newTag', friendlyName: 'New name' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      tag: 'newTag',
      friendlyName: 'New name',
      currency: 'EUR',
      balances: { availableBalance: 0, actualBalance: 0 },
      state: { state: 'ACTIVE' },
    });
  });

  test('PatchManagedAccountsTests.PatchManagedAccount_AccountNotActive_Success', async () => {
    const id = await account(emu, corporate);
    await setState(corporate, 'managed_accounts', id, 'block');
    const res = await patch(corporate, id, { friendlyName: 'Blocked but renamed' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ friendlyName: 'Blocked but renamed', state: { state: 'BLOCKED' } });
  });

  test('PatchManagedAccountsTests.PatchManagedAccount_CrossIdentityManagedAccountId_NotFound', async () => {
    const id = await account(emu, consumer);
    expect((await patch(corporate, id, { friendlyName: 'Theirs' })).status).toBe(404);
  });

  test('PatchManagedAccountsTests.PatchManagedAccount_NoManagedAccountId_MethodNotAllowed', async () => {
    expect((await patch(corporate, '', { friendlyName: 'None' })).status).toBe(405);
  });
});

describe('GetManagedAccountTests', () => {
  test('GetManagedAccountTests.GetManagedAccount_ManagedAccountBlocked_Success', async () => {
    const id = await account(emu, consumer);
    await setState(consumer, 'managed_accounts', id, 'block');
    const a = await read(consumer, 'managed_accounts', id);
    expect(a).toMatchObject({ id, currency: 'EUR', state: { state: 'BLOCKED', blockedReason: 'USER' } });
  });

  test('GetManagedAccountTests.GetManagedAccount_UnknownManagedAccountId_NotFound', async () => {
    const res = await raw(emu, 'GET', '/multi/managed_accounts/123456789012345678', {
      token: corporate.token,
    });
    expect(res.status).toBe(404);
  });

  test('GetManagedAccountTests.GetManagedAccount_CrossIdentityChecks_NotFound', async () => {
    const id = await account(emu, consumer);
    const res = await raw(emu, 'GET', `/multi/managed_accounts/${id}`, { token: corporate.token });
    expect(res.status).toBe(404);
  });
});

describe('ManagedAccountsAssignIbanTests', () => {
  const assign = (who: Onboarded, id: string) => action(who, id, 'iban');

  test('ManagedAccountsAssignIbanTests.AssignIban_Corporate_Success', async () => {
    const id = await account(emu, corporate);
    const res = await assign(corporate, id);
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('ALLOCATED');
    expect(res.body.bankAccountDetails[0].details.iban).toBeTruthy();
  });

  test('ManagedAccountsAssignIbanTests.AssignIban_InstrumentBlocked_Allowed', async () => {
    const id = await account(emu, corporate);
    await setState(corporate, 'managed_accounts', id, 'block');
    expect(await assign(corporate, id)).toEqual({
      status: 409,
      body: { errorCode: 'INSTRUMENT_IS_NOT_ACTIVE' },
    });
  });

  test('ManagedAccountsAssignIbanTests.AssignIban_AlreadyAssigned_IbanAlreadyAssigned', async () => {
    const id = await account(emu, corporate);
    expect((await assign(corporate, id)).status).toBe(200);
    expect(await assign(corporate, id)).toEqual({
      status: 409,
      body: { errorCode: 'INSTRUMENT_ALREADY_UPGRADED_TO_IBAN' },
    });
  });

  test('ManagedAccountsAssignIbanTests.AssignIban_CrossIdentityCheck_NotFound', async () => {
    const id = await account(emu, consumer);
    expect((await assign(corporate, id)).status).toBe(404);
    const { data } = await consumer.multi.GET('/managed_accounts/{id}/iban', {
      params: { path: { id } },
      throwOnError: true,
    });
    expect(data.state).toBe('UNALLOCATED');
  });
});
