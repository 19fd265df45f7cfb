/**
 * What to do about an error, from what the real Weavr answers where the spec is silent (its QA suite, demo
 * app and docs): which credential or token a 401, 403 or 410 points at. Text only; never quotes a value.
 */

const STEP_UP =
  'the token must be stepped up first: stepUp() (issue and verify an OTP), then repeat the call';
const ACCESS_TOKEN_REQUIRED =
  'the token is an AUTH token: exchange it for an access token with POST /access_token (requestAccessToken)';
const UNAUTHORIZED =
  'check the API key and the token (invalid, logged out, or unused for 5 minutes: sign in again)';
const LOGIN_FORBIDDEN = 'the email or the password is wrong';
const FORBIDDEN =
  "check the API key is this programme's, the token's identity may do this, and (Back-Office) it is not a user token";
const CHANNEL_NOT_REGISTERED =
  'the user has no device enrolled for this channel: enrol one with POST /authentication_factors/otp/SMS, verify it with the code sent (123456 on the sandbox and the emulator), then ask again';
const RETRY_IN_15SEC =
  'a one-time password was issued less than 15 s ago: verify the code already sent, or wait 15 s and ask again';
const TOKEN_EXPIRED = 'the tokenised value (secure UI component) expired: have the user enter it again';
const TOKEN_NOT_FOUND = 'the tokenised value (secure UI component) is unknown: check the token it gave';

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
  if (status === 409 && code === 'CHANNEL_NOT_REGISTERED') return CHANNEL_NOT_REGISTERED;
  if (status === 409 && code === 'RETRY_IN_15SEC') return RETRY_IN_15SEC;
  if (status === 403) return path === '/login_with_password' ? LOGIN_FORBIDDEN : FORBIDDEN;
  if (status === 410 && errorCode === 'TOKEN_EXPIRED') return TOKEN_EXPIRED;
  if (status === 410) return 'gone: check the token or id the call used';
  if (status === 404 && errorCode === 'TOKEN_NOT_FOUND') return TOKEN_NOT_FOUND;
  if (status === 400 && isPayloadMismatch(message))
    return `idempotency-ref ${call.idempotencyRef} was already used with a different body: use a new ref for a new call`;
  return undefined;
}

/** Weavr's answer to a reused `idempotency-ref` with a different payload (a 400 with only a message). */
export function isPayloadMismatch(message: string | undefined): boolean {
  return message !== undefined && /payloads do not match/i.test(message) && /idempotency/i.test(message);
}
