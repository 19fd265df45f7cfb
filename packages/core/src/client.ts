import type { Middleware } from 'openapi-fetch';
import { runCall } from './call.js';
import { type ApiDefinition, clientConfig } from './config.js';
import { type Interceptor, intercepted, isTokenOwner } from './interceptor.js';
import { FLAG_IDEMPOTENCY_REF } from './operations.js';
import type { ClientOptions } from './options.js';
import type { WeavrClient } from './types.js';

export type { ApiDefinition } from './config.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

/**
 * Builds a typed client for one API (used by each client package). Each method runs one call through the
 * client's interceptors, then `runCall`: plan → middleware → attempts → result. `withOptions` and
 * `intercept` build a new client with the same API extras (`api.extend`), middleware and interceptors.
 * @param middleware openapi-fetch middleware to start with (`withOptions` passes the parent's on).
 * @param interceptors the client's interceptors, innermost first (after the API's own).
 */
export function createWeavrClient<
  // biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's own constraint for generated path maps
  Paths extends Record<string, any>,
  Throw extends boolean = false,
  Extra = unknown,
>(
  api: ApiDefinition<Extra>,
  options: ClientOptions & { throwOnError?: Throw },
  middleware: readonly Middleware[] = [],
  interceptors: readonly Interceptor[] = [],
): WeavrClient<Paths, Throw, Extra> & Extra {
  const cfg = clientConfig(api, options);
  // A copy: later changes to the caller's object do not reach a client already built.
  const kept = { ...options };
  const registered: Middleware[] = [];
  const chain = [...(api.interceptors ?? []), ...interceptors];
  const use = (...m: Middleware[]) => {
    for (const one of m) {
      if (!one) continue;
      if (typeof one !== 'object' || !('onRequest' in one || 'onResponse' in one || 'onError' in one))
        throw new Error(
          'Middleware must be an object with one of `onRequest()`, `onResponse() or `onError()`',
        );
      registered.push(one);
    }
  };
  use(...middleware);
  const client: Record<string, unknown> = {
    use,
    eject: (...m: Middleware[]) => {
      for (const one of m) {
        const i = registered.indexOf(one);
        if (i !== -1) registered.splice(i, 1);
      }
    },
    withOptions: (overrides: ClientOptions) =>
      createWeavrClient(
        api,
        { ...kept, ...overrides },
        registered,
        // A client given its own token no longer takes it from an interceptor (a session's).
        overrides?.token !== undefined ? interceptors.filter((i) => !isTokenOwner(i)) : interceptors,
      ),
    intercept: (fn: Interceptor) => {
      if (typeof fn !== 'function')
        throw new TypeError('intercept: expected a function (call, next) => result');
      return createWeavrClient(api, kept, registered, [...interceptors, fn]);
    },
  };
  for (const m of METHODS) {
    client[m] = chain.length
      ? (path: string, init?: Record<string, unknown>) =>
          intercepted(chain, m, path, withRef(cfg.ops, m, path, init ?? {}), (i) =>
            runCall(cfg, registered, m, path, i),
          )
      : (path: string, init?: unknown) => runCall(cfg, registered, m, path, init);
  }
  if (api.extend) Object.assign(client, api.extend(client as unknown as WeavrClient<Paths, Throw>));
  return client as unknown as WeavrClient<Paths, Throw, Extra> & Extra;
}

/**
 * The call's options with its idempotency-ref, minted here, at the method, when the operation declares one
 * and the caller gave none: every interceptor then sees the ref the call is sent with, and one that replays
 * the call (`next(call.init)`) replays it with the same ref. Without interceptors, `plan` mints it alike.
 */
function withRef(
  ops: ApiDefinition['runtime']['ops'],
  method: string,
  path: string,
  init: Record<string, unknown>,
): Record<string, unknown> {
  if (!init || typeof init !== 'object' || init.idempotencyRef !== undefined) return init;
  const entry = ops[`${method} ${path}`];
  if (
    !entry ||
    !(entry[0] & FLAG_IDEMPOTENCY_REF) ||
    hasRefHeader(init.headers) ||
    hasRefHeader((init.params as { header?: unknown } | undefined)?.header)
  )
    return init;
  return { ...init, idempotencyRef: crypto.randomUUID() };
}

/** Whether caller headers (a record, `Headers` or pairs) carry an idempotency-ref of their own. */
function hasRefHeader(headers: unknown): boolean {
  if (!headers || typeof headers !== 'object') return false;
  if (headers instanceof Headers) return headers.has('idempotency-ref');
  const entries = Array.isArray(headers) ? (headers as [string, unknown][]) : Object.entries(headers);
  return entries.some(([name, value]) => String(name).toLowerCase() === 'idempotency-ref' && value != null);
}
