export {
  BULK_FINAL_STATES,
  BULK_MAX_OPERATIONS,
  type BulkDetails,
  type BulkExecuteOptions,
  type BulkHandle,
  type BulkItem,
  type BulkMode,
  type BulkOperation,
  type BulkPath,
  type BulkProgress,
  type BulkResult,
  type BulkWaitOptions,
  openBulk,
  type SubmitBulkOptions,
  submitBulk,
  WeavrBulkSubmitError,
} from './bulk.js';
export { type ApiDefinition, createWeavrClient } from './client.js';
export { MAX_RETRIES } from './config.js';
export {
  type DefaultAccept,
  type DocumentAccept,
  type DocumentArgs,
  type DocumentData,
  type DocumentInit,
  type DocumentOptions,
  type DocumentParseAs,
  type DocumentPath,
  type DocumentResult,
  getDocument,
} from './document.js';
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
  WeavrRedirectError,
  WeavrResponseError,
  WeavrResponseTooLargeError,
  WeavrServerError,
  WeavrTimeoutError,
  WeavrUnauthorizedError,
} from './errors.js';
export type {
  GetInit,
  GetInitOptional,
  GetOp,
  HelperCallOptions,
  HelperClient,
  JsonOk,
  OperationMap,
} from './helper-types.js';
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
export {
  type ListBody,
  type ListItem,
  type ListPath,
  type Page,
  type PaginateArgs,
  type PaginateInit,
  type PaginateOptions,
  paginate,
  paginatePages,
} from './paginate.js';
export { serializeQuery } from './query.js';
export { REDACTED, redactBody, redactHeaders } from './redact.js';
export type { BackoffOptions } from './retry.js';
export {
  type RefreshableToken,
  type RefreshableTokenOptions,
  refreshableToken,
  type TokenFetcher,
  withTokenRefresh,
} from './session.js';
export type { ResultMeta, WeavrClient, WeavrClientOverrides, WeavrMethod } from './types.js';
