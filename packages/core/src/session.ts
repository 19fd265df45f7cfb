import { WeavrUnauthorizedError } from './errors.js';
import { type Interceptor, ownsToken } from './interceptor.js';

/** Fetches a fresh bearer token (e.g. `POST /access_token`). */
export type TokenFetcher = (signal?: AbortSignal) => Promise<string>;

/** A cached bearer token that can be refreshed; concurrent callers share one request. */
export interface RefreshableToken {
  /** The cached token, fetching one first if there is none (or it sat idle past `maxIdleMs`). */
  token(signal?: AbortSignal): Promise<string>;
  /**
   * Replaces `stale` with a fresh token. When another caller already replaced it, returns that token without a
   * second request, so a burst of 401s costs one refresh.
   */
  refresh(stale?: string, signal?: AbortSignal): Promise<string>;
  /** Forgets the cached token; the next `token()` fetches one. */
  clear(): void;
}

export interface RefreshableTokenOptions {
  /**
   * Treat a token unused for this long as expired and fetch a new one before the next call. Weavr's Multi tokens
   * expire five minutes after their last use.
   * @default undefined (only a 401 replaces the token)
   */
  maxIdleMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/** A single-flight token cache over `fetchToken`. */
export function refreshableToken(
  fetchToken: TokenFetcher,
  options: RefreshableTokenOptions = {},
): RefreshableToken {
  const now = options.now ?? Date.now;
  let current: string | undefined;
  let lastUsed = 0;
  let pending: Promise<string> | undefined;

  const fetchOnce = (signal?: AbortSignal): Promise<string> => {
    if (!pending) {
      const p = fetchToken(signal).then(
        (t) => {
          if (typeof t !== 'string' || t === '') throw new TypeError('the token request returned no token');
          if (pending === p) {
            current = t;
            lastUsed = now();
            pending = undefined;
          }
          return t;
        },
        (e) => {
          if (pending === p) pending = undefined;
          throw e;
        },
      );
      pending = p;
    }
    return pending;
  };

  return {
    token(signal) {
      if (pending) return pending;
      const idle = options.maxIdleMs !== undefined && now() - lastUsed > options.maxIdleMs;
      if (current !== undefined && !idle) {
        lastUsed = now();
        return Promise.resolve(current);
      }
      current = undefined;
      return fetchOnce(signal);
    },
    refresh(stale, signal) {
      if (pending) return pending;
      if (current !== undefined && stale !== undefined && current !== stale) return Promise.resolve(current);
      current = undefined;
      return fetchOnce(signal);
    },
    clear() {
      current = undefined;
      pending = undefined;
    },
  };
}

interface InterceptableClient {
  intercept(interceptor: Interceptor): unknown;
}

/**
 * A client whose calls carry `session`'s token, and which, when a call is refused with 401, refreshes the token
 * once and replays the call with the same `idempotency-ref` (a 401 proves nothing was processed). A call
 * given its own `token` is left alone; so is a client later given its own `token` with `withOptions`.
 */
export function withTokenRefresh<C extends InterceptableClient>(client: C, session: RefreshableToken): C {
  return client.intercept(
    ownsToken(async (call, next) => {
      if (call.init.token !== undefined) return next();
      let used: string | undefined;
      const signal = call.init.signal as AbortSignal | undefined;
      const token = async () => {
        used = await session.token(signal);
        return used;
      };
      try {
        const result = await next({ ...call.init, token });
        if (result.response.status !== 401 || used === undefined) return result;
      } catch (e) {
        if (!(e instanceof WeavrUnauthorizedError) || used === undefined) throw e;
      }
      const fresh = await session.refresh(used, signal);
      // The same idempotency-ref: the client minted it before this interceptor ran, so it is in `call.init`.
      return next({ ...call.init, token: fresh });
    }),
  ) as C;
}
