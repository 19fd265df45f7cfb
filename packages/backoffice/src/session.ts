import {
  type RefreshableToken,
  refreshableToken,
  type WeavrClient,
  WeavrConfigError,
  withTokenRefresh,
} from '@weavr-sdk/core/internal';
import type { paths } from './generated/schema.js';

/** The identity a Back-Office token acts for: `{ type: 'CORPORATE' | 'CONSUMER', id }`. */
export type IdentityRef = NonNullable<
  paths['/access_token']['post']['requestBody']
>['content']['application/json']['identity'];

/** Identity tokens kept per client; the least recently used is dropped beyond this. */
const MAX_CACHED_IDENTITIES = 1000;

export interface IdentitySessions<Throw extends boolean> {
  /**
   * A client acting for one identity. Its token comes from `POST /access_token` (asked once and cached per
   * identity; concurrent callers share the request) and is replaced once, with the call replayed, when Weavr
   * answers 401. Rejects with the API's error (e.g. 409 `UNRESOLVED_IDENTITY`) when no token can be had.
   *
   * @example
   * const acme = await backoffice.forIdentity({ type: 'CORPORATE', id: '110141186813853702' });
   * await acme.POST('/managed_cards/{id}/block', { params: { path: { id: cardId } } });
   */
  forIdentity(identity: IdentityRef, options?: { signal?: AbortSignal }): Promise<WeavrClient<paths, Throw>>;
}

interface Entry<Throw extends boolean> {
  token: RefreshableToken;
  client: WeavrClient<paths, Throw>;
}

/** `forIdentity` for a Back-Office client (added to every client of the API, `withOptions` ones included). */
export function identitySessions<Throw extends boolean>(
  client: WeavrClient<paths, Throw>,
): IdentitySessions<Throw> {
  const cache = new Map<string, Entry<Throw>>();

  const entryFor = (type: string, id: string): Entry<Throw> => {
    const key = `${type}:${id}`;
    let entry = cache.get(key);
    if (entry) {
      // Map order is insertion order: re-inserting marks the entry as most recently used.
      cache.delete(key);
      cache.set(key, entry);
      return entry;
    }
    const token = refreshableToken(async (signal) => {
      const { data } = await (client as WeavrClient<paths, boolean>).POST('/access_token', {
        body: { identity: { type: type as IdentityRef['type'], id } },
        throwOnError: true,
        ...(signal ? { signal } : {}),
      });
      const value = data?.token?.token;
      if (!value) throw new TypeError(`POST /access_token for ${type} ${id} returned no token`);
      return value;
    });
    entry = { token, client: withTokenRefresh(client, token) };
    cache.set(key, entry);
    if (cache.size > MAX_CACHED_IDENTITIES) cache.delete(cache.keys().next().value as string);
    return entry;
  };

  return {
    async forIdentity(identity: IdentityRef, options: { signal?: AbortSignal } = {}) {
      if (
        !identity ||
        typeof identity !== 'object' ||
        typeof identity.type !== 'string' ||
        (identity.type as string) === '' ||
        typeof identity.id !== 'string' ||
        identity.id === ''
      ) {
        throw new WeavrConfigError(
          `forIdentity: identity must be { type: 'CORPORATE' | 'CONSUMER', id: string } (got ${JSON.stringify(identity)})`,
        );
      }
      const entry = entryFor(identity.type, identity.id);
      // Ask for the token now, so an unknown identity fails here rather than on the first call.
      await entry.token.token(options.signal);
      return entry.client;
    },
  };
}
