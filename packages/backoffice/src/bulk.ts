import {
  type BulkHandle,
  type BulkItem,
  type BulkPath,
  openBulk as coreOpenBulk,
  submitBulk as coreSubmitBulk,
  type JsonOk,
  type ListItem,
  type SubmitBulkOptions,
  type WeavrClient,
} from '@weavr-sdk/core';
import { operations } from './generated/operations.js';
import type { paths } from './generated/schema.js';

// Types and errors these helpers use, so users import them from this package.
export {
  type BulkExecuteOptions,
  type BulkMode,
  type BulkProgress,
  type BulkResult,
  type BulkWaitOptions,
  type SubmitBulkOptions,
  WeavrBulkSubmitError,
} from '@weavr-sdk/core';

/** Back-Office bulk submit paths (`/bulks/managed_cards/_id_/spend_rules`, `/bulks/transfers`). */
export type BackofficeBulkPath = BulkPath<paths>;
/** One item of a Back-Office bulk submission: `{ pathParams, requestBody }` of the single operation. */
export type BackofficeBulkItem<P extends BackofficeBulkPath> = BulkItem<paths, P>;
/** A submitted Back-Office bulk process, typed with the spec's bulk details and operations. */
export type BackofficeBulkHandle = BulkHandle<
  JsonOk<paths['/bulks/{bulk_id}']['get']>,
  ListItem<paths, typeof operations, '/bulks/{bulk_id}/operations'>
>;

/**
 * Submits a Back-Office bulk process for an identity (use a `forIdentity` client): one operation per item,
 * split into bulks of at most 10,000. Nothing runs until `execute({ mode })`.
 *
 * @example
 * const acme = await backoffice.forIdentity({ type: 'CORPORATE', id });
 * const bulk = await submitBulk(acme, '/bulks/transfers', transfers.map((requestBody) => ({ requestBody })));
 * await bulk.execute({ mode: 'ON_FAILURE_STOP' });
 * console.log((await bulk.done()).status);
 */
export function submitBulk<P extends BackofficeBulkPath>(
  // biome-ignore lint/suspicious/noExplicitAny: a throwing or non-throwing client
  client: WeavrClient<paths, any>,
  path: P,
  items: readonly BackofficeBulkItem<P>[],
  options?: SubmitBulkOptions,
): Promise<BackofficeBulkHandle> {
  return coreSubmitBulk(client, operations, path, items, options);
}

/** A handle on an existing Back-Office bulk process, by id. */
// biome-ignore lint/suspicious/noExplicitAny: a throwing or non-throwing client
export function openBulk(client: WeavrClient<paths, any>, bulkId: string): BackofficeBulkHandle {
  return coreOpenBulk(client, operations, bulkId);
}
