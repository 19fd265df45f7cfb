/**
 * Parts of an OpenAPI document that a package is built from, cut out with everything they reference: a package
 * built from the Multi spec's `webhooks` section (the webhooks package) changes only when that part does.
 */
import { deref, HTTP_METHODS, type OpenApiDocument } from './spec.js';

export class SpecPartError extends Error {}

/**
 * `document`: the whole document (the emulator serves every operation of each spec); `webhooks`: only its
 * `webhooks` section.
 */
export const SPEC_PARTS = ['webhooks', 'document'] as const;
export type SpecPart = (typeof SPEC_PARTS)[number];

export function isSpecPart(value: unknown): value is SpecPart {
  return (SPEC_PARTS as readonly unknown[]).includes(value);
}

/** Every `#/...` reference reachable from `value`, following references into the document. */
function collectRefs(doc: OpenApiDocument, value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(doc, v, into);
  } else if (value && typeof value === 'object') {
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && !into.has(ref)) {
      into.add(ref);
      collectRefs(doc, deref(doc, { $ref: ref }), into);
    }
    // Discriminator mappings name schemas by reference too, as plain strings.
    const mapping = (value as { discriminator?: { mapping?: Record<string, unknown> } }).discriminator
      ?.mapping;
    for (const target of Object.values(mapping ?? {})) {
      if (typeof target === 'string' && target.startsWith('#/')) collectRefs(doc, { $ref: target }, into);
    }
    for (const [k, v] of Object.entries(value)) if (k !== '$ref') collectRefs(doc, v, into);
  }
  return into;
}

/** The document with only its webhooks and the components they reach (no paths). */
export function webhooksOnly(doc: OpenApiDocument): OpenApiDocument {
  const components: Record<string, Record<string, unknown>> = {};
  const put = (section: string, key: string) => {
    const value = doc.components?.[section]?.[key];
    if (value === undefined) throw new SpecPartError(`unresolved $ref #/components/${section}/${key}`);
    components[section] ??= {};
    (components[section] as Record<string, unknown>)[key] = value;
  };
  for (const ref of collectRefs(doc, doc.webhooks ?? {})) {
    const [root, section, key, ...rest] = ref.slice(2).split('/');
    if (root !== 'components' || !section || !key || rest.length)
      throw new SpecPartError(`webhooks reference ${ref}, which is not a component`);
    put(section, key.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  // Security schemes named by the webhooks, so the types keep their documentation.
  for (const item of Object.values(doc.webhooks ?? {}) as OpenApiDocument[]) {
    for (const m of HTTP_METHODS) {
      for (const alt of item?.[m]?.security ?? []) {
        for (const name of Object.keys(alt))
          if (doc.components?.securitySchemes?.[name]) put('securitySchemes', name);
      }
    }
  }
  return {
    openapi: doc.openapi,
    info: doc.info,
    paths: {},
    webhooks: doc.webhooks ?? {},
    components,
  };
}

/** The part of `doc` a package is built from: the whole document when `part` is undefined or `document`. */
export function specPart(doc: OpenApiDocument, part: SpecPart | undefined): OpenApiDocument {
  return part === 'webhooks' ? webhooksOnly(doc) : doc;
}
