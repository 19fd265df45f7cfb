import type { Client } from 'openapi-fetch';
import type { MediaType } from 'openapi-typescript-helpers';
import { WeavrConfigError } from './errors.js';
import type { WeavrClient } from './types.js';

const METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'PATCH']);

/**
 * A Weavr client seen as openapi-fetch's `Client`, for libraries written against that type, such as
 * openapi-react-query (TanStack Query hooks) and swr-openapi. Every call still goes through this SDK: retries,
 * `idempotency-ref`, timeouts, typed errors (with `throwOnError`), redaction. The Weavr client lacks only what
 * no Weavr operation uses: `request(method, path, init)` is given here, dispatching to the method of that
 * name, and `OPTIONS` and `TRACE` reject with `WeavrConfigError`.
 * @example
 * import createQueryClient from 'openapi-react-query';
 * const $api = createQueryClient(asOpenapiFetchClient(weavr));
 */
// biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's own constraint for generated path maps
export function asOpenapiFetchClient<Paths extends Record<string, any>>(
  client: WeavrClient<Paths, boolean>,
): Client<Paths, MediaType> {
  const methods = client as unknown as Record<string, (path: string, init?: unknown) => Promise<unknown>>;
  const request = (method: string, path: string, init?: unknown) => {
    const name = String(method).toUpperCase();
    const fn = METHODS.has(name) ? methods[name] : undefined;
    if (!fn)
      return Promise.reject(
        new WeavrConfigError(`${name}: not a method of this client (no Weavr operation uses it)`),
      );
    return fn(path, init);
  };
  const fetchClient = {
    ...Object.fromEntries([...METHODS].map((m) => [m, methods[m]])),
    OPTIONS: (path: string, init?: unknown) => request('OPTIONS', path, init),
    TRACE: (path: string, init?: unknown) => request('TRACE', path, init),
    request,
    use: client.use,
    eject: client.eject,
  };
  return fetchClient as unknown as Client<Paths, MediaType>;
}
