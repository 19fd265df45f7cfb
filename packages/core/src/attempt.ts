import { onAbort } from './abort.js';
import { declaredLength, limitStream, readAll, TooLarge } from './body.js';
import {
  type RequestInfo,
  WeavrAbortError,
  type WeavrConnectionError,
  WeavrResponseError,
  WeavrResponseTooLargeError,
  WeavrTimeoutError,
} from './errors.js';
import { describeNetworkError } from './network-errors.js';
import { mayRetry } from './retry.js';
import type { Scrubber } from './scrub.js';
import type {
  AttemptSignal,
  CallMeta,
  CallPolicy,
  ParseAs,
  Transport,
  WireRequest,
  WireResponse,
} from './wire.js';

/** What an attempt ends with: a status worth retrying (body abandoned), or a response and its body. */
export type Received =
  | { retry: true; wire: WireResponse }
  | { retry: false; wire: WireResponse; body: string | Uint8Array | ReadableStream<Uint8Array> | null };

/** Why an attempt was cut short before its response arrived; the retry loop decides what follows. */
export class AttemptTimeout extends Error {}
export class AttemptAborted extends Error {}

/** How a response body is read: whole as text or bytes, or handed over as a stream. */
export type ReadAs = 'text' | 'bytes' | 'stream';

/** How to read a final response's body: as `parseAs` asks for a success, as text for an error body. */
export function readAsFor(parseAs: ParseAs, status: number): ReadAs {
  if (status < 200 || status > 299) return 'text';
  return parseAs === 'json' || parseAs === 'text' ? 'text' : parseAs === 'stream' ? 'stream' : 'bytes';
}

/** The attempt's end, as transports see it: cut by its timer or the caller's signal. */
class Cut implements AttemptSignal {
  aborted = false;
  reason: unknown;
  private fns: (() => void)[] | undefined;
  onAbort(fn: () => void): void {
    if (this.aborted) {
      fn();
      return;
    }
    this.fns ??= [];
    this.fns.push(fn);
  }
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const fns = this.fns;
    this.fns = undefined;
    if (fns) for (const fn of fns) fn();
  }
}

/**
 * One attempt, from sending to the last byte of the body, under one timer and the caller's signal, both
 * created and released here (for a stream, when the caller finishes reading it). Before headers arrive a
 * failure is thrown as is (`AttemptTimeout`, `AttemptAborted` or the network error) for the loop to judge;
 * after, it is final and typed, carrying the response's status and `request-ref`. The body is read here, once,
 * within `maxResponseBytes`, whatever the transport.
 *
 * @param last no retry follows: a retryable status is read as the answer
 */
export async function attempt(
  policy: CallPolicy,
  meta: CallMeta,
  scrub: Scrubber,
  transport: Transport,
  request: WireRequest,
  last: boolean,
): Promise<Received> {
  const cut = new Cut();
  const timer = setTimeout(() => cut.abort(new AttemptTimeout()), policy.timeoutMs);
  const unsubscribe = policy.signal
    ? onAbort(policy.signal, () => cut.abort(new AttemptAborted()))
    : undefined;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearTimeout(timer);
    unsubscribe?.();
  };

  let wire: WireResponse | undefined;
  let streaming = false;
  try {
    if (policy.signal?.aborted) throw new AttemptAborted();
    wire = await transport.send(request, cut);
    const { status, body: source } = wire;
    // A status no `Response` can carry (a hostile server's 600; 0 is a browser's opaque redirect).
    if (status > 599 || (status > 0 && status < 200))
      throw new RangeError(`status ${status} is not an HTTP final status`);
    if (!last && mayRetry(status, policy.idempotent)) {
      source?.cancel();
      return { retry: true, wire };
    }
    if (source === null) return { retry: false, wire, body: null };
    const length = declaredLength(wire.header('content-length'));
    if (length !== undefined && length > policy.maxResponseBytes) {
      source.cancel();
      throw new TooLarge(policy.maxResponseBytes);
    }
    const as = readAsFor(meta.parseAs, status);
    if (as === 'stream') {
      streaming = true;
      const answered = wire;
      const failure = (e: unknown) => {
        cut.abort(e);
        return afterHeaders(meta, scrub, policy, answered, cut.reason ?? e);
      };
      return { retry: false, wire, body: limitStream(source, policy.maxResponseBytes, release, failure) };
    }
    return { retry: false, wire, body: await readAll(source, as, policy.maxResponseBytes) };
  } catch (e) {
    const why = cut.aborted ? cut.reason : e;
    if (!wire) throw why;
    cut.abort(why);
    wire.body?.cancel();
    throw afterHeaders(meta, scrub, policy, wire, why);
  } finally {
    if (!streaming) release();
  }
}

/** The typed, final error for a failure once headers were in: the server answered, so nothing is re-sent. */
function afterHeaders(
  meta: CallMeta,
  scrub: Scrubber,
  policy: CallPolicy,
  wire: WireResponse,
  why: unknown,
): WeavrConnectionError {
  const info = { ...meta, status: wire.status, requestRef: scrub.header(wire.header('request-ref')) };
  const tag = `${meta.method} ${meta.path}`;
  if (why instanceof AttemptAborted) return abortError(policy, info);
  if (why instanceof AttemptTimeout) {
    meta.log.log('warn', `${tag} response body timed out after ${policy.timeoutMs} ms`);
    return new WeavrTimeoutError(
      `Request timed out after ${policy.timeoutMs} ms while reading the response body; not retried (the server may have acted on it)`,
      info,
    );
  }
  if (why instanceof TooLarge) {
    meta.log.log('warn', `${tag} response body over ${why.limit} bytes: abandoned`);
    return new WeavrResponseTooLargeError(
      `Response body exceeds maxResponseBytes (${why.limit}); abandoned, not retried (the server may have acted on it)`,
      info,
    );
  }
  const detail = scrub.text(describeNetworkError(why));
  meta.log.log('warn', `${tag} response body failed: ${detail}`);
  return new WeavrResponseError(
    `Connection lost while reading the response body: ${detail}; not retried (the server may have acted on it)`,
    info,
    { cause: scrub.error(why) },
  );
}

/** The caller's signal fired: the call ends, its reason kept as the cause. */
export function abortError(policy: CallPolicy, info: RequestInfo & { status?: number }): WeavrAbortError {
  return new WeavrAbortError('Request aborted by the caller', info, { cause: policy.signal?.reason });
}
