import type { OpenApiDocument, Schema } from './spec.js';
import { resolveRef } from './spec.js';

/** Longest array a sample gets; bulk bodies declare up to 10,000 items. */
const MAX_SAMPLE_ITEMS = 2;

/**
 * Returns a copy of `schema` with every local `$ref` inlined, ready for sampling. json-schema-faker 0.6 counts
 * every `$ref` it follows towards its recursion limit, so a `$ref` reached twice (the items of a bulk body) comes
 * out as `null` or a value of the wrong type; inlining avoids that. A reference cycle is cut after one turn.
 *
 * Arrays are capped at two items (`maxItems` lowered, never below `minItems`): a value valid against the capped
 * schema is valid against the original one, and requests stay small.
 */
export function inlineSchema(
  doc: OpenApiDocument,
  schema: Schema,
  options: {
    /**
     * Cap arrays at two items, for sampling. Off to validate answers, which may hold any number.
     * @default true
     */
    capArrays?: boolean;
  } = {},
): Schema {
  return inline(doc, schema, [], options.capArrays ?? true) as Schema;
}

function inline(doc: OpenApiDocument, node: unknown, stack: string[], cap: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => inline(doc, n, stack, cap));
  if (!node || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  if (typeof obj.$ref === 'string') {
    const ref = obj.$ref;
    if (stack.includes(ref)) return {};
    const { $ref: _, ...siblings } = obj;
    const target = {
      ...(inline(doc, resolveRef(doc, { $ref: ref }), [...stack, ref], cap) as Record<string, unknown>),
      // Keeps the component's name for messages (validators and the sampler ignore unknown keywords).
      'x-ref': ref.split('/').pop(),
    };
    // OpenAPI 3.1 allows keywords beside $ref (usually a description); keep both by intersecting.
    return Object.keys(siblings).some((k) => k !== 'description' && k !== 'summary')
      ? { allOf: [target, inline(doc, siblings, stack, cap)] }
      : target;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    out[key] = inline(doc, value, stack, cap);
  }
  if (cap && (out.type === 'array' || out.items !== undefined)) {
    const min = typeof out.minItems === 'number' ? out.minItems : 0;
    const max = typeof out.maxItems === 'number' ? out.maxItems : Number.POSITIVE_INFINITY;
    out.maxItems = Math.max(min, Math.min(max, MAX_SAMPLE_ITEMS));
  }
  return out;
}
