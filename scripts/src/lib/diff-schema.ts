/**
 * Compares two JSON Schemas (one from each spec version) field by field and reports what a caller of the SDK
 * would notice. Which way a change cuts depends on the direction: a schema the caller sends (request body,
 * parameters) breaks when it accepts less; a schema the caller receives (response, webhook payload) breaks when
 * it may hold something the caller's code and types did not expect.
 */
import { deref, type OpenApiDocument } from './spec.js';

export type Severity = 'breaking' | 'additive';

/** `in`: the caller sends it (request). `out`: the caller receives it (response, webhook payload). */
export type Direction = 'in' | 'out';

export type SchemaRule =
  | 'type-changed'
  | 'enum-values-added'
  | 'enum-values-removed'
  | 'enum-restricted'
  | 'enum-lifted'
  | 'field-added'
  | 'field-removed'
  | 'field-required'
  | 'field-optional';

export interface SchemaChange {
  severity: Severity;
  rule: SchemaRule;
  /** Where in the schema, e.g. `cards[].state`; empty for the schema's root. */
  path: string;
  message: string;
}

/** Deeper than any real Weavr payload; a guard against pathological documents, not a feature. */
const MAX_DEPTH = 24;

/** A schema with `$ref`, `allOf`, `oneOf` and `anyOf` folded into one view of its types, enum and fields. */
interface Shape {
  /** undefined: unconstrained (the schema says nothing about its type) */
  types?: Set<string>;
  /** JSON text of each allowed value → the value; undefined: any value of the type */
  enumValues?: Map<string, unknown>;
  props: Map<string, { schema: unknown; required: boolean }>;
  /** Names listed in `required`, also where the field is declared by another allOf part */
  requiredNames: Set<string>;
  items: unknown[];
  additional: unknown[];
  readOnly: boolean;
  writeOnly: boolean;
  /** Refs entered on the way here: a ref met again is a cycle. */
  refs: string[];
  /** The ref that closed a cycle; comparison stops there. */
  cycle?: string;
}

function emptyShape(refs: string[]): Shape {
  return {
    props: new Map(),
    requiredNames: new Set(),
    items: [],
    additional: [],
    readOnly: false,
    writeOnly: false,
    refs,
  };
}

function typeOfValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'number' ? 'number' : typeof v;
}

/** The schema's declared types, or what its keywords imply (normalised specs often omit `type`). */
function ownTypes(s: OpenApiDocument, enumValues: Map<string, unknown> | undefined): Set<string> | undefined {
  let types: Set<string> | undefined;
  if (typeof s.type === 'string') types = new Set([s.type]);
  else if (Array.isArray(s.type)) types = new Set(s.type.map(String));
  else if (enumValues) types = new Set([...enumValues.values()].map(typeOfValue));
  else if (s.properties || s.additionalProperties !== undefined || s.required) types = new Set(['object']);
  else if (s.items) types = new Set(['array']);
  else if (s.pattern !== undefined || s.minLength !== undefined || s.maxLength !== undefined)
    types = new Set(['string']);
  if (types && s.nullable === true) types.add('null');
  return types;
}

function ownEnum(s: OpenApiDocument): Map<string, unknown> | undefined {
  const values = s.const !== undefined ? [s.const] : Array.isArray(s.enum) ? s.enum : undefined;
  if (!values) return undefined;
  const out = new Map<string, unknown>(values.map((v: unknown) => [JSON.stringify(v), v]));
  // 3.0 `nullable: true` admits null even when the enum does not list it.
  if (s.nullable === true) out.set('null', null);
  return out;
}

function intersect(a: Set<string> | undefined, b: Set<string> | undefined): Set<string> | undefined {
  if (!a) return b;
  if (!b) return a;
  return new Set([...a].filter((x) => b.has(x) || (x === 'integer' && b.has('number'))));
}

/** Folds one schema into a Shape. `refs` are the refs already entered on the path from the root. */
export function flatten(doc: OpenApiDocument, raw: unknown, refs: string[] = []): Shape {
  if (!raw || typeof raw !== 'object') return emptyShape(refs);
  let schema = raw as OpenApiDocument;
  let seen = refs;
  if (typeof schema.$ref === 'string') {
    if (refs.includes(schema.$ref)) return { ...emptyShape(refs), cycle: schema.$ref };
    seen = [...refs, schema.$ref];
    schema = deref(doc, schema);
    if (!schema || typeof schema !== 'object') return emptyShape(seen);
  }
  const enumValues = ownEnum(schema);
  const shape: Shape = {
    ...emptyShape(seen),
    types: ownTypes(schema, enumValues),
    enumValues,
    readOnly: schema.readOnly === true,
    writeOnly: schema.writeOnly === true,
  };
  const required = new Set<string>(Array.isArray(schema.required) ? schema.required : []);
  shape.requiredNames = required;
  for (const [name, sub] of Object.entries(schema.properties ?? {}))
    shape.props.set(name, { schema: sub, required: required.has(name) });
  if (schema.items) shape.items.push(schema.items);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
    shape.additional.push(schema.additionalProperties);

  // allOf: every part applies, so fields and requirements add up and types narrow.
  for (const part of schema.allOf ?? []) {
    const p = flatten(doc, part, seen);
    if (p.cycle) continue;
    shape.types = intersect(shape.types, p.types);
    if (p.enumValues) shape.enumValues = shape.enumValues ?? p.enumValues;
    for (const [name, prop] of p.props) {
      const mine = shape.props.get(name);
      shape.props.set(
        name,
        mine
          ? { schema: { allOf: [mine.schema, prop.schema] }, required: mine.required || prop.required }
          : prop,
      );
    }
    for (const name of p.requiredNames) required.add(name);
    shape.items.push(...p.items);
    shape.additional.push(...p.additional);
    shape.readOnly ||= p.readOnly;
    shape.writeOnly ||= p.writeOnly;
    shape.refs = [...new Set([...shape.refs, ...p.refs])];
  }
  for (const name of required) {
    const prop = shape.props.get(name);
    if (prop) prop.required = true;
  }

  // oneOf/anyOf: one variant applies, so a field exists if any variant has it and is required only if
  // every variant requires it; types and enum values are the union of the variants'.
  const variants = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  if (variants.length) {
    const shapes = variants.map((v) => flatten(doc, v, seen)).filter((v) => !v.cycle);
    const objects = shapes.filter((v) => v.props.size > 0);
    const union = new Map<string, { schemas: unknown[]; required: number }>();
    for (const v of objects)
      for (const [name, prop] of v.props) {
        const u = union.get(name) ?? { schemas: [], required: 0 };
        u.schemas.push(prop.schema);
        if (prop.required) u.required++;
        union.set(name, u);
      }
    for (const [name, u] of union) {
      const mine = shape.props.get(name);
      const schemaOf = u.schemas.length === 1 ? u.schemas[0] : { anyOf: u.schemas };
      shape.props.set(name, {
        schema: mine ? { allOf: [mine.schema, schemaOf] } : schemaOf,
        required: (mine?.required ?? false) || u.required === shapes.length,
      });
    }
    if (!shape.types && shapes.length && shapes.every((v) => v.types)) {
      shape.types = new Set(shapes.flatMap((v) => [...(v.types as Set<string>)]));
    }
    if (!shape.enumValues && shapes.length && shapes.every((v) => v.enumValues)) {
      shape.enumValues = new Map(shapes.flatMap((v) => [...(v.enumValues as Map<string, unknown>)]));
    }
    const items = shapes.flatMap((v) => v.items);
    if (items.length) shape.items.push(items.length === 1 ? items[0] : { anyOf: items });
    shape.refs = [...new Set([...shape.refs, ...shapes.flatMap((v) => v.refs)])];
  }
  return shape;
}

function combine(schemas: unknown[]): unknown {
  return schemas.length <= 1 ? schemas[0] : { allOf: schemas };
}

/** Whether every type in `a` is also allowed by `b` (an integer is a number). */
function covered(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((t) => !b.has(t) && !(t === 'integer' && b.has('number')));
}

function listValues(values: unknown[], max = 12): string {
  const shown = values.slice(0, max).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return values.length > max ? `${shown.join(', ')} … (+${values.length - max})` : shown.join(', ');
}

function join(path: string, next: string): string {
  if (next.startsWith('[')) return `${path}${next}`;
  return path ? `${path}.${next}` : next;
}

export interface SchemaDiffContext {
  oldDoc: OpenApiDocument;
  newDoc: OpenApiDocument;
  direction: Direction;
}

/** Compares two schemas and returns the changes a caller would notice, outermost first. */
export function diffSchemas(ctx: SchemaDiffContext, oldRaw: unknown, newRaw: unknown): SchemaChange[] {
  const out: SchemaChange[] = [];
  walk(ctx, flatten(ctx.oldDoc, oldRaw), flatten(ctx.newDoc, newRaw), '', 0, out);
  return out;
}

function walk(
  ctx: SchemaDiffContext,
  o: Shape,
  n: Shape,
  path: string,
  depth: number,
  out: SchemaChange[],
): void {
  if (o.cycle || n.cycle || depth > MAX_DEPTH) return;
  const input = ctx.direction === 'in';
  const push = (severity: Severity, rule: SchemaRule, message: string, at = path) =>
    out.push({ severity, rule, path: at, message });

  if (o.types && n.types) {
    const lost = covered(o.types, n.types);
    const gained = covered(n.types, o.types);
    if (lost.length || gained.length) {
      // A request breaks when a type it could send is gone; a response when a type it may return is new.
      const breaks = input ? lost.length > 0 : gained.length > 0;
      push(
        breaks ? 'breaking' : 'additive',
        'type-changed',
        `type ${[...o.types].join(' | ')} → ${[...n.types].join(' | ')}`,
      );
    }
  }

  if (o.enumValues && n.enumValues) {
    const removed = [...o.enumValues].filter(([k]) => !n.enumValues?.has(k)).map(([, v]) => v);
    const added = [...n.enumValues].filter(([k]) => !o.enumValues?.has(k)).map(([, v]) => v);
    // Request: a value callers may send is gone → breaking. Response: a new value is compatible for code that
    // handles unknown values; an exhaustive switch over the type needs a new case (flagged in the message).
    if (removed.length)
      push(
        input ? 'breaking' : 'additive',
        'enum-values-removed',
        `enum values removed: ${listValues(removed)}`,
      );
    if (added.length)
      push(
        'additive',
        'enum-values-added',
        `enum values added: ${listValues(added)}${input ? '' : ' (exhaustive switches need a new case)'}`,
      );
  } else if (n.enumValues && !o.enumValues && o.types && n.types) {
    push(
      input ? 'breaking' : 'additive',
      'enum-restricted',
      `now restricted to: ${listValues([...n.enumValues.values()])}`,
    );
  } else if (o.enumValues && !n.enumValues && n.types) {
    push(
      'additive',
      'enum-lifted',
      `no longer restricted to an enum${input ? '' : ' (exhaustive switches need a default case)'}`,
    );
  }

  for (const name of new Set([...o.props.keys(), ...n.props.keys()])) {
    const op = o.props.get(name);
    const np = n.props.get(name);
    const at = join(path, name);
    if (op && np) {
      const os = flatten(ctx.oldDoc, op.schema, o.refs);
      const ns = flatten(ctx.newDoc, np.schema, n.refs);
      if (skipped(input, os) && skipped(input, ns)) continue;
      if (op.required !== np.required) {
        if (input)
          push(
            np.required ? 'breaking' : 'additive',
            np.required ? 'field-required' : 'field-optional',
            np.required ? 'field is now required' : 'field is now optional',
            at,
          );
        else
          push(
            np.required ? 'additive' : 'breaking',
            np.required ? 'field-required' : 'field-optional',
            np.required ? 'field is now always present' : 'field may now be absent',
            at,
          );
      }
      walk(ctx, os, ns, at, depth + 1, out);
    } else if (op) {
      if (skipped(input, flatten(ctx.oldDoc, op.schema, o.refs))) continue;
      push('breaking', 'field-removed', 'field removed', at);
    } else if (np) {
      if (skipped(input, flatten(ctx.newDoc, np.schema, n.refs))) continue;
      if (input && np.required) push('breaking', 'field-added', 'new required field', at);
      else push('additive', 'field-added', input ? 'new optional field' : 'new field', at);
    }
  }

  // Array items (`[]`) and additionalProperties (`*`): compared where both sides have them.
  for (const [key, at] of [
    ['items', '[]'],
    ['additional', '*'],
  ] as const)
    if (o[key].length && n[key].length)
      walk(
        ctx,
        flatten(ctx.oldDoc, combine(o[key]), o.refs),
        flatten(ctx.newDoc, combine(n[key]), n.refs),
        join(path, at),
        depth + 1,
        out,
      );
}

/** readOnly fields are not sent and writeOnly fields are not returned: neither side of that matters. */
function skipped(input: boolean, s: Shape): boolean {
  return input ? s.readOnly : s.writeOnly;
}
