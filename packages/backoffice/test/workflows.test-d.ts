// Type tests of the Back-Office helpers: checked by tsc through `vitest run --typecheck`, never executed.
import type { WeavrClient } from '@weavr-sdk/core';
import { describe, expectTypeOf, test } from 'vitest';
import {
  type components,
  createBackofficeClient,
  getDocument,
  paginate,
  type paths,
  submitBulk,
} from '../src/index.js';

const backoffice = createBackofficeClient({ apiKey: 'k' });
const throwing = createBackofficeClient({ apiKey: 'k', throwOnError: true });
type S = components['schemas'];

describe('forIdentity', () => {
  test('returns a client of the same API and throwing mode; the identity is typed', async () => {
    const acme = await backoffice.forIdentity({ type: 'CORPORATE', id: '1' });
    expectTypeOf(acme).toEqualTypeOf<WeavrClient<paths, false>>();
    const strict = await throwing.forIdentity({ type: 'CONSUMER', id: '1' });
    const { data } = await strict.GET('/managed_cards/{id}', { params: { path: { id: '1' } } });
    expectTypeOf(data.id).toEqualTypeOf<string>();
    // @ts-expect-error the identity type is CORPORATE or CONSUMER
    backoffice.forIdentity({ type: 'corporate', id: '1' });
    // @ts-expect-error a Multi-only path
    acme.GET('/managed_cards');
  });
});

describe('helpers', () => {
  test('paginate, getDocument and submitBulk take Back-Office operations only', async () => {
    const acme = await backoffice.forIdentity({ type: 'CORPORATE', id: '1' });
    for await (const t of paginate(acme, '/transfers')) expectTypeOf(t.id).toEqualTypeOf<string>();
    // @ts-expect-error /managed_cards is not a Back-Office list
    paginate(acme, '/managed_cards');
    const csv = await getDocument(acme, '/managed_cards/{id}/statement', {
      params: { path: { id: '1' } },
      accept: 'text/csv',
    });
    expectTypeOf(csv.data).toEqualTypeOf<string>();
    submitBulk(acme, '/bulks/transfers', [
      {
        requestBody: {} as NonNullable<
          paths['/transfers']['post']['requestBody']
        >['content']['application/json'],
      },
    ]);
    // @ts-expect-error Back-Office has no bulk block
    submitBulk(acme, '/bulks/managed_cards/_id_/block', []);
    expectTypeOf<S['BulkProcessDetails']>().not.toBeAny();
  });
});
