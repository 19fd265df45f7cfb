import type { CallResult } from './result.js';

/** One call as an interceptor sees it: what the caller asked for. */
export interface InterceptedCall {
  readonly method: string;
  /** The path template, e.g. `/managed_cards/{id}`. */
  readonly path: string;
  /** The call's options (`params`, `body`, `token`, `idempotencyRef`, …), as given. */
  readonly init: Readonly<Record<string, unknown>>;
}

/**
 * The one way to extend a client: a function around every call of it. It may change the call's options,
 * look at its result or error, or issue it again through `next` (with other options, e.g. a fresh token and
 * the same `idempotencyRef`). Added with `client.intercept(fn)`, which returns a new client; interceptors
 * compose (the last added runs outermost) and survive `withOptions`. The SDK's identity sessions, token
 * refresh and the simulator's id checks are interceptors.
 *
 * @example
 * // Refresh a token on 401 and replay the call once, with the same idempotency-ref.
 * const authed = weavr.intercept(async (call, next) => {
 *   const first = await next({ ...call.init, token: await tokens.current() });
 *   if (first.response.status !== 401) return first;
 *   return next({ ...call.init, token: await tokens.refresh(), idempotencyRef: first.idempotencyRef });
 * });
 */
export type Interceptor = (
  call: InterceptedCall,
  next: (init?: Record<string, unknown>) => Promise<CallResult>,
) => Promise<CallResult>;

/** Interceptors that supply the call's token: a client given its own `token` by `withOptions` drops them. */
const tokenOwners = new WeakSet<Interceptor>();

/** Marks an interceptor as the source of its calls' token (see `withOptions`). */
export function ownsToken(interceptor: Interceptor): Interceptor {
  tokenOwners.add(interceptor);
  return interceptor;
}

export function isTokenOwner(interceptor: Interceptor): boolean {
  return tokenOwners.has(interceptor);
}

/** Runs `call` through `chain` (last outermost), ending in `run`. */
export function intercepted(
  chain: readonly Interceptor[],
  method: string,
  path: string,
  init: Record<string, unknown>,
  run: (init: Record<string, unknown>) => Promise<CallResult>,
): Promise<CallResult> {
  const step = (i: number, current: Record<string, unknown>): Promise<CallResult> => {
    const fn = chain[i];
    if (!fn) return run(current);
    return fn({ method, path, init: current }, (next) => step(i - 1, next ?? current));
  };
  return step(chain.length - 1, init);
}
