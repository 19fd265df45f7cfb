// Type tests: checked by tsc through `vitest run --typecheck`, never executed (no request is sent).
import { describe, expectTypeOf, test } from 'vitest';
import {
  type components,
  createMultiClient,
  type MultiClient,
  operations,
  type paths,
} from '../src/index.js';

const weavr = createMultiClient({ apiKey: 'k' });

type Json<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

describe('paths and methods', () => {
  test('unknown paths and methods a path does not have are rejected', () => {
    // @ts-expect-error not a Multi path
    weavr.GET('/no_such_path');
    // @ts-expect-error a Back-Office-only path
    weavr.POST('/impersonate_identity_login', { body: {} });
    // @ts-expect-error /login_with_password is POST only
    weavr.GET('/login_with_password');
    expectTypeOf(weavr.GET).parameter(0).toExtend<keyof paths>();
  });
});

describe('path parameters', () => {
  test('are required and typed', () => {
    weavr.GET('/managed_cards/{id}', { params: { path: { id: '110141187013853702' } } });
    // @ts-expect-error the init with params.path is required
    weavr.GET('/managed_cards/{id}');
    // @ts-expect-error params.path is required
    weavr.GET('/managed_cards/{id}', { params: {} });
    // @ts-expect-error id is required
    weavr.GET('/managed_cards/{id}', { params: { path: {} } });
    // @ts-expect-error id is a string
    weavr.GET('/managed_cards/{id}', { params: { path: { id: 1101411870 } } });
    // @ts-expect-error channel is an enum
    weavr.POST('/stepup/challenges/otp/{channel}', { params: { path: { channel: 'PIGEON' } } });
  });
});

describe('query parameters', () => {
  test('enums are enforced', () => {
    weavr.GET('/managed_cards', { params: { query: { state: ['ACTIVE', 'BLOCKED'], type: 'VIRTUAL' } } });
    weavr.GET('/card_payments', { params: { query: { status: ['SETTLED'], sortOrder: 'DESC' } } });
    // @ts-expect-error not an InstrumentState
    weavr.GET('/managed_cards', { params: { query: { state: ['SHREDDED'] } } });
    // @ts-expect-error not a card type
    weavr.GET('/managed_cards', { params: { query: { type: 'PLASTIC' } } });
    // @ts-expect-error not a CardPaymentStatus
    weavr.GET('/card_payments', { params: { query: { status: ['PAID'] } } });
    // @ts-expect-error limit is a number
    weavr.GET('/managed_cards', { params: { query: { limit: '10' } } });
    // @ts-expect-error not a query parameter of this operation
    weavr.GET('/managed_cards', { params: { query: { colour: 'red' } } });
  });

  test('objects are typed too (instrumentId on GET /transfers)', () => {
    weavr.GET('/transfers', { params: { query: { instrumentId: { id: '1', type: 'managed_cards' } } } });
    // @ts-expect-error not an InstrumentType
    weavr.GET('/transfers', { params: { query: { instrumentId: { id: '1', type: 'wallets' } } } });
  });
});

describe('request bodies', () => {
  test('are required where the spec requires them, with their required fields', () => {
    weavr.POST('/login_with_password', { body: { email: 'a@example.com', password: { value: 'x' } } });
    // @ts-expect-error the body is required
    weavr.POST('/login_with_password');
    // @ts-expect-error the body is required
    weavr.POST('/login_with_password', {});
    // @ts-expect-error password is required
    weavr.POST('/login_with_password', { body: { email: 'a@example.com' } });
    // @ts-expect-error password is an object with a value
    weavr.POST('/login_with_password', { body: { email: 'a@example.com', password: 'x' } });
    weavr.POST('/transfers', {
      body: {
        profileId: 'p',
        source: { type: 'managed_accounts', id: '1' },
        destination: { type: 'managed_cards', id: '2' },
        // @ts-expect-error amount is a number (minor units)
        destinationAmount: { currency: 'EUR', amount: '10.00' },
      },
    });
    weavr.POST('/transfers', {
      // @ts-expect-error destination is required
      body: {
        profileId: 'p',
        source: { type: 'managed_accounts', id: '1' },
        destinationAmount: { currency: 'EUR', amount: 1 },
      },
    });
  });
});

describe('responses', () => {
  test('data is the operation’s JSON response, or undefined on error', async () => {
    const login = await weavr.POST('/login_with_password', {
      body: { email: 'a@example.com', password: { value: 'x' } },
    });
    expectTypeOf(login.data).toEqualTypeOf<Json<'/login_with_password', 'post'> | undefined>();
    if (login.data) expectTypeOf(login.data.token).toEqualTypeOf<string | undefined>();
    expectTypeOf(login.requestRef).toEqualTypeOf<string | undefined>();
    expectTypeOf(login.idempotencyRef).toEqualTypeOf<string | undefined>();
    expectTypeOf(login.response).toEqualTypeOf<Response>();

    const cards = await weavr.GET('/managed_cards');
    expectTypeOf(cards.data).branded.toEqualTypeOf<Json<'/managed_cards', 'get'> | undefined>();
    const card = cards.data?.cards?.[0];
    expectTypeOf(card?.state.state).toEqualTypeOf<components['schemas']['InstrumentState'] | undefined>();
    // @ts-expect-error data may be undefined without throwOnError
    cards.data.cards;
  });

  test('with throwOnError: true on the client, data is always there', async () => {
    const strict = createMultiClient({ apiKey: 'k', throwOnError: true });
    expectTypeOf(strict).toEqualTypeOf<MultiClient<true>>();
    const cards = await strict.GET('/managed_cards');
    expectTypeOf(cards.data).branded.toEqualTypeOf<Json<'/managed_cards', 'get'>>();
    expectTypeOf(cards.error).toEqualTypeOf<undefined>();
    cards.data.cards;
  });

  test('throwOnError on one call narrows that call as the client-level option does (issue 22 §7)', async () => {
    const cards = await weavr.GET('/managed_cards', { throwOnError: true });
    expectTypeOf(cards.data).branded.toEqualTypeOf<Json<'/managed_cards', 'get'>>();
    expectTypeOf(cards.error).toEqualTypeOf<undefined>();
    cards.data.cards;
    const card = await weavr.GET('/managed_cards/{id}', {
      params: { path: { id: '1' } },
      throwOnError: true,
    });
    card.data.id;
    // The call's false wins over the client's true: data may be missing again.
    const strict = createMultiClient({ apiKey: 'k', throwOnError: true });
    const lenient = await strict.GET('/managed_cards', { throwOnError: false });
    // @ts-expect-error data may be undefined with throwOnError: false on the call
    lenient.data.cards;
    const flag: boolean = Math.random() > 0.5;
    const either = await weavr.GET('/managed_cards', { throwOnError: flag });
    // @ts-expect-error a boolean that may be false does not narrow
    either.data.cards;
    // Without the option the client's setting holds.
    (await strict.GET('/managed_cards')).data.cards;
  });

  test('per-call options sit beside openapi-fetch’s', () => {
    weavr.GET('/managed_cards', { maxRetries: 1, timeoutMs: 5000, token: async () => 't' });
    // @ts-expect-error maxRetries is a number
    weavr.GET('/managed_cards', { maxRetries: 'twice' });
  });
});

describe('options and exports', () => {
  test('apiKey is required', () => {
    // @ts-expect-error apiKey is required
    createMultiClient({});
    createMultiClient({ apiKey: 'k', token: async () => undefined, headers: { 'x-a': 'b' } });
  });

  test('operations is keyed by "METHOD /path" with literal metadata', () => {
    expectTypeOf(operations['POST /login_with_password'].bearer).toEqualTypeOf<'none'>();
    expectTypeOf(operations['GET /managed_cards'].bearer).toEqualTypeOf<'required'>();
  });
});
