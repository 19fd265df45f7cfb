/**
 * Typed handlers: written per `operationId`, with the request body and the answer typed from the same generated
 * spec types the clients use (type-only imports: nothing of them exists at run time). An unknown operationId or
 * webhook event, or an answer whose fields break the operation's success schema, does not compile.
 */
import type { OperationTypes as BackofficeOperations } from '@weavr-sdk/backoffice';
import type { OperationTypes as MultiOperations } from '@weavr-sdk/multi';
import type { OperationTypes as SimulatorOperations } from '@weavr-sdk/simulator';
import type { Answer, Ctx, Handler, Handlers } from './context.js';
import type { BeyondSpecFields, BeyondSpecKey } from './resources.js';
import type { ApiName } from './router.js';
import type { OperationSpec } from './spec-types.js';

/** Every operation's types, per API, by operationId. */
export interface ApiOperations {
  multi: MultiOperations;
  backoffice: BackofficeOperations;
  simulator: SimulatorOperations;
}

export type OperationId<A extends ApiName> = keyof ApiOperations[A] & string;

type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : undefined;

type Operation<A extends ApiName, Id extends OperationId<A>> = ApiOperations[A][Id];

/** The JSON request body an operation takes (`undefined` when it takes none, `| undefined` when it is optional). */
export type RequestOf<A extends ApiName, Id extends OperationId<A>> =
  Operation<A, Id> extends {
    requestBody: infer R;
  }
    ? JsonOf<R>
    : Operation<A, Id> extends { requestBody?: infer R }
      ? JsonOf<NonNullable<R>> | undefined
      : undefined;

/** An operation's parameters in `where` (an empty object when it declares none there). */
export type ParamsOf<A extends ApiName, Id extends OperationId<A>, Where extends 'path' | 'query'> =
  Operation<A, Id> extends { parameters: infer P }
    ? P extends { [W in Where]?: infer Q }
      ? [NonNullable<Q>] extends [never]
        ? Record<never, never>
        : NonNullable<Q>
      : Record<never, never>
    : Record<never, never>;

/** The statuses a handler may answer with; refusals are thrown (`conflict(…)`, `notFound()`). */
export type SuccessStatus = 200 | 201 | 202 | 204;

/** The JSON body of an operation's success answer (`undefined` when it has none). */
export type ResponseOf<A extends ApiName, Id extends OperationId<A>> = ApiOperations[A][Id] extends {
  responses: infer R;
}
  ? JsonOf<R[Extract<keyof R, SuccessStatus>]>
  : undefined;

/**
 * What a handler may answer: the success body's fields, each of its type; fields left out are completed from
 * the spec's sample, so every field is optional (at every level), but none may have another type or name.
 */
export type Partly<T> = T extends readonly (infer I)[]
  ? readonly Partly<I>[]
  : T extends object
    ? { [K in keyof T as NoneAllowed<T, K>]?: Partly<T[K]> }
    : T;

/** Drops the `[key: string]: never` the generator writes for `additionalProperties: false` (no key means none). */
type NoneAllowed<T, K extends keyof T> = string extends K ? ([T[K]] extends [never] ? never : K) : K;

/**
 * A typed handler's view of the request: its body as the spec declares it (checked against the spec's schema
 * before the handler runs); events by their names in the Webhooks spec (`Ctx.emit`).
 */
export interface TypedCtx<A extends ApiName, Id extends OperationId<A>>
  extends Omit<Ctx, 'body' | 'path' | 'query'> {
  body: RequestOf<A, Id>;
  /**
   * The path parameters the operation declares, as the text of the URL (checked before): Weavr's ids are 18 digits,
   * beyond a number's precision, so the simulator's `int64` ids stay strings too.
   */
  path: { [K in keyof ParamsOf<A, Id, 'path'>]: string };
  /** The query parameters the operation declares, converted to their schema's types (checked before). */
  query: ParamsOf<A, Id, 'query'>;
}

/**
 * A typed handler's answer: the success body (or a raw one, a PDF or CSV). Refusals are thrown (`conflict(…)`,
 * `notFound()`), in Weavr's error shapes.
 */
export interface TypedAnswer<A extends ApiName, Id extends OperationId<A>> {
  status?: SuccessStatus;
  body?: Partly<ResponseOf<A, Id>>;
  raw?: Answer['raw'];
}

export type TypedHandler<A extends ApiName, Id extends OperationId<A>> = (
  ctx: TypedCtx<A, Id>,
) => TypedAnswer<A, Id> | Promise<TypedAnswer<A, Id>>;

/** Handlers of one API, by operationId. */
export type TypedHandlers<A extends ApiName> = { [Id in OperationId<A>]?: TypedHandler<A, Id> };

type IsAny<T> = 0 extends 1 & T ? true : false;
/** Every key of any member of a union (a success body may be one of several shapes). */
type AllKeys<T> = T extends unknown ? keyof T : never;
type At<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/**
 * `Actual` with each field `Expected` (the spec's type) lacks turned to `never`, at every level: an answer with a
 * field the success schema does not have then fails to compile. A stored resource's fields beyond the spec pass
 * where its type names them (`BeyondSpec`, resources.ts).
 */
export type NoExtra<Actual, Expected> =
  IsAny<Actual> extends true
    ? Actual
    : IsAny<Expected> extends true
      ? Actual
      : Actual extends readonly (infer I)[]
        ? readonly NoExtra<I, Expected extends readonly (infer E)[] ? E : never>[]
        : Actual extends object
          ? {
              [K in keyof Actual]: K extends AllKeys<Expected>
                ? NoExtra<Actual[K], At<Expected, K>>
                : K extends BeyondSpecKey | BeyondSpecFields<Actual>
                  ? Actual[K]
                  : never;
            }
          : Actual;

type AnswerOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

/** Each handler of `H` answering only fields its operation's success schema has. */
export type OnlyKnownFields<A extends ApiName, H> = {
  [Id in keyof H]: Id extends OperationId<A>
    ? AnswerOf<H[Id]> extends { body?: infer B }
      ? (
          ctx: TypedCtx<A, Id>,
        ) => { body?: NoExtra<B, ResponseOf<A, Id>> } | Promise<{ body?: NoExtra<B, ResponseOf<A, Id>> }>
      : H[Id]
    : H[Id];
};

/** Every API's typed handlers, as one area of the emulator (`handlers/*.ts`) writes them. */
export type AreaHandlers = { [A in ApiName]?: TypedHandlers<A> };

/**
 * One area's handlers, checked: each key an operationId of its API, each handler typed by its operation, and
 * each answer only with fields of the operation's success schema.
 */
export function area<
  M extends TypedHandlers<'multi'> = Record<never, never>,
  B extends TypedHandlers<'backoffice'> = Record<never, never>,
  S extends TypedHandlers<'simulator'> = Record<never, never>,
>(handlers: {
  multi?: M & OnlyKnownFields<'multi', M>;
  backoffice?: B & OnlyKnownFields<'backoffice', B>;
  simulator?: S & OnlyKnownFields<'simulator', S>;
}): { multi?: M; backoffice?: B; simulator?: S } {
  return handlers;
}

/**
 * Registers typed handlers under the dispatcher's `<api> <METHOD> <path>` keys (its route table), finding each
 * operationId in the generated tables.
 * @throws Error when an operationId is not in the spec the emulator was generated from
 */
export function byOperationId<A extends ApiName, H extends TypedHandlers<A>>(
  api: A,
  operations: readonly OperationSpec[],
  handlers: H & OnlyKnownFields<A, H>,
): Handlers {
  const out: Handlers = {};
  for (const [id, handler] of Object.entries(handlers)) {
    const op = operations.find((o) => o.operationId === id);
    if (!op) throw new Error(`emulator: no operation '${id}' in the ${api} spec`);
    // The typed view is the same object: the body was checked against this operation's schema before.
    out[`${api} ${op.method} ${op.path}`] = handler as unknown as Handler;
  }
  return out;
}
