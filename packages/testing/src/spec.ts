import { readFileSync } from 'node:fs';

/** A JSON Schema as found in an OpenAPI 3.1 document. */
export type Schema = Record<string, unknown>;

/** An OpenAPI document, as parsed JSON. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
  [key: string]: unknown;
}

/** One declared parameter, its `$ref` resolved. */
export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
  style?: string;
  explode?: boolean;
}

/** What a contract test needs to know about one operation, read straight from the spec. */
export interface SpecOperation {
  /** "METHOD /path", the key of the generated `operations` maps. */
  key: string;
  method: string;
  path: string;
  operationId: string | undefined;
  deprecated: boolean;
  parameters: SpecParameter[];
  body: { required: boolean; mediaType: string; schema: Schema } | undefined;
  /** Declared 2xx statuses, each with the media types of its body (empty: no body). */
  successes: { status: number; media: string[] }[];
  /** Security alternatives, each the list of credential kinds it needs: `apiKey` or `bearer`. */
  security: ('apiKey' | 'bearer' | 'other')[][];
  /** Whether the operation declares the `idempotency-ref` header parameter. */
  declaresIdempotencyRef: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function readSpec(file: string): OpenApiDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/** Follows local `$ref`s (`#/components/...`) until a value that is not a reference. */
export function resolveRef<T>(doc: OpenApiDocument, value: T): T {
  let current: unknown = value;
  for (let hops = 0; isRef(current); hops++) {
    if (hops > 32) throw new Error(`$ref cycle at ${current.$ref}`);
    current = pointer(doc, current.$ref);
  }
  return current as T;
}

function isRef(v: unknown): v is { $ref: string } {
  return !!v && typeof v === 'object' && typeof (v as { $ref?: unknown }).$ref === 'string';
}

function pointer(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown> | undefined)?.[key];
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return node;
}

function credentialKind(doc: OpenApiDocument, scheme: string): 'apiKey' | 'bearer' | 'other' {
  const def = resolveRef(doc, doc.components?.securitySchemes?.[scheme]) as
    | { type?: string; scheme?: string; in?: string; name?: string }
    | undefined;
  if (def?.type === 'apiKey' && def.in === 'header' && def.name?.toLowerCase() === 'api-key') return 'apiKey';
  if (def?.type === 'http' && def.scheme?.toLowerCase() === 'bearer') return 'bearer';
  return 'other';
}

/** Every operation of the document, in document order. */
export function specOperations(doc: OpenApiDocument): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths)) {
    const item = resolveRef(doc, rawItem) as Record<string, unknown>;
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const parameters = mergeParameters(doc, item.parameters, op.parameters);
      const security = ((op.security ?? doc.security ?? []) as Record<string, string[]>[]).map((alt) =>
        Object.keys(alt).map((name) => credentialKind(doc, name)),
      );
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        operationId: op.operationId as string | undefined,
        deprecated: op.deprecated === true,
        parameters,
        body: requestBody(doc, op.requestBody),
        successes: successes(doc, op.responses as Record<string, unknown>),
        security,
        declaresIdempotencyRef: parameters.some(
          (p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-ref',
        ),
      });
    }
  }
  return out;
}

function mergeParameters(doc: OpenApiDocument, pathLevel: unknown, opLevel: unknown): SpecParameter[] {
  const byKey = new Map<string, SpecParameter>();
  for (const raw of [...((pathLevel as unknown[]) ?? []), ...((opLevel as unknown[]) ?? [])]) {
    const p = resolveRef(doc, raw) as SpecParameter & { schema?: Schema };
    byKey.set(`${p.in}:${p.name}`, {
      name: p.name,
      in: p.in,
      required: p.required === true || p.in === 'path',
      schema: p.schema ?? {},
      ...(p.style ? { style: p.style } : {}),
      ...(p.explode !== undefined ? { explode: p.explode } : {}),
    });
  }
  return [...byKey.values()];
}

function requestBody(doc: OpenApiDocument, raw: unknown): SpecOperation['body'] {
  if (!raw) return undefined;
  const body = resolveRef(doc, raw) as { required?: boolean; content?: Record<string, { schema?: Schema }> };
  const entries = Object.entries(body.content ?? {});
  const [mediaType, content] = entries.find(([m]) => /json/i.test(m)) ?? entries[0] ?? [];
  if (!mediaType) return undefined;
  return { required: body.required === true, mediaType, schema: content?.schema ?? {} };
}

function successes(doc: OpenApiDocument, responses: Record<string, unknown>): SpecOperation['successes'] {
  return Object.entries(responses ?? {})
    .filter(([status]) => /^2\d\d$/.test(status))
    .map(([status, raw]) => {
      const res = resolveRef(doc, raw) as { content?: Record<string, unknown> };
      return { status: Number(status), media: Object.keys(res.content ?? {}) };
    });
}
