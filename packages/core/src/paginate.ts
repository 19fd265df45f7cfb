import { WeavrConfigError } from './errors.js';
import { WeavrPaginationError } from './helper-errors.js';
import type {
  GetInit,
  GetInitOptional,
  GetOp,
  HelperCallOptions,
  HelperClient,
  JsonOk,
  OperationMap,
} from './helper-types.js';

/** Options of `paginate` beside the operation's own `params`. */
export interface PaginateOptions {
  /**
   * Stop after this many items in total (pages are shortened to fit, so no item is fetched in vain).
   * @default no limit: every item of the list
   */
  maxItems?: number;
}

/** One page of a list operation. */
export interface Page<Item, Body = unknown> {
  /** The page's items (the operation's item field: `cards`, `transfer`, `entries`, …). */
  items: Item[];
  /** The total number of items matching the query, as reported by the API (`count`). */
  count: number | undefined;
  /** The offset this page was requested at. */
  offset: number;
  /** The whole response body (it may carry more than the items, e.g. a statement's balances). */
  body: Body;
  /** Weavr's `request-ref` of this page's response. */
  requestRef: string | undefined;
}

/** Paths of the GET operations that page with offset/limit, per the generated operation map. */
export type ListPath<Ops> = {
  [K in keyof Ops]: Ops[K] extends { readonly method: 'GET'; readonly path: infer P; readonly list: object }
    ? P
    : never;
}[keyof Ops] &
  string;

type ItemField<Ops, P> = Ops[`GET ${P & string}` & keyof Ops] extends {
  readonly list: { readonly itemField: infer F };
}
  ? F
  : never;

/** The JSON body of a list operation's 200 response. */
export type ListBody<Paths, P> = JsonOk<GetOp<Paths, P>>;

/** The type of one item of a list operation: the array element of its item field. */
export type ListItem<Paths, Ops, P> =
  NonNullable<ListBody<Paths, P>[ItemField<Ops, P> & keyof ListBody<Paths, P>]> extends readonly (infer I)[]
    ? I
    : never;

/** What `paginate` takes: the operation's own init (`params`), per-call options and `maxItems`. */
export type PaginateInit<Paths, P> = GetInit<Paths, P> & HelperCallOptions & PaginateOptions;

/** The init argument, optional when the operation needs no path parameter. */
export type PaginateArgs<Paths, P> =
  GetInitOptional<Paths, P> extends true ? [init?: PaginateInit<Paths, P>] : [init: PaginateInit<Paths, P>];

function listInfo(ops: OperationMap, path: string) {
  const op = ops[`GET ${path}`];
  if (!op?.list) {
    const lists = Object.values(ops)
      .filter((o) => o.list)
      .map((o) => o.path);
    throw new WeavrConfigError(
      `paginate: GET ${String(path)} is not an offset/limit list operation (lists: ${lists.join(', ')})`,
    );
  }
  return op.list;
}

function wholeNumber(where: string, name: string, value: unknown, min: number, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `≥ ${min}` : `between ${min} and ${max}`;
    throw new WeavrConfigError(`${where}: ${name} must be a whole number ${range} (got ${String(value)})`);
  }
  return value;
}

/**
 * Pages of an offset/limit list operation, requested one at a time as the loop asks for them. Stops after the
 * last page: when `offset + items` reaches `count`, or a page comes back empty or shorter than asked. Throws
 * `WeavrPaginationError` when a page repeats the previous one (a server that ignores `offset`).
 * The page size defaults to the operation's cap (100, or 500 for statements).
 */
export async function* paginatePages(
  client: HelperClient,
  ops: OperationMap,
  path: string,
  init?: object,
): AsyncGenerator<Page<unknown>, void, undefined> {
  const where = `paginate ${String(path)}`;
  const list = listInfo(ops, path);
  const { maxItems, ...callInit } = (init ?? {}) as Record<string, unknown> & PaginateOptions;
  if (maxItems !== undefined) wholeNumber(where, 'maxItems', maxItems, 1);
  const params = (callInit.params ?? {}) as { query?: Record<string, unknown> };
  const query = { ...(params.query ?? {}) };
  let offset = query.offset === undefined ? 0 : wholeNumber(where, 'offset', query.offset, 0);
  const limitGiven = query[list.limitParam];
  const pageSize =
    limitGiven === undefined
      ? list.maxLimit
      : wholeNumber(where, list.limitParam, limitGiven, 1, list.maxLimit);

  let seen = 0;
  let previous: string | undefined;
  for (;;) {
    const ask = maxItems === undefined ? pageSize : Math.min(pageSize, maxItems - seen);
    const result = await client.GET(path, {
      ...callInit,
      params: { ...params, query: { ...query, offset, [list.limitParam]: ask } },
      throwOnError: true,
    });
    const body = (result.data ?? {}) as Record<string, unknown>;
    const raw = body[list.itemField];
    let items = Array.isArray(raw) ? raw : [];
    // A server may send more than asked; never hand the caller more than maxItems.
    if (items.length > ask) items = items.slice(0, ask);
    const count = typeof body.count === 'number' ? body.count : undefined;
    const page: Page<unknown> = { items, count, offset, body, requestRef: result.requestRef };
    // A page equal to the one before means the server ignored `offset`: asking on would never end.
    const print = items.length ? JSON.stringify(items) : undefined;
    if (print !== undefined && print === previous)
      throw new WeavrPaginationError(
        `${where}: the page at offset ${offset} repeats the previous page (the server ignored offset); stopped instead of looping`,
        { path, offset, requestRef: result.requestRef },
      );
    previous = print;
    seen += items.length;
    offset += items.length;
    const last =
      items.length === 0 ||
      items.length < ask ||
      (count !== undefined && offset >= count) ||
      (maxItems !== undefined && seen >= maxItems);
    // Nothing is requested after this yield unless the caller asks for the next page.
    yield page;
    if (last) return;
  }
}

/**
 * Every item of an offset/limit list operation, one page in memory at a time. `break` stops the requests.
 */
export async function* paginate(
  client: HelperClient,
  ops: OperationMap,
  path: string,
  init?: object,
): AsyncGenerator<unknown, void, undefined> {
  for await (const page of paginatePages(client, ops, path, init)) yield* page.items;
}
