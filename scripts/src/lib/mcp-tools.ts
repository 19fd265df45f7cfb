import { createHash } from 'node:crypto';
import { isSecretField } from '../../../packages/core/src/redact.js';
import type { JsonSchema, ToolKind, ToolSpec, ToolTable } from '../../../packages/mcp/src/tool-table.js';
import { fitSchema, inlineSchema, trimText } from './mcp-schema.js';
import { readOperations } from './operations.js';
import { deref, type OpenApiDocument } from './spec.js';

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents are walked dynamically
type Json = any;

/** Most characters of a tool's input schema as JSON (largest Multi body in full is ~40 KB; see fitSchema). */
export const SCHEMA_BUDGET = 12_000;
/** Most characters of a tool's description taken from the spec, before the server's own notes. */
export const DESCRIPTION_CHARS = 600;

/**
 * Money moves through these resources: a path segment naming a collection of transfers, sends, wire
 * transfers or fees (`/transfers`, `/sends`, `/outgoing_wire_transfers`, `/correspondent_bank_transfers`,
 * `/corporates/fees/charge`, `/bulks/transfers`), or, on the simulator, deposits, card purchases and merchant
 * refunds. Plural collection names only: `/users/verification/email/send` sends an email, not money.
 */
const MONEY_SEGMENT = /^(?:\w+_)?(?:transfers|wiretransfers|sends|fees|deposit|purchase|merchant_refund)$/;
/** Tags of the same areas (`Transfers`, `Sends`, `Outgoing Wire Transfers`, `Fees`, `Wiretransfers`). */
const MONEY_TAG = /\b(?:transfers|wiretransfers|sends|fees)\b/i;
/** Running a bulk runs its operations, transfers and sends included: executing (or resuming) one moves money. */
const BULK_RUN = /^\/bulks\/\{[^}]+\}\/(?:execute|resume)$/;

/**
 * What an operation may do: `read` for GET and HEAD; `money` for a write on a money-moving resource (by its
 * tags and path, see MONEY_SEGMENT) or one that runs a bulk; `write` otherwise.
 */
export function toolKind(method: string, path: string, tags: readonly string[]): ToolKind {
  if (method === 'GET' || method === 'HEAD') return 'read';
  const segments = path.split('/').filter((s) => s && !s.startsWith('{'));
  if (
    segments.some((s) => MONEY_SEGMENT.test(s)) ||
    tags.some((t) => MONEY_TAG.test(t)) ||
    BULK_RUN.test(path)
  )
    return 'money';
  return 'write';
}

/**
 * Whether a write may destroy or overwrite something (MCP's `destructiveHint`): DELETE, PUT and PATCH
 * overwrite, money moves cannot be undone, and a POST action on an identified resource (`/{id}/block`,
 * `/{id}/remove`, `/{id}/cancel`) changes its state. Creating a resource (POST to a collection) adds only.
 */
export function isDestructive(method: string, path: string, kind: ToolKind): boolean {
  if (kind === 'read') return false;
  if (kind === 'money' || method !== 'POST') return true;
  return /\{[^}]+\}\/[^{}]+$/.test(path);
}

/**
 * Takes secret properties (`password`, `verificationCode`, `activationCode`, `cardNumber`, … by core's rule)
 * out of an inlined schema, in place, and returns the dotted paths of those it had to keep because the
 * operation requires them: such an operation cannot be a tool, since secrets never come from the model.
 */
export function stripSecrets(node: Json, at = ''): string[] {
  if (!node || typeof node !== 'object') return [];
  const required: string[] = [];
  for (const [name, sub] of Object.entries<Json>(node.properties ?? {})) {
    const where = at ? `${at}.${name}` : name;
    if (isSecretField(name)) {
      if ((node.required ?? []).includes(name)) required.push(where);
      else delete node.properties[name];
    } else required.push(...stripSecrets(sub, where));
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'])
    for (const part of node[key] ?? []) required.push(...stripSecrets(part, at));
  if (node.items) required.push(...stripSecrets(node.items, `${at}[]`));
  return required;
}

/** The JSON request body schema of an operation, if it has one. */
function jsonBody(doc: OpenApiDocument, op: Json): { schema: Json; required: boolean } | undefined {
  const rb = deref<Json>(doc, op.requestBody);
  if (!rb?.content) return undefined;
  const media = Object.keys(rb.content).find((m) => /json/i.test(m));
  return media ? { schema: rb.content[media].schema ?? {}, required: rb.required === true } : undefined;
}

/** The `identity` property of the body of a `POST /access_token` that needs no bearer (Back-Office's). */
function identitySchema(doc: OpenApiDocument): Json | undefined {
  const ops = readOperations(doc);
  const exchange = ops.find((o) => o.method === 'POST' && o.path === '/access_token' && o.bearer === 'none');
  if (!exchange) return undefined;
  const body = jsonBody(doc, deref<Json>(doc, doc.paths['/access_token']).post);
  const schema = deref<Json>(doc, body?.schema);
  return schema?.properties?.identity ? inlineSchema(doc, schema.properties.identity) : undefined;
}

/** What the model should know to call a tool well, beyond the spec's words. */
function usageNotes(kind: ToolKind, idempotencyRef: boolean, identity: boolean, list: boolean): string[] {
  const notes: string[] = [];
  if (kind === 'money') notes.push('Moves money.');
  if (kind !== 'read')
    notes.push(
      idempotencyRef
        ? 'Answers with an idempotencyRef: pass it back with the same arguments to repeat the call without a second effect.'
        : 'Takes no idempotency-ref: check the result before repeating the call.',
    );
  if (identity) notes.push('Acts for the identity given as `identity`.');
  if (list) notes.push('Paged: `offset` and `limit`; `paging.next` in the answer gives the next page.');
  return notes;
}

/** Longest tool name MCP clients accept (`^[a-zA-Z0-9_-]{1,64}$`). */
const MAX_NAME = 64;

/**
 * `<api>_<operationId>`, with characters outside MCP's name alphabet replaced; past 64 characters (the
 * simulator's operationIds run long) cut, with a hash of the whole name so two long names stay distinct.
 */
export function toolName(api: string, operationId: string): string {
  const full = `${api}_${operationId}`.replace(/[^a-zA-Z0-9_-]/g, '_');
  if (full.length <= MAX_NAME) return full;
  return `${full.slice(0, MAX_NAME - 7)}_${createHash('sha256').update(full).digest('hex').slice(0, 6)}`;
}

/** Arguments the server adds; a spec parameter of the same name would be ambiguous. */
const RESERVED = new Set(['body', 'identity', 'idempotencyRef']);

/** Builds every tool of one API from its spec: one per operation, less those that take a secret. */
export function toolTable(api: ToolTable['api'], doc: OpenApiDocument, sha256: string): ToolTable {
  const identity = identitySchema(doc);
  const tools: ToolSpec[] = [];
  const withheld: ToolTable['withheld'] = [];
  for (const meta of readOperations(doc)) {
    const item = deref<Json>(doc, doc.paths[meta.path]);
    const op = item[meta.method.toLowerCase()];
    const params: Json[] = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: Json) =>
      deref(doc, p),
    );
    const body = jsonBody(doc, op);
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    const pathParams: string[] = [];
    const queryParams: string[] = [];
    // Headers are never arguments: `idempotency-ref` has its own, `accept` stays JSON, the rest are fixed.
    for (const p of params.filter((x) => x.in === 'path' || x.in === 'query')) {
      if (RESERVED.has(p.name) || p.name in properties)
        throw new Error(`${api} ${meta.operationId}: parameter ${p.name} clashes with another argument`);
      let schema = inlineSchema(doc, p.schema ?? {});
      // An int64 id (the simulator's path ids) as a JSON number loses digits past 2^53: it is taken as digits.
      if (schema.format === 'int64' && p.in === 'path')
        schema = { type: 'string', pattern: '^[0-9]{1,19}$', description: 'the id, as a string of digits' };
      const text = trimText(p.description, 200);
      properties[p.name] = text && !schema.description ? { ...schema, description: text } : schema;
      if (p.in === 'path' || p.required) required.push(p.name);
      (p.in === 'path' ? pathParams : queryParams).push(p.name);
    }
    if (body) {
      properties.body = inlineSchema(doc, body.schema);
      if (body.required) required.push('body');
    }
    const tags: string[] = op.tags ?? [];
    const kind = toolKind(meta.method, meta.path, tags);
    const usesIdentity = identity !== undefined && meta.bearer !== 'none';
    if (usesIdentity) {
      properties.identity = {
        ...identity,
        description: 'The identity to act for: the server gets its token (never shown) with the API key.',
      };
      if (meta.bearer === 'required') required.push('identity');
    }
    if (meta.idempotencyRef)
      properties.idempotencyRef = {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        description:
          'Leave out on a first call: one is generated and returned. To repeat a call safely, pass the idempotencyRef of the earlier answer with the same arguments: it is not applied twice.',
      };
    const input: JsonSchema = { type: 'object', properties, additionalProperties: false };
    if (required.length) input.required = required;
    const secrets = stripSecrets(input);
    if (secrets.length) {
      withheld.push({
        operationId: meta.operationId,
        reason: `requires a secret (${[...new Set(secrets)].join(', ')}), and secrets never come from the model`,
      });
      continue;
    }
    const { schema, cut } = fitSchema(input, SCHEMA_BUDGET);
    const summary = trimText(op.summary, 200);
    const detail = trimText(op.description, DESCRIPTION_CHARS);
    const text = [summary, detail && detail !== summary ? detail : '']
      .filter(Boolean)
      .join(summary && !/[.!?…]$/.test(summary) ? '. ' : ' ');
    tools.push({
      name: toolName(api, meta.operationId),
      api,
      operationId: meta.operationId,
      method: meta.method as ToolSpec['method'],
      path: meta.path,
      tags,
      description: [
        text || `${meta.method} ${meta.path}`,
        ...usageNotes(kind, meta.idempotencyRef, usesIdentity, meta.list !== undefined),
        ...(cut ? ['Input shape shortened for size: nested fields are checked by the API.'] : []),
      ].join(' '),
      inputSchema: schema,
      pathParams,
      queryParams,
      body: body !== undefined,
      kind,
      destructive: isDestructive(meta.method, meta.path, kind),
      idempotent: ['GET', 'HEAD', 'PUT', 'DELETE'].includes(meta.method) || meta.idempotencyRef,
      idempotencyRef: meta.idempotencyRef,
      bearer: meta.bearer,
      identity: usesIdentity,
      ...(meta.list ? { list: meta.list } : {}),
      ...(meta.deprecated ? { deprecated: true } : {}),
    });
  }
  return { api, title: doc.info.title, version: doc.info.version, sha256, tools, withheld };
}
