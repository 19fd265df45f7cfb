export { type ApiDefinition, createWeavrClient, type RuntimeOptions } from './client.js';
export {
  apiErrorFor,
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
  WeavrNotFoundError,
  WeavrRateLimitError,
  WeavrServerError,
  WeavrTimeoutError,
  WeavrUnauthorizedError,
} from './errors.js';
export type { Logger, LogLevel } from './logger.js';
export {
  FLAG_BEARER_OPTIONAL,
  FLAG_BEARER_REQUIRED,
  FLAG_IDEMPOTENCY_REF,
  type OperationInfo,
  type RuntimeTable,
  type SpecInfo,
} from './operations.js';
export type { CallOptions, ClientOptions, TokenSource } from './options.js';
export { serializeQuery } from './query.js';
export { REDACTED, redactBody, redactHeaders } from './redact.js';
export type { BackoffOptions } from './retry.js';
export type { ResultMeta, WeavrClient, WeavrClientOverrides, WeavrMethod } from './types.js';
