import type { Schema } from './spec.js';

/** One alternative of a `oneOf` inside an inlined schema. */
export interface Branch {
  /** JSON pointer of the `oneOf`'s schema inside the inlined schema. */
  pointer: string;
  /** Where the value sits in an instance, e.g. `destinationBeneficiary` or `[]/requestBody/destination`. */
  location: string;
  /** Index of the alternative, from 0. */
  index: number;
  /** Title of the alternative's schema, or its `$ref` name before inlining when known. */
  name: string;
}

type Node = Record<string, unknown>;

/**
 * Every alternative of every `oneOf` in an inlined schema (nested ones included), so each documented way of
 * building a value can be sampled and sent on its own: a random sample picks one alternative and would never show
 * that another one can't be sent at all.
 */
export function oneOfBranches(schema: Schema): Branch[] {
  const out: Branch[] = [];
  walk(schema, '', '', out);
  return out;
}

function walk(node: unknown, pointer: string, location: string, out: Branch[]): void {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  const n = node as Node;
  if (Array.isArray(n.oneOf)) {
    n.oneOf.forEach((branch, index) => {
      out.push({ pointer, location: location || '(root)', index, name: branchName(branch, index) });
      walk(branch, `${pointer}/oneOf/${index}`, location, out);
    });
  }
  for (const key of ['allOf', 'anyOf'] as const) {
    const list = n[key];
    if (Array.isArray(list)) list.forEach((s, i) => void walk(s, `${pointer}/${key}/${i}`, location, out));
  }
  if (n.properties && typeof n.properties === 'object') {
    for (const [name, s] of Object.entries(n.properties as Node)) {
      walk(s, `${pointer}/properties/${escapePointer(name)}`, location ? `${location}/${name}` : name, out);
    }
  }
  if (n.items && typeof n.items === 'object') walk(n.items, `${pointer}/items`, `${location}[]`, out);
}

function branchName(branch: unknown, index: number): string {
  const b = branch as Node;
  if (typeof b?.title === 'string') return b.title;
  if (typeof b?.['x-ref'] === 'string') return b['x-ref'] as string;
  return `#${index}`;
}

/**
 * A copy of `schema` whose every value takes alternative `branch.index` of the `oneOf` at `branch.pointer`: the
 * `oneOf` becomes that alternative, every enclosing `oneOf`/`anyOf` the alternative that leads to it, and every
 * property on the way is required (arrays hold at least one item), so a sample always contains it. Values valid
 * against the copy satisfy the chosen alternative; whether they also satisfy the original schema is the question.
 */
export function forceBranch(schema: Schema, branch: Pick<Branch, 'pointer' | 'index'>): Schema {
  const steps = branch.pointer.split('/').slice(1).map(unescapePointer);
  return force(schema, steps, branch.index) as Schema;
}

function force(node: unknown, steps: string[], index: number): unknown {
  const n = { ...(node as Node) };
  if (!steps.length) return collapse(n, 'oneOf', index, (b) => b);
  const [key, next, ...rest] = steps as [string, string, ...string[]];
  if (key === 'items') {
    n.minItems = Math.max(1, (n.minItems as number | undefined) ?? 0);
    if (typeof n.maxItems === 'number') n.maxItems = Math.max(n.maxItems, n.minItems as number);
    n.items = force(
      n.items,
      [next, ...rest].filter((s) => s !== undefined),
      index,
    );
    return n;
  }
  if (key === 'properties') {
    n.properties = { ...(n.properties as Node), [next]: force((n.properties as Node)[next], rest, index) };
    n.required = [...new Set([...((n.required as string[]) ?? []), next])];
    return n;
  }
  const i = Number(next);
  if (key === 'oneOf' || key === 'anyOf') return collapse(n, key, i, (b) => force(b, rest, index));
  if (key === 'allOf') {
    n.allOf = (n.allOf as unknown[]).map((s, j) => (j === i ? force(s, rest, index) : s));
    return n;
  }
  throw new Error(`cannot follow "${key}" in a schema pointer`);
}

/** Replaces `node[key]` (a `oneOf`/`anyOf`) by its alternative `i`, keeping the node's other keywords. */
function collapse(n: Node, key: 'oneOf' | 'anyOf', i: number, map: (b: unknown) => unknown): Node {
  const { [key]: alternatives, ...rest } = n;
  const chosen = map((alternatives as unknown[])[i]);
  return Object.keys(rest).length ? { allOf: [rest, chosen] } : (chosen as Node);
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}
