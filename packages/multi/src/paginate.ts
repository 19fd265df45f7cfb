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

// Types and errors these helpers use, so users import them from this package.
export type { Page, PaginateOptions } from '@weavr-sdk/core';

type Ops = typeof operations;

/** Multi API paths that page with offset/limit (`/managed_cards`, `/transfers`, statements, …). */
export type MultiListPath = ListPath<Ops>;
/** One item of a Multi list operation, e.g. a `ManagedCard` for `/managed_cards`. */
export type MultiListItem<P extends MultiListPath> = ListItem<paths, Ops, P>;

/**
 * Every item of a Multi list operation, fetching one page at a time (page size: the operation's cap, 100, or
 * 500 for statements). `break` stops the requests; errors are thrown as typed `WeavrApiError`s.
 *
 * @example
 * for await (const card of paginate(weavr, '/managed_cards', { params: { query: { state: ['ACTIVE'] } } })) {
 *   console.log(card.id);
 * }
 */
export function paginate<P extends MultiListPath>(
  // biome-ignore lint/suspicious/noExplicitAny: a throwing or non-throwing client
  client: WeavrClient<paths, any>,
  path: P,
  ...init: PaginateArgs<paths, P>
): AsyncGenerator<MultiListItem<P>, void, undefined> {
  return corePaginate(client, operations, path, init[0]) as AsyncGenerator<MultiListItem<P>, void, undefined>;
}

/**
 * The pages of a Multi list operation, each with its `items`, the total `count` and the whole `body`.
 *
 * @example
 * for await (const page of paginatePages(weavr, '/transfers')) console.log(`${page.offset}/${page.count}`);
 */
export function paginatePages<P extends MultiListPath>(
  // biome-ignore lint/suspicious/noExplicitAny: a throwing or non-throwing client
  client: WeavrClient<paths, any>,
  path: P,
  ...init: PaginateArgs<paths, P>
): AsyncGenerator<Page<MultiListItem<P>, ListBody<paths, P>>, void, undefined> {
  return corePages(client, operations, path, init[0]) as AsyncGenerator<
    Page<MultiListItem<P>, ListBody<paths, P>>,
    void,
    undefined
  >;
}
