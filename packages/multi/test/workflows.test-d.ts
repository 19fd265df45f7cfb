// Type tests of the workflow helpers: checked by tsc through `vitest run --typecheck`, never executed.
import { describe, expectTypeOf, test } from 'vitest';
import {
  type components,
  createMultiClient,
  createSession,
  getDocument,
  type MultiBulkItem,
  type MultiListPath,
  type MultiSession,
  paginate,
  paginatePages,
  type paths,
  type Schemas,
  submitBulk,
} from '../src/index.js';

const weavr = createMultiClient({ apiKey: 'k' });
const throwing = createMultiClient({ apiKey: 'k', throwOnError: true });
type S = components['schemas'];

describe('paginate', () => {
  test('takes list operations only, from the operation map', () => {
    paginate(weavr, '/managed_cards');
    paginate(throwing, '/transfers');
    // @ts-expect-error not a list: a single card
    paginate(weavr, '/managed_cards/{id}');
    // @ts-expect-error not a GET
    paginate(weavr, '/login_with_password');
    expectTypeOf<
      '/managed_cards' | '/transfers' | '/managed_accounts/{id}/statement'
    >().toExtend<MultiListPath>();
  });

  test('items are typed from the item field the map names', async () => {
    expectTypeOf(paginate(weavr, '/managed_cards')).toEqualTypeOf<
      AsyncGenerator<Schemas['ManagedCard'], void, undefined>
    >();
    expectTypeOf(paginate(weavr, '/transfers')).toEqualTypeOf<
      AsyncGenerator<S['Transfer'], void, undefined>
    >();
    for await (const page of paginatePages(weavr, '/managed_cards')) {
      expectTypeOf(page.items).toEqualTypeOf<Schemas['ManagedCard'][]>();
      expectTypeOf(page.count).toEqualTypeOf<number | undefined>();
    }
  });

  test('path parameters are required where the operation has them; the query is typed', () => {
    paginate(weavr, '/managed_cards/{id}/transactions', { params: { path: { id: '1' } } });
    // @ts-expect-error the init with params.path is required
    paginate(weavr, '/managed_cards/{id}/transactions');
    paginate(weavr, '/managed_cards', { params: { query: { state: ['ACTIVE'], limit: 50 } }, maxItems: 10 });
    // @ts-expect-error limit is a number
    paginate(weavr, '/managed_cards', { params: { query: { limit: '50' } } });
  });
});

describe('submitBulk', () => {
  test('takes bulk operations only, with typed items', () => {
    submitBulk(weavr, '/bulks/managed_cards/_id_/block', [{ pathParams: { _id_: '1' } }]);
    submitBulk(weavr, '/bulks/managed_cards/_id_/spend_rules', [
      { pathParams: { _id_: '1' }, requestBody: { allowedMerchantCategories: ['5411'] } },
    ]);
    // @ts-expect-error not a bulk operation
    submitBulk(weavr, '/managed_cards', []);
    // @ts-expect-error pathParams has _id_, not id
    submitBulk(weavr, '/bulks/managed_cards/_id_/block', [{ pathParams: { id: '1' } }]);
    expectTypeOf<MultiBulkItem<'/bulks/transfers'>['requestBody']>().toEqualTypeOf<
      NonNullable<paths['/transfers']['post']['requestBody']>['content']['application/json'] | undefined
    >();
  });

  test('the handle reports the spec’s bulk details', async () => {
    const bulk = await submitBulk(weavr, '/bulks/transfers', []);
    const result = await bulk.done();
    expectTypeOf(result.bulks[0]).toEqualTypeOf<S['BulkProcessDetails'] | undefined>();
    for await (const f of bulk.failures())
      expectTypeOf(f.responsePayload).toEqualTypeOf<string | undefined>();
    // @ts-expect-error the mode is one of the two the spec names
    bulk.execute({ mode: 'SOMETIMES' });
  });
});

describe('getDocument', () => {
  test('accept is limited to what the operation offers; data follows it', async () => {
    const json = await getDocument(weavr, '/managed_accounts/{id}/statement', {
      params: { path: { id: '1' } },
    });
    expectTypeOf(json.data).toEqualTypeOf<S['StatementResponse']>();
    const pdf = await getDocument(weavr, '/managed_accounts/{id}/statement', {
      params: { path: { id: '1' } },
      accept: 'application/pdf',
    });
    expectTypeOf(pdf.data).toEqualTypeOf<Blob>();
    const csv = await getDocument(weavr, '/deprecated/managed_cards/{id}/statement', {
      params: { path: { id: '1' } },
      accept: 'text/csv',
    });
    expectTypeOf(csv.data).toEqualTypeOf<string>();
    const buf = await getDocument(weavr, '/outgoing_wire_transfers/{id}/payment_confirmation', {
      params: { path: { id: '1' } },
      parseAs: 'arrayBuffer',
    });
    expectTypeOf(buf.data).toEqualTypeOf<ArrayBuffer>();
    const confirmation = await getDocument(weavr, '/outgoing_wire_transfers/{id}/payment_confirmation', {
      params: { path: { id: '1' } },
    });
    expectTypeOf(confirmation.data).toEqualTypeOf<Blob>();
    getDocument(weavr, '/managed_accounts/{id}/statement', {
      params: { path: { id: '1' } },
      // @ts-expect-error this statement offers JSON and PDF, not CSV
      accept: 'text/csv',
    });
    getDocument(weavr, '/outgoing_wire_transfers/{id}/payment_confirmation', {
      params: { path: { id: '1' } },
      // @ts-expect-error the payment confirmation is PDF only
      accept: 'application/json',
    });
    // @ts-expect-error not a document operation
    getDocument(weavr, '/managed_cards/{id}', { params: { path: { id: '1' } } });
  });
});

describe('sessions', () => {
  test('the session client keeps the throwing mode of the client it came from', async () => {
    const a = await createSession(throwing, { email: 'a@b.c', password: 'p' });
    expectTypeOf(a).toEqualTypeOf<MultiSession<true>>();
    const { data } = await a.client.GET('/managed_cards');
    // Results pass through openapi-fetch's `Readable`, which flattens the union members' intersections.
    expectTypeOf(data.cards).branded.toEqualTypeOf<Schemas['ManagedCard'][] | undefined>();
    const b = await createSession(weavr, {
      email: 'a@b.c',
      password: () => 'p',
      identity: (ids) => ids[0]?.id ?? { type: 'CORPORATE', id: '1' },
    });
    expectTypeOf(b.client).toEqualTypeOf<typeof weavr>();
  });
});
