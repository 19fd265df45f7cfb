/** Reading a JSON request body without letting its shape hurt the emulator. */
import { badRequest } from './http-error.js';
import type { Schemas } from './schemas.js';
import type { Schema } from './spec-types.js';

/**
 * The deepest nesting a body may have. Weavr's deepest request bodies (a bulk of spend-rule patches) are under
 * 10 levels; a body nested thousands deep would only exhaust the validator's and serializer's stacks.
 */
export const MAX_DEPTH = 64;

/** Whether `raw` nests arrays and objects deeper than `max` (a byte scan, before anything is parsed). */
export function tooDeep(raw: Buffer, max = MAX_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Removes every own `__proto__` key, so no later copy (`target[k] = v`) can set a prototype. */
function dropProtoKeys(value: unknown): void {
  if (!value || typeof value !== 'object') return;
  if (Object.hasOwn(value, '__proto__')) Reflect.deleteProperty(value, '__proto__');
  for (const v of Object.values(value)) dropProtoKeys(v);
}

/** Parses a JSON body: 400 when it is malformed or nested deeper than `MAX_DEPTH`; undefined when empty. */
export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  if (tooDeep(raw)) throw badRequest(`Malformed JSON request body: nested deeper than ${MAX_DEPTH} levels`);
  const text = raw.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw badRequest(`Malformed JSON request body: ${(e as Error).message}`);
  }
  // Searched in the text (a Buffer search converts its needle on every call); a key can also spell `__proto__`
  // with \u escapes, so any escape means a look too.
  if (text.includes('__proto__') || text.includes('\\u')) dropProtoKeys(value);
  return value;
}

/** The properties `schema` declares (through `$ref`, `allOf`, `anyOf`, `oneOf`), or undefined when it is open. */
function declared(
  schemas: Schemas,
  schema: Schema | undefined,
  out = new Map<string, Schema[]>(),
  depth = 0,
) {
  if (!schema || depth > 20) return undefined;
  if (typeof schema.$ref === 'string') return declared(schemas, schemas.resolve(schema.$ref), out, depth + 1);
  const ap = schema.additionalProperties;
  if ((ap !== undefined && ap !== false) || schema.patternProperties) return undefined;
  let any = false;
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const)
    for (const sub of (schema[k] as Schema[] | undefined) ?? []) {
      if (!declared(schemas, sub, out, depth + 1)) return undefined;
      any = true;
    }
  const props = schema.properties as Record<string, Schema> | undefined;
  for (const [name, sub] of Object.entries(props ?? {})) out.set(name, [...(out.get(name) ?? []), sub]);
  return props || any ? out : undefined;
}

/**
 * Drops the fields of `value` that `schema` does not declare, at every level, as Weavr ignores fields it does
 * not know: a PATCH with extra fields changes only what the spec names, and stores nothing else.
 */
export function dropUndeclared(schemas: Schemas, schema: Schema | undefined, value: unknown): void {
  if (!schema || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const items = resolveItems(schemas, schema);
    for (const v of value) dropUndeclared(schemas, items, v);
    return;
  }
  const props = declared(schemas, schema);
  if (!props) return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const subs = props.get(key);
    if (!subs) delete record[key];
    else dropUndeclared(schemas, subs.length === 1 ? subs[0] : { anyOf: subs }, record[key]);
  }
}

function resolveItems(schemas: Schemas, schema: Schema): Schema | undefined {
  const s = typeof schema.$ref === 'string' ? schemas.resolve(schema.$ref) : schema;
  return s?.items as Schema | undefined;
}
