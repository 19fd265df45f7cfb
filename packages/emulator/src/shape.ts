import { oncePer } from './once-per.js';
import type { Schemas } from './schemas.js';
import type { Schema } from './spec-types.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON values built and walked dynamically
type Json = any;

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
export function completeWith(schemas: Schemas, schema: Schema | undefined, value: Json, sample: Json): Json {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !sample || typeof sample !== 'object')
    return value;
  const { props, required } = walkOf(schemas, schema);
  for (const name of required)
    if (value[name] === undefined && sample[name] !== undefined) value[name] = copyOf(sample[name]);
  for (const [name, sub] of props) {
    const v = value[name];
    if (Array.isArray(v) && Array.isArray(sample[name]) && sample[name][0] !== undefined) {
      const item = (sub.items as Schema | undefined) ?? undefined;
      for (const entry of v) completeWith(schemas, item, entry, sample[name][0]);
    } else if (v && typeof v === 'object') completeWith(schemas, sub, v, sample[name]);
  }
  return value;
}

/** One page of `items` (already newest first) as Weavr lists it: `{ [field]: page, count, responseCount }`. */
export function page<T>(field: string, items: readonly T[], query: Record<string, unknown>, cap = 100): Json {
  const offset = Number(query.offset ?? 0);
  const limit = Math.min(Number(query.limit ?? cap), cap);
  const slice = items.slice(offset, offset + limit);
  return { [field]: slice, count: items.length, responseCount: slice.length };
}

/** Query parameters that page or sort rather than filter. */
const NOT_FILTERS = new Set(['offset', 'limit', 'sortOrder', 'orderByTimestamp']);

/**
 * Keeps the resources matching a list's query filters: a parameter names a field (`friendlyName`, dotted
 * `state.blockedReason`; `state` matches `state.state`); an array value matches any of its items;
 * `createdFrom`/`createdTo` bound `creationTimestamp`. A parameter naming no field of the resource is ignored.
 */
export function filterByQuery(items: Json[], query: Record<string, unknown>): Json[] {
  let out = items;
  for (const [name, value] of Object.entries(query)) {
    if (NOT_FILTERS.has(name) || value === undefined) continue;
    if (name === 'createdFrom') out = out.filter((r) => r.creationTimestamp >= Number(value));
    else if (name === 'createdTo') out = out.filter((r) => r.creationTimestamp <= Number(value));
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

function fieldOf(resource: Json, path: string[]): unknown {
  let v: Json = resource;
  for (const p of path) v = v?.[p];
  // `state` filters compare the state's name.
  if (v && typeof v === 'object' && 'state' in v) return v.state;
  return v && typeof v === 'object' ? undefined : v;
}
