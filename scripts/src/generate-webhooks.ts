#!/usr/bin/env tsx
/**
 * Generates packages/webhooks/src/generated/ from two pulled specs: every event of the Webhooks spec and the
 * `webhooks` section of the Multi spec (the forwarding events that expect an answer).
 *
 *   schema.ts          openapi-typescript types of specs/webhooks.json
 *   multi-webhooks.ts  openapi-typescript types of the Multi spec cut down to its webhooks and what they reference
 *   events.ts          per event: payload and reply types, and a runtime table read off the spec
 *   spec.ts            which spec versions the package was generated from
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatorCommand, runWhenMain } from './lib/cli.js';
import { typesWithUnions } from './lib/discriminators.js';
import { pulledSpecPath, readLock, replaceFolder } from './lib/project.js';
import { contentHash, countWebhooks, deref, HTTP_METHODS, type OpenApiDocument } from './lib/spec.js';
import { SpecPartError, webhooksOnly } from './lib/spec-part.js';
import { type PayloadShape, payloadShape } from './lib/webhook-payload.js';

const HELP = `Usage: generate-webhooks [--root DIR]

Writes packages/webhooks/src/generated/{schema,multi-webhooks,events,spec}.ts from
specs/webhooks.json and the webhooks section of specs/multi.json (both as pulled by
pull-specs and pinned in specs/lock.json). The generated folder is replaced as a whole.

  --root DIR   project root (default: this repository)
  --help       this text`;

export class GenerateWebhooksError extends Error {}

/** The specs whose `webhooks` sections become events, in the order their events are listed. */
const SOURCES = ['webhooks', 'multi'] as const;
type SourceName = (typeof SOURCES)[number];

/** What the verifier needs to know about one event, read from the spec. */
export interface WebhookEventMeta {
  /** The key of the event in the spec's `webhooks` section, e.g. `/transfers/watch`. */
  name: string;
  method: string;
  operationId: string;
  summary: string | undefined;
  source: SourceName;
  /** Header parameters the spec declares for the event, lower-case. */
  headers: string[];
  /** The header carrying a shared key when the event's security asks for one (e.g. `webhooks-key`). */
  keyHeader?: string;
  /** Whether the spec declares a JSON answer (the forwarding events) instead of a bare 204. */
  reply: boolean;
  deprecated?: boolean;
  /** What the body must hold to be this event (required fields, enum and discriminator values). */
  payload?: PayloadShape;
}

interface LoadedSpec {
  name: SourceName;
  doc: OpenApiDocument;
  sha: string;
}

function loadSpec(root: string, name: SourceName): LoadedSpec {
  const file = pulledSpecPath(root, name);
  if (!existsSync(file))
    throw new GenerateWebhooksError(`${name}: specs/${name}.json is missing. Run \`pnpm specs:pull\` first.`);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  const sha = contentHash(doc);
  const pinned = readLock(root)[name];
  if (!pinned || pinned.sha256 !== sha) {
    throw new GenerateWebhooksError(
      `${name}: specs/${name}.json does not match specs/lock.json. Run \`pnpm specs:pull\` (or \`pnpm specs:update\`).`,
    );
  }
  if (pinned.webhooks !== undefined && pinned.webhooks !== countWebhooks(doc)) {
    throw new GenerateWebhooksError(
      `${name}: ${countWebhooks(doc)} webhooks in the spec, specs/lock.json says ${pinned.webhooks}.`,
    );
  }
  return { name, doc, sha };
}

function isJson(media: string): boolean {
  return /^application\/(.+\+)?json/i.test(media);
}

/** Finds a security scheme by name in the event's own spec, then in the others (webhooks.yaml declares none). */
function findScheme(specs: LoadedSpec[], own: LoadedSpec, scheme: string): OpenApiDocument | undefined {
  for (const s of [own, ...specs.filter((x) => x !== own)]) {
    const found = s.doc.components?.securitySchemes?.[scheme];
    if (found) return deref(s.doc, found);
  }
  return undefined;
}

export function readWebhookEvents(specs: LoadedSpec[]): WebhookEventMeta[] {
  const out: WebhookEventMeta[] = [];
  const seen = new Map<string, string>();
  for (const spec of specs) {
    const { doc } = spec;
    for (const [name, rawItem] of Object.entries(doc.webhooks ?? {})) {
      const item = deref(doc, rawItem);
      for (const m of HTTP_METHODS) {
        const op = item?.[m];
        if (!op) continue;
        const params: OpenApiDocument[] = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) =>
          deref(doc, p),
        );
        const headers = params.filter((p) => p.in === 'header').map((p) => String(p.name).toLowerCase());
        let keyHeader: string | undefined;
        for (const alt of (op.security ?? doc.security ?? []) as Record<string, unknown>[]) {
          for (const schemeName of Object.keys(alt)) {
            const scheme = findScheme(specs, spec, schemeName);
            if (scheme?.type === 'apiKey' && scheme.in === 'header')
              keyHeader ??= String(scheme.name).toLowerCase();
          }
        }
        const reply = Object.entries(op.responses ?? {}).some(
          ([status, res]) => /^2/.test(status) && Object.keys(deref(doc, res)?.content ?? {}).some(isJson),
        );
        const operationId = String(op.operationId ?? `${m}${name}`);
        for (const key of [name, operationId]) {
          const other = seen.get(key);
          if (other)
            throw new GenerateWebhooksError(`event ${key} is declared twice (${other} and ${spec.name}).`);
          seen.set(key, spec.name);
        }
        const meta: WebhookEventMeta = {
          name,
          method: m.toUpperCase(),
          operationId,
          summary: typeof op.summary === 'string' ? op.summary : undefined,
          source: spec.name,
          headers,
          reply,
        };
        if (keyHeader) meta.keyHeader = keyHeader;
        const payload = payloadShape(doc, op);
        if (payload) meta.payload = payload;
        if (op.deprecated) meta.deprecated = true;
        out.push(meta);
      }
    }
  }
  return out;
}

function header(specs: LoadedSpec[]): string {
  const parts = specs.map(
    (s) => `specs/${s.name}.json (${s.doc.info.title} ${s.doc.info.version}, sha256 ${s.sha.slice(0, 12)})`,
  );
  return `// generated from ${parts.join(' and ')}, do not edit\n`;
}

function eventsFile(head: string, events: WebhookEventMeta[]): string {
  const alias: Record<SourceName, string> = { webhooks: 'WebhooksSpec', multi: 'MultiSpec' };
  const typeOf = (e: WebhookEventMeta) =>
    `${alias[e.source]}[${JSON.stringify(e.name)}][${JSON.stringify(e.method.toLowerCase())}]`;
  const doc = (e: WebhookEventMeta) =>
    `  /** ${(e.summary ?? e.operationId).replace(/\*\//g, '*\\/')} (\`${e.operationId}\`, ${e.source} spec)${e.deprecated ? ' @deprecated' : ''} */\n`;
  const payloads = events.map((e) => `${doc(e)}  ${JSON.stringify(e.name)}: RequestBody<${typeOf(e)}>;`);
  const replies = events
    .filter((e) => e.reply)
    .map((e) => `${doc(e)}  ${JSON.stringify(e.name)}: ReplyBody<${typeOf(e)}>;`);
  const ids = events.map((e) => `  ${JSON.stringify(e.operationId)}: ${JSON.stringify(e.name)};`);
  // The summary already documents the types; the runtime table keeps only what verification reads.
  const table = Object.fromEntries(events.map(({ name, summary: _summary, ...rest }) => [name, rest]));
  return (
    head +
    `import type { webhooks as MultiSpec } from './multi-webhooks.js';\n` +
    `import type { webhooks as WebhooksSpec } from './schema.js';\n\n` +
    `type RequestBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;\n` +
    `type ReplyBody<Op> = Op extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;\n\n` +
    `/** The payload of every event Weavr sends, keyed by the event's name in the spec. */\n` +
    `export interface WebhookPayloads {\n${payloads.join('\n')}\n}\n\n` +
    `/** The answer each forwarding event expects (the events whose spec declares a JSON response). */\n` +
    `export interface WebhookReplies {\n${replies.join('\n')}\n}\n\n` +
    `/** Event names by operationId. */\n` +
    `export interface WebhookOperationIds {\n${ids.join('\n')}\n}\n\n` +
    `/** What the spec says about each event: operationId, the headers it declares, its key header, whether it expects an answer. */\n` +
    `export const webhookEvents = {\n${Object.entries(table)
      .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`)
      .join('\n')}\n} as const;\n`
  );
}

function specFile(head: string, specs: LoadedSpec[]): string {
  const info = Object.fromEntries(
    specs.map((s) => [
      s.name,
      { title: s.doc.info.title, version: s.doc.info.version, openapi: s.doc.openapi, sha256: s.sha },
    ]),
  );
  return `${head}\n/** The specs this package was generated from. */\nexport const specs = ${JSON.stringify(info, null, 2)} as const;\n`;
}

export async function generateWebhooks(
  root: string,
  log: (l: string) => void = console.log,
): Promise<string> {
  const specs = SOURCES.map((name) => loadSpec(root, name));
  const dir = join(root, 'packages', 'webhooks');
  if (!existsSync(dir)) throw new GenerateWebhooksError(`package folder ${dir} does not exist.`);
  const events = readWebhookEvents(specs);
  const head = header(specs);
  const [own, multi] = specs as [LoadedSpec, LoadedSpec];
  const files: Record<string, string> = {};
  const types = async (doc: OpenApiDocument) => {
    const out = await typesWithUnions(doc);
    for (const s of out.skipped)
      log(`webhooks: discriminator of ${s.name} left as its base type: ${s.reason}`);
    return `${head}/* eslint-disable */\n${out.source}`;
  };
  files['schema.ts'] = await types(own.doc);
  let multiWebhooks: OpenApiDocument;
  try {
    multiWebhooks = webhooksOnly(multi.doc);
  } catch (e) {
    if (e instanceof SpecPartError) throw new GenerateWebhooksError(`multi: ${e.message}`);
    throw e;
  }
  files['multi-webhooks.ts'] = await types(multiWebhooks);
  files['events.ts'] = eventsFile(head, events);
  files['spec.ts'] = specFile(head, specs);

  const target = join(dir, 'src', 'generated');
  replaceFolder(target, files);
  const counts = specs.map((s) => `${events.filter((e) => e.source === s.name).length} from ${s.name}`);
  log(
    `webhooks: ${events.length} events (${counts.join(', ')}) → ${target.slice(root.length + 1)}/ (${Object.keys(files).join(', ')})`,
  );
  return target;
}

runWhenMain(
  generatorCommand('generate-webhooks', HELP, GenerateWebhooksError, generateWebhooks),
  import.meta.url,
);
