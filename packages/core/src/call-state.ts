import type { RequestInfo } from './errors.js';
import type { LevelledLogger } from './logger.js';
import type { RateLimiter } from './rate-limit.js';
import type { BackoffOptions } from './retry.js';
import type { CallTrace } from './tracing.js';

/** What every stage of one call reads; built once by `plan`, never changed after. */
export interface CallState extends RequestInfo {
  maxRetries: number;
  timeoutMs: number;
  maxResponseBytes: number;
  signal: AbortSignal | undefined;
  /** GET/HEAD/DELETE or carrying an idempotency-ref: safe to re-send after an ambiguous failure. */
  idempotent: boolean;
  backoff: BackoffOptions | undefined;
  log: LevelledLogger;
  /** The client's rate limit: each attempt waits its turn. */
  rateLimiter?: RateLimiter | undefined;
  /** Values scrubbed from anything written: the API key, the bearer token, secret values the body carried. */
  secrets: readonly (string | undefined)[];
  /** The call's span, when the client has a `tracer`: told of each retry. */
  trace?: CallTrace | undefined;
}

/** How a response body is read: whole as text or bytes, or handed over as a stream. */
export type ReadAs = 'text' | 'bytes' | 'stream';
