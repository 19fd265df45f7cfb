// Type tests for the types read off the spec (issue 12): discriminated unions, exact request inits, error
// codes and the helper types. Checked by tsc through `vitest run --typecheck`, never executed.
import { describe, expectTypeOf, test } from 'vitest';
import {
  type components,
  createMultiClient,
  type ErrorCode,
  type ErrorCodes,
  isWeavrErrorCode,
  type MultiBulkHandle,
  type Operation,
  type OperationRef,
  type PathParams,
  paginate,
  type paths,
  type QueryParams,
  type RequestBody,
  type ResponseBody,
  type Schemas,
  type WeavrApiError,
} from '../src/index.js';

const weavr = createMultiClient({ apiKey: 'k' });
const throwing = createMultiClient({ apiKey: 'k', throwOnError: true });
type C = components['schemas'];
const id = '110141187013853702';

describe('discriminated unions', () => {
  test('a card narrows by mode: prepaid has balances, debit its parent account', async () => {
    const { data: card } = await throwing.GET('/managed_cards/{id}', { params: { path: { id } } });
    expectTypeOf(card.mode).toEqualTypeOf<'PREPAID_MODE' | 'DEBIT_MODE'>();
    if (card.mode === 'PREPAID_MODE') {
      expectTypeOf(card.balances?.availableBalance).toEqualTypeOf<number | undefined>();
      // @ts-expect-error a prepaid card has no parent managed account
      card.parentManagedAccountId;
    } else {
      expectTypeOf(card.parentManagedAccountId).toEqualTypeOf<string>();
      // @ts-expect-error a debit card has no balances of its own
      card.balances;
    }
    // @ts-expect-error not a mode of the spec
    if (card.mode === 'PREPAYD') return;
  });

  test('Schemas holds the union; components keeps the base the subtypes extend', () => {
    expectTypeOf<Schemas['ManagedCard']>().toEqualTypeOf<C['PrepaidModeCard'] | C['DebitModeCard']>();
    expectTypeOf<C['ManagedCard']['mode']>().toEqualTypeOf<string>();
    expectTypeOf<Schemas['ManagedCardRequest']>().toEqualTypeOf<
      C['PrepaidModeCardRequest'] | C['DebitModeCardRequest']
    >();
    expectTypeOf<Schemas['Transfer']>().toEqualTypeOf<C['Transfer']>();
    expectTypeOf<Schemas['CardPaymentEvent']['type']>().toEqualTypeOf<
      'AUTHORISATION' | 'SETTLEMENT' | 'REFUND' | 'ORIGINAL_CREDIT'
    >();
    expectTypeOf<C['CardPayment']['events'][number]>().toEqualTypeOf<Schemas['CardPaymentEvent']>();
    expectTypeOf<Schemas['StatementResponseEntryTransaction']['type']>().toEqualTypeOf<
      | 'card_payments'
      | 'transfers'
      | 'sends'
      | 'outgoing_wire_transfers'
      | 'incoming_wire_transfers'
      | 'correspondent_bank_transfers'
      | 'fees'
      | 'system_transactions'
    >();
  });

  test('paginate yields the union too', async () => {
    for await (const card of paginate(weavr, '/managed_cards')) {
      if (card.mode === 'DEBIT_MODE') expectTypeOf(card.parentManagedAccountId).toEqualTypeOf<string>();
    }
  });

  test('a card create body needs the fields of its mode', () => {
    const common = {
      profileId: '1',
      friendlyName: 'card',
      nameOnCard: 'A B',
      billingAddress: { addressLine1: '1 St', city: 'Valletta', postCode: 'VLT', country: 'MT' },
    };
    weavr.POST('/managed_cards', { body: { ...common, mode: 'PREPAID_MODE', currency: 'EUR' } });
    weavr.POST('/managed_cards', { body: { ...common, mode: 'DEBIT_MODE', parentManagedAccountId: '2' } });
    // @ts-expect-error a prepaid card needs a currency
    weavr.POST('/managed_cards', { body: { ...common, mode: 'PREPAID_MODE' } });
    // @ts-expect-error a debit card needs its parent managed account
    weavr.POST('/managed_cards', { body: { ...common, mode: 'DEBIT_MODE' } });
    // @ts-expect-error not a mode
    weavr.POST('/managed_cards', { body: { ...common, mode: 'PREPAYD', currency: 'EUR' } });
  });
});

describe('exact requests', () => {
  const transfer = {
    profileId: 'p',
    source: { type: 'managed_accounts', id },
    destination: { type: 'managed_cards', id },
    destinationAmount: { currency: 'EUR', amount: 1 },
  } as const;

  test('an unknown body property is an error, at any depth', () => {
    weavr.POST('/managed_accounts', {
      body: { profileId: 'p', friendlyName: 'f', currency: 'EUR', tag: 't' },
    });
    weavr.POST('/managed_accounts', {
      // @ts-expect-error tagg is not a field of the body
      body: { profileId: 'p', friendlyName: 'f', currency: 'EUR', tagg: 't' },
    });
    weavr.POST('/transfers', {
      body: {
        ...transfer,
        // @ts-expect-error a nested unknown field
        source: { type: 'managed_accounts', id, ownerId: 'x' },
      },
    });
    weavr.POST('/managed_cards/{id}/spend_rules', {
      params: { path: { id } },
      // @ts-expect-error maxTransactionAmmount is misspelt
      body: { maxTransactionAmmount: 100 },
    });
    weavr.POST('/users', {
      // @ts-expect-error moblie is misspelt
      body: { name: 'A', surname: 'B', email: 'a@b.c', moblie: { countryCode: '+356', number: '1' } },
    });
  });

  test('an unknown path, query or header parameter is an error', () => {
    // @ts-expect-error colour is not a query parameter of GET /managed_cards
    weavr.GET('/managed_cards', { params: { query: { limit: 10, colour: 'red' } } });
    // @ts-expect-error cardId is not a path parameter
    weavr.GET('/managed_cards/{id}', { params: { path: { id, cardId: id } } });
    // @ts-expect-error GET /managed_cards declares no header parameters
    weavr.GET('/managed_cards', { params: { header: { 'x-trace': '1' } } });
    weavr.GET('/managed_accounts/{id}/statement', {
      // @ts-expect-error a statement filter the spec does not have
      params: { path: { id }, query: { offset: 0, showFundMovementsOnly: true } },
    });
    weavr.GET('/managed_cards', { params: { query: { limit: 10, offset: 0 } } });
  });

  test('an operation without a body takes none', () => {
    // @ts-expect-error GET takes no body
    weavr.GET('/managed_cards/{id}', { params: { path: { id } }, body: {} });
    // @ts-expect-error block takes no body
    weavr.POST('/managed_cards/{id}/block', { params: { path: { id } }, body: { reason: 'x' } });
  });

  test('the result type is still inferred, parseAs included', async () => {
    const json = await weavr.GET('/managed_cards/{id}', { params: { path: { id } } });
    expectTypeOf(json.data).branded.toEqualTypeOf<ResponseBody<'GET /managed_cards/{id}'> | undefined>();
    const text = await weavr.GET('/managed_cards/{id}', { params: { path: { id } }, parseAs: 'text' });
    expectTypeOf(text.data).toEqualTypeOf<string | undefined>();
    const blob = await throwing.GET('/managed_cards/{id}', { params: { path: { id } }, parseAs: 'blob' });
    expectTypeOf(blob.data).toEqualTypeOf<Blob>();
    const created = await throwing.POST('/transfers', { body: transfer, idempotencyRef: 'order-1' });
    expectTypeOf(created.data.id).toEqualTypeOf<string>();
  });
});

describe('error codes', () => {
  test('the map records each operation’s documented codes', () => {
    expectTypeOf<'FUNDS_INSUFFICIENT'>().toExtend<ErrorCodes['POST /transfers']>();
    expectTypeOf<'INSUFFICIENT_PERMISSIONS'>().toExtend<ErrorCode<'POST /transfers'>>();
    expectTypeOf<'STEP_UP_REQUIRED'>().toExtend<ErrorCode<'POST /users'>>();
    expectTypeOf<ErrorCode<'transferCreate'>>().toEqualTypeOf<ErrorCodes['POST /transfers']>();
    expectTypeOf<'FUNDS_INSUFFICIENT'>().toExtend<ErrorCode>();
    expectTypeOf<'FUNDS_INSUFICIENT'>().not.toExtend<ErrorCode>();
  });

  test('isWeavrErrorCode takes only documented codes and narrows', () => {
    const e: unknown = new Error('x');
    if (isWeavrErrorCode(e, 'FUNDS_INSUFFICIENT')) {
      expectTypeOf(e).toExtend<WeavrApiError>();
      expectTypeOf(e.errorCode).toEqualTypeOf<'FUNDS_INSUFFICIENT'>();
    }
    // @ts-expect-error a misspelt code
    isWeavrErrorCode(e, 'FUNDS_INSUFICIENT');
    // @ts-expect-error not a code any operation documents
    isWeavrErrorCode(e, 'SOMETHING_ELSE');
  });

  test('a result’s error narrows to that operation’s codes', async () => {
    const r = await weavr.POST('/transfers', {
      body: {
        profileId: 'p',
        source: { type: 'managed_accounts', id },
        destination: { type: 'managed_cards', id },
        destinationAmount: { currency: 'EUR', amount: 1 },
      },
    });
    if (r.error && 'errorCode' in r.error) {
      expectTypeOf(r.error.errorCode).toEqualTypeOf<ErrorCode<'POST /transfers'> | undefined>();
      // @ts-expect-error not a code of POST /transfers
      if (r.error.errorCode === 'FUNDS_INSUFICIENT') return;
    }
  });
});

describe('helper types', () => {
  test('by "METHOD /path" and by operationId', () => {
    expectTypeOf<RequestBody<'POST /transfers'>>().toEqualTypeOf<RequestBody<'transferCreate'>>();
    expectTypeOf<RequestBody<'POST /transfers'>>().toEqualTypeOf<
      paths['/transfers']['post']['requestBody'] extends { content: { 'application/json': infer B } }
        ? B
        : never
    >();
    expectTypeOf<RequestBody<'GET /managed_cards'>>().toBeNever();
    expectTypeOf<ResponseBody<'GET /managed_cards/{id}'>>().toEqualTypeOf<Schemas['ManagedCard']>();
    expectTypeOf<PathParams<'GET /managed_cards/{id}'>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<PathParams<'GET /managed_cards'>>().toBeNever();
    expectTypeOf<QueryParams<'GET /managed_cards'>['limit']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Operation<'transferCreate'>>().toEqualTypeOf<paths['/transfers']['post']>();
    expectTypeOf<'POST /transfers' | 'transferCreate'>().toExtend<OperationRef>();
    // @ts-expect-error not an operation
    type _Nope = RequestBody<'POST /nowhere'>;
  });

  test('a free-standing body is checked where it is declared', () => {
    const body: RequestBody<'POST /sends'> = {
      profileId: 'p',
      source: { type: 'managed_accounts', id },
      destination: { type: 'managed_accounts', id },
      destinationAmount: { currency: 'EUR', amount: 1 },
    };
    weavr.POST('/sends', { body });
    const wrong: RequestBody<'POST /sends'> = {
      profileId: 'p',
      source: { type: 'managed_accounts', id },
      destination: { type: 'managed_accounts', id },
      destinationAmount: { currency: 'EUR', amount: 1 },
      // @ts-expect-error not a field of the body
      memo: 'x',
    };
    void wrong;
  });

  test('bulk operations filter on the spec’s operation states', async () => {
    const bulk = {} as MultiBulkHandle;
    bulk.operations({ status: 'FAILED' });
    // @ts-expect-error not a BulkProcessOperationStatus
    bulk.operations({ status: 'FAILD' });
    expectTypeOf<{ status: C['BulkProcessOperationStatus'] }>().toExtend<
      NonNullable<Parameters<MultiBulkHandle['operations']>[0]>
    >();
  });
});
