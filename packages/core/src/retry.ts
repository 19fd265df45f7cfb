/** When and how long to wait before trying a request again. */

/** Statuses worth another attempt. 429 proves the request was not processed; 502–504 only for idempotent requests. */
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/** How long to wait between attempts. */
export interface BackoffOptions {
  /**
   * Delay before the first retry, in milliseconds; each further retry doubles it (capped by `maxDelayMs`),
   * and a random jitter spreads it between half and all of that step.
   * @default 500
   */
  initialDelayMs?: number;
  /**
   * Longest wait between attempts, in milliseconds. Also caps what the server asks for with
   * `x-ratelimit-reset` or `Retry-After`.
   * @default 8000
   */
  maxDelayMs?: number;
}

export const DEFAULT_INITIAL_DELAY_MS = 500;
export const DEFAULT_MAX_DELAY_MS = 8000;

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'DELETE']);

/** GET, HEAD and DELETE may be repeated safely; anything else needs an idempotency-ref. */
export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method);
}

export function isRetryableStatus(status: number, idempotent: boolean): boolean {
  if (!RETRY_STATUSES.has(status)) return false;
  return status === 429 || idempotent;
}

/** No wait between attempts is shorter than this, whatever the server or the options say. */
export const MIN_DELAY_MS = 100;
/** A server asking for a longer wait than this (a day) is not taken at its word: the backoff applies. */
const MAX_SERVER_DELAY_MS = 86_400_000;

/**
 * Delay before retry number `retry` (1-based): what the server asked for (capped at `maxDelayMs`), or capped
 * exponential backoff with jitter. Never under `MIN_DELAY_MS`, and a server's wait never under the backoff's
 * first delay, so `Retry-After: 0` cannot turn the retries into a burst.
 */
export function retryDelayMs(
  retry: number,
  response: Response | undefined,
  opts: BackoffOptions = {},
): number {
  const initial = opts.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS;
  const max = Math.max(MIN_DELAY_MS, opts.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
  const asked = response ? serverDelayMs(response.headers) : undefined;
  if (asked !== undefined) return Math.min(max, Math.max(asked, initial, MIN_DELAY_MS));
  const step = Math.min(max, initial * 2 ** (retry - 1));
  // "Equal jitter": never less than half the step, so a burst of clients still spreads out.
  return Math.max(MIN_DELAY_MS, Math.round(step / 2 + (Math.random() * step) / 2));
}

/**
 * What the server asked for, in milliseconds: Weavr's `x-ratelimit-reset` (seconds until the rate-limit
 * window resets), else `Retry-After` (seconds or an HTTP date, as proxies and gateways send it). Anything
 * malformed (hex, a sign, NaN, more than a day) counts as not asked.
 */
export function serverDelayMs(headers: Headers): number | undefined {
  const reset = seconds(headers.get('x-ratelimit-reset'));
  if (reset !== undefined) return reset;
  const retryAfter = headers.get('retry-after');
  if (retryAfter === null) return undefined;
  const after = seconds(retryAfter);
  if (after !== undefined) return after;
  const date = /[a-z]/i.test(retryAfter) ? Date.parse(retryAfter) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  const ms = date - Date.now();
  return ms <= MAX_SERVER_DELAY_MS ? Math.max(0, ms) : undefined;
}

function seconds(value: string | null): number | undefined {
  if (value === null || !/^\s*\d{1,9}(?:\.\d+)?\s*$/.test(value)) return undefined;
  const ms = Math.ceil(Number(value) * 1000);
  return ms <= MAX_SERVER_DELAY_MS ? ms : undefined;
}
