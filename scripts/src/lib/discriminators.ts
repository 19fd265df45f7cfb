import type { OpenAPITSOptions } from 'openapi-typescript';
import ts from 'typescript';
import { deref, type OpenApiDocument } from './spec.js';

/**
 * Discriminated schemas: a schema with a `discriminator.mapping` whose mapped schemas each `allOf` it (Weavr's
 * `ManagedCard` → `PrepaidModeCard | DebitModeCard` on `mode`). openapi-typescript types every reference to
 * such a schema as the base, where `mode` is a plain string and no subtype's fields can be read. Here every
 * reference except the subtypes' own `allOf` becomes the union of the subtypes, each with the discriminator
 * narrowed to the value(s) mapped to it.
 */
export interface Discriminated {
  /** The schema name under `components.schemas`, e.g. `ManagedCard`. */
  name: string;
  property: string;
  variants: { name: string; values: string[] }[];
}

/** A discriminator left as openapi-typescript types it, and why. */
export interface SkippedDiscriminator {
  name: string;
  reason: string;
}

/** The name of the generated interface holding the unions: `discriminated['ManagedCard']`. */
export const UNIONS = 'discriminated';
const MARK = 'x-weavr-discriminated';
const SCHEMA_REF = '#/components/schemas/';

function schemaName(ref: unknown): string | undefined {
  return typeof ref === 'string' && ref.startsWith(SCHEMA_REF)
    ? ref.slice(SCHEMA_REF.length).replace(/~1/g, '/').replace(/~0/g, '~')
    : undefined;
}

/** Every schema with a `discriminator.mapping`, split into those whose mapped schemas all extend it and the rest. */
export function readDiscriminators(doc: OpenApiDocument): {
  found: Discriminated[];
  skipped: SkippedDiscriminator[];
} {
  const found: Discriminated[] = [];
  const skipped: SkippedDiscriminator[] = [];
  for (const [name, raw] of Object.entries(doc.components?.schemas ?? {})) {
    const schema = deref(doc, raw);
    const mapping = schema?.discriminator?.mapping as Record<string, string> | undefined;
    if (!mapping || !Object.keys(mapping).length) continue;
    const property = String(schema.discriminator.propertyName);
    const byTarget = new Map<string, string[]>();
    let reason: string | undefined;
    for (const [value, target] of Object.entries(mapping)) {
      const variant = schemaName(target);
      if (!variant || !doc.components?.schemas?.[variant]) {
        reason = `mapping ${value} → ${target} is not a schema of this document`;
        break;
      }
      const allOf: unknown[] = deref(doc, doc.components.schemas[variant])?.allOf ?? [];
      if (!allOf.some((part) => schemaName((part as { $ref?: unknown })?.$ref) === name)) {
        reason = `${variant} (mapped from ${value}) does not extend ${name} with allOf`;
        break;
      }
      byTarget.set(variant, [...(byTarget.get(variant) ?? []), value]);
    }
    if (reason) skipped.push({ name, reason });
    else found.push({ name, property, variants: [...byTarget].map(([v, values]) => ({ name: v, values })) });
  }
  return { found, skipped };
}

/**
 * A copy of the document in which every reference to a discriminated schema, except in its subtypes' `allOf`,
 * is a marker that `unionHook` turns into `discriminated['Name']`. The original is left as it is.
 */
export function markUnionReferences(doc: OpenApiDocument, found: readonly Discriminated[]): OpenApiDocument {
  const bases = new Set(found.map((d) => d.name));
  // The `allOf` entries through which a subtype extends its base: these must stay the base.
  const keep = new Set<unknown>();
  for (const d of found) {
    for (const v of d.variants) {
      for (const part of deref(doc, doc.components.schemas[v.name])?.allOf ?? [])
        if (schemaName(part?.$ref) === d.name) keep.add(part);
    }
  }
  const copy = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(copy);
    if (!value || typeof value !== 'object') return value;
    const ref = schemaName((value as { $ref?: unknown }).$ref);
    if (ref && bases.has(ref) && !keep.has(value)) {
      const { $ref: _ref, ...siblings } = value as Record<string, unknown>;
      // `type` makes openapi-typescript hand the schema to the `transform` hook.
      return { ...siblings, type: 'object', [MARK]: ref };
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
  };
  return copy(doc) as OpenApiDocument;
}

/** openapi-typescript's `transform` hook: a marked reference becomes `discriminated['Name']`. */
export const unionHook: NonNullable<OpenAPITSOptions['transform']> = (schema) => {
  const name = (schema as Record<string, unknown>)[MARK];
  if (typeof name !== 'string') return undefined;
  return ts.factory.createIndexedAccessTypeNode(
    ts.factory.createTypeReferenceNode(UNIONS),
    ts.factory.createLiteralTypeNode(ts.factory.createStringLiteral(name)),
  );
};

/**
 * The `discriminated` interface, appended to the openapi-typescript output. A subtype mapped from one value is
 * already narrowed by openapi-typescript (`mode: "PREPAID_MODE"`); one mapped from several gets their union here
 * (openapi-typescript keeps only the first).
 */
export function unionsSource(found: readonly Discriminated[]): string {
  const ref = (n: string) => `components["schemas"][${JSON.stringify(n)}]`;
  const member = (d: Discriminated, v: Discriminated['variants'][number]) =>
    v.values.length === 1
      ? ref(v.name)
      : `(Omit<${ref(v.name)}, ${JSON.stringify(d.property)}> & { ${JSON.stringify(d.property)}: ${v.values.map((x) => JSON.stringify(x)).join(' | ')} })`;
  const entries = found.map(
    (d) =>
      `    /** \`${d.name}\` by \`${d.property}\`: ${d.variants.map((v) => `${v.values.join(', ')} → ${v.name}`).join('; ')} */\n` +
      `    ${JSON.stringify(d.name)}: ${d.variants.map((v) => member(d, v)).join(' | ')};`,
  );
  return (
    `/** Schemas with a \`discriminator.mapping\`, as the union of their mapped subtypes: what every reference to them means. */\n` +
    `export interface ${UNIONS} {\n${entries.join('\n')}\n}\n\n` +
    `/** The named schemas of the spec; those with a \`discriminator.mapping\` are the union of their subtypes. */\n` +
    `export interface Schemas extends Omit<components["schemas"], keyof ${UNIONS}>, ${UNIONS} {}\n`
  );
}

/** openapi-typescript on the document, with discriminated references as unions; the source text. */
export async function typesWithUnions(
  doc: OpenApiDocument,
): Promise<{ source: string; found: Discriminated[]; skipped: SkippedDiscriminator[] }> {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const { found, skipped } = readDiscriminators(doc);
  const input = found.length ? markUnionReferences(doc, found) : doc;
  const ast = await openapiTS(input as Parameters<typeof openapiTS>[0], {
    silent: true,
    transform: unionHook,
  });
  return { source: `${astToString(ast)}\n${unionsSource(found)}`, found, skipped };
}
