/**
 * The body of a Back-Office 400, ported from Weavr's QA suite (`opc/junit/backoffice/transfers/CreateTransfersTests`,
 * `GetTransferTests`, `managedcards/PostManagedCardSpendRulesTests`, `PatchManagedCardSpendRulesTests`,
 * `GetManagedCardTests`, `managedaccounts/GetManagedAccountStatementTests`): each title is `<QA test class>.<QA test
 * method>`, the class being Back-Office's. Back-Office answers `{ validationErrors: [{ fieldName, error, message }] }`
 * where Multi answers `{ syntaxErrors: { invalidFields } }`; the last tests check Multi's shape stays.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../../src/index.js';
import { account, debitCard, movementBody } from './instruments.js';
import { impersonate, type Onboarded, onboard, raw } from './onboard.js';

let emu: Emulator;
let corporate: Onboarded;
let token: string;
let accounts: [string, string];
let card: string;
beforeAll(async () => {
  emu = await startEmulator();
  corporate = await onboard(emu, 'CORPORATE');
  token = await impersonate(emu, corporate);
  accounts = [await account(emu, corporate), await account(emu, corporate)];
  card = await debitCard(emu, corporate, accounts[0]);
});
afterAll(() => emu?.close());

const bo = (method: string, path: string, body?: object, apiKey?: string) =>
  raw(emu, method, `/multi/backoffice${path}`, {
    token,
    ...(body ? { body } : {}),
    ...(apiKey !== undefined ? { apiKey } : {}),
  });
const transfer = (
  from: string,
  to: string,
  kinds: [string, string] = ['managed_accounts', 'managed_accounts'],
) => {
  const body = movementBody(emu.profiles.transfers, from, to, 10);
  return { ...body, source: { type: kinds[0], id: from }, destination: { type: kinds[1], id: to } };
};
/** `SpendRulesModel.DefaultSpendRulesModel()` with one spend limit. */
const rules = (limit: Record<string, unknown>, extra: object = {}) => ({
  allowContactless: true,
  allowAtm: false,
  spendLimit: [{ value: { currency: 'EUR', amount: 100 }, interval: 'DAILY', ...limit }],
  ...extra,
});
const spendRules = (method: 'POST' | 'PATCH', body: object) =>
  bo(method, `/managed_cards/${card}/spend_rules`, body);

describe('Back-Office CreateTransfersTests', () => {
  test('CreateTransfersTests (backoffice).TransferFunds_UnknownSourceInstrumentType_BadRequest', async () => {
    const res = await bo(
      'POST',
      '/transfers',
      transfer(accounts[0], accounts[1], ['unknown', 'managed_accounts']),
    );
    expect(res.status).toBe(400);
    expect(res.body.validationErrors).toEqual([
      { fieldName: 'source', error: 'INVALID_TYPE_OR_VALUE' },
      { fieldName: 'type', error: 'INVALID_TYPE_OR_VALUE' },
    ]);
  });

  test('CreateTransfersTests (backoffice).TransferFunds_UnknownDestinationInstrumentType_BadRequest', async () => {
    const res = await bo(
      'POST',
      '/transfers',
      transfer(accounts[0], accounts[1], ['managed_accounts', 'unknown']),
    );
    expect(res.status).toBe(400);
    expect(res.body.validationErrors.map((e: { fieldName: string }) => e.fieldName)).toEqual([
      'destination',
      'type',
    ]);
  });

  test.each(['', null])(
    'CreateTransfersTests (backoffice).TransferFunds_NoSourceInstrumentId_BadRequest (%j)',
    async (id) => {
      const res = await bo('POST', '/transfers', transfer(id as string, accounts[1]));
      expect(res.status).toBe(400);
      expect(['HAS_TEXT', 'REGEX']).toContain(res.body.validationErrors[0].error);
      expect(res.body.validationErrors[0].fieldName).toBe('source.id');
    },
  );

  test('CreateTransfersTests (backoffice).TransferFunds_InvalidCurrency_BadRequest', async () => {
    const body = {
      ...transfer(accounts[0], accounts[1]),
      destinationAmount: { currency: 'ABCD', amount: 10 },
    };
    const res = await bo('POST', '/transfers', body);
    expect(res.status).toBe(400);
    expect(res.body.validationErrors[0]).toMatchObject({
      error: 'RANGE',
      fieldName: 'destinationAmount.currency',
      message: 'destinationAmount.currency size must be between 3 and 3',
    });
  });

  test('CreateTransfersTests (backoffice).TransferFunds_NoApiKey_BadRequest', async () => {
    const res = await bo('POST', '/transfers', transfer(accounts[0], accounts[1]), '');
    expect(res.status).toBe(400);
    expect(res.body.validationErrors[0]).toMatchObject({ error: 'REQUIRED', fieldName: 'api-key' });
  });
});

describe('Back-Office GetTransferTests, GetManagedCardTests, GetManagedAccountStatementTests', () => {
  test('GetTransferTests (backoffice).GetTransfer_InvalidTransferId_BadRequest', async () => {
    const res = await bo('GET', '/transfers/abc123');
    expect(res.status).toBe(400);
    expect(res.body.validationErrors[0]).toMatchObject({ error: 'REGEX', fieldName: 'id' });
  });

  test('GetManagedAccountStatementTests (backoffice).GetManagedAccountStatement_InvalidManagedAccountId_BadRequest', async () => {
    const res = await bo('GET', '/managed_accounts/abc/statement');
    expect(res.status).toBe(400);
    expect(res.body.validationErrors[0]).toMatchObject({ error: 'REGEX', fieldName: 'id' });
  });

  test('GetManagedCardTests (backoffice).GetManagedCard_NoApiKey_BadRequest', async () => {
    const res = await bo('GET', `/managed_cards/${card}`, undefined, '');
    expect(res.status).toBe(400);
    expect(res.body.validationErrors[0]).toMatchObject({ error: 'REQUIRED', fieldName: 'api-key' });
  });
});

describe('Back-Office PostManagedCardSpendRulesTests / PatchManagedCardSpendRulesTests', () => {
  test.each(['', 'UNKNOWN'])(
    'PostManagedCardSpendRulesTests (backoffice).PostManagedCardSpendRules_InvalidInterval_BadRequest (%j)',
    async (interval) => {
      const res = await spendRules('POST', rules({ interval }));
      expect(res.status).toBe(400);
      const errors = res.body.validationErrors as { fieldName?: string; error: string }[];
      expect(errors.map((e) => e.error)).toEqual([
        'INVALID_TYPE_OR_VALUE',
        'INVALID_TYPE_OR_VALUE',
        'INVALID_TYPE_OR_VALUE',
      ]);
      expect(errors[0]?.fieldName).toBe('spendLimit');
      expect(errors[2]?.fieldName).toBe('interval');
    },
  );

  test.each(['', 'ABCD'])(
    'PostManagedCardSpendRulesTests (backoffice).PostManagedCardSpendRules_InvalidCurrency_BadRequest (%j)',
    async (currency) => {
      const res = await spendRules('POST', rules({ value: { currency, amount: 100 } }));
      expect(res.status).toBe(400);
      expect(res.body.validationErrors[0]).toMatchObject({
        error: 'RANGE',
        fieldName: 'spendLimit.value.currency',
      });
    },
  );

  test('PostManagedCardSpendRulesTests (backoffice).PostManagedCardSpendRules_NullLimitValue_BadRequest', async () => {
    const res = await spendRules('POST', rules({ value: null }));
    expect(res.status).toBe(400);
    expect(res.body.validationErrors[0]).toMatchObject({ error: 'REQUIRED', fieldName: 'spendLimit.value' });
  });

  test('PostManagedCardSpendRulesTests (backoffice).PostManagedCardSpendRules_NullLimitInterval_BadRequest', async () => {
    const res = await spendRules('POST', rules({ interval: null }));
    expect(res.status).toBe(400);
    expect(res.body.validationErrors[0]).toMatchObject({
      error: 'REQUIRED',
      fieldName: 'spendLimit.interval',
    });
  });

  test.each([
    ['Maximum', 'max'],
    ['Minimum', 'min'],
  ])(
    'PostManagedCardSpendRulesTests (backoffice).PostManagedCardSpendRules_Invalid%sAmount_BadRequest',
    async (_label, end) => {
      const field = `${end}TransactionAmount`;
      const res = await spendRules('POST', rules({}, { [field]: -1 }));
      expect(res.status).toBe(400);
      expect(res.body.validationErrors[0]).toEqual({
        fieldName: field,
        error: 'AT_LEAST',
        message: `${field} must be greater than or equal to 0`,
        params: ['0'],
      });
    },
  );

  test('PatchManagedCardSpendRulesTests (backoffice).PatchManagedCardSpendRules_InvalidMaximumAmount_BadRequest', async () => {
    const res = await spendRules('PATCH', rules({}, { maxTransactionAmount: -1 }));
    expect(res.status).toBe(400);
    expect(res.body.validationErrors[0]).toMatchObject({
      error: 'AT_LEAST',
      fieldName: 'maxTransactionAmount',
      message: 'maxTransactionAmount must be greater than or equal to 0',
    });
  });
});

describe("Multi's 400 keeps its own shape", () => {
  test('the same broken transfer on Multi answers syntaxErrors.invalidFields', async () => {
    const res = await raw(emu, 'POST', '/multi/transfers', {
      token: corporate.token,
      body: transfer(accounts[0], accounts[1], ['unknown', 'managed_accounts']),
    });
    expect(res.status).toBe(400);
    expect(res.body.validationErrors).toBeUndefined();
    expect(res.body.syntaxErrors.invalidFields).toContainEqual(
      expect.objectContaining({ fieldName: 'source.type', error: 'IN' }),
    );
  });

  test('a Multi call without the api-key answers syntaxErrors naming it', async () => {
    const res = await raw(emu, 'GET', `/multi/managed_accounts/${accounts[0]}`, {
      token: corporate.token,
      apiKey: '',
    });
    expect(res).toEqual({
      status: 400,
      body: {
        message: 'Invalid request',
        syntaxErrors: { invalidFields: [{ fieldName: 'api-key', error: 'REQUIRED', params: [] }] },
      },
    });
  });
});
