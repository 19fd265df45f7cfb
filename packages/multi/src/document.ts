import {
  getDocument as coreGetDocument,
  type DefaultAccept,
  type DocumentAccept,
  type DocumentArgs,
  type DocumentData,
  type DocumentParseAs,
  type DocumentPath,
  type DocumentResult,
  type WeavrClient,
} from '@weavr-sdk/core';
import { operations } from './generated/operations.js';
import type { paths } from './generated/schema.js';

// Types and errors these helpers use, so users import them from this package.
export type { DocumentParseAs, DocumentResult } from '@weavr-sdk/core';

type Ops = typeof operations;

/** Multi API operations that answer with a document: statements (JSON, PDF, CSV), payment confirmations (PDF). */
export type MultiDocumentPath = DocumentPath<Ops>;

/**
 * Fetches a statement or document as JSON (typed), PDF (a `Blob`) or CSV (a string), as `accept` asks; which
 * types an operation offers comes from the spec. Throws typed errors.
 *
 * @example
 * const { data: pdf } = await getDocument(weavr, '/managed_accounts/{id}/statement', {
 *   params: { path: { id } },
 *   accept: 'application/pdf',
 * });
 * await writeFile('statement.pdf', Buffer.from(await pdf.arrayBuffer()));
 */
export function getDocument<
  P extends MultiDocumentPath,
  A extends DocumentAccept<paths, Ops, P> = DefaultAccept<paths, Ops, P> & DocumentAccept<paths, Ops, P>,
  As extends DocumentParseAs | undefined = undefined,
>(
  // biome-ignore lint/suspicious/noExplicitAny: a throwing or non-throwing client
  client: WeavrClient<paths, any>,
  path: P,
  ...init: DocumentArgs<paths, P, A, As>
): Promise<DocumentResult<DocumentData<paths, P, A, As>>> {
  return coreGetDocument(client, operations, path, init[0]) as never;
}
