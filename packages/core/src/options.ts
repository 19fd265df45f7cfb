import type { Logger, LogLevel } from './logger.js';

/** A bearer token, or a function returning one (called, and awaited, once per call that needs it). */
export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

/** Settings that apply per call; each may be set on the client and overridden on one call. */
export interface CallOptions {
  /**
   * How many times a failed attempt is retried (network errors, timeouts, 429, 502, 503, 504).
   * A request that could move money twice is only retried when the failure proves it was not processed.
   * @default 2
   */
  maxRetries?: number;
  /**
   * Time allowed for each attempt, in milliseconds, before it is aborted (and maybe retried).
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * Throw a typed `WeavrApiError` for non-2xx responses instead of returning `{ error }`.
   * @default false
   */
  throwOnError?: boolean;
  /**
   * The `idempotency-ref` sent with an operation that declares it. When not given, one is generated
   * (a UUID) and the same value is sent on every retry of the call.
   * @default a random UUID, on operations whose spec declares `idempotency-ref`
   */
  idempotencyRef?: string;
  /** Cancels the call, including any retry waits. */
  signal?: AbortSignal;
  /**
   * Bearer token for this call only, overriding the client's `token`.
   * @default the client's `token`
   */
  token?: TokenSource;
}

/** Options for `createMultiClient` / `createBackofficeClient`. */
export interface ClientOptions extends Omit<CallOptions, 'idempotencyRef' | 'signal'> {
  /** Your Weavr API key, sent as the `api-key` header on every call. Required. */
  apiKey: string;
  /**
   * Where requests go. Live hosts are given by Weavr after onboarding.
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
   * The `fetch` implementation.
   * @default globalThis.fetch
   */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * Extra headers for every request (the caller's own values win over defaults, never over `api-key`).
   * @default {}
   */
  headers?: Record<string, string>;
  /**
   * Where log lines go: any object with console-like `debug`/`info`/`warn`/`error`. Secrets are redacted.
   * @default console
   */
  logger?: Logger;
  /**
   * The least severe level written: `debug` logs one line per attempt.
   * @default 'warn'
   */
  logLevel?: LogLevel;
}
