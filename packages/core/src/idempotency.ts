import { WeavrConfigError } from './errors.js';

/**
 * The longest `idempotency-ref` the SDK sends. Weavr documents no limit; it answers 413 to an 8,000-character
 * ref. This is the SDK's own limit, far above a UUID (36) or a key such as `transfer-<order id>`, so that an
 * over-long ref fails before sending with a clear error instead of a 413 after.
 */
export const MAX_IDEMPOTENCY_REF_LENGTH = 255;

/** Refuses an `idempotency-ref` over the maximum, before anything is sent (the ref is not secret). */
export function checkIdempotencyRefLength(where: string, ref: string): void {
  if (ref.length > MAX_IDEMPOTENCY_REF_LENGTH)
    throw new WeavrConfigError(
      `${where}: the idempotency-ref is ${ref.length} characters long; at most ${MAX_IDEMPOTENCY_REF_LENGTH} are sent (Weavr answers 413 to very long refs)`,
    );
}
