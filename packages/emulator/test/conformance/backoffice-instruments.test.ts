/**
 * Back-Office operations on instruments, ported from Weavr's QA suite (`opc/junit/backoffice/managedcards/*Tests.java`,
 * `opc/junit/backoffice/managedaccounts/GetManagedAccountTests.java`): each title is `<QA test class>.<QA test
 * method>`, the class being Back-Office's. Calls carry a Back-Office token impersonating the identity.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../../src/index.js';
import { account, conflictWith, debitCard, fundedCard, prepaidCard, read, setState } from './instruments.js';
import { impersonate, type Onboarded, onboard, raw } from './onboard.js';

let emu: Emulator;
let corporate: Onboarded;
let consumer: Onboarded;
let tokens: Record<'CORPORATE' | 'CONSUMER', string>;
beforeAll(async () => {
  emu = await startEmulator();
  corporate = await onboard(emu, 'CORPORATE');
  consumer = await onboard(emu, 'CONSUMER');
  tokens = { CORPORATE: await impersonate(emu, corporate), CONSUMER: await impersonate(emu, consumer) };
});
afterAll(() => emu?.close());

const bo = (method: string, path: string, token: string, body?: object) =>
  raw(emu, method, `/multi/backoffice${path}`, { token, ...(body ? { body } : {}) });
const cardAction = (id: string, verb: string, token = tokens.CORPORATE) =>
  bo('POST', `/managed_cards/${id}/${verb}`, token);

describe('Back-Office BlockManagedCardsTests', () => {
  test.each([
    ['Corporate', 'CORPORATE'],
    ['Consumer', 'CONSUMER'],
  ] as const)('BlockManagedCardsTests (backoffice).BlockManagedCard_Prepaid%s_Success', async (_label, t) => {
    const who = t === 'CORPORATE' ? corporate : consumer;
    const id = await prepaidCard(emu, who);
    expect((await cardAction(id, 'block', tokens[t])).status).toBe(204);
    expect((await read(who, 'managed_cards', id)).state.state).toBe('BLOCKED');
  });

  test('BlockManagedCardsTests (backoffice).BlockManagedCard_DebitCorporate_Success', async () => {
    const id = await debitCard(emu, corporate, await account(emu, corporate));
    expect((await cardAction(id, 'block')).status).toBe(204);
    expect((await read(corporate, 'managed_cards', id)).state.state).toBe('BLOCKED');
  });

  test('BlockManagedCardsTests (backoffice).BlockManagedCard_AlreadyBlocked_InstrumentAlreadyBlocked', async () => {
    const id = await prepaidCard(emu, corporate);
    expect((await cardAction(id, 'block')).status).toBe(204);
    expect(await cardAction(id, 'block')).toEqual(conflictWith('INSTRUMENT_ALREADY_BLOCKED'));
  });

  test('BlockManagedCardsTests (backoffice).BlockManagedCard_UnknownManagedCardId_NotFound', async () => {
    expect((await cardAction('123456789012345678', 'block')).status).toBe(404);
  });

  test('BlockManagedCardsTests (backoffice).BlockManagedCard_NoManagedCardId_NotFound', async () => {
    expect((await cardAction('', 'block')).status).toBe(405);
  });

  test('BlockManagedCardsTests (backoffice).BlockManagedCard_CrossIdentityCheck_NotFound', async () => {
    const id = await prepaidCard(emu, consumer);
    expect((await cardAction(id, 'block')).status).toBe(404);
    expect((await read(consumer, 'managed_cards', id)).state.state).toBe('ACTIVE');
  });

  test('BlockManagedCardsTests (backoffice).BlockManagedCard_InstrumentDestroyed_InstrumentDestroyed', async () => {
    const id = await prepaidCard(emu, corporate);
    await setState(corporate, 'managed_cards', id, 'remove');
    expect(await cardAction(id, 'block')).toEqual(conflictWith('INSTRUMENT_DESTROYED'));
    expect((await read(corporate, 'managed_cards', id)).state.state).toBe('DESTROYED');
  });

  test.each([
    ['Corporate', 'CORPORATE'],
    ['Consumer', 'CONSUMER'],
  ] as const)(
    'BlockManagedCardsTests (backoffice).BlockManagedCard_%sAuthToken_Forbidden',
    async (_label, t) => {
      const who = t === 'CORPORATE' ? corporate : consumer;
      const id = await prepaidCard(emu, who);
      expect((await cardAction(id, 'block', who.token)).status).toBe(403);
    },
  );
});

describe('Back-Office UnblockManagedCardTests and RemoveManagedCardsTests', () => {
  test('UnblockManagedCardTests (backoffice).UnblockManagedCard_PrepaidCorporate_Success', async () => {
    const id = await prepaidCard(emu, corporate);
    await setState(corporate, 'managed_cards', id, 'block');
    expect((await cardAction(id, 'unblock')).status).toBe(204);
    expect((await read(corporate, 'managed_cards', id)).state.state).toBe('ACTIVE');
  });

  test('UnblockManagedCardTests (backoffice).UnblockManagedCard_InActiveState_InstrumentNotBlocked', async () => {
    const id = await prepaidCard(emu, corporate);
    expect(await cardAction(id, 'unblock')).toEqual(conflictWith('INSTRUMENT_NOT_BLOCKED'));
  });

  test('UnblockManagedCardTests (backoffice).UnblockManagedCard_CrossIdentityCheck_NotFound', async () => {
    const id = await prepaidCard(emu, consumer);
    await setState(consumer, 'managed_cards', id, 'block');
    expect((await cardAction(id, 'unblock')).status).toBe(404);
    expect((await read(consumer, 'managed_cards', id)).state.state).toBe('BLOCKED');
  });

  test('UnblockManagedCardTests (backoffice).UnlockManagedCard_InstrumentDestroyed_InstrumentDestroyed', async () => {
    const id = await prepaidCard(emu, corporate);
    await setState(corporate, 'managed_cards', id, 'remove');
    expect(await cardAction(id, 'unblock')).toEqual(conflictWith('INSTRUMENT_DESTROYED'));
  });

  test('RemoveManagedCardsTests (backoffice).RemoveManagedCard_BlockedInstrument_Success', async () => {
    const id = await prepaidCard(emu, corporate);
    await setState(corporate, 'managed_cards', id, 'block');
    expect((await cardAction(id, 'remove')).status).toBe(204);
    expect((await read(corporate, 'managed_cards', id)).state.state).toBe('DESTROYED');
  });

  test('RemoveManagedCardsTests (backoffice).RemoveManagedCard_AlreadyDestroyed_InstrumentAlreadyRemoved', async () => {
    const id = await prepaidCard(emu, corporate);
    expect((await cardAction(id, 'remove')).status).toBe(204);
    expect(await cardAction(id, 'remove')).toEqual(conflictWith('INSTRUMENT_ALREADY_REMOVED'));
  });

  test('RemoveManagedCardsTests (backoffice).RemoveManagedCard_InstrumentWithFunds_BalanceNotZero', async () => {
    const id = await fundedCard(emu, corporate, 200);
    expect(await cardAction(id, 'remove')).toEqual(conflictWith('BALANCE_NOT_ZERO'));
    expect((await read(corporate, 'managed_cards', id)).state.state).toBe('ACTIVE');
  });

  test('RemoveManagedCardsTests (backoffice).RemoveManagedCard_CorporateAuthenticationToken_Forbidden', async () => {
    const id = await prepaidCard(emu, corporate);
    expect((await cardAction(id, 'remove', corporate.token)).status).toBe(403);
  });
});

describe('Back-Office GetManagedCardTests and GetManagedAccountTests', () => {
  test('GetManagedCardTests (backoffice).GetManagedCard_DebitCorporate_Success', async () => {
    const parent = await account(emu, corporate);
    const id = await debitCard(emu, corporate, parent);
    const res = await bo('GET', `/managed_cards/${id}`, tokens.CORPORATE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      mode: 'DEBIT_MODE',
      parentManagedAccountId: parent,
      state: { state: 'ACTIVE' },
    });
  });

  test('GetManagedCardTests (backoffice).GetManagedCard_NoManagedCardId_NotFound', async () => {
    expect((await bo('GET', '/managed_cards/', tokens.CORPORATE)).status).toBe(404);
  });

  test('GetManagedCardTests (backoffice).GetManagedCard_UnknownManagedCardId_NotFound', async () => {
    expect((await bo('GET', '/managed_cards/123456789012345678', tokens.CORPORATE)).status).toBe(404);
  });

  test('GetManagedCardTests (backoffice).GetManagedCard_CrossIdentityImpersonation_Unauthorised', async () => {
    const id = await prepaidCard(emu, corporate);
    expect((await bo('GET', `/managed_cards/${id}`, tokens.CONSUMER)).status).toBe(401);
  });

  test('GetManagedCardTests (backoffice).GetManagedCard_OtherCorporateIdentityImpersonation_Unauthorised', async () => {
    const id = await prepaidCard(emu, corporate);
    const other = await onboard(emu, 'CORPORATE');
    expect((await bo('GET', `/managed_cards/${id}`, await impersonate(emu, other))).status).toBe(401);
  });

  test('GetManagedCardTests (backoffice).GetManagedCard_CorporateToken_Forbidden', async () => {
    const id = await prepaidCard(emu, corporate);
    expect((await bo('GET', `/managed_cards/${id}`, corporate.token)).status).toBe(403);
  });

  test('GetManagedAccountTests (backoffice).GetManagedAccount_Corporate_Success', async () => {
    const id = await account(emu, corporate);
    const res = await bo('GET', `/managed_accounts/${id}`, tokens.CORPORATE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      currency: 'EUR',
      balances: { availableBalance: 0, actualBalance: 0 },
      state: { state: 'ACTIVE' },
    });
  });

  test('GetManagedAccountTests (backoffice).GetManagedAccount_UnknownManagedAccountId_NotFound', async () => {
    expect((await bo('GET', '/managed_accounts/123456789012345678', tokens.CORPORATE)).status).toBe(404);
  });

  test('GetManagedAccountTests (backoffice).GetManagedAccount_CrossIdentityChecks_NotFound', async () => {
    const id = await account(emu, consumer);
    expect((await bo('GET', `/managed_accounts/${id}`, tokens.CORPORATE)).status).toBe(404);
  });

  test.each([
    ['Corporate', 'CORPORATE'],
    ['Consumer', 'CONSUMER'],
  ] as const)(
    'GetManagedAccountTests (backoffice).GetManagedAccount_%sAuthToken_Forbidden',
    async (_label, t) => {
      const who = t === 'CORPORATE' ? corporate : consumer;
      const id = await account(emu, who);
      expect((await bo('GET', `/managed_accounts/${id}`, who.token)).status).toBe(403);
    },
  );
});

describe('Back-Office PostManagedCardSpendRulesTests', () => {
  const rules = {
    allowedMerchantCategories: ['test'],
    allowContactless: true,
    allowAtm: false,
    maxTransactionAmount: 10000,
  };

  test('PostManagedCardSpendRulesTests (backoffice).PostManagedCardSpendRules_PrepaidCorporate_SpendLimitNotSupportedForPrepaidMode', async () => {
    const id = await prepaidCard(emu, corporate);
    const body = { ...rules, spendLimit: [{ value: { currency: 'EUR', amount: 100 }, interval: 'DAILY' }] };
    expect(await bo('POST', `/managed_cards/${id}/spend_rules`, tokens.CORPORATE, body)).toEqual(
      conflictWith('SPEND_LIMIT_NOT_SUPPORTED_FOR_PREPAID_MODE_CARD'),
    );
  });

  test('PostManagedCardSpendRulesTests (backoffice).PostManagedCardSpendRules_DebitCorporate_Success', async () => {
    const id = await debitCard(emu, corporate, await account(emu, corporate));
    const body = { ...rules, spendLimit: [{ value: { currency: 'EUR', amount: 100 }, interval: 'WEEKLY' }] };
    expect((await bo('POST', `/managed_cards/${id}/spend_rules`, tokens.CORPORATE, body)).status).toBe(204);
    const got = await bo('GET', `/managed_cards/${id}/spend_rules`, tokens.CORPORATE);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ ...body, cardLevelSpendRules: body });
  });

  test('PostManagedCardSpendRulesTests (backoffice).PostManagedCardSpendRules_AddRulesAfterDelete_Success', async () => {
    const id = await debitCard(emu, corporate, await account(emu, corporate));
    const path = `/managed_cards/${id}/spend_rules`;
    expect((await bo('POST', path, tokens.CORPORATE, rules)).status).toBe(204);
    expect((await bo('DELETE', path, tokens.CORPORATE)).status).toBe(204);
    expect((await bo('POST', path, tokens.CORPORATE, { ...rules, allowAtm: true })).status).toBe(204);
    expect((await bo('GET', path, tokens.CORPORATE)).body).toMatchObject({ allowAtm: true });
  });
});
