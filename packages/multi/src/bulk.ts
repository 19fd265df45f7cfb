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
/** Multi API bulk submit paths (`/bulks/managed_cards/_id_/block`, `/bulks/transfers`, …). */
export type MultiBulkPath = BulkPath<paths>;
/** One item of a Multi bulk submission: `{ pathParams, requestBody }` of the single operation. */
export type MultiBulkItem<P extends MultiBulkPath> = BulkItem<paths, P>;
/** A submitted Multi bulk process, typed with the spec's `BulkProcessDetails` and `BulkProcessOperation`. */
export type MultiBulkHandle = BulkHandle<
  JsonOk<paths['/bulks/{bulk_id}']['get']>,
  ListItem<paths, typeof operations, '/bulks/{bulk_id}/operations'>
>;

/**
 * Submits a Multi bulk process: one operation per item, split into bulks of at most 10,000. Nothing runs until
 * `execute({ mode })`; `done()` waits for the outcome and `failures()` lists what failed.
 *
 * @example
 * const bulk = await submitBulk(weavr, '/bulks/managed_cards/_id_/block', ids.map((id) => ({ pathParams: { _id_: id } })));
 * await bulk.execute({ mode: 'ON_FAILURE_CONTINUE' });
 * const { status, operationStatusCounts } = await bulk.done({ onProgress: (p) => console.log(p.operationStatusCounts) });
 */
export function submitBulk<P extends MultiBulkPath>(
  // biome-ignore lint/suspicious/noExplicitAny: a throwing or non-throwing client
  client: WeavrClient<paths, any>,
  path: P,
  items: readonly MultiBulkItem<P>[],
  options?: SubmitBulkOptions,
): Promise<MultiBulkHandle> {
  return coreSubmitBulk(client, operations, path, items, options);
}

/** A handle on an existing Multi bulk process, by id. */
// biome-ignore lint/suspicious/noExplicitAny: a throwing or non-throwing client
export function openBulk(client: WeavrClient<paths, any>, bulkId: string): MultiBulkHandle {
  return coreOpenBulk(client, operations, bulkId);
}
