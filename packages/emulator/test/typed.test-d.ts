/**
 * Type tests (run by vitest's typecheck in `pnpm test`): typed handlers get the request body the spec declares,
 * and an unknown operationId, an unknown webhook event, or an answer whose fields break the success schema
 * does not compile.
 */
import { describe, expectTypeOf, test } from 'vitest';
import { multi } from '../src/generated/multi.js';
import {
  byOperationId,
  type RequestOf,
  type ResponseOf,
  type TypedCtx,
  type TypedHandler,
} from '../src/typed.js';

describe('typed handlers', () => {
  test('the request body and the answer come from the spec', () => {
    expectTypeOf<RequestOf<'multi', 'transferCreate'>>().toHaveProperty('destinationAmount');
    expectTypeOf<
      RequestOf<'multi', 'transferCreate'>['destinationAmount']['amount']
    >().toEqualTypeOf<number>();
    expectTypeOf<ResponseOf<'multi', 'transferGet'>>().toHaveProperty('state');
    expectTypeOf<Parameters<TypedHandler<'multi', 'transferCreate'>>[0]>().toEqualTypeOf<
      TypedCtx<'multi', 'transferCreate'>
    >();
    expectTypeOf<TypedCtx<'multi', 'transferCreate'>['body']>().not.toBeAny();
    expectTypeOf<RequestOf<'backoffice', 'impersonateIdentityLogin'>>().toHaveProperty('identity');
    expectTypeOf<RequestOf<'simulator', 'accounts_account_id_deposit'>>().toHaveProperty('depositAmount');
  });

  test('unknown operations, unknown events and answers that break the schema are compile errors', () => {
    byOperationId('multi', multi.operations, {
      transferGet: (ctx) => {
        ctx.emit('/transfers/watch', {});
        // @ts-expect-error: no such webhook event
        ctx.emit('/transfers/wach', {});
        return { body: { id: ctx.path.id as string, state: 'COMPLETED' } };
      },
      // @ts-expect-error: a state the spec does not have
      transferCreate: () => ({ body: { state: 'DONE' } }),
      // @ts-expect-error: a field of the wrong type
      managedAccountGet: () => ({ body: { balances: { availableBalance: '10' } } }),
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
  });
});
