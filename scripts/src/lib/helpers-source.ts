import type { OperationMeta } from './operations.js';

/**
 * The source of a client package's `generated/helpers.ts`: core's workflow helpers (pagination, bulk
 * processes, documents) bound once to the package's operation map and path types. One template for every
 * package, so a helper is written once in core and typed per API here, with no copied facade.
 *
 * @param api the API's display name in type names and docs, e.g. `Multi`
 */
export function helpersSource(api: string, ops: readonly OperationMeta[]): string {
  const has = {
    lists: ops.some((o) => o.list),
    documents: ops.some((o) => o.media?.length && o.method === 'GET'),
    bulks: ops.some((o) => o.method === 'POST' && o.path === '/bulks/{bulk_id}/execute'),
  };
  const out: string[] = [
    `import {`,
    ...(has.bulks
      ? [
          '  type BulkHandle,',
          '  type BulkItem,',
          '  type BulkPath,',
          '  type JsonOk,',
          '  openBulk as coreOpenBulk,',
          '  type ParamsOf,',
          '  type SubmitBulkOptions,',
          '  submitBulk as coreSubmitBulk,',
        ]
      : []),
    ...(has.documents
      ? [
          '  type DefaultAccept,',
          '  type DocumentAccept,',
          '  type DocumentArgs,',
          '  type DocumentData,',
          '  type DocumentParseAs,',
          '  type DocumentPath,',
          '  type DocumentResult,',
          '  getDocument as coreGetDocument,',
        ]
      : []),
    ...(has.lists || has.bulks ? ['  type ListItem,'] : []),
    ...(has.lists
      ? [
          '  type ListBody,',
          '  type ListPath,',
          '  type Page,',
          '  type PaginateArgs,',
          '  paginate as corePaginate,',
          '  paginatePages as corePages,',
        ]
      : []),
    `  type WeavrClient,`,
    `} from '@weavr-sdk/core/internal';`,
    `import { operations } from './operations.js';`,
    `import type { paths } from './schema.js';`,
    ``,
    `type Ops = typeof operations;`,
    `// biome-ignore lint/suspicious/noExplicitAny: a throwing or non-throwing client`,
    `type AnyClient = WeavrClient<paths, any>;`,
  ];
  if (has.lists)
    out.push(
      ``,
      `/** ${api} API paths that page with offset/limit (from the spec: an \`offset\`, a \`limit\` and a \`count\`). */`,
      `export type ${api}ListPath = ListPath<Ops>;`,
      `/** One item of a ${api} list operation, e.g. a \`ManagedCard\` for \`/managed_cards\`. */`,
      `export type ${api}ListItem<P extends ${api}ListPath> = ListItem<paths, Ops, P>;`,
      ``,
      `/**`,
      ` * Every item of a ${api} list operation, one page at a time (page size: the operation's cap from the spec).`,
      ` * \`break\` stops the requests; errors are thrown as typed \`WeavrApiError\`s.`,
      ` *`,
      ` * @example`,
      ` * for await (const transfer of paginate(client, '/transfers')) console.log(transfer.id, transfer.state);`,
      ` */`,
      `export function paginate<P extends ${api}ListPath>(client: AnyClient, path: P, ...init: PaginateArgs<paths, P>) {`,
      `  return corePaginate(client, operations, path, init[0]) as AsyncGenerator<${api}ListItem<P>, void, undefined>;`,
      `}`,
      ``,
      `/** The pages of a ${api} list operation, each with its \`items\`, the total \`count\` and the whole \`body\`. */`,
      `export function paginatePages<P extends ${api}ListPath>(client: AnyClient, path: P, ...init: PaginateArgs<paths, P>) {`,
      `  return corePages(client, operations, path, init[0]) as AsyncGenerator<Page<${api}ListItem<P>, ListBody<paths, P>>, void, undefined>;`,
      `}`,
    );
  if (has.bulks)
    out.push(
      ``,
      `/** ${api} API bulk submit paths (\`/bulks/transfers\`, \`/bulks/managed_cards/_id_/spend_rules\`, …). */`,
      `export type ${api}BulkPath = BulkPath<paths>;`,
      `/** One item of a ${api} bulk submission: \`{ pathParams, requestBody }\` of the single operation. */`,
      `export type ${api}BulkItem<P extends ${api}BulkPath> = BulkItem<paths, P>;`,
      `/** A submitted ${api} bulk process, typed with the spec's bulk details and operations. */`,
      `export type ${api}BulkHandle = BulkHandle<JsonOk<paths['/bulks/{bulk_id}']['get']>, ListItem<paths, Ops, '/bulks/{bulk_id}/operations'>, BulkOperationStatus>;`,
      `/** The operation states \`operations({ status })\` filters on, from the spec's \`GET /bulks/{bulk_id}/operations\`. */`,
      `type BulkOperationStatus = NonNullable<ParamsOf<paths['/bulks/{bulk_id}/operations']['get'], 'query'>['status']> & string;`,
      ``,
      `/**`,
      ` * Submits a ${api} bulk process: one operation per item, split into bulks of at most 10,000. Nothing runs`,
      ` * until \`execute({ mode })\`; \`done()\` waits for the outcome and \`failures()\` lists what failed.`,
      ` *`,
      ` * @example`,
      ` * const bulk = await submitBulk(client, '/bulks/transfers', transfers.map((requestBody) => ({ requestBody })));`,
      ` * await bulk.execute({ mode: 'ON_FAILURE_CONTINUE' });`,
      ` * const { status } = await bulk.done({ onProgress: (p) => console.log(p.operationStatusCounts) });`,
      ` */`,
      `export function submitBulk<P extends ${api}BulkPath>(`,
      `  client: AnyClient,`,
      `  path: P,`,
      `  items: readonly ${api}BulkItem<P>[],`,
      `  options?: SubmitBulkOptions,`,
      `): Promise<${api}BulkHandle> {`,
      `  return coreSubmitBulk(client, operations, path, items, options);`,
      `}`,
      ``,
      `/** A handle on an existing ${api} bulk process, by id. */`,
      `export function openBulk(client: AnyClient, bulkId: string): ${api}BulkHandle {`,
      `  return coreOpenBulk(client, operations, bulkId);`,
      `}`,
    );
  if (has.documents)
    out.push(
      ``,
      `/** ${api} API operations that answer with a document (the spec lists PDF or CSV beside JSON). */`,
      `export type ${api}DocumentPath = DocumentPath<Ops>;`,
      ``,
      `/**`,
      ` * Fetches a statement or document as JSON (typed), PDF (a \`Blob\`) or CSV (a string), as \`accept\` asks;`,
      ` * which types an operation offers comes from the spec. Throws typed errors.`,
      ` *`,
      ` * @example`,
      ` * const { data: pdf } = await getDocument(client, '/managed_accounts/{id}/statement', {`,
      ` *   params: { path: { id } },`,
      ` *   accept: 'application/pdf',`,
      ` * });`,
      ` */`,
      `export function getDocument<`,
      `  P extends ${api}DocumentPath,`,
      `  A extends DocumentAccept<paths, Ops, P> = DefaultAccept<paths, Ops, P> & DocumentAccept<paths, Ops, P>,`,
      `  As extends DocumentParseAs | undefined = undefined,`,
      `>(client: AnyClient, path: P, ...init: DocumentArgs<paths, P, A, As>): Promise<DocumentResult<DocumentData<paths, P, A, As>>> {`,
      `  return coreGetDocument(client, operations, path, init[0]) as never;`,
      `}`,
    );
  return `${out.join('\n')}\n`;
}
