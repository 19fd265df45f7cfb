import { generate } from 'json-schema-faker';
import { type Branch, forceBranch, oneOfBranches } from './branches.js';
import { inlineSchema } from './schema.js';
import type { OpenApiDocument, Schema, SpecOperation, SpecParameter } from './spec.js';
import { schemaErrors } from './validate.js';

/** A request for one operation, in the shape openapi-fetch takes (`params` and `body`). */
export interface SampledRequest {
  params: {
    path: Record<string, unknown>;
    query: Record<string, unknown>;
    header: Record<string, string>;
  };
  /** Absent when the operation takes no body. */
  body?: unknown;
  /**
   * Where no sample valid against its schema was found within the attempts (e.g. a `oneOf` whose branches
   * overlap, so every value matches two of them): `<where> <path>: <message>` lines. Empty when all is valid.
   */
  problems: string[];
}

/** Options for `sampleRequest`. */
export interface SampleOptions {
  /**
   * Base seed; each operation's own seed is derived from it and the operation key, so adding an operation to a
   * spec never changes the samples of the others.
   * @default 1
   */
  seed?: number;
  /**
   * Header parameters left for the client to set (compared case-insensitively), e.g. `idempotency-ref`.
   * @default []
   */
  skipHeaders?: readonly string[];
  /**
   * Whether optional query parameters are sampled too (they exercise the client's query serialisation).
   * @default true
   */
  optionalQuery?: boolean;
}

/** FNV-1a: a stable 32-bit hash, to give every operation a seed of its own. */
export function hashSeed(text: string, base = 1): number {
  let h = 0x811c9dc5 ^ base;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 2_147_483_647 || 1;
}

/** How many seeds are tried per value before giving up on finding one valid against its schema. */
const ATTEMPTS = 30;

/**
 * Generates a value for `schema` (required properties, enums, formats and patterns honoured) and checks it with the
 * validator Prism uses; a value that fails (json-schema-faker picks `oneOf` branches without checking that only
 * one matches) is drawn again with the next seed. Deterministic: the same schema and seed give the same value.
 */
export function sampleSchema(
  doc: OpenApiDocument,
  schema: Schema,
  seed: number,
): Promise<{ value: unknown; problems: string[] }> {
  return sampleInlined(inlineSchema(doc, schema), seed);
}

/** `sampleSchema` for a schema already inlined by `inlineSchema`. */
export async function sampleInlined(
  inlined: Schema,
  seed: number,
): Promise<{ value: unknown; problems: string[] }> {
  let value: unknown;
  let problems: string[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    value = await generate(inlined as never, {
      seed: seed + attempt * 7919,
      // Optional properties half of the time: a body with every optional field set tends to pick up
      // mutually exclusive ones.
      optionalsProbability: 0.5,
    });
    problems = schemaErrors(inlined, value);
    if (!problems.length) break;
  }
  return { value, problems };
}

/** Samples every parameter (but `skipHeaders`) and the body of `op`. */
export async function sampleRequest(
  doc: OpenApiDocument,
  op: SpecOperation,
  options: SampleOptions = {},
): Promise<SampledRequest> {
  const seed = hashSeed(op.key, options.seed ?? 1);
  const skip = new Set((options.skipHeaders ?? []).map((h) => h.toLowerCase()));
  const request: SampledRequest = { params: { path: {}, query: {}, header: {} }, problems: [] };
  let n = 0;
  for (const p of op.parameters) {
    n++;
    if (p.in === 'cookie') continue;
    if (p.in === 'header' && skip.has(p.name.toLowerCase())) continue;
    if (p.in === 'query' && !p.required && options.optionalQuery === false) continue;
    const { value, problems } = await sampleSchema(doc, parameterSchema(p), seed + n);
    request.problems.push(...problems.map((m) => `${p.in} ${p.name} ${m}`));
    if (p.in === 'header') request.params.header[p.name] = String(value);
    else request.params[p.in][p.name] = value;
  }
  if (op.body) {
    const { value, problems } = await sampleSchema(doc, op.body.schema, seed);
    request.body = value;
    request.problems.push(...problems.map((m) => `body ${m}`));
  }
  return request;
}

/** A path segment must not be empty (`/cards//block` is another route): ask for one character at least. */
function parameterSchema(p: SpecParameter): Schema {
  const s = p.schema;
  if (p.in === 'path' && s.type === 'string' && s.minLength === undefined) return { ...s, minLength: 1 };
  return s;
}

/** A request body built to take one alternative of one `oneOf`. */
export interface BranchSample {
  branch: Branch;
  body: unknown;
  /** Why no value taking this alternative was found (the alternative contradicts its context); else empty. */
  problems: string[];
  /**
   * Why the value, though it satisfies the alternative, fails the operation's schema: typically `must match
   * exactly one schema in oneOf`, when another alternative accepts the same value. Empty when it can be sent.
   */
  rejected: string[];
}

/** One body per alternative of every `oneOf` in `op`'s request body (none when the body has no `oneOf`). */
export async function sampleBodyBranches(
  doc: OpenApiDocument,
  op: SpecOperation,
  options: Pick<SampleOptions, 'seed'> = {},
): Promise<BranchSample[]> {
  if (!op.body) return [];
  const inlined = inlineSchema(doc, op.body.schema);
  const seed = hashSeed(op.key, options.seed ?? 1);
  const out: BranchSample[] = [];
  for (const branch of oneOfBranches(inlined)) {
    const forced = forceBranch(inlined, branch);
    const { value, problems } = await sampleInlined(forced, seed + branch.index);
    out.push({
      branch,
      body: value,
      problems,
      rejected: problems.length ? [] : schemaErrors(inlined, value),
    });
  }
  return out;
}
