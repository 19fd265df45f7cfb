/** When and how long to wait before trying a request again, and what may be re-sent at all. */

/** What an attempt ended with, as the retry rules see it. */
export type RetryReason = 'status' | 'not-sent' | 'network' | 'timeout';

/**
 * The retry rules, as data: what may be re-sent after each outcome. `always`: the failure proves the request
 * was not processed (a 429, a connection never made), so even a create without an idempotency-ref goes again;
 * `idempotent`: only a request safe to repeat (GET/HEAD/DELETE or carrying an idempotency-ref) does. Anything
 * not listed is final. Core alone decides this; `beforeRetry` can only cancel a retry.
 */
const RULES: Readonly<Record<string, 'always' | 'idempotent'>> = {
  429: 'always',
  502: 'idempotent',
  503: 'idempotent',
  504: 'idempotent',
  'not-sent': 'always',
  network: 'idempotent',
  timeout: 'idempotent',
};

/** Whether an outcome (a status, or a kind of failure) may be retried, by the table above. */
export function mayRetry(outcome: number | Exclude<RetryReason, 'status'>, idempotent: boolean): boolean {
  const rule = RULES[outcome];
  return rule === 'always' || (rule === 'idempotent' && idempotent);
}

/** One retry about to happen, as `beforeRetry` sees it. */
export interface RetryInfo {
  readonly method: string;
  /** The path template, e.g. `/transfers`. */
  readonly path: string;
  readonly operationId: string | undefined;
  readonly idempotencyRef: string | undefined;
  /** The attempt about to be made (2 for the first retry). */
  readonly attempt: number;
  /** Attempts allowed in all (`maxRetries + 1`). */
  readonly attempts: number;
  /** Why: a retryable status, a timeout, a connection failure, or one proven never sent. */
  readonly reason: RetryReason;
  /** The status that is retried, when `reason` is `status`. */
  readonly status: number | undefined;
  /** The failure that is retried (scrubbed of secrets), when `reason` is not `status`. */
  readonly error: unknown;
  /** How long the SDK will wait first, in milliseconds. */
  readonly delayMs: number;
}

/**
 * Told of each retry before its wait: log it, count it, or return `false` to cancel it (the call then ends
 * with what the last attempt ended with). Awaited; an error it throws ends the call with that error.
 */
export type BeforeRetry = (retry: RetryInfo) => undefined | boolean | Promise<undefined | boolean>;

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

/** Reads one header: a `Headers`, or a transport's lookup. */
export type HeaderLookup = { get(name: string): string | null };

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
  response: { headers: HeaderLookup } | undefined,
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
export function serverDelayMs(headers: HeaderLookup): number | undefined {
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
