import { type ClientOptions, createWeavrClient, type WeavrClient } from '@weavr-sdk/core';
import { runtime } from './generated/runtime.js';
import type { paths } from './generated/schema.js';
import { spec } from './generated/spec.js';

export { type OperationKey, operations } from './generated/operations.js';
export type { components, operations as OperationTypes, paths } from './generated/schema.js';
export { spec } from './generated/spec.js';
export * from './reexports.js';

/** The Weavr Back-Office API client type. */
export type BackofficeClient<Throw extends boolean = false> = WeavrClient<paths, Throw>;

/** Options for `createBackofficeClient`. `baseUrl` defaults to the Back-Office sandbox, `https://sandbox.weavr.io/multi/backoffice`. */
export type BackofficeClientOptions = ClientOptions;

/**
 * Creates a typed client for every operation of Weavr's Back-Office API.
 *
 * @example
 * const backoffice = createBackofficeClient({ apiKey: process.env.WEAVR_API_KEY!, token });
 * const { data, error } = await backoffice.POST("/managed_cards/{id}/block", { params: { path: { id } } });
 */
export function createBackofficeClient<Throw extends boolean = false>(
  options: BackofficeClientOptions & { throwOnError?: Throw },
): BackofficeClient<Throw> {
  return createWeavrClient<paths, Throw>(
    {
      factory: 'createBackofficeClient',
      defaultBaseUrl: spec.server ?? 'https://sandbox.weavr.io/multi/backoffice',
      runtime,
    },
    options,
  );
}
