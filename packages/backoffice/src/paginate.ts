import {
  paginatePages as corePages,
  paginate as corePaginate,
  type ListBody,
  type ListItem,
  type ListPath,
  type Page,
  type PaginateArgs,
  type WeavrClient,
} from '@weavr-sdk/core';
import { operations } from './generated/operations.js';
import type { paths } from './generated/schema.js';

// Types these helpers use, so users import them from this package.
export type { Page, PaginateOptions } from '@weavr-sdk/core';

type Ops = typeof operations;

/** Back-Office paths that page with offset/limit (`/transfers`, `/bulks`, statements, …). */
export type BackofficeListPath = ListPath<Ops>;
/** One item of a Back-Office list operation. */
export type BackofficeListItem<P extends BackofficeListPath> = ListItem<paths, Ops, P>;

/**
 * Every item of a Back-Office list operation, fetching one page at a time (page size: the operation's cap).
 * `break` stops the requests; errors are thrown as typed `WeavrApiError`s.
 *
 * @example
 * const acme = await backoffice.forIdentity({ type: 'CORPORATE', id });
 * for await (const transfer of paginate(acme, '/transfers')) console.log(transfer.id, transfer.state);
 */
export function paginate<P extends BackofficeListPath>(
  // biome-ignore lint/suspicious/noExplicitAny: a throwing or non-throwing client
  client: WeavrClient<paths, any>,
  path: P,
  ...init: PaginateArgs<paths, P>
): AsyncGenerator<BackofficeListItem<P>, void, undefined> {
  return corePaginate(client, operations, path, init[0]) as AsyncGenerator<
    BackofficeListItem<P>,
    void,
    undefined
  >;
}

/** The pages of a Back-Office list operation, each with its `items`, the total `count` and the whole `body`. */
export function paginatePages<P extends BackofficeListPath>(
  // biome-ignore lint/suspicious/noExplicitAny: a throwing or non-throwing client
  client: WeavrClient<paths, any>,
  path: P,
  ...init: PaginateArgs<paths, P>
): AsyncGenerator<Page<BackofficeListItem<P>, ListBody<paths, P>>, void, undefined> {
  return corePages(client, operations, path, init[0]) as AsyncGenerator<
    Page<BackofficeListItem<P>, ListBody<paths, P>>,
    void,
    undefined
  >;
}
