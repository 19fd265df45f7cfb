/**
 * `@weavr-sdk/core`'s public surface: what users of the client packages see (each client package re-exports
 * it). Plumbing the client packages need (client construction, runtime tables, the generic helpers they
 * bind to their own types) is in `@weavr-sdk/core/internal`.
 */
export {
  BULK_FINAL_STATES,
  BULK_MAX_OPERATIONS,
  BULK_STATES,
  type BulkDetails,
  type BulkExecuteOptions,
  type BulkHandle,
  type BulkMode,
  type BulkOperation,
  type BulkProgress,
  type BulkResult,
  type BulkWaitOptions,
  type SubmitBulkOptions,
  WeavrBulkSubmitError,
} from './bulk.js';
export { MAX_RETRIES } from './config.js';
export type { DocumentParseAs, DocumentResult } from './document.js';
export {
  type FieldError,
  isWeavrErrorCode,
  type RequestInfo,
  WeavrAbortError,
  WeavrApiError,
  WeavrBadRequestError,
  WeavrConfigError,
  WeavrConflictError,
  WeavrConnectionError,
  WeavrError,
  WeavrForbiddenError,
  WeavrIdempotencyMismatchError,
  WeavrNotFoundError,
  WeavrRateLimitError,
  WeavrRedirectError,
  WeavrResponseError,
  WeavrResponseTooLargeError,
  WeavrServerError,
  WeavrTimeoutError,
  WeavrTokenProviderError,
  WeavrUnauthorizedError,
} from './errors.js';
export { asOpenapiFetchClient } from './fetch-client.js';
export { WeavrBulkStateError, WeavrPaginationError } from './helper-errors.js';
export { MAX_IDEMPOTENCY_REF_LENGTH } from './idempotency.js';
export type { InterceptedCall, Interceptor } from './interceptor.js';
export type { Logger, LogLevel } from './logger.js';
export type { OperationInfo } from './operations.js';
export type { CallOptions, ClientOptions, TokenSource } from './options.js';
export type { Page, PaginateOptions } from './paginate.js';
export { type ProxyOption, WeavrProxyError } from './proxy.js';
export { createRateLimiter, type RateLimiter, type RateLimitOptions } from './rate-limit.js';
export { REDACTED } from './redact.js';
export type { CallResult } from './result.js';
export { errorOf } from './result.js';
export type { BackoffOptions, BeforeRetry, RetryInfo, RetryReason } from './retry.js';
export {
  type RefreshableToken,
  type RefreshableTokenOptions,
  refreshableToken,
  type TokenFetcher,
  withTokenRefresh,
} from './session.js';
export type { CallTrace, TracedCall, TracedResult, Tracing } from './trace-hook.js';
export type { SpanLike, TracerLike } from './tracing.js';
export type { ResultMeta, WeavrClient, WeavrClientOverrides, WeavrMethod } from './types.js';
