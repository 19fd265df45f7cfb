/**
 * What to do about an error, from what the real Weavr answers where the spec is silent (its QA suite, demo
 * app and docs): which credential or token a 401, 403 or 410 points at. Text only; never quotes a value.
 */

const STEP_UP =
  'the token must be stepped up first: issue and verify a one-time password (stepUp(), or POST /stepup/challenges/otp/{channel} then .../verify), then repeat the call; a step-up applies to that token only';
const ACCESS_TOKEN_REQUIRED =
  'the bearer token is an AUTH token (tokenType AUTH from the login), which works only on GET /identities and POST /access_token: exchange it for an access token with POST /access_token (requestAccessToken(); createSession() does it)';
const UNAUTHORIZED =
  'check the API key (an invalid key answers 401) and the bearer token (an invalid, logged-out or expired token answers 401; Weavr tokens expire 5 minutes after their last use and cannot be refreshed: sign in again)';
const LOGIN_FORBIDDEN = 'the email or the password is wrong (Weavr answers 403 to both)';
const FORBIDDEN =
  "check that the API key is this programme's (another programme's key usually answers 403), that the token's identity may do this, and on Back-Office that the token is a Back-Office token, not a user's";
const TOKEN_EXPIRED =
  'the tokenised value (from a secure UI component) has expired: have the user enter it again for a new token';
const TOKEN_NOT_FOUND =
  'the tokenised value (from a secure UI component) is unknown: check the token the component gave';

/** The hint for an error, or undefined when there is nothing more to say than Weavr's own message. */
export function hintFor(
  status: number,
  errorCode: string | undefined,
  message: string | undefined,
  call: { path: string; idempotencyRef?: string | undefined },
): string | undefined {
  const { path } = call;
  const code = errorCode ?? message;
  if (status === 403 && code === 'STEP_UP_REQUIRED') return STEP_UP;
  if (status === 403 && code === 'ACCESS_TOKEN_REQUIRED') return ACCESS_TOKEN_REQUIRED;
  if (status === 401) return UNAUTHORIZED;
  if (status === 403) return path === '/login_with_password' ? LOGIN_FORBIDDEN : FORBIDDEN;
  if (status === 410 && errorCode === 'TOKEN_EXPIRED') return TOKEN_EXPIRED;
  if (status === 410) return 'the resource or token is gone: check which token or id the call used';
  if (status === 404 && errorCode === 'TOKEN_NOT_FOUND') return TOKEN_NOT_FOUND;
  if (status === 400 && isPayloadMismatch(message))
    return `idempotency-ref ${call.idempotencyRef ?? '(none sent)'} was already used with a different body: reuse a ref only to repeat the same call; use a new ref for a new one`;
  return undefined;
}

/** Weavr's answer to a reused `idempotency-ref` with a different payload (a 400 with only a message). */
export function isPayloadMismatch(message: string | undefined): boolean {
  return message !== undefined && /payloads do not match/i.test(message) && /idempotency/i.test(message);
}
