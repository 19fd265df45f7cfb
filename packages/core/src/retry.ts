/** When and how long to wait before trying a request again. */

/** Statuses worth another attempt. 429 proves the request was not processed; 502–504 only for idempotent requests. */
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/**
 * Network error codes that prove no byte of the request reached a server (no connection was made), so even
 * a request that could move money may be sent again. A reset, a hang-up or a timeout proves nothing.
 */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

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

export function isRetryableStatus(status: number, idempotent: boolean): boolean {
  if (!RETRY_STATUSES.has(status)) return false;
  return status === 429 || idempotent;
}

/** The first network error code found on an error or its causes (`ECONNREFUSED`, `UND_ERR_SOCKET`, …). */
export function networkCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when the error shows the connection was never made (nothing can have been processed). */
export function provesNotSent(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NEVER_SENT_CODES.has(code)) return true;
    // AggregateError from happy-eyeballs connects: refused on every address.
    const errors = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(errors) && errors.length && errors.every(provesNotSent)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Delay before retry number `retry` (1-based): what the server asked for (capped at `maxDelayMs`), or capped
 * exponential backoff with jitter.
 */
export function retryDelayMs(
  retry: number,
  response: Response | undefined,
  opts: BackoffOptions = {},
): number {
  const max = opts.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const asked = response ? serverDelayMs(response.headers) : undefined;
  if (asked !== undefined) return Math.min(asked, max);
  const step = Math.min(max, (opts.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS) * 2 ** (retry - 1));
  // "Equal jitter": never less than half the step, so a burst of clients still spreads out.
  return Math.round(step / 2 + (Math.random() * step) / 2);
}

/**
 * What the server asked for, in milliseconds: Weavr's `x-ratelimit-reset` (seconds until the rate-limit
 * window resets), else `Retry-After` (seconds or an HTTP date, as proxies and gateways send it).
 */
export function serverDelayMs(headers: Headers): number | undefined {
  const reset = seconds(headers.get('x-ratelimit-reset'));
  if (reset !== undefined) return reset;
  const retryAfter = headers.get('retry-after');
  if (retryAfter === null) return undefined;
  const after = seconds(retryAfter);
  if (after !== undefined) return after;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function seconds(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? Math.max(0, Math.ceil(n * 1000)) : undefined;
}
