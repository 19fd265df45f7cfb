import { sleep } from './abort.js';
import { AttemptAborted, AttemptTimeout, abortError, attempt, type Received } from './attempt.js';
import { WeavrConnectionError, WeavrError, WeavrTimeoutError } from './errors.js';
import { describeNetworkError, provesNotSent } from './network-errors.js';
import { mayRetry, type RetryReason, retryDelayMs } from './retry.js';
import type { Scrubber } from './scrub.js';
import type { CallMeta, CallPolicy, Transport, WireRequest } from './wire.js';

/** A final response and its body (read whole, or a stream the caller reads). */
export type Answer = Extract<Received, { retry: false }>;

/**
 * Runs a call's attempts until one gives an answer to keep, as the retry rules (`retry.ts`) allow. Waits are
 * capped exponential backoff with jitter, or what the server asked for, never under the floor. Before each
 * wait the span and the caller's `beforeRetry` hear of it; the hook may cancel it.
 */
export async function runAttempts(
  policy: CallPolicy,
  meta: CallMeta,
  scrub: Scrubber,
  transport: Transport,
  request: WireRequest,
): Promise<Answer> {
  const attempts = policy.maxRetries + 1;
  const { log } = meta;
  const tag = `${meta.method} ${meta.path}`;
  for (let n = 1; ; n++) {
    const last = n >= attempts;
    const debug = log.enabled('debug');
    const started = debug ? performance.now() : 0;
    let received: Received | undefined;
    let failure: unknown;
    // Every attempt is a request Weavr counts: each waits its turn under the client's rate limit.
    if (policy.rateLimiter) await policy.rateLimiter.take(policy.signal, () => abortError(policy, meta));
    try {
      received = await attempt(policy, meta, scrub, transport, request, last);
    } catch (e) {
      if (e instanceof WeavrError) throw e;
      failure = e;
    }
    const took = debug ? `in ${Math.round(performance.now() - started)} ms (attempt ${n}/${attempts})` : '';

    let reason: RetryReason;
    let failed: Exclude<RetryReason, 'status'> = 'network';
    if (received) {
      const { wire } = received;
      if (debug) {
        const ref = scrub.header(wire.header('request-ref'));
        log.log('debug', `${tag} → ${wire.status} ${took}${ref ? ` request-ref=${ref}` : ''}`);
      }
      if (!received.retry) {
        if (last && attempts > 1 && mayRetry(wire.status, policy.idempotent))
          log.log('warn', `${tag} still HTTP ${wire.status} after ${attempts} attempts`);
        return received;
      }
      reason = 'status';
    } else {
      if (failure instanceof AttemptAborted) throw abortError(policy, meta);
      failed =
        failure instanceof AttemptTimeout ? 'timeout' : provesNotSent(failure) ? 'not-sent' : 'network';
      reason = failed;
      if (debug) log.log('debug', `${tag} ✗ ${failureText(policy, scrub, failure)} ${took}`);
      // After a timeout or a dropped connection the server may have acted: only idempotent requests go again.
      if (last || !mayRetry(reason, policy.idempotent))
        throw finalFailure(policy, meta, scrub, failure, reason);
    }

    const wire = received?.wire;
    const delay = retryDelayMs(n, wire && { headers: { get: (name) => wire.header(name) } }, policy.backoff);
    const after = wire ? String(wire.status) : reason;
    policy.trace?.retry(n + 1, delay, after);
    if (policy.beforeRetry) {
      const go = await policy.beforeRetry(
        Object.freeze({
          method: meta.method,
          path: meta.path,
          operationId: meta.operationId,
          idempotencyRef: meta.idempotencyRef,
          attempt: n + 1,
          attempts,
          reason,
          status: wire?.status,
          error: wire ? undefined : scrub.error(failure),
          delayMs: delay,
        }),
      );
      if (go === false) {
        log.log('info', `${tag}: retry ${n + 1}/${attempts} cancelled by beforeRetry`);
        // A retryable status's body was abandoned for the retry: the call ends with that status, no body.
        if (wire) return { retry: false, wire, body: null };
        throw finalFailure(policy, meta, scrub, failure, failed);
      }
    }
    if (log.enabled('info'))
      log.log(
        'info',
        `retrying ${tag} in ${delay} ms after ${wire ? `HTTP ${wire.status}` : 'a network error'} (attempt ${n + 1}/${attempts})`,
      );
    await sleep(delay, policy.signal, () => abortError(policy, meta));
  }
}

function failureText(policy: CallPolicy, scrub: Scrubber, failure: unknown): string {
  return failure instanceof AttemptTimeout
    ? `timed out after ${policy.timeoutMs} ms`
    : scrub.text(describeNetworkError(failure));
}

/** The error a call ends with when an attempt failed before its response and no retry follows. */
function finalFailure(
  policy: CallPolicy,
  meta: CallMeta,
  scrub: Scrubber,
  failure: unknown,
  reason: Exclude<RetryReason, 'status'>,
): WeavrConnectionError {
  const attempts = policy.maxRetries + 1;
  const timedOut = reason === 'timeout';
  const why = failureText(policy, scrub, failure);
  const allowed = mayRetry(reason, policy.idempotent);
  const note = allowed
    ? attempts > 1
      ? ` (${attempts} attempts)`
      : ''
    : '; not retried: the request may have been processed and carries no idempotency-ref';
  if (note) meta.log.log('warn', `${meta.method} ${meta.path} ${why}${note}`);
  const Ctor = timedOut ? WeavrTimeoutError : WeavrConnectionError;
  return new Ctor(
    `${timedOut ? 'Request' : 'Connection failed:'} ${why}${note}`,
    meta,
    timedOut ? undefined : { cause: scrub.error(failure) },
  );
}
