import { DirectRequest } from './direct.js';
import {
  type RequestInfo,
  WeavrAbortError,
  WeavrConnectionError,
  WeavrError,
  WeavrTimeoutError,
} from './errors.js';
import type { LevelledLogger } from './logger.js';
import { scrubText } from './redact.js';
import { type BackoffOptions, isRetryableStatus, networkCode, provesNotSent, retryDelayMs } from './retry.js';

export type FetchLike = (request: Request, init?: RequestInit) => Promise<Response>;

/** Everything one call's attempts share; built once per call by the client. */
export interface CallContext extends RequestInfo {
  maxRetries: number;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  /** GET/HEAD/DELETE or carrying an idempotency-ref: safe to re-send after an ambiguous failure. */
  idempotent: boolean;
  backoff: BackoffOptions | undefined;
  log: LevelledLogger;
  fetch: FetchLike;
  /** Values scrubbed from anything written (the API key, the bearer token). */
  secrets: readonly (string | undefined)[];
  /** The serialised body, when it is known to be what went out (no middleware could replace the request). */
  payload: string | undefined;
  /**
   * Set once an attempt's response is handed up: ends the attempt once its body has been read. For a body
   * left to the caller as a stream, `release(true)` keeps the timer (unref'd, so it never holds the process
   * open) and the caller's signal bounding the read.
   */
  release: ((streaming?: boolean) => void) | undefined;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'DELETE']);

/** GET, HEAD and DELETE may be repeated safely; anything else needs an idempotency-ref. */
export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method);
}

/** The reason an attempt's controller is aborted when `timeoutMs` passes. */
class AttemptTimeout extends Error {}

/**
 * Sends one call, retrying as the rules allow. It sits beneath openapi-fetch's middleware (it is the `fetch`
 * handed to it), so auth, idempotency-ref and the caller's middleware run once per call, not per attempt.
 *
 * The returned response's timer stays armed until the client has read its body (`ctx.release`), so a server
 * that sends headers and then stalls still hits `timeoutMs`.
 */
export async function sendWithRetries(request: Request | DirectRequest, ctx: CallContext): Promise<Response> {
  const attempts = ctx.maxRetries + 1;
  const hasBody = request.body !== null;
  // The direct path (see `direct.ts`) re-sends its init, whose body is a string.
  const direct = request instanceof DirectRequest;
  // A body can be read once. When the client could not capture it (middleware may have replaced the
  // request), keep an unread copy for a retry; otherwise retries re-send the captured string.
  const spare =
    !direct && attempts > 1 && hasBody && ctx.payload === undefined
      ? (request as Request).clone()
      : undefined;
  let retryBody: BodyInit | undefined = ctx.payload;
  let current = request;
  for (let attempt = 1; ; attempt++) {
    if (ctx.signal?.aborted) throw abortError(ctx, ctx.signal.reason);
    const debug = ctx.log.enabled('debug');
    const started = debug ? performance.now() : 0;
    let response: Response | undefined;
    let failure: unknown;
    try {
      response = await attemptOnce(current, ctx);
    } catch (e) {
      failure = e;
    }
    const last = attempt >= attempts;
    const tag = `${ctx.method} ${ctx.path}`;

    if (response) {
      if (debug) {
        const ref = response.headers.get('request-ref');
        ctx.log.log(
          'debug',
          `${tag} → ${response.status} in ${Math.round(performance.now() - started)} ms (attempt ${attempt}/${attempts})${ref ? ` request-ref=${ref}` : ''}`,
        );
      }
      if (!isRetryableStatus(response.status, ctx.idempotent)) return response;
      if (last) {
        if (attempts > 1)
          ctx.log.log('warn', `${tag} still HTTP ${response.status} after ${attempts} attempts`);
        return response;
      }
      // Discard this answer: stop its timer and free its connection.
      ctx.release?.();
      ctx.release = undefined;
      await response.body?.cancel().catch(() => {});
    } else {
      if (ctx.signal?.aborted) throw abortError(ctx, ctx.signal.reason);
      const timedOut = failure instanceof AttemptTimeout;
      const why = timedOut
        ? `timed out after ${ctx.timeoutMs} ms`
        : scrubText(describeNetworkError(failure), ctx.secrets);
      if (debug) {
        ctx.log.log(
          'debug',
          `${tag} ✗ ${why} after ${Math.round(performance.now() - started)} ms (attempt ${attempt}/${attempts})`,
        );
      }
      // After a timeout or a dropped connection the server may have acted: only idempotent requests go again.
      const mayRetry = ctx.idempotent || (!timedOut && provesNotSent(failure));
      if (last || !mayRetry) {
        const note = mayRetry
          ? attempts > 1
            ? ` (${attempts} attempts)`
            : ''
          : `; not retried: the request may have been processed and carries no idempotency-ref`;
        if (note) ctx.log.log('warn', `${tag} ${why}${note}`);
        const Ctor = timedOut ? WeavrTimeoutError : WeavrConnectionError;
        throw new Ctor(
          `${timedOut ? 'Request' : 'Connection failed:'} ${why}${note}`,
          ctx,
          timedOut ? undefined : { cause: failure },
        );
      }
    }

    const delay = retryDelayMs(attempt, response, ctx.backoff);
    if (ctx.log.enabled('info')) {
      ctx.log.log(
        'info',
        `retrying ${tag} in ${delay} ms after ${response ? `HTTP ${response.status}` : 'a network error'} (attempt ${attempt + 1}/${attempts})`,
      );
    }
    await sleep(delay, ctx);
    // A fresh request for the next attempt, with the body again (the direct path re-sends its init).
    if (direct) continue;
    if (hasBody && retryBody === undefined && spare) retryBody = await spare.arrayBuffer();
    current = new Request(request as Request, { body: hasBody ? retryBody : undefined });
  }
}

/**
 * One attempt, bounded by `timeoutMs` and the caller's signal. The attempt's signal goes to `fetch` in
 * `init` only: a signal on the request itself would cost a second abort listener per call.
 */
function attemptOnce(request: Request | DirectRequest, ctx: CallContext): Promise<Response> {
  const controller = new AbortController();
  return new Promise<Response>((resolve, reject) => {
    const signal = ctx.signal;
    const onAbort = () => {
      clearTimeout(timer);
      controller.abort(signal?.reason);
      reject(signal?.reason);
    };
    let answered = false;
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      // Once headers are in, the abort fails the body read with this error, wherever it is read.
      const e = answered ? bodyTimeout(ctx) : new AttemptTimeout();
      controller.abort(e);
      // Reject even if a custom fetch ignores the signal (a no-op once answered).
      reject(e);
    }, ctx.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    const release = (streaming?: boolean) => {
      if (streaming) {
        (timer as { unref?: () => void }).unref?.();
        return;
      }
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    let sent: Promise<Response>;
    try {
      sent =
        request instanceof DirectRequest
          ? globalThis.fetch(request.url, { ...request.init, signal: controller.signal })
          : ctx.fetch(request, { signal: controller.signal });
    } catch (e) {
      // A custom fetch that throws instead of rejecting: still no timer left behind.
      release();
      reject(e);
      return;
    }
    sent.then(
      (res) => {
        answered = true;
        ctx.release = release;
        resolve(res);
      },
      (err) => {
        release();
        reject(controller.signal.aborted ? controller.signal.reason : err);
      },
    );
  });
}

/**
 * The error to raise for a failure after the last attempt's headers arrived (while openapi-fetch read the
 * body): a stalled body already fails with `WeavrTimeoutError` (the abort reason), a dropped one becomes
 * a connection error; neither is retried, since the request was answered.
 */
export function failureAfterHeaders(error: unknown, ctx: CallContext): unknown {
  if (error instanceof WeavrError) return error;
  if (ctx.signal?.aborted) return abortError(ctx, ctx.signal.reason);
  if (ctx.release === undefined) return error;
  if (networkCode(error) !== undefined) {
    const why = scrubText(describeNetworkError(error), ctx.secrets);
    ctx.log.log('warn', `${ctx.method} ${ctx.path} response body failed: ${why}`);
    return new WeavrConnectionError(
      `Connection failed while reading the response body: ${why}; not retried`,
      ctx,
      { cause: error },
    );
  }
  return error;
}

function bodyTimeout(ctx: CallContext): WeavrTimeoutError {
  ctx.log.log('warn', `${ctx.method} ${ctx.path} response body timed out after ${ctx.timeoutMs} ms`);
  return new WeavrTimeoutError(
    `Request timed out after ${ctx.timeoutMs} ms while reading the response body; not retried`,
    ctx,
  );
}

function sleep(ms: number, ctx: CallContext): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const signal = ctx.signal;
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(ctx, signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(ctx: CallContext, reason: unknown): WeavrAbortError {
  return new WeavrAbortError('Request aborted by the caller', ctx, { cause: reason });
}

function describeNetworkError(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    const msg = (cur as { message?: unknown }).message;
    const part = typeof code === 'string' ? code : String(msg ?? '');
    if (part && !parts.includes(part)) parts.push(part);
    cur = (cur as { cause?: unknown }).cause;
  }
  return parts.join(': ') || 'network error';
}
