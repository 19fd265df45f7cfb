import {
  FLAG_BEARER_OPTIONAL,
  FLAG_BEARER_REQUIRED,
  FLAG_IDEMPOTENCY_REF,
  type OperationInfo,
} from '../../../packages/core/src/operations.js';
import { deref, HTTP_METHODS, type OpenApiDocument } from './spec.js';

/**
 * What the runtime and the helpers need to know about one operation, read from the spec: core's
 * `OperationInfo` (one definition for the generator and the runtime), writable while it is built.
 */
export type OperationMeta = { -readonly [K in keyof OperationInfo]: OperationInfo[K] };

function schemeKind(doc: OpenApiDocument, name: string): string {
  const s = doc.components?.securitySchemes?.[name];
  if (!s) throw new Error(`security scheme ${name} is not declared in components.securitySchemes`);
  if (s.type === 'http' && String(s.scheme).toLowerCase() === 'bearer') return 'bearer';
  if (s.type === 'apiKey') return 'apiKey';
  return String(s.type);
}

function isJson(media: string): boolean {
  return /^application\/(.+\+)?json/i.test(media) || media === '*/*';
}

function listShape(doc: OpenApiDocument, op: OpenApiDocument, params: OpenApiDocument[]) {
  const names = new Set(params.filter((p) => p.in === 'query').map((p) => p.name));
  const limitParam = ['limit', 'statementLimit'].find((n) => names.has(n));
  if (!names.has('offset') || !limitParam) return undefined;
  const ok = op.responses?.['200'] ?? op.responses?.['201'];
  const content = deref(doc, ok)?.content ?? {};
  const media = Object.keys(content).find(isJson);
  if (!media) return undefined;
  const schema = deref(doc, content[media].schema);
  const props = collectProperties(doc, schema);
  if (!('count' in props)) return undefined;
  const arrays = Object.entries(props).filter(
    ([, s]) => deref(doc, s)?.type === 'array' || deref(doc, s)?.items,
  );
  if (arrays.length !== 1) return undefined;
  const limit = deref(doc, params.find((p) => p.name === limitParam)?.schema) ?? {};
  return {
    itemField: (arrays[0] as [string, unknown])[0],
    limitParam,
    maxLimit: Number(limit.maximum ?? 100),
  };
}

function collectProperties(
  doc: OpenApiDocument,
  schema: OpenApiDocument | undefined,
): Record<string, OpenApiDocument> {
  if (!schema) return {};
  const own = { ...(schema.properties ?? {}) };
  for (const part of schema.allOf ?? []) Object.assign(own, collectProperties(doc, deref(doc, part)));
  return own;
}

/** Calls `fn` for every operation of the document, with its path-level and own parameters resolved. */
export function eachOperation(
  doc: OpenApiDocument,
  fn: (
    path: string,
    method: (typeof HTTP_METHODS)[number],
    op: OpenApiDocument,
    params: OpenApiDocument[],
  ) => void,
): void {
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = deref(doc, rawItem);
    for (const m of HTTP_METHODS) {
      const op = item[m];
      if (!op) continue;
      fn(
        path,
        m,
        op,
        [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(doc, p)),
      );
    }
  }
}

/** The string values a schema allows: its `enum`, or those of the schemas it combines. */
function enumValues(doc: OpenApiDocument, raw: unknown): string[] {
  const schema = deref(doc, raw);
  if (!schema || typeof schema !== 'object') return [];
  const own = Array.isArray(schema.enum) ? schema.enum.filter((v: unknown) => typeof v === 'string') : [];
  const parts = [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  return [...own, ...parts.flatMap((p: unknown) => enumValues(doc, p))];
}

/** Where Weavr puts the machine-readable code of an error body (the runtime reads `errorCode`, then `code`). */
const ERROR_CODE_FIELDS = ['errorCode', 'code'];

/**
 * The error codes each operation documents: the enum values of `errorCode` (or `code`) in its 4xx JSON
 * bodies, sorted, keyed by "METHOD /path". Operations that document none map to an empty list.
 */
export function readErrorCodes(doc: OpenApiDocument): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  eachOperation(doc, (path, m, op) => {
    const codes = new Set<string>();
    for (const [status, res] of Object.entries(op.responses ?? {})) {
      if (!/^4/.test(status)) continue;
      for (const [type, media] of Object.entries(deref(doc, res)?.content ?? {})) {
        if (!isJson(type)) continue;
        const props = collectProperties(doc, deref(doc, (media as OpenApiDocument).schema));
        for (const f of ERROR_CODE_FIELDS) for (const v of enumValues(doc, props[f])) codes.add(v);
      }
    }
    out[`${m.toUpperCase()} ${path}`] = [...codes].sort();
  });
  return out;
}

/**
 * A bulk submit operation: its JSON body is an array of `{ pathParams, requestBody }` items (the single
 * operation each runs), with the spec's `maxItems` as the most one bulk takes.
 */
function bulkShape(doc: OpenApiDocument, op: OpenApiDocument): OperationMeta['bulk'] {
  const schema = deref(doc, deref(doc, op.requestBody)?.content?.['application/json']?.schema);
  if (schema?.type !== 'array') return undefined;
  const item = collectProperties(doc, deref(doc, schema.items));
  if (!('pathParams' in item) && !('requestBody' in item)) return undefined;
  return typeof schema.maxItems === 'number' ? { maxItems: schema.maxItems } : {};
}

export function readOperations(doc: OpenApiDocument): OperationMeta[] {
  const out: OperationMeta[] = [];
  eachOperation(doc, (path, m, op, params) => {
    const security: string[][] = (op.security ?? doc.security ?? []).map((alt: Record<string, unknown>) =>
      Object.keys(alt).map((n) => schemeKind(doc, n)),
    );
    const withBearer = security.filter((alt) => alt.includes('bearer')).length;
    const bearer = withBearer === 0 ? 'none' : withBearer === security.length ? 'required' : 'optional';
    const media = new Set<string>();
    for (const [status, res] of Object.entries(op.responses ?? {})) {
      if (!/^2/.test(status)) continue;
      for (const type of Object.keys(deref(doc, res)?.content ?? {})) if (!isJson(type)) media.add(type);
    }
    const query: Record<string, [string, boolean]> = {};
    for (const p of params) {
      if (p.in !== 'query') continue;
      const style = p.style ?? 'form';
      const explode = p.explode ?? style === 'form';
      if (style !== 'form' || !explode) query[p.name] = [style, explode];
    }
    const meta: OperationMeta = {
      method: m.toUpperCase(),
      path,
      operationId: op.operationId ?? `${m}${path}`,
      security,
      bearer,
      idempotencyRef: params.some(
        (p) => p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-ref',
      ),
    };
    const list = listShape(doc, op, params);
    if (list) meta.list = list;
    const bulk = bulkShape(doc, op);
    if (bulk) meta.bulk = bulk;
    if (media.size) meta.media = [...media].sort();
    if (op.deprecated) meta.deprecated = true;
    if (Object.keys(query).length) meta.query = query;
    out.push(meta);
  });
  return out;
}

/** The runtime flags of an operation (core's FLAG_*), one number so the client bundle stays small. */
export function runtimeFlags(op: OperationMeta): number {
  return (
    (op.bearer === 'required' ? FLAG_BEARER_REQUIRED : 0) |
    (op.bearer === 'optional' ? FLAG_BEARER_OPTIONAL : 0) |
    (op.idempotencyRef ? FLAG_IDEMPOTENCY_REF : 0)
  );
}

/** The header that carries the API key (`api-key`, or `programme-key` on the simulator). */
export function apiKeyHeader(doc: OpenApiDocument): string {
  const schemes = Object.values(doc.components?.securitySchemes ?? {}) as OpenApiDocument[];
  const key = schemes.find((s) => s.type === 'apiKey' && s.in === 'header');
  return key?.name ?? 'api-key';
}
