import type { FetchResponse, MaybeOptionalInit, Middleware, ParseAs } from 'openapi-fetch';
import type { HttpMethod, MediaType, PathsWithMethod } from 'openapi-typescript-helpers';
import type { Interceptor } from './interceptor.js';
import type { CallOptions } from './options.js';

/** What every result carries beside openapi-fetch's `{ data, error, response }`. */
export interface ResultMeta {
  /** Weavr's `request-ref` response header, when present: quote it to Weavr support. */
  requestRef: string | undefined;
  /** The `idempotency-ref` sent (the caller's or a generated one), when the operation declares it. */
  idempotencyRef: string | undefined;
}

/**
 * The init of one call: openapi-fetch's for the operation (`params`, `body`, `parseAs`, …) plus the per-call
 * options. It is a parameter type, not inferred from the argument (as openapi-fetch does), so TypeScript checks
 * an object literal against it for unknown properties at any depth: a misspelt body field or query parameter
 * is an error naming it. Only `parseAs` and `throwOnError` are inferred, the parts of the init the result type
 * depends on.
 */
type InitParam<Init, P extends ParseAs, T extends boolean | undefined> = undefined extends Init
  ? [(NonNullable<Init> & CallOptions & { parseAs?: P; throwOnError?: T })?]
  : [Init & CallOptions & { parseAs?: P; throwOnError?: T }];

type Response<
  // biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's own constraint for generated path maps
  Op extends Record<string | number, any>,
  P extends ParseAs,
  Media extends MediaType,
  Throw extends boolean,
> = (Throw extends true
  ? Extract<FetchResponse<Op, { parseAs: P }, Media>, { error?: never }>
  : FetchResponse<Op, { parseAs: P }, Media>) &
  ResultMeta;

// biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's own constraint for generated path maps
export type WeavrMethod<Paths extends Record<string, any>, M extends HttpMethod, Throw extends boolean> = <
  Path extends PathsWithMethod<Paths, M>,
  P extends ParseAs = 'json',
  // A call's own `throwOnError` (true or false) decides over the client's; left out, the client's holds.
  T extends boolean | undefined = undefined,
>(
  url: Path,
  ...init: InitParam<MaybeOptionalInit<Paths[Path], M>, P, T>
) => Promise<Response<Paths[Path][M], P, MediaType, T extends boolean ? T : Throw>>;

/**
 * A typed client over one Weavr API: openapi-fetch's methods, each also taking per-call options
 * (`maxRetries`, `timeoutMs`, `throwOnError`, `idempotencyRef`, `signal`, `token`).
 * With `throwOnError: true` on the client or on the call, `data` is always present (errors are thrown).
 */
export interface WeavrClient<
  // biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's own constraint for generated path maps
  Paths extends Record<string, any>,
  Throw extends boolean = false,
  Extra = unknown,
> {
  GET: WeavrMethod<Paths, 'get', Throw>;
  POST: WeavrMethod<Paths, 'post', Throw>;
  PUT: WeavrMethod<Paths, 'put', Throw>;
  PATCH: WeavrMethod<Paths, 'patch', Throw>;
  DELETE: WeavrMethod<Paths, 'delete', Throw>;
  HEAD: WeavrMethod<Paths, 'head', Throw>;
  /** Adds openapi-fetch middleware; it runs once per call, above the retry loop. */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
  /**
   * A client with the same settings, the middleware registered so far, and these overrides
   * (e.g. another `token`). The original client is unchanged.
   */
  withOptions<T extends boolean = Throw>(
    overrides: WeavrClientOverrides & { throwOnError?: T },
  ): WeavrClient<Paths, T, Extra> & Extra;
  /**
   * A client whose every call runs through `interceptor` (see `Interceptor`): the one way to extend a client.
   * The original client is unchanged; `withOptions` keeps the interceptors.
   */
  intercept(interceptor: Interceptor): WeavrClient<Paths, Throw, Extra> & Extra;
}

/** What `withOptions` may change. */
export type WeavrClientOverrides = Partial<Omit<import('./options.js').ClientOptions, 'throwOnError'>>;
