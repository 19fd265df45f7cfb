/** What the spec says about one operation; generated into each package's `operations` map. */
export interface OperationInfo {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  /** Alternatives of required credentials, e.g. `[['apiKey', 'bearer']]`. */
  readonly security: readonly (readonly string[])[];
  /** `required` when every alternative needs a bearer token, `optional` when some do. */
  readonly bearer: 'required' | 'optional' | 'none';
  /** Whether the operation declares the `idempotency-ref` header. */
  readonly idempotencyRef: boolean;
  /** For offset/limit lists: the field holding the items and the largest page. */
  readonly list?: { readonly itemField: string; readonly limitParam: string; readonly maxLimit: number };
  /** Success media types other than JSON (`application/pdf`, `text/csv`). */
  readonly media?: readonly string[];
  readonly deprecated?: boolean;
  /** Query parameters not serialised as form + explode: name → [style, explode]. */
  readonly query?: Readonly<Record<string, readonly [string, boolean]>>;
  /** A bulk submit operation (its body is an array of `{ pathParams, requestBody }`): the spec's item cap. */
  readonly bulk?: { readonly maxItems?: number };
}

/** The compact per-operation table a client reads on every call (kept small for bundle size). */
export interface RuntimeTable {
  /** Header that carries the API key. */
  readonly apiKeyHeader: string;
  /** "METHOD /path" → [bit flags (see FLAG_*), operationId]. */
  readonly ops: Readonly<Record<string, readonly [number, string]>>;
  /** "METHOD /path" → query parameters with a non-default style. */
  readonly query: Readonly<Record<string, Readonly<Record<string, readonly [string, boolean]>>>>;
}

/** The operation's security asks for a bearer token in every alternative. */
export const FLAG_BEARER_REQUIRED = 1;
/** Some security alternative takes a bearer token: sent when the client has one. */
export const FLAG_BEARER_OPTIONAL = 2;
/** The operation declares `idempotency-ref`. */
export const FLAG_IDEMPOTENCY_REF = 4;
