import { WeavrConfigError } from './errors.js';
import { callerHeaders, checkHeaderValue } from './header-values.js';
import type { Interceptor } from './interceptor.js';
import { type LevelledLogger, levelledLogger } from './logger.js';
import type { RuntimeTable } from './operations.js';
import type { CallOptions, ClientOptions, TokenSource } from './options.js';
import type { RateLimiter } from './rate-limit.js';
import type { BackoffOptions, BeforeRetry } from './retry.js';
import type { Tracing } from './trace-hook.js';
import { type FetchLike, fetchTransport } from './transport/fetch.js';
// The browser and worker builds replace this module with `no-proxy.ts` (see tsup.config.ts).
import { checkProxy, proxyFetch } from './transport/proxy.js';
import { checkApiPath, checkBaseUrl } from './url.js';
import type { Transport } from './wire.js';

/** What a client package tells the runtime about its API. */
export interface ApiDefinition<Extra = unknown> {
  /** The factory's name, shown in error messages, e.g. `createMultiClient`. */
  name: string;
  defaultBaseUrl: string;
  runtime: RuntimeTable;
  /** Interceptors every client of this API runs, innermost (e.g. the simulator's id checks). */
  interceptors?: readonly Interceptor[];
  /** Methods added to every client of this API, including those from `withOptions` and `intercept`. */
  // biome-ignore lint/suspicious/noExplicitAny: the typed client of whichever API
  extend?: (client: any) => Extra;
}

export type { FetchLike } from './transport/fetch.js';

/** A client's settings, checked once when it is built. */
export interface ClientConfig extends RuntimeTable {
  name: string;
  apiKey: string;
  baseUrl: string;
  token: TokenSource | undefined;
  headers: Record<string, string>;
  fetch: FetchLike | undefined;
  /** The transport over `fetch` (the caller's or the proxy's), built once; undefined to pick per call. */
  transport: Transport | undefined;
  maxRetries: number;
  timeoutMs: number;
  maxResponseBytes: number;
  backoff: BackoffOptions | undefined;
  throwOnError: boolean;
  log: LevelledLogger;
  /** The API key and a string token: scrubbed from anything the SDK writes. */
  secrets: readonly string[];
  /** The last token found safe for a header, so a token reused call after call is checked once. */
  safeToken: string | undefined;
  /** Never use the node:http transport (set through `FETCH_TRANSPORT`, for tests that prove both paths). */
  fetchTransport: boolean;
  /** The client-side rate limit, when `rateLimit` is set. */
  rateLimiter: RateLimiter | undefined;
  /** The `tracing` option's hook: one span per call. */
  tracing: Tracing | undefined;
  beforeRetry: BeforeRetry | undefined;
}

/**
 * An internal client option: `true` keeps every call on the platform `fetch` even where node:http would be
 * used, so the test suites can run the same cases through both transports.
 */
export const FETCH_TRANSPORT: unique symbol = Symbol.for('@weavr-sdk/core.fetchTransport') as never;

/** setTimeout's largest delay; a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;
/** More retries than this only hammers a failing server; a call that needs them has a bigger problem. */
export const MAX_RETRIES = 10;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Checks the client options and returns the settings every call reads. */
export function clientConfig(api: ApiDefinition<unknown>, options: ClientOptions): ClientConfig {
  const name = api.name;
  if (!options || typeof options !== 'object')
    throw new WeavrConfigError(`${name}: options are required, e.g. { apiKey }`);
  const { apiKey, token } = options;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new WeavrConfigError(
      `${name}: apiKey is required (got ${apiKey === '' ? 'an empty string' : typeof apiKey}). Find it in the Weavr portal under API credentials.`,
    );
  }
  checkHeaderValue(name, `${api.runtime.apiKeyHeader} (apiKey)`, apiKey);
  checkCallOptions(name, options);
  if (token !== undefined && typeof token !== 'string' && typeof token !== 'function')
    throw new WeavrConfigError(`${name}: token must be a string or a function returning one`);
  if (typeof token === 'string' && token) checkHeaderValue(name, 'authorization (token)', token);
  checkFunction(name, 'fetch', options.fetch);
  if (options.proxy !== undefined) checkProxy(name, options.proxy, options.fetch);
  const { tracing } = options;
  // `tracer` (a raw OpenTelemetry Tracer) was the option before tracing moved to its own entry point.
  if (
    (tracing !== undefined && typeof tracing?.traceCall !== 'function') ||
    (options as { tracer?: unknown }).tracer !== undefined
  )
    throw new WeavrConfigError(
      `${name}: tracing takes openTelemetry(trace.getTracer('my-app')), with openTelemetry from the client package's tracing entry (e.g. '@weavr-sdk/multi/tracing'); the tracer option is gone`,
    );
  checkFunction(name, 'beforeRetry', options.beforeRetry);
  const b = options.backoff;
  if (b !== undefined) {
    if (typeof b !== 'object' || b === null)
      throw new WeavrConfigError(`${name}: backoff must be an object, e.g. { initialDelayMs: 500 }`);
    for (const k of ['initialDelayMs', 'maxDelayMs'] as const) {
      const v = b[k];
      if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= MAX_TIMER_MS))
        throw new WeavrConfigError(
          `${name}: backoff.${k} must be a number of milliseconds ≥ 0 (got ${String(v)})`,
        );
    }
  }
  const baseUrl = checkBaseUrl(name, options.baseUrl ?? api.defaultBaseUrl);
  checkApiPath(name, baseUrl, api.defaultBaseUrl);
  const fetch = options.proxy !== undefined ? proxyFetch(name, options.proxy) : options.fetch;
  return {
    ...api.runtime,
    name,
    apiKey,
    baseUrl,
    token,
    headers: callerHeaders(name, options.headers, [api.runtime.apiKeyHeader, 'authorization']),
    fetch,
    transport: fetch && fetchTransport(fetch),
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    backoff: b ? { ...b } : undefined,
    throwOnError: options.throwOnError ?? false,
    log: levelledLogger(name, options.logger, options.logLevel),
    secrets: typeof token === 'string' && token ? [apiKey, token] : [apiKey],
    safeToken: undefined,
    rateLimiter: checkRateLimiter(name, options.rateLimit),
    fetchTransport: (options as { [FETCH_TRANSPORT]?: boolean })[FETCH_TRANSPORT] === true,
    tracing,
    beforeRetry: options.beforeRetry,
  };
}

/** A `rateLimit` option: a limiter from `createRateLimiter` (checked by shape, so its code stays optional). */
function checkRateLimiter(name: string, limiter: unknown): RateLimiter | undefined {
  if (limiter === undefined) return undefined;
  if (typeof (limiter as RateLimiter | null)?.take !== 'function')
    throw new WeavrConfigError(
      `${name}: rateLimit must be a limiter from createRateLimiter({ perMinute, perHour, perDay })`,
    );
  return limiter as RateLimiter;
}

/** An option that, when given, must be a function (`fetch`, `beforeRetry`, a serializer). */
export function checkFunction(where: string, option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function')
    throw new WeavrConfigError(`${where}: ${option} must be a function`);
}

/** Checks the options a call may override. */
export function checkCallOptions(
  where: string,
  o: Pick<CallOptions, 'maxRetries' | 'timeoutMs' | 'maxResponseBytes' | 'idempotencyRef' | 'signal'>,
): void {
  if (
    o.maxRetries !== undefined &&
    !(Number.isInteger(o.maxRetries) && o.maxRetries >= 0 && o.maxRetries <= MAX_RETRIES)
  )
    throw new WeavrConfigError(
      `${where}: maxRetries must be a whole number from 0 to ${MAX_RETRIES} (got ${String(o.maxRetries)})`,
    );
  if (
    o.timeoutMs !== undefined &&
    !(typeof o.timeoutMs === 'number' && o.timeoutMs > 0 && o.timeoutMs <= MAX_TIMER_MS)
  )
    throw new WeavrConfigError(
      `${where}: timeoutMs must be a positive number of milliseconds up to ${MAX_TIMER_MS} (got ${String(o.timeoutMs)})`,
    );
  if (
    o.maxResponseBytes !== undefined &&
    !(Number.isSafeInteger(o.maxResponseBytes) && o.maxResponseBytes > 0)
  )
    throw new WeavrConfigError(
      `${where}: maxResponseBytes must be a positive whole number of bytes (got ${String(o.maxResponseBytes)})`,
    );
  if (o.idempotencyRef !== undefined && (typeof o.idempotencyRef !== 'string' || o.idempotencyRef === ''))
    throw new WeavrConfigError(`${where}: idempotencyRef must be a non-empty string`);
  if (o.signal !== undefined && o.signal !== null && !(o.signal instanceof AbortSignal))
    throw new WeavrConfigError(`${where}: signal must be an AbortSignal`);
}
