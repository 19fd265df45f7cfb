/**
 * Managed cards, ported from Weavr's QA suite (`opc/junit/multi/managedcards/*Tests.java`): each title is
 * `<QA test class>.<QA test method>`, and each asserts what that method asserts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../../src/index.js';
import {
  account,
  debitBody,
  debitCard,
  fundedCard,
  postAs,
  prepaidBody,
  prepaidCard,
  read,
  setState,
} from './instruments.js';
import { impersonate, logout, type Onboarded, onboard, raw } from './onboard.js';

let emu: Emulator;
let corporate: Onboarded;
let consumer: Onboarded;
beforeAll(async () => {
  emu = await startEmulator({ requireVerification: true });
  corporate = await onboard(emu, 'CORPORATE');
  consumer = await onboard(emu, 'CONSUMER');
});
afterAll(() => emu?.close());

const create = (who: Onboarded, body: object, idempotencyRef?: string) =>
  postAs(emu, '/multi/managed_cards', who.token, body, idempotencyRef);

/** `mmyy` of now plus `years`, as the QA suite formats `LocalDateTime.now()` with `MMyy`. */
function mmyy(years = 0): string {
  const d = new Date();
  return `${String(d.getUTCMonth() + 1).padStart(2, '0')}${String((d.getUTCFullYear() + years) % 100).padStart(2, '0')}`;
}

/** `CreateManagedCardTests.assertCommonResponseDetails`. */
function expectCommon(body: Record<string, unknown>, sent: ReturnType<typeof prepaidBody>, type: string) {
  expect(body).toMatchObject({
    profileId: sent.profileId,
    tag: sent.tag,
    friendlyName: sent.friendlyName,
    state: { state: 'ACTIVE' },
    type: 'VIRTUAL',
    cardBrand: 'MASTERCARD',
    cardNumberFirstSix: '522093',
    nameOnCard: sent.nameOnCard,
    startMmyy: mmyy(),
    expiryMmyy: mmyy(3),
    cardLevelClassification: type,
    expiryPeriodMonths: 36,
    renewalType: 'NO_RENEW',
    cardholderMobileNumber: sent.cardholderMobileNumber,
    billingAddress: sent.billingAddress,
    digitalWallets: { walletsEnabled: false },
    mode: sent.mode,
  });
  for (const field of ['id', 'externalHandle', 'cardNumberLastFour', 'creationTimestamp'])
    expect(body[field]).toBeTruthy();
}

describe('CreateManagedCardTests', () => {
  test.each([
    ['Corporate', 'CORPORATE'],
    ['Consumer', 'CONSUMER'],
  ] as const)('CreateManagedCardTests.CreateManagedCard_Prepaid%s_Success', async (_label, t) => {
    const who = t === 'CORPORATE' ? corporate : consumer;
    const body = prepaidBody(emu);
    const res = await create(who, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      currency: 'EUR',
      balances: { availableBalance: 0, actualBalance: 0 },
    });
    expectCommon(res.body, body, t);
  });

  test.each(['EUR', 'GBP', 'USD'])(
    'CreateManagedCardTests.CreateManagedCard_DebitCorporate_Success (%s)',
    async (c) => {
      const parent = await account(emu, corporate, c);
      const body = debitBody(emu, parent);
      const res = await create(corporate, body);
      expect(res.status).toBe(200);
      expect(res.body.parentManagedAccountId).toBe(parent);
      expect(res.body.availableToSpend[0].value.amount).toBe(0);
      expect(res.body.availableToSpend[0].interval).toBe('ALWAYS');
      expectCommon(res.body, body as unknown as ReturnType<typeof prepaidBody>, 'CORPORATE');
    },
  );

  test('CreateManagedCardTests.CreateManagedCard_DebitConsumer_Success', async () => {
    const parent = await account(emu, consumer);
    const res = await create(consumer, debitBody(emu, parent));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      parentManagedAccountId: parent,
      cardLevelClassification: 'CONSUMER',
      availableToSpend: [{ value: { amount: 0 }, interval: 'ALWAYS' }],
    });
  });

  test('CreateManagedCardTests.CreateManagedCard_PrepaidRequiredOnly_Success', async () => {
    const { tag: _tag, ...body } = prepaidBody(emu);
    const res = await create(corporate, body);
    expect(res.status).toBe(200);
    expect(res.body.tag).toBeUndefined();
    expect(res.body).toMatchObject({ currency: 'EUR', balances: { availableBalance: 0, actualBalance: 0 } });
  });

  test('CreateManagedCardTests.CreateManagedCard_DebitCardManagedAccountBlocked_ParentManagedAccountNotActive', async () => {
    const parent = await account(emu, corporate);
    await setState(corporate, 'managed_accounts', parent, 'block');
    expect(await create(corporate, debitBody(emu, parent))).toEqual({
      status: 409,
      body: { errorCode: 'PARENT_MANAGED_ACCOUNT_NOT_ACTIVE' },
    });
  });

  test('CreateManagedCardTests.CreateManagedCard_DebitCardManagedAccountRemoved_ParentManagedAccountNotActive', async () => {
    const parent = await account(emu, corporate);
    await setState(corporate, 'managed_accounts', parent, 'remove');
    expect(await create(corporate, debitBody(emu, parent))).toEqual({
      status: 409,
      body: { errorCode: 'PARENT_MANAGED_ACCOUNT_NOT_ACTIVE' },
    });
  });

  test('CreateManagedCardTests.CreateManagedCard_DebitCardUnknownManagedAccount_ParentManagedAccountNotFound', async () => {
    expect(await create(corporate, debitBody(emu, '123456789012345678'))).toEqual({
      status: 409,
      body: { errorCode: 'PARENT_MANAGED_ACCOUNT_NOT_FOUND' },
    });
  });

  test('CreateManagedCardTests.CreateManagedCard_DebitCardOtherIdentityManagedAccount_ParentManagedAccountNotFound', async () => {
    const theirs = await account(emu, consumer);
    expect(await create(corporate, debitBody(emu, theirs))).toEqual({
      status: 409,
      body: { errorCode: 'PARENT_MANAGED_ACCOUNT_NOT_FOUND' },
    });
  });

  test.each([null, ''])(
    'CreateManagedCardTests.CreateManagedCard_DebitCardNoManagedAccount_BadRequest (%j)',
    async (p) => {
      expect((await create(consumer, { ...debitBody(emu, '1'), parentManagedAccountId: p })).status).toBe(
        400,
      );
    },
  );

  test('CreateManagedCardTests.CreateManagedCard_SameIdempotencyRefSamePayload_Success', async () => {
    const who = await onboard(emu, 'CORPORATE');
    const body = prepaidBody(emu);
    const first = await create(who, body, 'card-ref');
    const second = await create(who, body, 'card-ref');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.id).toBe(first.body.id);
    const { data } = await who.multi.GET('/managed_cards', { throwOnError: true });
    expect(data.count).toBe(1);
  });

  test('CreateManagedCardTests.CreateManagedCard_SameIdempotencyRefDifferentPayload_PreconditionFailed', async () => {
    expect((await create(corporate, prepaidBody(emu), 'card-ref-2')).status).toBe(200);
    expect(
      (await create(corporate, { ...prepaidBody(emu), friendlyName: 'Other' }, 'card-ref-2')).status,
    ).toBe(400);
  });

  test('CreateManagedCardTests.CreateManagedCard_LongIdempotencyRef_RequestTooLong', async () => {
    expect((await create(corporate, prepaidBody(emu), 'x'.repeat(8000))).status).toBe(413);
  });

  test('CreateManagedCardTests.CreateManagedCard_SameIdempotencyRefDifferentPayloadInitialCallFailed_Success', async () => {
    const who = await onboard(emu, 'CORPORATE');
    expect((await create(who, { ...prepaidBody(emu), profileId: '123' }, 'card-failed')).status).toBe(409);
    expect((await create(who, prepaidBody(emu), 'card-failed')).status).toBe(200);
  });

  test.each([
    ['Corporate', 'CORPORATE'],
    ['Consumer', 'CONSUMER'],
  ] as const)(
    'CreateManagedCardTests.CreateManagedCard_%sNotVerified_OwnerIdentityNotVerified',
    async (_label, type) => {
      const who = await onboard(emu, type, { verified: false });
      expect(await create(who, prepaidBody(emu))).toEqual({
        status: 409,
        body: { errorCode: 'OWNER_IDENTITY_NOT_VERIFIED' },
      });
    },
  );

  test('CreateManagedCardTests.CreateManagedCard_InvalidApiKey_Unauthorised', async () => {
    const res = await raw(emu, 'POST', '/multi/managed_cards', {
      apiKey: 'abc',
      token: corporate.token,
      body: prepaidBody(emu),
    });
    expect(res.status).toBe(401);
  });

  test('CreateManagedCardTests.CreateManagedCard_NoApiKey_BadRequest', async () => {
    const res = await raw(emu, 'POST', '/multi/managed_cards', {
      apiKey: '',
      token: corporate.token,
      body: prepaidBody(emu),
    });
    expect(res.status).toBe(400);
  });

  test('CreateManagedCardTests.CreateManagedCard_RootUserLoggedOut_Unauthorised', async () => {
    const who = await onboard(emu, 'CONSUMER');
    await logout(emu, who);
    expect((await create(who, prepaidBody(emu))).status).toBe(401);
  });

  test('CreateManagedCardTests.CreateManagedCard_UnknownManagedCardProfileId_ProfileNotFound', async () => {
    expect(await create(corporate, { ...prepaidBody(emu), profileId: '123' })).toEqual({
      status: 409,
      body: { errorCode: 'PROFILE_NOT_FOUND' },
    });
  });

  test.each([null, ''])(
    'CreateManagedCardTests.CreateManagedCard_NoManagedCardProfileId_BadRequest (%j)',
    async (p) => {
      expect((await create(consumer, { ...prepaidBody(emu), profileId: p })).status).toBe(400);
    },
  );

  test.each([null, ''])(
    'CreateManagedCardTests.CreateManagedCard_PrepaidNoCurrency_BadRequest (%j)',
    async (c) => {
      expect((await create(consumer, { ...prepaidBody(emu), currency: c })).status).toBe(400);
    },
  );

  test.each(['EU', 'EURO'])(
    'CreateManagedCardTests.CreateManagedCard_PrepaidInvalidCurrency_BadRequest (%s)',
    async (c) => {
      expect((await create(consumer, { ...prepaidBody(emu), currency: c })).status).toBe(400);
    },
  );

  test('CreateManagedCardTests.CreateManagedCard_PrepaidUnknownCurrency_CurrencyNotSupported', async () => {
    expect(await create(consumer, { ...prepaidBody(emu), currency: 'ABC' })).toEqual({
      status: 409,
      body: { errorCode: 'CURRENCY_NOT_SUPPORTED_BY_PROFILE' },
    });
  });

  test.each([null, ''])(
    'CreateManagedCardTests.CreateManagedCard_NoFriendlyName_BadRequest (%j)',
    async (n) => {
      expect((await create(consumer, { ...prepaidBody(emu), friendlyName: n })).status).toBe(400);
    },
  );

  test.each([null, ''])(
    'CreateManagedCardTests.CreateManagedCard_NoNameOnCard_BadRequest (%j)',
    async (n) => {
      expect((await create(consumer, { ...prepaidBody(emu), nameOnCard: n })).status).toBe(400);
    },
  );

  test('CreateManagedCardTests.CreateManagedCard_NameOnCardTooLong_BadRequest', async () => {
    const res = await create(consumer, { ...prepaidBody(emu), nameOnCard: 'A'.repeat(30) });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('request.nameOnCard: size must be between 1 and 27');
  });

  test('CreateManagedCardTests.CreateManagedCard_NoBillingAddress_BadRequest', async () => {
    const { billingAddress: _none, ...body } = prepaidBody(emu);
    expect((await create(consumer, body)).status).toBe(400);
  });

  test('CreateManagedCardTests.CreateManagedCard_NoMode_BadRequest', async () => {
    const { mode: _none, ...body } = prepaidBody(emu);
    expect((await create(consumer, body)).status).toBe(400);
  });

  test('CreateManagedCardTests.CreateManagedCard_UnknownMode_BadRequest', async () => {
    expect((await create(consumer, { ...prepaidBody(emu), mode: 'UNKNOWN' })).status).toBe(400);
  });

  test('CreateManagedCardTests.CreateManagedCard_PrepaidWithParentManagedAccountIdNoCurrency_BadRequest', async () => {
    const { currency: _none, ...body } = prepaidBody(emu);
    expect((await create(consumer, { ...body, parentManagedAccountId: '123456789012345678' })).status).toBe(
      400,
    );
  });

  test('CreateManagedCardTests.CreateManagedCard_DebitWithCurrencyNoParentManagedAccountId_BadRequest', async () => {
    expect((await create(consumer, { ...prepaidBody(emu), mode: 'DEBIT_MODE' })).status).toBe(400);
  });

  test.each([
    ['Corporate', 'CORPORATE'],
    ['Consumer', 'CONSUMER'],
  ] as const)(
    'CreateManagedCardTests.CreateManagedCard_Backoffice%sImpersonator_Forbidden',
    async (_label, type) => {
      const token = await impersonate(emu, type === 'CORPORATE' ? corporate : consumer);
      const res = await raw(emu, 'POST', '/multi/managed_cards', { token, body: prepaidBody(emu) });
      expect(res.status).toBe(403);
    },
  );
});

describe('GetManagedCardTests', () => {
  test('GetManagedCardTests.GetManagedCard_DebitCorporate_Success', async () => {
    const parent = await account(emu, corporate);
    const id = await debitCard(emu, corporate, parent);
    const card = await read(corporate, 'managed_cards', id);
    expect(card).toMatchObject({
      id,
      mode: 'DEBIT_MODE',
      parentManagedAccountId: parent,
      availableToSpend: [{ value: { currency: 'EUR', amount: 0 }, interval: 'ALWAYS' }],
    });
  });

  test('GetManagedCardTests.GetManagedCard_UnknownManagedCardId_NotFound', async () => {
    const res = await raw(emu, 'GET', '/multi/managed_cards/123456789012345678', { token: corporate.token });
    expect(res.status).toBe(404);
  });

  test('GetManagedCardTests.GetManagedCard_CrossIdentityChecks_NotFound', async () => {
    const id = await prepaidCard(emu, consumer);
    expect((await raw(emu, 'GET', `/multi/managed_cards/${id}`, { token: corporate.token })).status).toBe(
      404,
    );
  });
});

describe('PatchManagedCardsTests', () => {
  const patch = (who: Onboarded, id: string, body: object) =>
    raw(emu, 'PATCH', `/multi/managed_cards/${id}`, { token: who.token, body });

  test('PatchManagedCardsTests.PatchManagedCard_PrepaidCorporate_Success', async () => {
    const id = await prepaidCard(emu, corporate);
    const update = {
      tag: 'newTag',
      friendlyName: 'Renamed',
      cardholderMobileNumber: '+35679000000',
      nameOnCard: 'New-Name',
      nameOnCardLine2: 'Line-Two',
    };
    const res = await patch(corporate, id, update);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, ...update, state: { state: 'ACTIVE' } });
  });

  test('PatchManagedCardsTests.PatchManagedCard_PatchDeliveryAddressCardNotPhysical_InstrumentNotPhysical', async () => {
    const id = await prepaidCard(emu, consumer);
    const deliveryAddress = {
      name: 'Ada',
      surname: 'Lovelace',
      addressLine1: '1 Test Street',
      addressLine2: 'Floor 2',
      city: 'Valletta',
      postCode: 'VLT100',
      state: 'Malta',
      country: 'MT',
    };
    expect(await patch(consumer, id, { friendlyName: 'Delivered', deliveryAddress })).toEqual({
      status: 409,
      body: { errorCode: 'INSTRUMENT_NOT_PHYSICAL' },
    });
  });

  test('PatchManagedCardsTests.PatchManagedCard_EmptyFriendlyNameValue_BadRequest', async () => {
    const id = await prepaidCard(emu, corporate);
    expect((await patch(corporate, id, { friendlyName: '' })).status).toBe(400);
  });

  test('PatchManagedCardsTests.PatchManagedCard_CrossIdentityManagedCardId_NotFound', async () => {
    const id = await prepaidCard(emu, consumer);
    expect((await patch(corporate, id, { friendlyName: 'Theirs' })).status).toBe(404);
  });

  test('PatchManagedCardsTests.PatchManagedCard_NoManagedCardId_MethodNotAllowed', async () => {
    expect((await patch(corporate, '', { friendlyName: 'None' })).status).toBe(405);
  });
});

describe('BlockManagedCardsTests and RemoveManagedCardsTests', () => {
  const action = (who: Onboarded, id: string, verb: string) =>
    raw(emu, 'POST', `/multi/managed_cards/${id}/${verb}`, { token: who.token });

  test('BlockManagedCardsTests.BlockManagedCard_DebitCorporate_Success', async () => {
    const id = await debitCard(emu, corporate, await account(emu, corporate));
    expect((await action(corporate, id, 'block')).status).toBe(204);
    expect((await read(corporate, 'managed_cards', id)).state.state).toBe('BLOCKED');
  });

  test('BlockManagedCardsTests.BlockManagedCard_AlreadyBlocked_InstrumentAlreadyBlocked', async () => {
    const id = await prepaidCard(emu, corporate);
    await setState(corporate, 'managed_cards', id, 'block');
    expect(await action(corporate, id, 'block')).toEqual({
      status: 409,
      body: { errorCode: 'INSTRUMENT_ALREADY_BLOCKED' },
    });
  });

  test('BlockManagedCardsTests.BlockManagedCard_CrossIdentityCheck_NotFound', async () => {
    const id = await prepaidCard(emu, consumer);
    expect((await action(corporate, id, 'block')).status).toBe(404);
    expect((await read(consumer, 'managed_cards', id)).state.state).toBe('ACTIVE');
  });

  test('BlockManagedCardsTests.BlockManagedCard_InstrumentDestroyed_InstrumentDestroyed', async () => {
    const id = await prepaidCard(emu, corporate);
    await setState(corporate, 'managed_cards', id, 'remove');
    expect(await action(corporate, id, 'block')).toEqual({
      status: 409,
      body: { errorCode: 'INSTRUMENT_DESTROYED' },
    });
    expect((await read(corporate, 'managed_cards', id)).state.state).toBe('DESTROYED');
  });

  test('BlockManagedCardsTests.BlockManagedCard_NoManagedCardId_NotFound', async () => {
    expect((await action(corporate, '', 'block')).status).toBe(405);
  });

  test('RemoveManagedCardsTests.RemoveManagedCard_AlreadyDestroyed_InstrumentAlreadyRemoved', async () => {
    const id = await prepaidCard(emu, corporate);
    expect((await action(corporate, id, 'remove')).status).toBe(204);
    expect(await action(corporate, id, 'remove')).toEqual({
      status: 409,
      body: { errorCode: 'INSTRUMENT_ALREADY_REMOVED' },
    });
  });

  test('RemoveManagedCardsTests.RemoveManagedCard_InstrumentWithFunds_BalanceNotZero', async () => {
    const id = await fundedCard(emu, corporate, 300);
    expect(await action(corporate, id, 'remove')).toEqual({
      status: 409,
      body: { errorCode: 'BALANCE_NOT_ZERO' },
    });
    expect((await read(corporate, 'managed_cards', id)).state.state).toBe('ACTIVE');
  });
});

/** `SpendRulesModel.DefaultSpendRulesModel()`. */
const DEFAULT_RULES = {
  allowedMerchantCategories: ['test'],
  blockedMerchantCategories: ['test'],
  allowedMerchantIds: ['test'],
  blockedMerchantIds: ['test'],
  allowContactless: true,
  allowAtm: false,
  allowECommerce: true,
  allowCashback: false,
  allowCreditAuthorisations: true,
  maxTransactionAmount: 10000,
  minTransactionAmount: 100,
  allowedMerchantCountries: ['MT'],
  blockedMerchantCountries: ['IT'],
};

const limit = (amount: number, interval = 'DAILY', currency = 'EUR') => ({
  spendLimit: [{ value: { currency, amount }, interval }],
});

describe('spend rules (Post/Patch/Get/DeleteManagedCardSpendRulesTests)', () => {
  const rules = (who: Onboarded, method: string, id: string, body?: object) =>
    raw(emu, method, `/multi/managed_cards/${id}/spend_rules`, {
      token: who.token,
      ...(body ? { body } : {}),
    });
  const debit = async (who: Onboarded) => debitCard(emu, who, await account(emu, who));

  test('PostManagedCardSpendRulesTests.PostManagedCardSpendRules_PrepaidCorporate_SpendLimitNotSupportedForPrepaidMode', async () => {
    const id = await prepaidCard(emu, corporate);
    expect(await rules(corporate, 'POST', id, { ...DEFAULT_RULES, ...limit(100) })).toEqual({
      status: 409,
      body: { errorCode: 'SPEND_LIMIT_NOT_SUPPORTED_FOR_PREPAID_MODE_CARD' },
    });
  });

  test('PostManagedCardSpendRulesTests.PostManagedCardSpendRules_PrepaidCorporateJustSpendRules_Success', async () => {
    const id = await prepaidCard(emu, corporate);
    expect((await rules(corporate, 'POST', id, DEFAULT_RULES)).status).toBe(204);
    const got = await rules(corporate, 'GET', id);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ ...DEFAULT_RULES, cardLevelSpendRules: DEFAULT_RULES });
  });

  test.each(['DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'YEARLY', 'ALWAYS'])(
    'PostManagedCardSpendRulesTests.PostManagedCardSpendRules_DebitCorporate_Success (%s)',
    async (interval) => {
      const id = await debit(corporate);
      const body = { ...DEFAULT_RULES, ...limit(100, interval) };
      expect((await rules(corporate, 'POST', id, body)).status).toBe(204);
      const got = await rules(corporate, 'GET', id);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ ...body, cardLevelSpendRules: body });
    },
  );

  test('PostManagedCardSpendRulesTests.PostManagedCardSpendRules_DifferentCurrency_SpendLimitCurrencyDifferentFromCardCurrency', async () => {
    const id = await debit(corporate);
    expect(await rules(corporate, 'POST', id, { ...DEFAULT_RULES, ...limit(100, 'DAILY', 'USD') })).toEqual({
      status: 409,
      body: { errorCode: 'SPEND_LIMIT_CURRENCY_DIFFERENT_FROM_CARD_CURRENCY' },
    });
  });

  test('PostManagedCardSpendRulesTests.PostManagedCardSpendRules_DuplicateIntervals_SpendLimitDuplicateInterval', async () => {
    const id = await debit(corporate);
    const body = { ...DEFAULT_RULES, spendLimit: [...limit(100).spendLimit, ...limit(200).spendLimit] };
    expect(await rules(corporate, 'POST', id, body)).toEqual({
      status: 409,
      body: { errorCode: 'SPEND_LIMIT_DUPLICATE_INTERVAL' },
    });
  });

  test('PostManagedCardSpendRulesTests.PostManagedCardSpendRules_InvalidLimitAmount_SpendLimitAmountInvalid', async () => {
    const id = await debit(corporate);
    expect(await rules(corporate, 'POST', id, { ...DEFAULT_RULES, ...limit(-100) })).toEqual({
      status: 409,
      body: { errorCode: 'SPEND_LIMIT_AMOUNT_INVALID' },
    });
  });

  test('PostManagedCardSpendRulesTests.PostManagedCardSpendRules_LimitAmountZero_Success', async () => {
    const id = await debit(corporate);
    const body = { ...DEFAULT_RULES, ...limit(100), maxTransactionAmount: 0, minTransactionAmount: 0 };
    expect((await rules(corporate, 'POST', id, body)).status).toBe(204);
    expect((await rules(corporate, 'GET', id)).body).toMatchObject({
      maxTransactionAmount: 0,
      minTransactionAmount: 0,
    });
  });

  test.each(['UNKNOWN', ''])(
    'PostManagedCardSpendRulesTests.PostManagedCardSpendRules_InvalidInterval_BadRequest (%j)',
    async (i) => {
      const id = await debit(corporate);
      expect((await rules(corporate, 'POST', id, { ...DEFAULT_RULES, ...limit(100, i) })).status).toBe(400);
    },
  );

  test('PostManagedCardSpendRulesTests.PostManagedCardSpendRules_AlreadyCreated_SpendRuleAlreadySet', async () => {
    const id = await debit(corporate);
    expect((await rules(corporate, 'POST', id, DEFAULT_RULES)).status).toBe(204);
    expect(await rules(corporate, 'POST', id, DEFAULT_RULES)).toEqual({
      status: 409,
      body: { errorCode: 'SPEND_RULE_ALREADY_SET' },
    });
  });

  test('PostManagedCardSpendRulesTests.PostManagedCardSpendRules_UnknownManagedCardId_NotFound', async () => {
    expect((await rules(corporate, 'POST', '123456789012345678', DEFAULT_RULES)).status).toBe(404);
  });

  test('PostManagedCardSpendRulesTests.PostManagedCardSpendRules_NoManagedCardId_NotFound', async () => {
    expect((await rules(corporate, 'POST', '', DEFAULT_RULES)).status).toBe(405);
  });

  test('PostManagedCardSpendRulesTests.PostManagedCardSpendRules_CrossIdentityCheck_NotFound', async () => {
    const id = await debit(consumer);
    expect((await rules(corporate, 'POST', id, DEFAULT_RULES)).status).toBe(404);
  });

  test('PatchManagedCardSpendRulesTests.PatchManagedCardSpendRules_DebitCorporate_Success', async () => {
    const id = await debit(corporate);
    expect((await rules(corporate, 'POST', id, { ...DEFAULT_RULES, ...limit(100) })).status).toBe(204);
    expect((await rules(corporate, 'PATCH', id, limit(200, 'WEEKLY'))).status).toBe(204);
    const got = await rules(corporate, 'GET', id);
    expect(got.body).toMatchObject({ ...DEFAULT_RULES, ...limit(200, 'WEEKLY') });
  });

  test('PatchManagedCardSpendRulesTests.PatchManagedCardSpendRules_NoRulesSet_NotFound', async () => {
    const id = await debit(corporate);
    expect((await rules(corporate, 'PATCH', id, { ...DEFAULT_RULES, ...limit(100) })).status).toBe(404);
  });

  test('PatchManagedCardSpendRulesTests.PatchManagedCardSpendRules_RulesDeleted_NotFound', async () => {
    const id = await debit(corporate);
    expect((await rules(corporate, 'POST', id, { ...DEFAULT_RULES, ...limit(100) })).status).toBe(204);
    expect((await rules(corporate, 'DELETE', id)).status).toBe(204);
    const patch = { ...DEFAULT_RULES, allowedMerchantCountries: ['ES'] };
    expect((await rules(corporate, 'PATCH', id, patch)).status).toBe(404);
  });

  test('PatchManagedCardSpendRulesTests.PatchManagedCardSpendRules_PrepaidCorporate_SpendLimitNotSupportedForPrepaidMode', async () => {
    const id = await prepaidCard(emu, corporate);
    expect((await rules(corporate, 'POST', id, DEFAULT_RULES)).status).toBe(204);
    expect(await rules(corporate, 'PATCH', id, limit(100))).toEqual({
      status: 409,
      body: { errorCode: 'SPEND_LIMIT_NOT_SUPPORTED_FOR_PREPAID_MODE_CARD' },
    });
  });

  test('PatchManagedCardSpendRulesTests.PatchManagedCardSpendRules_NoManagedCardId_NotFound', async () => {
    expect((await rules(corporate, 'PATCH', '', DEFAULT_RULES)).status).toBe(400);
  });

  test('GetManagedCardSpendRulesTests.GetManagedCardSpendRules_DebitCorporateRulesNotSet_Success', async () => {
    const id = await debit(corporate);
    const got = await rules(corporate, 'GET', id);
    expect(got.status).toBe(200);
    expect(got.body.spendLimit ?? []).toEqual([]);
    expect(got.body.allowedMerchantCategories).toBeUndefined();
  });

  test('GetManagedCardSpendRulesTests.GetManagedCardSpendRules_NoManagedCardId_NotFound', async () => {
    expect((await rules(corporate, 'GET', '')).status).toBe(400);
  });

  test('GetManagedCardSpendRulesTests.GetManagedCardSpendRules_CrossIdentityCheck_NotFound', async () => {
    const id = await debit(consumer);
    expect((await rules(corporate, 'GET', id)).status).toBe(404);
  });

  test('DeleteManagedCardSpendRulesTests.DeleteManagedCardSpendRules_DebitCorporate_Success', async () => {
    const id = await debit(corporate);
    expect((await rules(corporate, 'POST', id, { ...DEFAULT_RULES, ...limit(100) })).status).toBe(204);
    expect((await rules(corporate, 'DELETE', id)).status).toBe(204);
    const got = await rules(corporate, 'GET', id);
    expect(got.status).toBe(200);
    expect(got.body.spendLimit ?? []).toEqual([]);
    expect(got.body.allowedMerchantCategories).toBeUndefined();
  });

  test('DeleteManagedCardSpendRulesTests.DeleteManagedCardSpendRules_NoRulesSet_NotFound', async () => {
    const id = await debit(corporate);
    expect((await rules(corporate, 'GET', id)).status).toBe(200);
    expect((await rules(corporate, 'DELETE', id)).status).toBe(404);
  });

  test('DeleteManagedCardSpendRulesTests.DeleteManagedCardSpendRules_NoManagedCardId_NotFound', async () => {
    expect((await rules(corporate, 'DELETE', '')).status).toBe(405);
  });
});
