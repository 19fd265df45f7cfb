/** When and how long to wait before trying a request again. */

/** Statuses worth another attempt. 429 proves the request was not processed; 502–504 only for idempotent requests. */
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/** Network error codes that prove the request never reached a server, so even a POST may be re-sent. */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

export interface BackoffOptions {
  /**
   * First retry delay in milliseconds; each further retry doubles it, with jitter.
   * @default 500
   */
  initialDelayMs?: number;
  /**
   * Longest wait between attempts, in milliseconds, also capping `x-ratelimit-reset` and `Retry-After`.
   * @default 8000
   */
  maxDelayMs?: number;
}

export function isRetryableStatus(status: number, idempotent: boolean): boolean {
  if (!RETRY_STATUSES.has(status)) return false;
  return status === 429 || idempotent;
}

/** True when the error shows the connection was never made (nothing can have been processed). */
export function provesNotSent(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NEVER_SENT_CODES.has(code)) return true;
    // AggregateError from happy-eyeballs connects: refused on every address
    const errors = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(errors) && errors.length && errors.every(provesNotSent)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Delay before retry number `retry` (1-based): capped exponential backoff with jitter, or what the server asked. */
export function retryDelayMs(
  retry: number,
  response: Response | undefined,
  opts: BackoffOptions = {},
): number {
  const initial = opts.initialDelayMs ?? 500;
  const max = opts.maxDelayMs ?? 8000;
  const asked = response ? serverDelayMs(response.headers) : undefined;
  if (asked !== undefined) return Math.min(asked, max);
  const exp = Math.min(max, initial * 2 ** (retry - 1));
  // "Equal jitter": never less than half the step, so a burst of clients still spreads out.
  return Math.round(exp / 2 + (Math.random() * exp) / 2);
}

/** Weavr sends `x-ratelimit-reset` (seconds until the window resets); proxies may send `Retry-After`. */
export function serverDelayMs(headers: Headers): number | undefined {
  const reset = headers.get('x-ratelimit-reset');
  if (reset !== null && reset.trim() !== '' && Number.isFinite(Number(reset)))
    return Math.max(0, Number(reset) * 1000);
  const after = headers.get('retry-after-ms') ?? undefined;
  if (after !== undefined && Number.isFinite(Number(after))) return Math.max(0, Number(after));
  const retryAfter = headers.get('retry-after');
  if (retryAfter === null) return undefined;
  if (Number.isFinite(Number(retryAfter))) return Math.max(0, Number(retryAfter) * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
