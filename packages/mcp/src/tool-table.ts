/** A JSON Schema object as the tools carry it: `$ref`-free, documentation trimmed. */
// biome-ignore lint/suspicious/noExplicitAny: JSON Schema is walked dynamically
export type JsonSchema = Record<string, any>;

/** What a tool may do, read from the spec at generate time: the exposure rules key on it. */
export type ToolKind = 'read' | 'write' | 'money';

/** One operation as an MCP tool, written by `scripts/src/generate-mcp.ts` into `src/generated/`. */
export interface ToolSpec {
  /** `<api>_<operationId>`: unique across the APIs (Multi and Back-Office share operationIds); see toolName. */
  name: string;
  /** The API the operation belongs to. */
  api: 'multi' | 'backoffice' | 'simulator';
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** The spec's path template, e.g. `/managed_cards/{id}`. */
  path: string;
  tags: string[];
  /** The spec's summary and description, trimmed, then what the server adds (writes, paging, identity). */
  description: string;
  /** Arguments: path and query parameters by name, `body`, `identity`, `idempotencyRef`. */
  inputSchema: JsonSchema;
  /** Which arguments are path and which query parameters. */
  pathParams: string[];
  queryParams: string[];
  /** Whether the operation takes a JSON body (the `body` argument). */
  body: boolean;
  kind: ToolKind;
  /** MCP annotations, from the method and the operation's flags. */
  destructive: boolean;
  idempotent: boolean;
  /** The operation declares `idempotency-ref`: the tool sends one and returns it. */
  idempotencyRef: boolean;
  /** The operation needs a bearer token: the configured user token, or the identity's (`identity`). */
  bearer: 'required' | 'optional' | 'none';
  /** Bearer taken from an `identity` argument through `forIdentity` (Back-Office). */
  identity: boolean;
  /** A paged list: the query parameter holding the page size, its cap, and the field holding the items. */
  list?: { limitParam: string; maxLimit: number; itemField: string };
  deprecated?: boolean;
}

/** Every tool of one API. */
export interface ToolTable {
  api: ToolSpec['api'];
  title: string;
  version: string;
  sha256: string;
  tools: ToolSpec[];
  /** Operations not exposed, each with why (they take a secret such as a password or a one-time code). */
  withheld: { operationId: string; reason: string }[];
}
