import { onAbort } from './abort.js';
import { limitStream, readBody, TooLarge } from './body.js';
import type { CallState, ReadAs } from './call-state.js';
import {
  WeavrAbortError,
  type WeavrConnectionError,
  WeavrResponseError,
  WeavrResponseTooLargeError,
  WeavrTimeoutError,
} from './errors.js';
import { describeNetworkError } from './network-errors.js';
import { AfterHeaders } from './node-transport.js';
import { headerText, scrubError, scrubText } from './redact.js';

/**
 * Sends one attempt; given the attempt's signal, which aborts it on timeout or when the caller aborts. A
 * transport that reads the body before resolving tells `headersIn` when the headers arrived, and reports a
 * failure after that as `AfterHeaders`.
 */
export type Send = (signal: AbortSignal, headersIn: (head: Head) => void) => Promise<Response>;
type Head = Pick<Response, 'status' | 'headers'>;

/** What an attempt ends with: a status worth retrying (body discarded), or a response and its body. */
export type Received =
  | { retry: true; response: Response }
  | { retry: false; response: Response; body: string | Uint8Array | ReadableStream<Uint8Array> | null };

/** Why an attempt was cut short before its response arrived; the retry loop decides what follows. */
export class AttemptTimeout extends Error {}
export class AttemptAborted extends Error {}

/**
 * One attempt, from sending to the last byte of the body, under one timer and the caller's signal, both
 * created and released here (for a stream, when the caller finishes reading it). Before headers arrive a
 * failure is thrown as is (`AttemptTimeout`, `AttemptAborted` or the network error) for the loop to judge;
 * after, it is final and typed, carrying the response's status and `request-ref`.
 *
 * @param retryable statuses whose body is not worth reading because another attempt follows
 * @param readAs how to read the body of a final response, by status
 * @param trustLength the response comes from the platform's `fetch`, whose framing honours content-length
 */
export async function attempt(
  call: CallState,
  send: Send,
  retryable: (status: number) => boolean,
  readAs: (response: Response) => ReadAs,
  trustLength: boolean,
): Promise<Received> {
  const controller = new AbortController();
  let cut: AttemptTimeout | AttemptAborted | undefined;
  let fail!: (e: unknown) => void;
  // Settles only when the attempt is cut short, so that a `fetch` or body that ignores the signal still ends.
  const guard = new Promise<never>((_, reject) => {
    fail = reject;
  });
  guard.catch(() => {});
  const stop = (why: AttemptTimeout | AttemptAborted) => {
    cut = why;
    controller.abort(why);
    fail(why);
  };
  const timer = setTimeout(() => stop(new AttemptTimeout()), call.timeoutMs);
  const unsubscribe = onAbort(call.signal, () => stop(new AttemptAborted()));
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearTimeout(timer);
    unsubscribe();
  };

  let response: Response | undefined;
  let head: Head | undefined;
  let streaming = false;
  try {
    if (call.signal?.aborted) throw new AttemptAborted();
    response = await Promise.race([send(controller.signal, (h) => (head = h)), guard]);
    if (retryable(response.status)) {
      response.body?.cancel().catch(() => {});
      return { retry: true, response };
    }
    const as = readAs(response);
    const raw = response.body;
    if (raw === null) return { retry: false, response, body: null };
    if (as === 'stream') {
      streaming = true;
      const res = response;
      const failure = (e: unknown) => {
        controller.abort(e);
        return afterHeaders(call, res, cut ?? e);
      };
      return { retry: false, response, body: limitStream(raw, call.maxResponseBytes, release, failure) };
    }
    const body = await Promise.race([readBody(response, as, call.maxResponseBytes, trustLength), guard]);
    return { retry: false, response, body };
  } catch (e) {
    const why = cut ?? (e instanceof AfterHeaders ? e.cause : e);
    const answered = response ?? head;
    if (!answered) throw why;
    controller.abort(why);
    throw afterHeaders(call, answered, why);
  } finally {
    if (!streaming) release();
  }
}

/** The typed, final error for a failure once headers were in: the server answered, so nothing is re-sent. */
function afterHeaders(call: CallState, response: Head, why: unknown): WeavrConnectionError {
  const info = {
    ...call,
    status: response.status,
    requestRef: headerText(response.headers, 'request-ref', call.secrets),
  };
  const tag = `${call.method} ${call.path}`;
  if (why instanceof AttemptAborted)
    return new WeavrAbortError('Request aborted by the caller', info, { cause: call.signal?.reason });
  if (why instanceof AttemptTimeout) {
    call.log.log('warn', `${tag} response body timed out after ${call.timeoutMs} ms`);
    return new WeavrTimeoutError(
      `Request timed out after ${call.timeoutMs} ms while reading the response body; not retried (the server may have acted on it)`,
      info,
    );
  }
  if (why instanceof TooLarge) {
    call.log.log('warn', `${tag} response body over ${why.limit} bytes: abandoned`);
    return new WeavrResponseTooLargeError(
      `Response body exceeds maxResponseBytes (${why.limit}); abandoned, not retried (the server may have acted on it)`,
      info,
    );
  }
  const detail = scrubText(describeNetworkError(why), call.secrets);
  call.log.log('warn', `${tag} response body failed: ${detail}`);
  return new WeavrResponseError(
    `Connection lost while reading the response body: ${detail}; not retried (the server may have acted on it)`,
    info,
    { cause: scrubError(why, call.secrets) },
  );
}
