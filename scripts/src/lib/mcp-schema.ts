import { deref, type OpenApiDocument } from './spec.js';

// biome-ignore lint/suspicious/noExplicitAny: schemas are walked dynamically
type Json = any;

/** Keywords that only annotate, or that JSON Schema does not know: dropped from tool schemas. */
const DROPPED = new Set([
  'example',
  'examples',
  'discriminator',
  'xml',
  'externalDocs',
  'deprecated',
  'title',
]);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_ONE = new Set(['items', 'additionalProperties', 'not', 'contains', 'propertyNames']);

/** Longest description kept on a property: enough to say what it is, not a page of docs per field. */
export const PROPERTY_DESCRIPTION_CHARS = 200;

/** Collapses whitespace and cuts `text` at `max` characters, on a word boundary, with an ellipsis. */
export function trimText(text: unknown, max: number): string {
  const flat = String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/**
 * A schema with every local `$ref` resolved in place, for a tool's input: annotations JSON Schema does not
 * need dropped, OpenAPI 3.0's `nullable` and boolean `exclusiveMinimum`/`Maximum` turned into JSON Schema,
 * `oneOf` checked as `anyOf` (Weavr's alternatives overlap: SEPA and RIX beneficiaries have one shape, so a
 * strict oneOf refuses what the API accepts), and `readOnly` properties left out (a request never sends them).
 * A schema reached again inside itself (a recursive shape) becomes `{}`: any value.
 */
export function inlineSchema(doc: OpenApiDocument, raw: unknown, stack: string[] = []): Json {
  let node: Json = raw;
  const refs: string[] = [];
  while (node && typeof node === 'object' && typeof node.$ref === 'string') {
    if (stack.includes(node.$ref)) return { description: 'recursive: any value of the shape above' };
    refs.push(node.$ref);
    node = deref(doc, { $ref: node.$ref });
  }
  if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
  const inner = [...stack, ...refs];
  const out: Json = {};
  for (const [key, value] of Object.entries<Json>(node)) {
    if (DROPPED.has(key) || key.startsWith('x-') || key === 'readOnly' || key === 'writeOnly') continue;
    if (key === 'description') {
      const text = trimText(value, PROPERTY_DESCRIPTION_CHARS);
      if (text) out.description = text;
    } else if (key === 'properties' && value && typeof value === 'object') {
      const props: Json = {};
      for (const [name, sub] of Object.entries<Json>(value)) {
        if (deref<Json>(doc, sub)?.readOnly === true) continue;
        props[name] = inlineSchema(doc, sub, inner);
      }
      out.properties = props;
    } else if (SCHEMA_MAPS.has(key) && value && typeof value === 'object')
      out[key] = Object.fromEntries(
        Object.entries<Json>(value).map(([k, v]) => [k, inlineSchema(doc, v, inner)]),
      );
    else if (key === 'oneOf' && Array.isArray(value))
      out.anyOf = value.map((v) => inlineSchema(doc, v, inner));
    else if (SCHEMA_LISTS.has(key) && Array.isArray(value))
      out[key] = value.map((v) => inlineSchema(doc, v, inner));
    else if (SCHEMA_ONE.has(key) && value && typeof value === 'object')
      out[key] = inlineSchema(doc, value, inner);
    else if (key === 'nullable') continue;
    else if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value === 'boolean')
      continue;
    else out[key] = value;
  }
  // OpenAPI 3.0 forms, as JSON Schema says them.
  if (node.nullable === true && out.type !== undefined)
    out.type = [...(Array.isArray(out.type) ? out.type : [out.type]), 'null'];
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (node[flag] === true && typeof node[bound] === 'number') {
      out[flag] = node[bound];
      delete out[bound];
    }
  }
  // A `required` naming a dropped (read-only) property would make every request invalid.
  if (Array.isArray(out.required) && out.properties)
    out.required = out.required.filter((n: string) => n in out.properties || !(n in (node.properties ?? {})));
  if (Array.isArray(out.required) && out.required.length === 0) delete out.required;
  return out;
}

/** Walks every subschema of `node` with its depth (the root is 0), children before the parent is replaced. */
function mapSchema(node: Json, fn: (n: Json, depth: number) => Json, depth = 0): Json {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries<Json>(node)) {
    if (SCHEMA_MAPS.has(key) && value && typeof value === 'object')
      out[key] = Object.fromEntries(
        Object.entries<Json>(value).map(([k, v]) => [k, mapSchema(v, fn, depth + 1)]),
      );
    else if ((SCHEMA_LISTS.has(key) || key === 'anyOf') && Array.isArray(value))
      out[key] = value.map((v) => mapSchema(v, fn, depth + 1));
    else if (SCHEMA_ONE.has(key) && value && typeof value === 'object')
      out[key] = mapSchema(value, fn, depth + 1);
    else out[key] = value;
  }
  return fn(out, depth);
}

/** Note left where a shape was cut to keep a tool's schema small. */
export const CUT_NOTE = 'shape shortened to keep the tool small: see the API reference for its fields';

/**
 * `schema` within `budget` characters of JSON, where it can be: first descriptions below the top two levels
 * go, then nested shapes from the deepest level up are replaced by their bare type (the API still checks
 * them). Returns the schema and whether it had to be cut.
 */
export function fitSchema(schema: Json, budget: number): { schema: Json; cut: boolean } {
  const size = (s: Json) => JSON.stringify(s).length;
  if (size(schema) <= budget) return { schema, cut: false };
  let fitted = mapSchema(schema, (n, depth) => {
    if (depth <= 2 || !('description' in n)) return n;
    const { description: _d, ...rest } = n;
    return rest;
  });
  for (let keep = 8; keep >= 2 && size(fitted) > budget; keep--) {
    fitted = mapSchema(fitted, (n, depth) => {
      if (depth !== keep) return n;
      const compound = n.properties || n.items || n.anyOf || n.allOf || n.oneOf;
      if (!compound) return n;
      const type = n.type ?? (n.properties ? 'object' : n.items ? 'array' : undefined);
      return { ...(type ? { type } : {}), description: CUT_NOTE };
    });
  }
  return { schema: fitted, cut: true };
}
