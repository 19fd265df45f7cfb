import { WeavrBadRequestError, WeavrConflictError } from '@weavr-sdk/core/internal';

/** How long Weavr makes a user wait before another step-up one-time password is issued (`RETRY_IN_15SEC`). */
export const STEP_UP_REISSUE_WAIT_MS = 15_000;

/**
 * A step-up one-time password was issued less than 15 s ago, so Weavr refused another (409
 * `RETRY_IN_15SEC`). Verify the code already sent, or wait `retryAfterMs` and issue again
 * (`stepUp(client, { …, waitToReissue: true })` does that once).
 */
export class WeavrStepUpRetryLaterError extends WeavrConflictError {
  override name = 'WeavrStepUpRetryLaterError';
  /** How long to wait before issuing again. */
  readonly retryAfterMs = STEP_UP_REISSUE_WAIT_MS;
}

/**
 * Weavr refused to issue another step-up one-time password in this session (it answers 400 to a third
 * issue). Verify a code already sent, or sign in again: a new token starts a new count.
 */
export class WeavrStepUpIssueLimitError extends WeavrBadRequestError {
  override name = 'WeavrStepUpIssueLimitError';
}

const RETRY_HINT =
  'a step-up code was issued less than 15 s ago: verify the code already sent, or wait 15 s and issue again (stepUp with waitToReissue: true waits and retries once)';
const LIMIT_HINT =
  'Weavr issues at most two step-up codes per session: verify a code already sent, or sign in again for a new token';

/**
 * The typed step-up error for a failed issue, or `e` unchanged. `e` is already scrubbed; its redacted body
 * and refs carry over.
 */
export function stepUpIssueError(e: unknown): unknown {
  if (e instanceof WeavrConflictError && e.errorCode === 'RETRY_IN_15SEC')
    return new WeavrStepUpRetryLaterError(e.status, e.body, e, e.requestRef, RETRY_HINT);
  // A 400 that names no invalid field is the issue limit (a bad channel would name `channel`).
  if (e instanceof WeavrBadRequestError && e.fieldErrors.length === 0)
    return new WeavrStepUpIssueLimitError(e.status, e.body, e, e.requestRef, LIMIT_HINT);
  return e;
}
