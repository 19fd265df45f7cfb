/**
 * The difference between two versions of an OpenAPI document, as a reviewer of an SDK release needs it:
 * which operations appeared, went or were deprecated, and for the others what changed in their parameters,
 * request bodies, responses and security, each change classified breaking or additive.
 *
 * "Additive" means compatible: code written against the old version keeps compiling and working. That
 * includes pure additions, relaxations (a field made optional in a request) and notices (a deprecation).
 * The rules, and why each is classified the way it is, are listed in scripts/README section "spec-diff".
 */
import { type Direction, diffSchemas, type SchemaRule, type Severity } from './diff-schema.js';
import { canonicalJson, deref, HTTP_METHODS, type OpenApiDocument } from './spec.js';

export type { Severity } from './diff-schema.js';

export type Rule =
  | 'operation-added'
  | 'operation-removed'
  | 'operation-deprecated'
  | 'operation-undeprecated'
  | 'parameter-added'
  | 'parameter-removed'
  | 'parameter-required'
  | 'parameter-optional'
  | 'request-body-added'
  | 'request-body-removed'
  | 'request-body-required'
  | 'request-body-optional'
  | 'request-media-added'
  | 'request-media-removed'
  | 'response-status-added'
  | 'response-status-removed'
  | 'response-media-added'
  | 'response-media-removed'
  | 'security-tightened'
  | 'security-relaxed'
  | `${'request' | 'response'}-${SchemaRule}`;

export interface Change {
  severity: Severity;
  rule: Rule;
  /** `GET /managed_cards`, or `WEBHOOK name` for a webhook */
  operation: string;
  /** Where inside the operation, e.g. `query.state[]`, `body.destination.type`, `response.200.cards[].id` */
  location?: string;
  message: string;
}

export interface SpecDiff {
  from: { title: string; version: string };
  to: { title: string; version: string };
  changes: Change[];
  breaking: number;
  additive: number;
  /** The documents are the same once parsed */
  identical: boolean;
  /** The documents differ, but only in documentation: descriptions, summaries, examples, tags, info */
  docsOnly: boolean;
}

interface Operation {
  key: string;
  /** path with parameter names blanked, so a renamed path parameter still matches its operation */
  match: string;
  method: string;
  path: string;
  op: OpenApiDocument;
  item: OpenApiDocument;
  webhook: boolean;
}

function collectOperations(doc: OpenApiDocument): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const [path, raw] of Object.entries(doc.paths ?? {})) {
    const item = deref(doc, raw) ?? {};
    for (const m of HTTP_METHODS) {
      if (!item[m]) continue;
      const method = m.toUpperCase();
      const match = `${method} ${path.replace(/\{[^}]*\}/g, '{}')}`;
      out.set(match, { key: `${method} ${path}`, match, method, path, op: item[m], item, webhook: false });
    }
  }
  for (const [name, raw] of Object.entries(doc.webhooks ?? {})) {
    const item = deref(doc, raw) ?? {};
    for (const m of HTTP_METHODS) {
      if (!item[m]) continue;
      const key = `WEBHOOK ${name}`;
      out.set(key, {
        key,
        match: key,
        method: m.toUpperCase(),
        path: name,
        op: item[m],
        item,
        webhook: true,
      });
    }
  }
  return out;
}

/** The changes found in one operation, and the two documents it is read from. */
class Collector {
  readonly changes: Change[] = [];
  constructor(
    readonly operation: string,
    readonly oldDoc: OpenApiDocument,
    readonly newDoc: OpenApiDocument,
  ) {}
  add(severity: Severity, rule: Rule, message: string, location?: string): void {
    this.changes.push({
      severity,
      rule,
      operation: this.operation,
      ...(location ? { location } : {}),
      message,
    });
  }
}

function schemaChanges(
  c: Collector,
  direction: Direction,
  oldSchema: unknown,
  newSchema: unknown,
  location: string,
): void {
  for (const s of diffSchemas({ oldDoc: c.oldDoc, newDoc: c.newDoc, direction }, oldSchema, newSchema)) {
    const where = !s.path
      ? location
      : s.path.startsWith('[')
        ? `${location}${s.path}`
        : `${location}.${s.path}`;
    c.add(s.severity, `${direction === 'in' ? 'request' : 'response'}-${s.rule}`, s.message, where);
  }
}

function parametersOf(doc: OpenApiDocument, o: Operation): Map<string, OpenApiDocument> {
  const out = new Map<string, OpenApiDocument>();
  for (const raw of [...(o.item.parameters ?? []), ...(o.op.parameters ?? [])]) {
    const p = deref(doc, raw);
    if (!p?.name || !p.in) continue;
    // Header names are case-insensitive; the operation's own declaration overrides the path item's.
    const name = p.in === 'header' ? String(p.name).toLowerCase() : String(p.name);
    out.set(`${p.in}.${name}`, p);
  }
  return out;
}

function diffParameters(c: Collector, a: Operation, b: Operation) {
  const before = parametersOf(c.oldDoc, a);
  const after = parametersOf(c.newDoc, b);
  for (const key of before.keys()) {
    if (!after.has(key)) c.add('breaking', 'parameter-removed', 'parameter removed', key);
  }
  for (const [key, p] of after) {
    const old = before.get(key);
    const required = p.required === true || p.in === 'path';
    if (!old) {
      c.add(
        required ? 'breaking' : 'additive',
        'parameter-added',
        required ? 'new required parameter' : 'new optional parameter',
        key,
      );
      continue;
    }
    const wasRequired = old.required === true || old.in === 'path';
    if (required !== wasRequired)
      c.add(
        required ? 'breaking' : 'additive',
        required ? 'parameter-required' : 'parameter-optional',
        required ? 'parameter is now required' : 'parameter is now optional',
        key,
      );
    schemaChanges(c, 'in', old.schema, p.schema, key);
  }
}

function contentOf(doc: OpenApiDocument, holder: unknown): Record<string, OpenApiDocument> {
  return deref(doc, holder)?.content ?? {};
}

function mediaLabel(base: string, media: string): string {
  return /^application\/json$/i.test(media) ? base : `${base}(${media})`;
}

/**
 * The media types of a request body, webhook payload or response: those removed (`removed` says how much that
 * matters), those added, and the schema of each one kept, reported as `${kind}-media-*` changes (a webhook
 * payload is a request: the one Weavr sends).
 */
function diffContent(
  c: Collector,
  before: Record<string, OpenApiDocument>,
  after: Record<string, OpenApiDocument>,
  direction: Direction,
  label: string,
  kind: 'request' | 'response',
  removed: Severity,
) {
  for (const media of Object.keys(before))
    if (!(media in after)) c.add(removed, `${kind}-media-removed`, `media type ${media} removed`, label);
  for (const media of Object.keys(after))
    if (!(media in before)) c.add('additive', `${kind}-media-added`, `media type ${media} added`, label);
  for (const media of Object.keys(after))
    if (media in before)
      schemaChanges(c, direction, before[media]?.schema, after[media]?.schema, mediaLabel(label, media));
}

function diffBodies(c: Collector, oldBody: unknown, newBody: unknown, direction: Direction, label: string) {
  const ob = deref(c.oldDoc, oldBody);
  const nb = deref(c.newDoc, newBody);
  const input = direction === 'in';
  if (ob && !nb) {
    c.add('breaking', 'request-body-removed', `${label} removed`, label);
    return;
  }
  if (!ob && nb) {
    const req = input && nb.required === true;
    c.add(
      req ? 'breaking' : 'additive',
      'request-body-added',
      `new ${req ? 'required' : 'optional'} ${label}`,
      label,
    );
    return;
  }
  if (!ob || !nb) return;
  if (input && Boolean(ob.required) !== Boolean(nb.required))
    c.add(
      nb.required ? 'breaking' : 'additive',
      nb.required ? 'request-body-required' : 'request-body-optional',
      nb.required ? `${label} is now required` : `${label} is now optional`,
      label,
    );
  const [before, after] = [contentOf(c.oldDoc, ob), contentOf(c.newDoc, nb)];
  diffContent(c, before, after, direction, label, 'request', 'breaking');
}

function diffResponses(c: Collector, a: Operation, b: Operation) {
  const before: Record<string, unknown> = a.op.responses ?? {};
  const after: Record<string, unknown> = b.op.responses ?? {};
  for (const status of Object.keys(before)) {
    if (status in after) continue;
    // A success response going away changes what `data` is; an error status no longer documented is
    // one less case to handle, which breaks no caller.
    const success = /^2/.test(status);
    c.add(
      success ? 'breaking' : 'additive',
      'response-status-removed',
      `response ${status} removed`,
      `response.${status}`,
    );
  }
  for (const status of Object.keys(after)) {
    if (!(status in before)) {
      c.add('additive', 'response-status-added', `response ${status} added`, `response.${status}`);
      continue;
    }
    const ob = contentOf(c.oldDoc, before[status]);
    const nb = contentOf(c.newDoc, after[status]);
    // As for a status: a success's media type going away breaks callers, an error's does not.
    const removed = /^2/.test(status) ? 'breaking' : 'additive';
    diffContent(c, ob, nb, 'out', `response.${status}`, 'response', removed);
  }
}

/** Security alternatives as sets of credential kinds, independent of what each document names its schemes. */
function securityOf(doc: OpenApiDocument, op: OpenApiDocument): string[][] {
  const alternatives: Record<string, unknown>[] = op.security ?? doc.security ?? [];
  return alternatives.map((alt) =>
    Object.keys(alt)
      .map((name) => {
        const s = deref(doc, doc.components?.securitySchemes?.[name]);
        if (!s) return `unknown scheme ${name}`;
        if (s.type === 'http')
          return String(s.scheme).toLowerCase() === 'bearer' ? 'bearer' : `http ${s.scheme}`;
        if (s.type === 'apiKey') return `api key (${s.in} ${String(s.name).toLowerCase()})`;
        return String(s.type);
      })
      .sort(),
  );
}

function describeSecurity(alts: string[][]): string {
  if (!alts.length) return 'none';
  return alts.map((a) => (a.length ? a.join(' + ') : 'anonymous')).join(' or ');
}

function diffSecurity(c: Collector, a: Operation, b: Operation) {
  const before = securityOf(c.oldDoc, a.op);
  const after = securityOf(c.newDoc, b.op);
  const key = (alts: string[][]) =>
    alts
      .map((x) => x.join('+'))
      .sort()
      .join('|');
  if (key(before) === key(after)) return;
  // Every way a caller could authenticate before must still satisfy some alternative: one needing
  // no more credentials than it had. An empty list means no authentication at all.
  const satisfies = (have: string[]) =>
    after.length === 0 || after.some((need) => need.every((n) => have.includes(n)));
  const stillWorks =
    before.length === 0 ? after.length === 0 || after.some((n) => n.length === 0) : before.every(satisfies);
  c.add(
    stillWorks ? 'additive' : 'breaking',
    stillWorks ? 'security-relaxed' : 'security-tightened',
    `${describeSecurity(before)} → ${describeSecurity(after)}`,
    'security',
  );
}

/** Documentation-only keywords: changing them changes no request, response or type. */
const DOC_KEYS = new Set(['description', 'summary', 'example', 'examples', 'externalDocs', 'tags', 'info']);
/** Objects whose keys are names (a field called `description` is a field, not documentation). */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  'schemas',
  'responses',
  'parameters',
  'headers',
  'securitySchemes',
  'requestBodies',
  'paths',
  'webhooks',
  'callbacks',
  'links',
  'content',
  'encoding',
  'variables',
  '$defs',
  'definitions',
  'mapping',
]);

function withoutDocs(value: unknown, namesHere = false): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutDocs(v));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!namesHere && (DOC_KEYS.has(k) || k.startsWith('x-'))) continue;
    out[k] = withoutDocs(v, !namesHere && NAME_MAPS.has(k));
  }
  return out;
}

function counts(changes: Change[]) {
  const breaking = changes.filter((c) => c.severity === 'breaking').length;
  return { breaking, additive: changes.length - breaking };
}

/** Compares two parsed OpenAPI documents. Throws on a `$ref` that does not resolve. */
export function diffSpecs(oldDoc: OpenApiDocument, newDoc: OpenApiDocument): SpecDiff {
  const before = collectOperations(oldDoc);
  const after = collectOperations(newDoc);
  const changes: Change[] = [];

  for (const [match, o] of before) {
    if (after.has(match)) continue;
    changes.push({
      severity: 'breaking',
      rule: 'operation-removed',
      operation: o.key,
      message: o.webhook ? 'webhook removed' : 'operation removed',
    });
  }
  for (const [match, n] of after) {
    if (before.has(match)) continue;
    changes.push({
      severity: 'additive',
      rule: 'operation-added',
      operation: n.key,
      message: `${n.webhook ? 'webhook' : 'operation'} added${n.op.deprecated ? ' (already deprecated)' : ''}`,
    });
  }
  for (const [match, n] of after) {
    const o = before.get(match);
    if (!o) continue;
    const c = new Collector(n.key, oldDoc, newDoc);
    if (!o.op.deprecated && n.op.deprecated) c.add('additive', 'operation-deprecated', 'deprecated');
    if (o.op.deprecated && !n.op.deprecated)
      c.add('additive', 'operation-undeprecated', 'no longer deprecated');
    if (n.webhook) {
      // A webhook's request body is what Weavr sends to the integrator: it is read, like a response.
      diffBodies(c, o.op.requestBody, n.op.requestBody, 'out', 'payload');
    } else {
      diffSecurity(c, o, n);
      diffParameters(c, o, n);
      diffBodies(c, o.op.requestBody, n.op.requestBody, 'in', 'body');
      diffResponses(c, o, n);
    }
    changes.push(...c.changes);
  }

  const identical = canonicalJson(oldDoc) === canonicalJson(newDoc);
  const docsOnly = !identical && canonicalJson(withoutDocs(oldDoc)) === canonicalJson(withoutDocs(newDoc));
  return {
    from: { title: String(oldDoc.info?.title ?? ''), version: String(oldDoc.info?.version ?? '') },
    to: { title: String(newDoc.info?.title ?? ''), version: String(newDoc.info?.version ?? '') },
    changes,
    ...counts(changes),
    identical,
    docsOnly,
  };
}
