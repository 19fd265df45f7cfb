/**
 * Type tests (run by vitest's typecheck in `pnpm test`): typed handlers get the request body the spec declares,
 * and an unknown operationId, an unknown webhook event or a payload not made for it, or an answer whose fields
 * break the success schema (a wrong type, an unknown field, a non-success status) does not compile. Each
 * `@ts-expect-error` fails the run if its error disappears.
 */
import type { WebhookName, WebhookPayloads } from '@weavr-sdk/webhooks';
import { describe, expectTypeOf, test } from 'vitest';
import type { Ctx } from '../src/context.js';
import { multi } from '../src/generated/multi.js';
import type { accessHandlers } from '../src/handlers/access.js';
import type { accountHandlers } from '../src/handlers/accounts.js';
import type { backofficeHandlers } from '../src/handlers/backoffice.js';
import type { cardHandlers } from '../src/handlers/cards.js';
import { ok } from '../src/handlers/common.js';
import type { identityHandlers } from '../src/handlers/identities.js';
import type { paymentHandlers } from '../src/handlers/payments.js';
import type { simulatorHandlers } from '../src/handlers/simulator.js';
import type { statementHandlers } from '../src/handlers/statements.js';
import type { transferHandlers } from '../src/handlers/transfers.js';
import type { Consumer, Corporate, ManagedAccount, Send, Transfer } from '../src/resources.js';
import {
  area,
  byOperationId,
  type Partly,
  type RequestOf,
  type ResponseOf,
  type TypedCtx,
  type TypedHandler,
} from '../src/typed.js';
import type { Emitted, EmittedEvent, PAYLOADS } from '../src/webhook-payloads.js';
import type { CardInstrument, Identity, Instrument, Transaction, User, World } from '../src/world.js';

type IsAny<T> = 0 extends 1 & T ? true : false;
type CtxOf<F> = F extends (ctx: infer C) => unknown ? C : never;
/** The handlers of an area whose context, or whose body, is `any` (`never` when there is none). */
type AnyIn<Area> = Area extends unknown ? AnyInOne<Area> : never;
type AnyInOne<Area> = {
  [A in keyof Area]-?: {
    [Id in keyof NonNullable<Area[A]>]-?: IsAny<CtxOf<NonNullable<Area[A]>[Id]>> extends true
      ? `${A & string} ${Id & string}`
      : CtxOf<NonNullable<Area[A]>[Id]> extends { body: infer B }
        ? IsAny<B> extends true
          ? `${A & string} ${Id & string}`
          : never
        : never;
  }[keyof NonNullable<Area[A]>];
}[keyof Area];

declare const transfer: Transfer;
declare const send: Send;
declare const corporate: Corporate;
declare const consumer: Consumer;
declare const account: ManagedAccount;
declare const world: World;

describe('typed handlers', () => {
  test('no handler of the emulator sees `any`: its context and body are typed', () => {
    expectTypeOf<
      AnyIn<
        | typeof accessHandlers
        | typeof accountHandlers
        | typeof backofficeHandlers
        | typeof cardHandlers
        | typeof identityHandlers
        | typeof paymentHandlers
        | typeof simulatorHandlers
        | typeof statementHandlers
        | typeof transferHandlers
      >
    >().toBeNever();
    // The check itself finds a handler whose body is `any`.
    type Loose = {
      // biome-ignore lint/suspicious/noExplicitAny: the case this check must find
      multi: { transferGet: (ctx: { body: any }) => object };
    };
    expectTypeOf<AnyIn<Loose>>().toEqualTypeOf<'multi transferGet'>();
  });

  test('the request body and the answer come from the spec; no handler sees `any`', () => {
    expectTypeOf<RequestOf<'multi', 'transferCreate'>>().toHaveProperty('destinationAmount');
    expectTypeOf<
      RequestOf<'multi', 'transferCreate'>['destinationAmount']['amount']
    >().toEqualTypeOf<number>();
    expectTypeOf<ResponseOf<'multi', 'transferGet'>>().toHaveProperty('state');
    expectTypeOf<Parameters<TypedHandler<'multi', 'transferCreate'>>[0]>().toEqualTypeOf<
      TypedCtx<'multi', 'transferCreate'>
    >();
    expectTypeOf<TypedCtx<'multi', 'transferCreate'>['body']>().not.toBeAny();
    // Outside a typed handler the body is only known to have passed its schema.
    expectTypeOf<Ctx['body']>().toBeUnknown();
    expectTypeOf<RequestOf<'backoffice', 'impersonateIdentityLogin'>>().toHaveProperty('identity');
    expectTypeOf<RequestOf<'simulator', 'accounts_account_id_deposit'>>().toHaveProperty('depositAmount');
    // Every event the emulator sends is one the Webhooks spec names.
    expectTypeOf<EmittedEvent>().toExtend<WebhookName>();
    expectTypeOf<Emitted['/managed_cards/expiries/watch']>().toEqualTypeOf<CardInstrument>();
    // Each payload the emulator sends is built as its event's payload in the Webhooks spec.
    expectTypeOf<ReturnType<(typeof PAYLOADS)['/fees/watch']>>().toEqualTypeOf<
      Partly<WebhookPayloads['/fees/watch']>
    >();
  });

  test('unknown operations, unknown events and answers that break the schema are compile errors', () => {
    byOperationId('multi', multi.operations, {
      transferGet: (ctx) => {
        ctx.emit('/transfers/watch', transfer);
        // @ts-expect-error: no such webhook event
        ctx.emit('/transfers/wach', {});
        // @ts-expect-error: the Webhooks spec names it, but the emulator has no payload for it (never sent)
        ctx.emit('/linked_accounts/watch', {});
        // @ts-expect-error: a card expiry is made from the card (an `Instrument`), not from a transfer's fields
        ctx.emit('/managed_cards/expiries/watch', { id: '1', state: 'COMPLETED' });
        return { body: { id: ctx.path.id as string, state: 'COMPLETED' } };
      },
    });
    byOperationId('multi', multi.operations, {
      managedCardsGet: (ctx) => {
        expectTypeOf(ctx.path).toEqualTypeOf<Record<never, string>>();
        return { body: { count: 0 } };
      },
      transferGet: (ctx) => {
        expectTypeOf(ctx.path.id).toBeString();
        // @ts-expect-error: a path parameter the operation does not declare
        return { body: { id: ctx.path.transferId } };
      },
    });
    byOperationId('multi', multi.operations, {
      // @ts-expect-error: a state the spec does not have
      transferCreate: () => ({ body: { state: 'DONE' } }),
    });
    byOperationId('multi', multi.operations, {
      // @ts-expect-error: a field of the wrong type
      managedAccountGet: () => ({ body: { balances: { availableBalance: '10' } } }),
    });
    byOperationId('multi', multi.operations, {
      // @ts-expect-error: a field the success schema does not have
      transferGet: () => ({ body: { id: '1', colour: 'red' } }),
    });
    byOperationId('multi', multi.operations, {
      // @ts-expect-error: an unknown field one level down, through `ok()`
      managedAccountGet: () => ok({ balances: { availableBalance: 10, pending: 1 } }),
    });
    byOperationId('multi', multi.operations, {
      // @ts-expect-error: a status that is not a success (refusals are thrown)
      managedCardGet: () => ({ status: 409 }),
    });
    byOperationId('multi', multi.operations, {
      // @ts-expect-error: no such operation
      transferGot: () => ({}),
    });
    byOperationId('backoffice', [], {
      // @ts-expect-error: a Multi operation is not a Back-Office one
      managedAccountCreate: () => ({}),
    });
    // An area's handlers (handlers/*.ts) are checked the same way.
    area({ multi: { transferGet: (ctx) => ok({ id: ctx.path.id as string, state: 'PENDING' as const }) } });
    area({
      // @ts-expect-error: a field the success schema does not have
      multi: { transferGet: (ctx) => ok({ id: ctx.path.id as string, colour: 'red' }) },
    });
    area({
      // @ts-expect-error: no such simulator operation
      simulator: { transferGet: () => ({}) },
    });
  });
});

describe('typed stored state', () => {
  test('every stored resource has its spec type, none is `any`', () => {
    expectTypeOf<Identity['resource']>().not.toBeAny();
    expectTypeOf<User['resource']>().not.toBeAny();
    expectTypeOf<Instrument['resource']>().not.toBeAny();
    expectTypeOf<Transaction['resource']>().not.toBeAny();
    expectTypeOf<ReturnType<World['table']>>().not.toBeAny();
    expectTypeOf<Corporate['creationTimestamp']>().toEqualTypeOf<number>();
    expectTypeOf<Extract<Identity, { ref: { type: 'CONSUMER' } }>['resource']>().toEqualTypeOf<Consumer>();
    expectTypeOf<Extract<Transaction, { type: 'sends' }>['resource']>().toEqualTypeOf<Send>();
  });

  test('storing a resource that breaks its schema does not compile', () => {
    const ref = { type: 'CORPORATE' as const, id: '1' };
    world.identities.set('1', { ref, resource: corporate, rootUserId: '1', verification: 'NOT_STARTED' });
    world.identities.set('1', {
      ref,
      // @ts-expect-error: a field of the wrong type (a timestamp is a number)
      resource: { ...corporate, creationTimestamp: 'now' },
      rootUserId: '1',
      verification: 'NOT_STARTED',
    });
    world.identities.set('1', {
      ref,
      // @ts-expect-error: a field the spec's Corporate does not have
      resource: { ...corporate, colour: 'red' },
      rootUserId: '1',
      verification: 'NOT_STARTED',
    });
    // @ts-expect-error: a consumer stored as a corporate
    world.identities.set('1', { ref, resource: consumer, rootUserId: '1', verification: 'NOT_STARTED' });
    const owner = ref;
    world.instruments.set('2', { kind: 'managed_accounts', id: '2', owner, resource: account });
    world.instruments.set('2', {
      kind: 'managed_accounts',
      id: '2',
      owner,
      // @ts-expect-error: an account's balance is a number
      resource: { ...account, balances: { availableBalance: '10', actualBalance: 0 } },
    });
    // @ts-expect-error: a managed account stored as a card
    world.instruments.set('2', { kind: 'managed_cards', id: '2', owner, resource: account });
    world.transactions.set('3', { type: 'transfers', id: '3', owner, resource: transfer });
    // @ts-expect-error: a send stored as a transfer
    world.transactions.set('3', { type: 'transfers', id: '3', owner, resource: send });
    world.transactions.set('3', {
      type: 'transfers',
      id: '3',
      owner,
      // @ts-expect-error: a state the spec's Transfer does not have
      resource: { ...transfer, state: 'DONE' },
    });
    // @ts-expect-error: no such extra table
    world.table('bulk');
  });

  test('an answer echoing stored state is checked against the success schema', () => {
    const stored = world.identities.get('1') as Extract<Identity, { ref: { type: 'CORPORATE' } }>;
    area({
      multi: {
        corporateGet: () => ok(stored.resource),
        // A root user's `passwordAlreadySet` is beyond the spec, and named so: the answer may carry it.
        corporateUpdate: () =>
          ok({ ...corporate, rootUser: { ...corporate.rootUser, passwordAlreadySet: true } }),
      },
    });
    area({
      // @ts-expect-error: a consumer is not what a corporate's GET answers (its root user's fields differ)
      multi: { corporateGet: () => ok(consumer) },
    });
    area({
      // @ts-expect-error: stored state with a field the success schema does not have
      multi: { transferGet: () => ok({ ...transfer, colour: 'red' }) },
    });
    area({
      // @ts-expect-error: a send is not what a transfer's GET answers
      multi: { transferGet: () => ok(send) },
    });
  });

  test('a field kept beyond the spec passes only where its type names it', () => {
    area({
      // @ts-expect-error: `passwordAlreadySet` is named beyond the spec for root users, not authorised users
      multi: { userGetById: () => ok({ id: '1', passwordAlreadySet: true }) },
    });
    area({
      // @ts-expect-error: nor for a corporate itself (only its root user)
      multi: { corporateGet: () => ok({ ...corporate, passwordAlreadySet: true }) },
    });
  });

  test('transfers, sends and bulk ends are emitted as their events are built', () => {
    expectTypeOf<Emitted['/transfers/watch']>().toEqualTypeOf<Transfer>();
    expectTypeOf<Emitted['/send/watch']>().toEqualTypeOf<Send>();
    expectTypeOf<Emitted['/bulk_process_end/watch']>().toEqualTypeOf<
      Partly<WebhookPayloads['/bulk_process_end/watch']>
    >();
    expectTypeOf<ReturnType<(typeof PAYLOADS)['/transfers/watch']>>().toEqualTypeOf<
      Partly<WebhookPayloads['/transfers/watch']>
    >();
    expectTypeOf<ReturnType<(typeof PAYLOADS)['/send/watch']>>().toEqualTypeOf<
      Partly<WebhookPayloads['/send/watch']>
    >();
    expectTypeOf<ReturnType<(typeof PAYLOADS)['/bulk_process_end/watch']>>().toEqualTypeOf<
      Partly<WebhookPayloads['/bulk_process_end/watch']>
    >();
    byOperationId('multi', multi.operations, {
      transferGet: (ctx) => {
        ctx.emit('/send/watch', send);
        // @ts-expect-error: a transfer is not a send (no `transactionAmount`)
        ctx.emit('/send/watch', transfer);
        // @ts-expect-error: a transfer event is made from a transfer
        ctx.emit('/transfers/watch', { id: '1', state: 'COMPLETED' });
        ctx.emit('/bulk_process_end/watch', { bulkId: '1', status: 'COMPLETED' });
        // @ts-expect-error: not a state the bulk end event has
        ctx.emit('/bulk_process_end/watch', { bulkId: '1', status: 'SUBMITTED' });
        return {};
      },
    });
  });
});
