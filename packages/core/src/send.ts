import { type RequestInfo, WeavrAbortError, WeavrConnectionError, WeavrTimeoutError } from './errors.js';
import type { LevelledLogger } from './logger.js';
import { type BackoffOptions, isRetryableStatus, provesNotSent, retryDelayMs } from './retry.js';

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
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'PUT']);

export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method);
}

class AttemptTimeout extends Error {}

/**
 * Sends one call, retrying as the rules allow. It sits beneath openapi-fetch's middleware (it is the `fetch`
 * handed to it), so auth, idempotency-ref and the caller's middleware run once per call, not per attempt.
 */
export async function sendWithRetries(request: Request, ctx: CallContext): Promise<Response> {
  const attempts = ctx.maxRetries + 1;
  // A body stream can be read once; keep an unread copy for each possible retry.
  let spare = request.body && attempts > 1 ? request.clone() : undefined;
  let current = request;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(ctx);
    const started = performance.now();
    let response: Response | undefined;
    let failure: unknown;
    try {
      response = await attemptOnce(current, ctx);
    } catch (e) {
      failure = e;
    }
    const ms = Math.round(performance.now() - started);
    const last = attempt >= attempts;

    if (response) {
      if (ctx.log.enabled('debug')) {
        const ref = response.headers.get('request-ref');
        ctx.log.log(
          'debug',
          `${ctx.method} ${new URL(current.url).pathname} → ${response.status} in ${ms} ms (attempt ${attempt}/${attempts})${ref ? ` request-ref=${ref}` : ''}`,
        );
      }
      if (last || !isRetryableStatus(response.status, ctx.idempotent)) return response;
    } else {
      if (ctx.signal?.aborted) throw abortError(ctx, failure);
      const timedOut = failure instanceof AttemptTimeout;
      const why = timedOut ? `timed out after ${ctx.timeoutMs} ms` : describeNetworkError(failure);
      ctx.log.log(
        'debug',
        `${ctx.method} ${ctx.path} ✗ ${why} after ${ms} ms (attempt ${attempt}/${attempts})`,
      );
      // After a timeout or a dropped connection the server may have acted: only idempotent requests go again.
      const mayRetry = ctx.idempotent || (!timedOut && provesNotSent(failure));
      if (last || !mayRetry) {
        const Ctor = timedOut ? WeavrTimeoutError : WeavrConnectionError;
        const note =
          !last && !mayRetry
            ? '; not retried: the request may have been processed and carries no idempotency-ref'
            : '';
        throw new Ctor(`${timedOut ? 'Request' : 'Connection failed:'} ${why}${note}`, ctx, {
          cause: timedOut ? undefined : failure,
        });
      }
    }

    const delay = retryDelayMs(attempt, response, ctx.backoff);
    ctx.log.log(
      'info',
      `retrying ${ctx.method} ${ctx.path} in ${delay} ms after ${response ? `HTTP ${response.status}` : 'a network error'} (attempt ${attempt + 1}/${attempts})`,
    );
    // Free the connection of the response we are discarding.
    await response?.body?.cancel().catch(() => {});
    await sleep(delay, ctx);
    current = spare ?? current;
    spare = spare && attempt + 1 < attempts ? spare.clone() : undefined;
  }
}

/** One attempt, bounded by `timeoutMs` and the caller's signal. The timer never outlives the attempt. */
function attemptOnce(request: Request, ctx: CallContext): Promise<Response> {
  const controller = new AbortController();
  return new Promise<Response>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      controller.abort(ctx.signal?.reason);
      reject(ctx.signal?.reason);
    };
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      const e = new AttemptTimeout();
      controller.abort(e);
      // Reject even if a custom fetch ignores the signal.
      reject(e);
    }, ctx.timeoutMs);
    const done = () => {
      clearTimeout(timer);
      ctx.signal?.removeEventListener('abort', onAbort);
    };
    ctx.fetch(request, { signal: controller.signal }).then(
      (res) => {
        done();
        resolve(res);
      },
      (err) => {
        done();
        reject(controller.signal.reason instanceof AttemptTimeout ? controller.signal.reason : err);
      },
    );
  });
}

function sleep(ms: number, ctx: CallContext): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(ctx, ctx.signal?.reason));
    };
    const timer = setTimeout(() => {
      ctx.signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function throwIfAborted(ctx: CallContext): void {
  if (ctx.signal?.aborted) throw abortError(ctx, ctx.signal.reason);
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
    parts.push(typeof code === 'string' ? code : String(msg ?? ''));
    cur = (cur as { cause?: unknown }).cause;
  }
  return parts.filter(Boolean).join(': ') || 'network error';
}
