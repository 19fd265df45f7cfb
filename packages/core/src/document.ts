import { WeavrConfigError } from './errors.js';
import type {
  GetInit,
  GetInitOptional,
  GetOp,
  HelperCallOptions,
  HelperClient,
  JsonOk,
  OperationMap,
} from './helper-types.js';

const JSON_TYPE = 'application/json';

/** How a non-JSON body is handed back. */
export type DocumentParseAs = 'blob' | 'arrayBuffer' | 'text' | 'stream';

/** Paths of the GET operations that can answer with a document (PDF, CSV), per the generated operation map. */
export type DocumentPath<Ops> = {
  [K in keyof Ops]: Ops[K] extends { readonly method: 'GET'; readonly path: infer P; readonly media: object }
    ? P
    : never;
}[keyof Ops] &
  string;

type MediaOf<Ops, P> = Ops[`GET ${P & string}` & keyof Ops] extends { readonly media: readonly (infer M)[] }
  ? M & string
  : never;

type OkContent<Op> = Op extends { responses: { 200: { content: infer C } } } ? C : never;
type HasJson<Paths, P> = typeof JSON_TYPE extends keyof OkContent<GetOp<Paths, P>> ? true : false;

/** The `accept` values an operation answers to: JSON when the spec offers it, and its document types. */
export type DocumentAccept<Paths, Ops, P> =
  | MediaOf<Ops, P>
  | (HasJson<Paths, P> extends true ? typeof JSON_TYPE : never);

/** What is sent when `accept` is left out: JSON if offered, else the operation's document type. */
export type DefaultAccept<Paths, Ops, P> =
  HasJson<Paths, P> extends true ? typeof JSON_TYPE : MediaOf<Ops, P>;

/** The type of `data` for an `accept` and `parseAs`. */
export type DocumentData<Paths, P, A, As> = A extends typeof JSON_TYPE
  ? JsonOk<GetOp<Paths, P>>
  : As extends 'arrayBuffer'
    ? ArrayBuffer
    : As extends 'stream'
      ? ReadableStream<Uint8Array>
      : As extends 'text'
        ? string
        : As extends 'blob'
          ? Blob
          : A extends `text/${string}`
            ? string
            : Blob;

/** Options of `getDocument` beside the operation's own `params`. */
export interface DocumentOptions<
  A extends string = string,
  As extends DocumentParseAs | undefined = undefined,
> {
  /**
   * The media type asked for (the `accept` header): one the operation's spec lists.
   * @default 'application/json' where the operation offers JSON, else its document type (PDF)
   */
  accept?: A;
  /**
   * How a document body is returned.
   * @default 'text' for text/* (CSV), 'blob' otherwise
   */
  parseAs?: As;
}

export type DocumentInit<Paths, P, A extends string, As extends DocumentParseAs | undefined> = GetInit<
  Paths,
  P
> &
  HelperCallOptions &
  DocumentOptions<A, As>;

export type DocumentArgs<Paths, P, A extends string, As extends DocumentParseAs | undefined> =
  GetInitOptional<Paths, P> extends true
    ? [init?: DocumentInit<Paths, P, A, As>]
    : [init: DocumentInit<Paths, P, A, As>];

/** A downloaded document or JSON body. */
export interface DocumentResult<Data> {
  data: Data;
  /** The response's `content-type`, e.g. `application/pdf`. */
  contentType: string;
  /** Weavr's `request-ref`, when sent. */
  requestRef: string | undefined;
  response: Response;
}

/**
 * Fetches an operation that answers with JSON, PDF or CSV depending on `accept` (statements, payment
 * confirmations). Which types each operation offers comes from the generated operation map. Throws typed errors.
 */
export async function getDocument(
  client: HelperClient,
  ops: OperationMap,
  path: string,
  init: object = {},
): Promise<DocumentResult<unknown>> {
  const op = ops[`GET ${path}`];
  if (!op?.media) {
    const docs = Object.values(ops)
      .filter((o) => o.media && o.method === 'GET')
      .map((o) => o.path);
    throw new WeavrConfigError(
      `getDocument: GET ${String(path)} does not return documents (operations that do: ${docs.join(', ')})`,
    );
  }
  const { accept, parseAs, ...rest } = init as Record<string, unknown> &
    DocumentOptions<string, DocumentParseAs | undefined>;
  const offered = [JSON_TYPE, ...op.media];
  if (accept !== undefined && !offered.includes(accept)) {
    throw new WeavrConfigError(
      `getDocument ${path}: accept must be one of ${offered.join(', ')} (got ${JSON.stringify(accept)})`,
    );
  }
  if (parseAs !== undefined && !['blob', 'arrayBuffer', 'text', 'stream'].includes(parseAs)) {
    throw new WeavrConfigError(
      `getDocument ${path}: parseAs must be blob, arrayBuffer, text or stream (got ${JSON.stringify(parseAs)})`,
    );
  }
  const headers = accept ? { ...(rest.headers as Record<string, string> | undefined), accept } : rest.headers;
  const result = await client.GET(path, {
    ...rest,
    ...(headers ? { headers } : {}),
    // Read the body here, once the content type is known.
    parseAs: 'stream',
    throwOnError: true,
  });
  const response = result.response as Response;
  // The body as the client hands it over: a stream bounded by the call's timeout and maxResponseBytes.
  const body = new Response(result.data as ReadableStream | undefined, { headers: response.headers });
  const contentType = response.headers.get('content-type') ?? '';
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  let data: unknown;
  if (response.status === 204 || response.headers.get('content-length') === '0') data = undefined;
  else if (/^application\/(.+\+)?json$/.test(type) && accept !== undefined && accept !== JSON_TYPE)
    // Asked for a document and got JSON anyway: hand it back as asked rather than guess.
    data = await read(body, parseAs ?? 'blob');
  else if (/^application\/(.+\+)?json$/.test(type)) data = await body.json();
  else data = await read(body, parseAs ?? (type.startsWith('text/') ? 'text' : 'blob'));
  return { data, contentType, requestRef: result.requestRef, response };
}

function read(response: Response, as: DocumentParseAs): Promise<unknown> {
  switch (as) {
    case 'arrayBuffer':
      return response.arrayBuffer();
    case 'text':
      return response.text();
    case 'stream':
      return Promise.resolve(response.body);
    default:
      return response.blob();
  }
}
