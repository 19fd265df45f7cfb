// Type tests: checked by tsc through `vitest run --typecheck`, never executed (no request is sent).
import { describe, expectTypeOf, test } from 'vitest';
import {
  type BackofficeClient,
  createBackofficeClient,
  type ErrorCode,
  isWeavrErrorCode,
  type PathParams,
  type paths,
  type RequestBody,
  type ResponseBody,
  type Schemas,
} from '../src/index.js';

const backoffice = createBackofficeClient({ apiKey: 'k' });

type Json<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

describe('paths', () => {
  test('Multi-only paths and unknown paths are rejected', () => {
    // @ts-expect-error Multi only: users sign in through the Multi API
    backoffice.POST('/login_with_password', { body: { email: 'a@example.com', password: { value: 'x' } } });
    // @ts-expect-error Multi only: Back-Office reads one card, it does not list them
    backoffice.GET('/managed_cards');
    // @ts-expect-error Multi only
    backoffice.GET('/managed_accounts');
    // @ts-expect-error Multi only
    backoffice.GET('/card_payments');
    // @ts-expect-error not a path at all
    backoffice.GET('/no_such_path');
    // The paths both APIs share are accepted.
    backoffice.GET('/managed_cards/{id}', { params: { path: { id: '1' } } });
    backoffice.GET('/transfers');
  });
});

describe('parameters and bodies', () => {
  test('path parameters are required and typed', () => {
    // @ts-expect-error params.path.id is required
    backoffice.POST('/managed_cards/{id}/block');
    // @ts-expect-error id is a string
    backoffice.POST('/managed_cards/{id}/block', { params: { path: { id: 1 } } });
    backoffice.POST('/managed_cards/{id}/block', { params: { path: { id: '1' } } });
  });

  test('query enums are enforced', () => {
    backoffice.GET('/bulks', { params: { query: { status: 'RUNNING' } } });
    // @ts-expect-error not a bulk status
    backoffice.GET('/bulks', { params: { query: { status: 'SLEEPING' } } });
    // @ts-expect-error not a TransactionState
    backoffice.GET('/transfers', { params: { query: { state: ['LOST'] } } });
  });

  test('request bodies are enforced', () => {
    backoffice.POST('/access_token', { body: { identity: { type: 'CORPORATE', id: '1' } } });
    // @ts-expect-error the body is required
    backoffice.POST('/access_token');
    // @ts-expect-error identity is required
    backoffice.POST('/access_token', { body: {} });
    // @ts-expect-error identity.type is CONSUMER or CORPORATE
    backoffice.POST('/access_token', { body: { identity: { type: 'PERSON', id: '1' } } });
  });
});

describe('responses', () => {
  test('data is typed; with throwOnError: true it is always there', async () => {
    const loose = await backoffice.POST('/access_token', {
      body: { identity: { type: 'CONSUMER', id: '1' } },
    });
    expectTypeOf(loose.data).toEqualTypeOf<Json<'/access_token', 'post'> | undefined>();
    expectTypeOf(loose.requestRef).toEqualTypeOf<string | undefined>();

    const strict = createBackofficeClient({ apiKey: 'k', throwOnError: true });
    expectTypeOf(strict).toEqualTypeOf<BackofficeClient<true>>();
    const { data } = await strict.POST('/access_token', {
      body: { identity: { type: 'CONSUMER', id: '1' } },
    });
    expectTypeOf(data).toEqualTypeOf<Json<'/access_token', 'post'>>();
    expectTypeOf(data.token?.token).toEqualTypeOf<string | undefined>();
  });
});

describe('types from the spec', () => {
  test('a card narrows by mode', async () => {
    const { data: card } = await createBackofficeClient({ apiKey: 'k', throwOnError: true }).GET(
      '/managed_cards/{id}',
      { params: { path: { id: '1' } } },
    );
    if (card.mode === 'DEBIT_MODE') expectTypeOf(card.parentManagedAccountId).toEqualTypeOf<string>();
    // @ts-expect-error a prepaid card has no parent managed account
    else card.parentManagedAccountId;
    expectTypeOf<Schemas['ManagedCard']['mode']>().toEqualTypeOf<'PREPAID_MODE' | 'DEBIT_MODE'>();
  });

  test('unknown body fields and parameters do not compile', () => {
    backoffice.POST('/access_token', {
      // @ts-expect-error identityy is misspelt
      body: { identityy: { type: 'CORPORATE', id: '1' } },
    });
    // @ts-expect-error not a query parameter of this operation
    backoffice.GET('/managed_cards', { params: { query: { limit: 1, colour: 'red' } } });
  });

  test('error codes and helper types are the Back-Office spec’s', () => {
    expectTypeOf<ErrorCode<'GET /managed_cards/{id}'>>().toEqualTypeOf<'INSUFFICIENT_PERMISSIONS'>();
    expectTypeOf<ErrorCode<'managedCardGet'>>().toEqualTypeOf<'INSUFFICIENT_PERMISSIONS'>();
    const e: unknown = undefined;
    if (isWeavrErrorCode(e, 'INSUFFICIENT_PERMISSIONS'))
      expectTypeOf(e.errorCode).toEqualTypeOf<'INSUFFICIENT_PERMISSIONS'>();
    // @ts-expect-error not a code of the Back-Office spec
    isWeavrErrorCode(e, 'INSUFFICIENT_PERMISSION');
    expectTypeOf<PathParams<'GET /managed_cards/{id}'>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<ResponseBody<'GET /managed_cards/{id}'>>().toEqualTypeOf<Schemas['ManagedCard']>();
    expectTypeOf<RequestBody<'POST /access_token'>>().toHaveProperty('identity');
  });
});
