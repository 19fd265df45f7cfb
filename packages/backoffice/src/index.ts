import { type ClientOptions, createWeavrClient, type WeavrClient } from '@weavr-sdk/core/internal';
import { runtime } from './generated/runtime.js';
import type { paths } from './generated/schema.js';
import { server } from './generated/spec.js';
import { type IdentitySessions, identitySessions } from './session.js';

// The public runtime (errors, option and result types, sessions): users import everything from here.
export * from '@weavr-sdk/core';
// Types read off the spec (types only) and `isWeavrErrorCode` typed with the spec's error codes; named, so it
// takes the place of the runtime's untyped one above.
export * from './generated/exports.js';
export { isWeavrErrorCode } from './generated/exports.js';
// Pagination, bulk processes and documents, bound to this API's operations and types.
export * from './generated/helpers.js';
export { type OperationKey, operations } from './generated/operations.js';
export type { components, operations as OperationTypes, paths } from './generated/schema.js';
export { spec } from './generated/spec.js';
export type { IdentityRef, IdentitySessions } from './session.js';

/** The Weavr Back-Office API client type. */
export type BackofficeClient<Throw extends boolean = false> = WeavrClient<
  paths,
  Throw,
  IdentitySessions<Throw>
> &
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
  return createWeavrClient<paths, Throw, IdentitySessions<Throw>>(
    {
      name: 'createBackofficeClient',
      defaultBaseUrl: server ?? 'https://sandbox.weavr.io/multi/backoffice',
      runtime,
      extend: identitySessions,
    },
    options,
  );
}
