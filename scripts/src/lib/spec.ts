import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents are walked dynamically.
export type OpenApiDocument = Record<string, any>;

/** Parses JSON or YAML text. JSON is tried first because it is the format Weavr serves. */
export function parseDocument(text: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch {
      // fall through: YAML is a superset of JSON and reports a better position
    }
  }
  // Weavr's specs reuse anchors heavily; the default alias cap rejects them.
  return parseYaml(text, { maxAliasCount: -1 });
}

/** Returns a reason the value is not an OpenAPI 3.x document, or undefined when it is one. */
export function notOpenApi3(doc: unknown): string | undefined {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return 'not an object document';
  const d = doc as OpenApiDocument;
  if (typeof d.openapi !== 'string') {
    return typeof d.swagger === 'string' ? `Swagger ${d.swagger}, not OpenAPI 3.x` : 'no "openapi" field';
  }
  if (!/^3\.\d+\.\d+/.test(d.openapi)) return `OpenAPI ${d.openapi}, not 3.x`;
  if (!d.info || typeof d.info.version !== 'string') return 'no info.version';
  if (typeof d.paths !== 'object' && typeof d.webhooks !== 'object') return 'neither paths nor webhooks';
  return undefined;
}

/** JSON with object keys sorted, so the same document hashes the same whatever its format or key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function contentHash(doc: unknown): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

export function countOperations(doc: OpenApiDocument): number {
  let n = 0;
  for (const item of Object.values(doc.paths ?? {})) {
    for (const m of HTTP_METHODS) if (item && typeof item === 'object' && m in item) n++;
  }
  return n;
}

export function countWebhooks(doc: OpenApiDocument): number {
  return Object.keys(doc.webhooks ?? {}).length;
}

/** Resolves a local `$ref` (`#/components/...`); other values are returned as they are. */
export function deref<T = OpenApiDocument>(doc: OpenApiDocument, value: unknown, seen = 0): T {
  if (value && typeof value === 'object' && typeof (value as { $ref?: unknown }).$ref === 'string') {
    if (seen > 32) throw new Error(`$ref cycle at ${(value as { $ref: string }).$ref}`);
    const ref = (value as { $ref: string }).$ref;
    if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`);
    let target: unknown = doc;
    for (const raw of ref.slice(2).split('/')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      target = (target as Record<string, unknown> | undefined)?.[key];
    }
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    return deref<T>(doc, target, seen + 1);
  }
  return value as T;
}
