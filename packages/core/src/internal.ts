/**
 * Plumbing for the client packages (`@weavr-sdk/multi`, `/backoffice`, `/simulator`): not part of the public
 * API, and free to change between minor versions. Everything public is re-exported here too, so a client
 * package imports from one place.
 */

export { sleep } from './abort.js';
export {
  type BulkItem,
  type BulkPath,
  openBulk,
  submitBulk,
} from './bulk.js';
export { type ApiDefinition, createWeavrClient } from './client.js';
export { FETCH_TRANSPORT } from './config.js';
export {
  type DefaultAccept,
  type DocumentAccept,
  type DocumentArgs,
  type DocumentData,
  type DocumentInit,
  type DocumentOptions,
  type DocumentPath,
  getDocument,
} from './document.js';
export { apiErrorFor, asksForStepUp, type ErrorCodeGuard } from './errors.js';
export type * from './helper-types.js';
export * from './index.js';
export {
  FLAG_BEARER_OPTIONAL,
  FLAG_BEARER_REQUIRED,
  FLAG_IDEMPOTENCY_REF,
  type RuntimeTable,
} from './operations.js';
export {
  type ListBody,
  type ListItem,
  type ListPath,
  type PaginateArgs,
  type PaginateInit,
  paginate,
  paginatePages,
} from './paginate.js';
export { serializeQuery } from './query.js';
export { redactBody } from './redact.js';
