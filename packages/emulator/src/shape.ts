import { oncePer } from './once-per.js';
import type { Schemas } from './schemas.js';
import type { Schema } from './spec-types.js';

/** A JSON object walked by name: an answer and the spec's sample, both checked as objects first. */
type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

interface Flat {
  props: Record<string, Schema>;
  required: string[];
}

/** A schema's `$ref` followed and its `allOf` parts merged: the properties and required names it declares. */
function flatten(schemas: Schemas, schema: Schema | undefined, depth = 0): Flat {
  const out = { props: {} as Record<string, Schema>, required: [] as string[] };
  if (!schema || depth > 16) return out;
  if (typeof schema.$ref === 'string') {
    const [api, name] = (schema.$ref as string).split('#/$defs/');
    return flatten(schemas, schemas.def(api as string, name as string), depth + 1);
  }
  for (const part of (schema.allOf as Schema[] | undefined) ?? []) {
    const f = flatten(schemas, part, depth + 1);
    Object.assign(out.props, f.props);
    out.required.push(...f.required);
  }
  Object.assign(out.props, (schema.properties as Record<string, Schema> | undefined) ?? {});
  out.required.push(...((schema.required as string[] | undefined) ?? []));
  return out;
}

/** `flatten` with what it found for each schema kept: every answer of an operation walks the same schemas. */
interface Walk {
  /** Required names, each once. */
  required: string[];
  props: [string, Schema][];
}

const NOTHING: Walk = { required: [], props: [] };
const walkOfSchema = oncePer((schema: Schema, schemas: Schemas): Walk => {
  const { props, required } = flatten(schemas, schema);
  return { required: [...new Set(required)], props: Object.entries(props) };
});
const walkOf = (schemas: Schemas, schema: Schema | undefined): Walk =>
  schema ? walkOfSchema(schema, schemas) : NOTHING;

const copyOf = (v: unknown) => (v !== null && typeof v === 'object' ? structuredClone(v) : v);

/**
 * Completes an answer built from state with the required fields the emulator does not model, taken from the
 * operation's deterministic spec sample, so every answer is valid against the spec's response schema.
 */
export function completeWith<T>(schemas: Schemas, schema: Schema | undefined, value: T, sample: unknown): T {
  if (!isObject(value) || !sample || typeof sample !== 'object') return value;
  const s = sample as JsonObject;
  const v0: JsonObject = value;
  const { props, required } = walkOf(schemas, schema);
  for (const name of required)
    if (v0[name] === undefined && s[name] !== undefined) v0[name] = copyOf(s[name]);
  for (const [name, sub] of props) {
    const v = v0[name];
    const first = Array.isArray(s[name]) ? (s[name] as unknown[])[0] : undefined;
    if (Array.isArray(v) && first !== undefined) {
      const item = (sub.items as Schema | undefined) ?? undefined;
      for (const entry of v) completeWith(schemas, item, entry, first);
    } else if (v && typeof v === 'object') completeWith(schemas, sub, v, s[name]);
  }
  return value;
}

/** One page of `items` (already newest first) as Weavr lists it: `{ [field]: page, count, responseCount }`. */
export function page<F extends string, T>(
  field: F,
  items: readonly T[],
  query: Record<string, unknown>,
  cap = 100,
): { [K in F]: T[] } & { count: number; responseCount: number } {
  const offset = Number(query.offset ?? 0);
  const limit = Math.min(Number(query.limit ?? cap), cap);
  const slice = items.slice(offset, offset + limit);
  // A computed key widens to `{ [x: string]: T[] }`: it is `field`, so the object is this page's shape.
  return { [field]: slice, count: items.length, responseCount: slice.length } as {
    [K in F]: T[];
  } & { count: number; responseCount: number };
}

/** Query parameters that page or sort rather than filter. */
const NOT_FILTERS = new Set(['offset', 'limit', 'sortOrder', 'orderByTimestamp']);

/**
 * Keeps the resources matching a list's query filters: a parameter names a field (`friendlyName`, dotted
 * `state.blockedReason`; `state` matches `state.state`); an array value matches any of its items;
 * `createdFrom`/`createdTo` bound `creationTimestamp`. A parameter naming no field of the resource is ignored.
 */
export function filterByQuery<T extends object>(items: T[], query: Record<string, unknown>): T[] {
  let out = items;
  for (const [name, value] of Object.entries(query)) {
    if (NOT_FILTERS.has(name) || value === undefined) continue;
    if (name === 'createdFrom') out = out.filter((r) => createdAt(r) >= Number(value));
    else if (name === 'createdTo') out = out.filter((r) => createdAt(r) <= Number(value));
    else {
      const path = name.split(/[._]/).filter(Boolean);
      if (!out.some((r) => fieldOf(r, path) !== undefined)) continue;
      const wanted = (Array.isArray(value) ? value : [value]).map(String);
      out = out.filter((r) => {
        const v = fieldOf(r, path);
        return v !== undefined && wanted.includes(String(v));
      });
    }
  }
  return out;
}

/** A resource's `creationTimestamp` as a number (compared as `>=` converts it: none is never in range). */
function createdAt(resource: object): number {
  return Number((resource as { creationTimestamp?: unknown }).creationTimestamp);
}

function fieldOf(resource: object, path: string[]): unknown {
  let v: unknown = resource;
  // Any value but null and undefined has properties to read (as `v?.[p]` reads them).
  for (const p of path) v = v == null ? undefined : (v as JsonObject)[p];
  // `state` filters compare the state's name.
  if (v && typeof v === 'object' && 'state' in v) return v.state;
  return v && typeof v === 'object' ? undefined : v;
}
