import { deref, type OpenApiDocument } from './spec.js';

/**
 * What a delivery's body must hold to be the event it claims to be, read off the event's request body schema:
 * its required top-level fields, and, for required fields whose schema is an enum (`eventType`,
 * `authorisationType`, …) or a `discriminator`'s property, the values allowed. The signature covers the
 * body but not which event it is; this is what tells a deposit from a card authorisation.
 */
export interface PayloadShape {
  required: string[];
  /** Allowed values of required enum and discriminator fields. */
  values: Record<string, string[]>;
}

/** The shape of a JSON body schema, with `allOf` parts merged (one level of `$ref`s resolved each). */
export function payloadShape(doc: OpenApiDocument, op: OpenApiDocument): PayloadShape | undefined {
  const body = deref(doc, op.requestBody);
  const media = Object.entries(body?.content ?? {}).find(([m]) => /^application\/(.+\+)?json/i.test(m));
  if (!media) return undefined;
  const required = new Set<string>();
  const properties: Record<string, unknown> = {};
  const discriminators = new Set<string>();
  const visit = (raw: unknown, depth: number) => {
    const s = deref(doc, raw) as OpenApiDocument | undefined;
    if (!s || typeof s !== 'object' || depth > 8) return;
    for (const r of (s.required as string[] | undefined) ?? []) required.add(r);
    Object.assign(properties, s.properties ?? {});
    if (typeof s.discriminator?.propertyName === 'string') discriminators.add(s.discriminator.propertyName);
    for (const part of (s.allOf as unknown[] | undefined) ?? []) visit(part, depth + 1);
  };
  visit((media[1] as OpenApiDocument).schema, 0);
  const values: Record<string, string[]> = {};
  for (const name of required) {
    const p = deref(doc, properties[name]) as OpenApiDocument | undefined;
    if (Array.isArray(p?.enum) && p.enum.every((v: unknown) => typeof v === 'string'))
      values[name] = [...p.enum];
  }
  for (const name of discriminators) {
    const p = deref(doc, properties[name]) as OpenApiDocument | undefined;
    if (Array.isArray(p?.enum)) values[name] = [...p.enum];
  }
  return { required: [...required].sort(), values };
}
