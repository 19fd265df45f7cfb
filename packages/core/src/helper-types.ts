import type { MaybeOptionalInit } from 'openapi-fetch';
import type { OperationInfo } from './operations.js';
import type { CallOptions } from './options.js';

/**
 * The part of a client the workflow helpers call. Loosely typed on purpose: any Weavr client fits (either API,
 * throwing or not); each package's typed wrappers restrict paths and bodies.
 */
export interface HelperClient {
  // biome-ignore lint/suspicious/noExplicitAny: the typed wrappers in each package narrow this
  GET(path: any, init?: any): Promise<any>;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  POST(path: any, init?: any): Promise<any>;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  PATCH(path: any, init?: any): Promise<any>;
}

/** A generated `operations` map: "METHOD /path" → what the spec says about the operation. */
export type OperationMap = Readonly<Record<string, OperationInfo>>;

/** The JSON body of an operation's 200/201 response. */
export type JsonOk<Op> = Op extends { responses: { 200: { content: { 'application/json': infer B } } } }
  ? B
  : Op extends { responses: { 201: { content: { 'application/json': infer B } } } }
    ? B
    : never;

/** The JSON request body of an operation object (`never` when it takes none). */
export type RequestBodyOf<Op> = Op extends { requestBody?: infer R }
  ? [NonNullable<R>] extends [never] // openapi-typescript's `requestBody?: never`: no body
    ? never
    : NonNullable<R> extends { content: { 'application/json': infer B } }
      ? B
      : never
  : never;

/** The `path`, `query` or `header` parameters of an operation object (`never` when it has none). */
export type ParamsOf<Op, In extends 'path' | 'query' | 'header'> = Op extends {
  parameters: { [K in In]?: infer P };
}
  ? Exclude<P, undefined>
  : never;

/** The GET operation object of a path. */
export type GetOp<Paths, P> = P extends keyof Paths ? (Paths[P] extends { get: infer G } ? G : never) : never;

/** openapi-fetch's init for `GET path`, without the `undefined` it adds when nothing is required. */
export type GetInit<Paths, P> = P extends keyof Paths
  ? NonNullable<MaybeOptionalInit<Paths[P], 'get' & keyof Paths[P]>>
  : never;

/** True when `GET path` can be called without an init (no required path or query parameters). */
export type GetInitOptional<Paths, P> = P extends keyof Paths
  ? undefined extends MaybeOptionalInit<Paths[P], 'get' & keyof Paths[P]>
    ? true
    : false
  : false;

/** Per-call options a helper passes through to every request it makes. */
export type HelperCallOptions = Pick<CallOptions, 'maxRetries' | 'timeoutMs' | 'signal' | 'token'>;
