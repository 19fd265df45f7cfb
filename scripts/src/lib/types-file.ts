import type { OperationMeta } from './operations.js';

/**
 * The type-only `generated/types.ts` of a client package: each operation's types by "METHOD /path" and by
 * operationId, the error codes each operation documents, the named schemas (discriminated ones as unions) and
 * the helper types built on them. Only ever imported with `import type`, so none of it reaches a bundle.
 */
export function typesFile(
  head: string,
  title: string,
  ops: readonly OperationMeta[],
  errorCodes: Readonly<Record<string, readonly string[]>>,
): string {
  const q = (s: string) => JSON.stringify(s);
  const key = (o: OperationMeta) => `${o.method} ${o.path}`;
  const byKey = ops.map((o) => `  ${q(key(o))}: paths[${q(o.path)}][${q(o.method.toLowerCase())}];`);
  const byId = ops.map((o) => `  ${q(o.operationId)}: ${q(key(o))};`);
  const codes = ops.map((o) => {
    const list = errorCodes[key(o)] ?? [];
    return `  ${q(key(o))}: ${list.length ? list.map(q).join(' | ') : 'never'};`;
  });
  return `${head}import type { JsonOk, ParamsOf, RequestBodyOf } from '@weavr-sdk/core/internal';
import type { paths } from './schema.js';

export type { Schemas } from './schema.js';

/** Every operation of the ${title}, keyed by "METHOD /path": its openapi-typescript operation type. */
export interface Operations {
${byKey.join('\n')}
}

/** operationId → "METHOD /path". */
export interface OperationIds {
${byId.join('\n')}
}

/** The \`errorCode\` values each operation documents in its 4xx bodies (\`never\` where it lists none). */
export interface ErrorCodes {
${codes.join('\n')}
}

/** An operation, named by "METHOD /path" (\`'POST /transfers'\`) or by its operationId. */
export type OperationRef = keyof Operations | keyof OperationIds;

type Key<K extends OperationRef> = K extends keyof OperationIds ? OperationIds[K] : K & keyof Operations;

/** The openapi-typescript type of an operation. */
export type Operation<K extends OperationRef> = Operations[Key<K>];
/** The JSON request body of an operation (\`never\` when it takes none). */
export type RequestBody<K extends OperationRef> = RequestBodyOf<Operation<K>>;
/** The JSON body of an operation's 200/201 response. */
export type ResponseBody<K extends OperationRef> = JsonOk<Operation<K>>;
/** An operation's path parameters (\`never\` when it has none). */
export type PathParams<K extends OperationRef> = ParamsOf<Operation<K>, 'path'>;
/** An operation's query parameters (\`never\` when it has none). */
export type QueryParams<K extends OperationRef> = ParamsOf<Operation<K>, 'query'>;
/** The error codes an operation documents; without an argument, every code some operation documents. */
export type ErrorCode<K extends OperationRef = OperationRef> = ErrorCodes[Key<K>];
`;
}

/**
 * The package's `generated/exports.ts`: the helper types, and `isWeavrErrorCode` typed with the spec's codes
 * (the runtime's own function under a narrower type: nothing is added to a bundle).
 */
export function exportsFile(head: string, title: string): string {
  return `${head}import { type ErrorCodeGuard, isWeavrErrorCode as anyErrorCode } from '@weavr-sdk/core/internal';
import type { ErrorCode } from './types.js';

export type {
  ErrorCode,
  ErrorCodes,
  Operation,
  OperationRef,
  PathParams,
  QueryParams,
  RequestBody,
  ResponseBody,
  Schemas,
} from './types.js';

/**
 * Type guard: an API error carrying this \`errorCode\`, one that some operation of the ${title} documents
 * (a misspelt code does not compile). Narrows \`e.errorCode\` to it.
 */
export const isWeavrErrorCode: ErrorCodeGuard<ErrorCode> = anyErrorCode;
`;
}
