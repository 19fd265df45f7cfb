import { sleep } from './abort.js';
import { AttemptAborted, AttemptTimeout, attempt, type Received, type Send } from './attempt.js';
import type { CallState, ReadAs } from './call-state.js';
import { WeavrAbortError, WeavrConnectionError, WeavrError, WeavrTimeoutError } from './errors.js';
import { describeNetworkError, provesNotSent } from './network-errors.js';
import { headerText, scrubError, scrubText } from './redact.js';
import { isRetryableStatus, retryDelayMs } from './retry.js';

/** A final response and its body (read whole, or a stream the caller reads). */
export type Answer = Extract<Received, { retry: false }>;

/**
 * Runs a call's attempts until one gives an answer to keep, as the retry rules allow: network errors,
 * timeouts, 429 and 502–504 are retried for idempotent calls; a call that is not idempotent is re-sent only
 * when the failure proves it was never processed (connection refused, 429). Waits are capped exponential
 * backoff with jitter, or what the server asked for, never under the floor.
 */
export async function runAttempts(
  call: CallState,
  send: Send,
  readAs: (response: Response) => ReadAs,
  trustLength: boolean,
): Promise<Answer> {
  const attempts = call.maxRetries + 1;
  const tag = `${call.method} ${call.path}`;
  for (let n = 1; ; n++) {
    const last = n >= attempts;
    const retryable = (status: number) => !last && isRetryableStatus(status, call.idempotent);
    const debug = call.log.enabled('debug');
    const started = debug ? performance.now() : 0;
    let received: Received | undefined;
    let failure: unknown;
    // Every attempt is a request Weavr counts: each waits its turn under the client's rate limit.
    if (call.rateLimiter) await call.rateLimiter.take(call.signal, () => abortError(call));
    try {
      received = await attempt(call, send, retryable, readAs, trustLength);
    } catch (e) {
      if (e instanceof WeavrError) throw e;
      failure = e;
    }
    const took = debug ? `in ${Math.round(performance.now() - started)} ms (attempt ${n}/${attempts})` : '';

    if (received) {
      const { response } = received;
      if (debug) {
        const ref = headerText(response.headers, 'request-ref', call.secrets);
        call.log.log('debug', `${tag} → ${response.status} ${took}${ref ? ` request-ref=${ref}` : ''}`);
      }
      if (!received.retry) {
        if (last && attempts > 1 && isRetryableStatus(response.status, call.idempotent))
          call.log.log('warn', `${tag} still HTTP ${response.status} after ${attempts} attempts`);
        return received;
      }
    } else {
      if (failure instanceof AttemptAborted) throw abortError(call);
      const timedOut = failure instanceof AttemptTimeout;
      const why = timedOut
        ? `timed out after ${call.timeoutMs} ms`
        : scrubText(describeNetworkError(failure), call.secrets);
      if (debug) call.log.log('debug', `${tag} ✗ ${why} ${took}`);
      // After a timeout or a dropped connection the server may have acted: only idempotent requests go again.
      const mayRetry = call.idempotent || (!timedOut && provesNotSent(failure));
      if (last || !mayRetry) {
        const note = mayRetry
          ? attempts > 1
            ? ` (${attempts} attempts)`
            : ''
          : '; not retried: the request may have been processed and carries no idempotency-ref';
        if (note) call.log.log('warn', `${tag} ${why}${note}`);
        const Ctor = timedOut ? WeavrTimeoutError : WeavrConnectionError;
        throw new Ctor(
          `${timedOut ? 'Request' : 'Connection failed:'} ${why}${note}`,
          call,
          timedOut ? undefined : { cause: scrubError(failure, call.secrets) },
        );
      }
    }

    const delay = retryDelayMs(n, received?.response, call.backoff);
    call.trace?.retry(
      n + 1,
      delay,
      received ? String(received.response.status) : failure instanceof AttemptTimeout ? 'timeout' : 'network',
    );
    if (call.log.enabled('info'))
      call.log.log(
        'info',
        `retrying ${tag} in ${delay} ms after ${received ? `HTTP ${received.response.status}` : 'a network error'} (attempt ${n + 1}/${attempts})`,
      );
    await sleep(delay, call.signal, () => abortError(call));
  }
}

export function abortError(call: CallState): WeavrAbortError {
  return new WeavrAbortError('Request aborted by the caller', call, { cause: call.signal?.reason });
}
