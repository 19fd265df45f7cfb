/**
 * The values one call is made of, from `plan` to the result: each small and frozen, and each stage's
 * signature names the ones it reads. A `Transport` only moves bytes; everything else is core's.
 */
import type { RequestInfo } from './errors.js';
import type { LevelledLogger } from './logger.js';
import type { RateLimiter } from './rate-limit.js';
import type { BackoffOptions, BeforeRetry } from './retry.js';
import type { Scrubber } from './scrub.js';
import type { CallTrace } from './trace-hook.js';

/** What goes on the wire: the same on every attempt. */
export interface WireRequest {
  readonly method: string;
  /** Absolute, with the path filled and the query serialised. */
  readonly url: string;
  /** Lower-case names; the SDK's credentials and refs included. */
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text, or whatever a `bodySerializer` made (`FormData`, bytes, …). */
  readonly body: BodyInit | undefined;
  /** The caller's other `RequestInit` fields (`credentials`, `keepalive`, …): only a fetch transport sends them. */
  readonly extra: Readonly<RequestInit> | undefined;
  /** A `Request` that middleware returned: a fetch transport sends it (with `body`) rather than rebuilding one. */
  readonly base?: Request | undefined;
}

/** How long, how often and under which limits a call may try. */
export interface CallPolicy {
  readonly maxRetries: number;
  /** Per attempt, from sending to the last byte of the body. */
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  /** GET/HEAD/DELETE or carrying an idempotency-ref: safe to re-send after an ambiguous failure. */
  readonly idempotent: boolean;
  readonly signal: AbortSignal | undefined;
  readonly rateLimiter: RateLimiter | undefined;
  readonly backoff: BackoffOptions | undefined;
  /** The caller's hook, told of each retry before its wait (and able to cancel it). */
  readonly beforeRetry: BeforeRetry | undefined;
  /** The call's trace, when the client has `tracing`: told of each retry. */
  readonly trace?: CallTrace | undefined;
}

export type ParseAs = 'json' | 'text' | 'blob' | 'arrayBuffer' | 'stream';

/** What a call is, for its result, its errors and its log lines. */
export interface CallMeta extends RequestInfo {
  readonly url: string;
  readonly parseAs: ParseAs;
  readonly throwOnError: boolean;
  /** The operation asks for a bearer token and none was given: a 401 says so. */
  readonly tokenMissing: boolean;
  readonly log: LevelledLogger;
}

/**
 * What a transport sees of the attempt's end: `aborted` once the attempt times out or its caller aborts. Lighter
 * than an `AbortSignal` (none is built unless a fetch transport needs one).
 */
export interface AttemptSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  /** Calls `fn` once when the attempt is cut short (at once if it already was). */
  onAbort(fn: () => void): void;
}

/** A response as a transport delivers it: status and headers, the body still to read. */
export interface WireResponse {
  readonly status: number;
  readonly statusText: string;
  /** One header's value (any case of name), or null. */
  header(name: string): string | null;
  /** Decoded bytes (no content-encoding left), or null when there is no body. */
  readonly body: ByteSource | null;
  /** The platform's `Response` for this answer, over `body` already read (a fetch transport's own, as it came). */
  toResponse(body: BodyInit | null): Response;
  /** The transport's own `Response`, when it has one (fetch): nothing to build. */
  readonly response?: Response;
}

/** A body as a stream of decoded bytes, pulled by the attempt. */
export interface ByteSource {
  /** The next chunk, or undefined at the end; rejects when the transfer fails or the attempt is cut. */
  next(): Promise<Uint8Array | undefined>;
  /** Abandons the body: its connection and any decompression are released at once. */
  cancel(): void;
}

/** Moves bytes: sends one request and resolves when its status and headers are in. */
export interface Transport {
  send(request: WireRequest, signal: AttemptSignal): Promise<WireResponse>;
}

/** A call as `plan` leaves it. */
export interface PlannedCall {
  readonly request: WireRequest;
  readonly policy: CallPolicy;
  readonly meta: CallMeta;
  readonly scrub: Scrubber;
}
