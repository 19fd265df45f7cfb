import { describe, expectTypeOf, it } from 'vitest';
import { type components, createSimulatorClient, type OperationTypes } from '../src/index.js';

const simulator = createSimulatorClient({ programmeKey: 'k' });

describe('simulator client types', () => {
  it('types bodies and responses from the spec', async () => {
    const { data } = await simulator.POST('/accounts/{account_id}/deposit', {
      params: { path: { account_id: '1' } },
      body: { depositAmount: { currency: 'EUR', amount: 100 } },
    });
    expectTypeOf(data).toEqualTypeOf<
      | OperationTypes['accounts_account_id_deposit']['responses'][200]['content']['application/json']
      | undefined
    >();
    // The outcome of a deposit is a code, e.g. COMPLETED or DENIED_ACCOUNT_NOT_FOUND.
    expectTypeOf<'COMPLETED'>().toMatchTypeOf<NonNullable<NonNullable<typeof data>['code']>>();
    const purchase = await simulator.POST('/cards/{card_id}/purchase', {
      params: { path: { card_id: '1' } },
      body: { merchantName: 'Shop', transactionAmount: { currency: 'EUR', amount: 100 } },
    });
    expectTypeOf(purchase.data).toEqualTypeOf<components['schemas']['PurchaseResponse'] | undefined>();
  });

  it('takes ids as strings (Weavr ids do not fit a number) or numbers', async () => {
    await simulator.POST('/cards/{card_id}/renew', { params: { path: { card_id: '110141187013853702' } } });
    await simulator.POST('/cards/{card_id}/renew', { params: { path: { card_id: 42 } } });
    // @ts-expect-error an id is a string or a number
    await simulator.POST('/cards/{card_id}/renew', { params: { path: { card_id: true } } });
  });

  it('refuses missing path parameters, bad bodies and unknown paths', async () => {
    // @ts-expect-error the card id is required
    await simulator.POST('/cards/{card_id}/expire', { params: { path: {} } });
    await simulator.POST('/cards/{card_id}/purchase', {
      params: { path: { card_id: '1' } },
      // @ts-expect-error merchantName is required
      body: { transactionAmount: { currency: 'EUR', amount: 100 } },
    });
    // @ts-expect-error the simulator has no GET operations
    await simulator.GET('/accounts/deposit');
  });

  it('requires a key, named programmeKey or apiKey', () => {
    // @ts-expect-error a key is required
    createSimulatorClient({});
    createSimulatorClient({ apiKey: 'k' });
    createSimulatorClient({ programmeKey: 'k', baseUrl: 'http://127.0.0.1:4010', throwOnError: true });
  });
});
