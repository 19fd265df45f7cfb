import type { Logger, LogLevel } from './logger.js';
import type { ProxyOption } from './proxy.js';
import type { RateLimiter } from './rate-limit.js';
import type { BackoffOptions, BeforeRetry } from './retry.js';
import type { Tracing } from './trace-hook.js';

/** A bearer token, or a function returning one (called, and awaited, once per call that needs it). */
export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

/** Settings that apply per call; each may be set on the client and overridden on one call. */
export interface CallOptions {
  /**
   * How many times a failed attempt is retried: network errors, timeouts, 429, 502, 503 and 504. A request
   * that is not idempotent (not GET/HEAD/DELETE and carrying no `idempotency-ref`) is retried only when the
   * failure proves it was never processed: connection refused, or 429. At most 10 (`WeavrConfigError` above).
   * @default 2
   * @example { maxRetries: 0 } // never retry
   */
  maxRetries?: number;
  /**
   * Time allowed for each attempt, in milliseconds, from sending the request to reading the whole response
   * body (with `parseAs: 'stream'`, reading the stream too). An attempt that runs over is aborted (and
   * retried if the rules allow), and the call fails with `WeavrTimeoutError`.
   * @default 30000
   * @example { timeoutMs: 5_000 }
   */
  timeoutMs?: number;
  /**
   * Largest response body accepted, in bytes (streams included). A body over it is abandoned, its
   * connection closed, and the call fails with `WeavrResponseTooLargeError` (carrying the refs: the server
   * may have acted). A declared `content-length` over it fails before anything is read.
   * @default 67108864 (64 MiB)
   * @example { maxResponseBytes: 1_000_000 }
   */
  maxResponseBytes?: number;
  /**
   * Throw a typed `WeavrApiError` (a subclass per status) for a non-2xx response instead of returning
   * `{ error, response }`. Connection failures, timeouts and aborts always throw.
   * @default false
   * @example { throwOnError: true }
   */
  throwOnError?: boolean;
  /**
   * The `idempotency-ref` of this call, for an operation whose spec declares one (an error otherwise). The
   * same value is sent on every retry of the call; re-driving a call with the ref of an earlier attempt (from
   * its result or error) cannot apply it twice. The header given in `params.header` works too.
   * @default a random UUID, on operations whose spec declares `idempotency-ref`
   * @example { idempotencyRef: `transfer-${order.id}` }
   */
  idempotencyRef?: string;
  /**
   * Cancels the call, including an attempt in flight and any wait between retries; the call then fails
   * with `WeavrAbortError`. Combined with `timeoutMs`, which still bounds each attempt.
   * @default undefined
   * @example { signal: AbortSignal.timeout(60_000) } // a deadline for the whole call, retries included
   */
  signal?: AbortSignal;
  /**
   * Told of each retry before its wait, with why (`reason`: a `status`, a `timeout`, a `network` failure, or
   * `not-sent`), which attempt comes next and how long the SDK will wait (`delayMs`): log or count retries, or
   * return `false` to cancel one (the call then ends with what its last attempt ended with). It cannot make
   * the SDK re-send what the retry rules keep final (a create without an idempotency-ref after a timeout).
   * @default undefined
   * @example { beforeRetry: ({ reason, status, attempt, delayMs }) => log.info({ reason, status, attempt, delayMs }) }
   */
  beforeRetry?: BeforeRetry;
  /**
   * Bearer token for this call only, overriding the client's `token`.
   * @default the client's `token`
   */
  token?: TokenSource;
}

/** Options for `createMultiClient` / `createBackofficeClient`. */
export interface ClientOptions extends Omit<CallOptions, 'idempotencyRef' | 'signal'> {
  /** Your Weavr API key, sent as the `api-key` header on every call. Required. Never logged. */
  apiKey: string;
  /**
   * Where requests go: an http(s) URL (any case) without credentials, query or fragment. Live hosts are
   * given by Weavr after onboarding. Also settable per call (`baseUrl` in the call's options), checked alike.
   * @default the Weavr sandbox URL of the API
   */
  baseUrl?: string;
  /**
   * Bearer token (or provider) sent as `Authorization: Bearer …`, only to operations whose spec security asks
   * for one. A provider is awaited on every such call, so it can refresh.
   * @default undefined (no bearer token)
   */
  token?: TokenSource;
  /**
   * The `fetch` implementation, called once per attempt as `fetch(request, { signal })` with a `Request`
   * whose `redirect` is `'manual'`. Pass `init` on: its `signal` aborts the attempt on timeout or when the
   * caller aborts; a fetch that drops it still fails the call at `timeoutMs`, but leaves the connection
   * open. Left unset: on plain Node (not Bun or Deno), a call with no middleware, a string body or none and
   * no extra `RequestInit` fields goes through `node:http` with a keep-alive agent (a fraction of `fetch`'s
   * CPU per request, the same rules for redirects, timeouts, aborts, size and retries); every other call goes
   * to `globalThis.fetch(url, init)` (no `Request` is built for it to copy). Passing `fetch` always uses it.
   * @default globalThis.fetch
   * @example { fetch: (request, init) => undici.fetch(request, { ...init, dispatcher }) }
   */
  fetch?: (request: Request, init?: RequestInit) => Promise<Response>;
  /**
   * Send every call through an HTTP(S) forward proxy, on Node (whose `fetch` ignores `HTTPS_PROXY`). `'env'`
   * takes the proxy from the environment (read on the client's first call): `HTTPS_PROXY` for https URLs, `HTTP_PROXY` for
   * http ones (lower-case names too), and no proxy for a host `NO_PROXY` lists. A URL sends every call through
   * that proxy. Needs the `undici` package (an optional peer), loaded on the first call; not with `fetch`.
   * Bun and Deno read the proxy variables themselves: leave this unset there.
   * @default undefined (no proxy)
   * @example { proxy: 'env' } // or { proxy: 'http://proxy.internal:3128' }
   */
  proxy?: ProxyOption;
  /**
   * Extra headers for every request. `api-key` and `authorization` are the SDK's (from `apiKey` and
   * `token`) and are refused here; values with line breaks or other control characters are refused too.
   * @default {}
   */
  headers?: Record<string, string>;
  /**
   * Waits between retries: capped exponential backoff with jitter. A delay the server asks for with
   * `x-ratelimit-reset` or `Retry-After` is used instead, capped at `maxDelayMs`.
   * @default { initialDelayMs: 500, maxDelayMs: 8000 }
   * @example { backoff: { initialDelayMs: 200, maxDelayMs: 2_000 } }
   */
  backoff?: BackoffOptions;
  /**
   * A client-side rate limit, from `createRateLimiter({ perMinute, perHour, perDay })`: requests over it
   * wait their turn (in order, honouring each call's `signal`) instead of running into Weavr's 429s. Every
   * attempt counts, retries included, over sliding windows. Clients given the same limiter share its budget;
   * clients derived with `withOptions` or `intercept` keep their parent's. Weavr's default programme limits
   * are 100 requests a minute, 1,000 an hour and 10,000 a day.
   * @default undefined (no client-side limit)
   * @example { rateLimit: createRateLimiter({ perMinute: 100, perHour: 1_000, perDay: 10_000 }) }
   */
  rateLimit?: RateLimiter;
  /**
   * Tracing, from the client package's `tracing` entry point: `openTelemetry(trace.getTracer('my-app'))`
   * (`@opentelemetry/api` is an optional peer) makes each call one CLIENT span, named `METHOD /spec/path`, with
   * the HTTP client attributes (`http.request.method`, `url.template` as the spec path, `server.address`,
   * `http.response.status_code`, `error.type`) and `weavr.operation_id`, `weavr.request_ref`,
   * `weavr.idempotency_ref`, and a `weavr.retry` event per retry; never a header, a body, a query or a path
   * parameter's value. The code lives in that entry point, so an app that does not trace does not bundle it.
   * @default undefined (no tracing: one check per call)
   * @example { tracing: openTelemetry(trace.getTracer('payments')) } // import { openTelemetry } from '@weavr-sdk/multi/tracing'
   */
  tracing?: Tracing;
  /**
   * Where log lines go: any object with console-like `debug`/`info`/`warn`/`error`. The API key, tokens and
   * secret body fields are never written.
   * @default console
   */
  logger?: Logger;
  /**
   * The least severe level written. `debug`: one line per attempt (method, path, status, duration, attempt,
   * request-ref); `info`: each retry and its wait; `warn`: a call given up after retries, or a request not
   * retried because it may have been processed; `off`: nothing.
   * @default 'warn'
   */
  logLevel?: LogLevel;
}
