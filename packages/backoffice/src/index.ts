import { type ClientOptions, createWeavrClient, type WeavrClient } from '@weavr-sdk/core';
import { runtime } from './generated/runtime.js';
import type { paths } from './generated/schema.js';
import { spec } from './generated/spec.js';
import { type IdentitySessions, withIdentitySessions } from './session.js';

export {
  type BackofficeBulkHandle,
  type BackofficeBulkItem,
  type BackofficeBulkPath,
  type BulkExecuteOptions,
  type BulkMode,
  type BulkProgress,
  type BulkResult,
  type BulkWaitOptions,
  openBulk,
  type SubmitBulkOptions,
  submitBulk,
  WeavrBulkSubmitError,
} from './bulk.js';
export {
  type BackofficeDocumentPath,
  type DocumentParseAs,
  type DocumentResult,
  getDocument,
} from './document.js';
export { type OperationKey, operations } from './generated/operations.js';
export type { components, operations as OperationTypes, paths } from './generated/schema.js';
export { spec } from './generated/spec.js';
export {
  type BackofficeListItem,
  type BackofficeListPath,
  type Page,
  type PaginateOptions,
  paginate,
  paginatePages,
} from './paginate.js';
export * from './reexports.js';
export type { IdentityRef, IdentitySessions } from './session.js';

/** The Weavr Back-Office API client type. */
export type BackofficeClient<Throw extends boolean = false> = WeavrClient<paths, Throw> &
  IdentitySessions<Throw>;

/** Options for `createBackofficeClient`. `baseUrl` defaults to the Back-Office sandbox, `https://sandbox.weavr.io/multi/backoffice`. */
export type BackofficeClientOptions = ClientOptions;

/**
 * Creates a typed client for every operation of Weavr's Back-Office API.
 *
 * @example
 * const backoffice = createBackofficeClient({ apiKey: process.env.WEAVR_API_KEY!, token });
 * const { data, error } = await backoffice.POST("/managed_cards/{id}/block", { params: { path: { id } } });
 * // Or let the client get and refresh the identity's token:
 * const acme = await backoffice.forIdentity({ type: 'CORPORATE', id: '110141186813853702' });
 */
export function createBackofficeClient<Throw extends boolean = false>(
  options: BackofficeClientOptions & { throwOnError?: Throw },
): BackofficeClient<Throw> {
  const client = createWeavrClient<paths, Throw>(
    {
      name: 'createBackofficeClient',
      defaultBaseUrl: spec.server ?? 'https://sandbox.weavr.io/multi/backoffice',
      runtime,
    },
    options,
  );
  return withIdentitySessions(client);
}
