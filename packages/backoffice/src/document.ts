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

// Types these helpers use, so users import them from this package.
export type { DocumentParseAs, DocumentResult } from '@weavr-sdk/core';

type Ops = typeof operations;

/** Back-Office operations that answer with a document: the card and account statements (JSON, PDF, CSV). */
export type BackofficeDocumentPath = DocumentPath<Ops>;

/**
 * Fetches a statement as JSON (typed), PDF (a `Blob`) or CSV (a string), as `accept` asks; which types an
 * operation offers comes from the spec. Throws typed errors.
 *
 * @example
 * const acme = await backoffice.forIdentity({ type: 'CORPORATE', id });
 * const { data: csv } = await getDocument(acme, '/managed_cards/{id}/statement', {
 *   params: { path: { id: cardId } },
 *   accept: 'text/csv',
 * });
 */
export function getDocument<
  P extends BackofficeDocumentPath,
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
