import type { Middleware } from 'openapi-fetch';
import { runCall } from './call.js';
import { type ApiDefinition, clientConfig } from './config.js';
import type { ClientOptions } from './options.js';
import type { WeavrClient } from './types.js';

export type { ApiDefinition } from './config.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

/**
 * Builds a typed client for one API (used by each client package). Each method runs one call through
 * `runCall`: plan → middleware → attempts → result.
 * @param middleware openapi-fetch middleware to start with (`withOptions` passes the parent's on).
 */
// biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's own constraint for generated path maps
export function createWeavrClient<Paths extends Record<string, any>, Throw extends boolean = false>(
  api: ApiDefinition,
  options: ClientOptions & { throwOnError?: Throw },
  middleware: readonly Middleware[] = [],
): WeavrClient<Paths, Throw> {
  const cfg = clientConfig(api, options);
  // A copy: later changes to the caller's object do not reach a client already built.
  const kept = { ...options };
  const registered: Middleware[] = [];
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
    withOptions: (overrides: ClientOptions) => createWeavrClient(api, { ...kept, ...overrides }, registered),
  };
  for (const m of METHODS)
    client[m] = (path: string, init?: unknown) => runCall(cfg, registered, m, path, init);
  return client as unknown as WeavrClient<Paths, Throw>;
}
