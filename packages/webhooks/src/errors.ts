import { WeavrError } from '@weavr-sdk/core';

/** Why a delivery was rejected. */
export type WebhookErrorCode =
  | 'MISSING_HEADER'
  | 'MALFORMED_HEADER'
  | 'BAD_SIGNATURE'
  | 'UNSIGNED_EVENT'
  | 'STALE_TIMESTAMP'
  | 'FUTURE_TIMESTAMP'
  | 'BODY_NOT_RAW'
  | 'BODY_TOO_LARGE'
  | 'BODY_NOT_JSON'
  | 'WRONG_EVENT'
  | 'BODY_TIMEOUT';

/**
 * Base of every rejection. Answer the request with `status` (401 when authenticity failed, 400 for a
 * malformed request, 413 for an oversized body). Messages never contain the API key, the signatures or
 * the body: only which check failed.
 */
export class WebhookVerificationError extends WeavrError {
  override name = 'WebhookVerificationError';
  readonly code: WebhookErrorCode;
  /** The HTTP status to answer with. */
  readonly status: number;
  constructor(code: WebhookErrorCode, message: string, status: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** A header the check needs is absent, repeated, or not in the form Weavr sends. */
export class WebhookHeaderError extends WebhookVerificationError {
  override name = 'WebhookHeaderError';
  /** The header at fault, lower-case, e.g. `signature-v2`. */
  readonly header: string;
  constructor(code: 'MISSING_HEADER' | 'MALFORMED_HEADER', header: string, message: string) {
    super(code, message, code === 'MISSING_HEADER' ? 401 : 400);
    this.header = header;
  }
}

/** The signature does not match the body and headers for this API key (or the event is unsigned). */
export class WebhookSignatureError extends WebhookVerificationError {
  override name = 'WebhookSignatureError';
  constructor(code: 'BAD_SIGNATURE' | 'UNSIGNED_EVENT', message: string) {
    super(code, message, 401);
  }
}

/** The signature is good but `published-timestamp` is outside the replay window. */
export class WebhookTimestampError extends WebhookVerificationError {
  override name = 'WebhookTimestampError';
  /** The `published-timestamp` received, epoch milliseconds. */
  readonly publishedTimestamp: number;
  /** How far it is from this machine's clock, in milliseconds: positive when in the past. */
  readonly ageMs: number;
  readonly toleranceMs: number;
  constructor(
    code: 'STALE_TIMESTAMP' | 'FUTURE_TIMESTAMP',
    publishedTimestamp: number,
    ageMs: number,
    toleranceMs: number,
  ) {
    super(
      code,
      code === 'STALE_TIMESTAMP'
        ? `published-timestamp is ${ageMs} ms old, beyond the ${toleranceMs} ms replay window: a replayed delivery, or this machine's clock is wrong`
        : `published-timestamp is ${-ageMs} ms in the future, beyond the ${toleranceMs} ms window: check this machine's clock`,
      401,
    );
    this.publishedTimestamp = publishedTimestamp;
    this.ageMs = ageMs;
    this.toleranceMs = toleranceMs;
  }
}

/**
 * The body given is not the raw bytes received (e.g. already parsed), is too large, is not a JSON object, is
 * not the event it was delivered as (`WRONG_EVENT`), or did not arrive in time (`BODY_TIMEOUT`, 408).
 */
export class WebhookBodyError extends WebhookVerificationError {
  override name = 'WebhookBodyError';
  constructor(
    code: 'BODY_NOT_RAW' | 'BODY_TOO_LARGE' | 'BODY_NOT_JSON' | 'WRONG_EVENT' | 'BODY_TIMEOUT',
    message: string,
  ) {
    super(code, message, code === 'BODY_TOO_LARGE' ? 413 : code === 'BODY_TIMEOUT' ? 408 : 400);
  }
}
