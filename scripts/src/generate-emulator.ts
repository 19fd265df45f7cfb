#!/usr/bin/env tsx
/**
 * Generates packages/emulator/src/generated/ from the pulled specs: per API (Multi, Back-Office, simulator) a
 * compact route table (method, path, security, parameters, body schema, success status and media) with the
 * component schemas it references, and one deterministic, spec-valid sample answer per operation (what the
 * emulator answers where it models no state). The webhooks spec contributes its event names and payload schemas.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hashSeed, type OpenApiDocument as SampleDoc, sampleSchema } from '@weavr-sdk/testing';
import { generatorCommand, runWhenMain } from './lib/cli.js';
import { generatedHeader, readPinnedSpec, replaceFolder } from './lib/project.js';
import { deref, HTTP_METHODS, type OpenApiDocument } from './lib/spec.js';

const HELP = `Usage: generate-emulator [--root DIR]

Writes packages/emulator/src/generated/{multi,backoffice,simulator,webhooks}.ts from
specs/<name>.json (as pulled by pull-specs and pinned in specs/lock.json). The
generated folder is replaced as a whole.

  --root DIR   project root (default: this repository)
  --help       this text`;

export class GenerateEmulatorError extends Error {}

const APIS = ['multi', 'backoffice', 'simulator'] as const;

// biome-ignore lint/suspicious/noExplicitAny: schemas are walked dynamically
type Json = any;

/** Keywords that only document a schema: dropped to keep the table small. */
const DOC_KEYWORDS = new Set(['description', 'example', 'examples', 'title', 'externalDocs', 'summary']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_ONE = new Set([
  'items',
  'additionalProperties',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'unevaluatedProperties',
]);

/** A schema without its documentation keywords, its local `$ref`s pointed at `<api>#/$defs/<name>`. */
function compactSchema(api: string, node: Json): Json {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries<Json>(node)) {
    if (DOC_KEYWORDS.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      const m = /^#\/components\/schemas\/(.+)$/.exec(value);
      if (!m) throw new GenerateEmulatorError(`${api}: unsupported $ref ${value}`);
      out.$ref = `${api}#/$defs/${m[1]}`;
    } else if (SCHEMA_MAPS.has(key) && value && typeof value === 'object')
      out[key] = Object.fromEntries(Object.entries<Json>(value).map(([k, v]) => [k, compactSchema(api, v)]));
    // Checked as anyOf: Weavr's specs have oneOf alternatives that overlap (SEPABeneficiary and RIXBeneficiary
    // have the same shape), so a strict oneOf rejects requests the real API accepts.
    else if (key === 'oneOf' && Array.isArray(value)) out.anyOf = value.map((v) => compactSchema(api, v));
    else if (SCHEMA_LISTS.has(key) && Array.isArray(value))
      out[key] = value.map((v) => compactSchema(api, v));
    else if (SCHEMA_ONE.has(key) && value && typeof value === 'object') out[key] = compactSchema(api, value);
    else out[key] = value;
  }
  return out;
}

/** One operation as the emulator routes, checks and answers it. */
export interface EmulatorOperation {
  method: string;
  path: string;
  operationId: string;
  /** Security alternatives, each the credentials it needs: `apiKey`, `bearer` or `programmeKey`. */
  security: string[][];
  params: { name: string; in: string; required: boolean; schema: Json; style?: string; explode?: boolean }[];
  body?: { required: boolean; mediaType: string; schema: Json };
  /** The first declared 2xx status and its media types (empty: no body). */
  success: { status: number; media: string[] };
  /** Declared error statuses. */
  errors: number[];
  /** The schema of the success answer's JSON body. */
  response?: Json;
  /** The deterministic sample body of the success answer (JSON media only). */
  sample?: Json;
}

function credential(doc: OpenApiDocument, scheme: string): string {
  const def = deref<Json>(doc, doc.components?.securitySchemes?.[scheme]) ?? {};
  if (def.type === 'http' && String(def.scheme).toLowerCase() === 'bearer') return 'bearer';
  if (def.type === 'apiKey' && String(def.name).toLowerCase() === 'programme-key') return 'programmeKey';
  if (def.type === 'apiKey') return 'apiKey';
  return 'other';
}

async function operationsOf(api: string, doc: OpenApiDocument): Promise<EmulatorOperation[]> {
  const out: EmulatorOperation[] = [];
  for (const [path, rawItem] of Object.entries<Json>(doc.paths ?? {})) {
    const item = deref(doc, rawItem);
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const params = new Map<string, EmulatorOperation['params'][number]>();
      for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const p = deref(doc, raw);
        if (p.in === 'cookie') continue;
        params.set(`${p.in}:${p.name}`, {
          name: p.name,
          in: p.in,
          required: p.required === true || p.in === 'path',
          schema: compactSchema(api, deref(doc, p.schema) ?? {}),
          ...(p.style ? { style: p.style } : {}),
          ...(p.explode !== undefined ? { explode: p.explode } : {}),
        });
      }
      let body: EmulatorOperation['body'];
      if (op.requestBody) {
        const rb = deref(doc, op.requestBody);
        const entries = Object.entries<Json>(rb.content ?? {});
        const [mediaType, content] = entries.find(([m]) => /json/i.test(m)) ?? entries[0] ?? [];
        if (mediaType)
          body = {
            required: rb.required === true,
            mediaType,
            schema: compactSchema(api, content?.schema ?? {}),
          };
      }
      const statuses = Object.keys(op.responses ?? {});
      const ok = statuses.find((s) => /^2\d\d$/.test(s)) ?? '200';
      const res = deref(doc, op.responses?.[ok]) ?? {};
      const media = Object.keys(res.content ?? {});
      const security = (op.security ?? doc.security ?? []).map((alt: Record<string, string[]>) =>
        Object.keys(alt).map((name) => credential(doc, name)),
      );
      const entry: EmulatorOperation = {
        method: method.toUpperCase(),
        path,
        operationId: op.operationId ?? key,
        security,
        params: [...params.values()],
        ...(body ? { body } : {}),
        success: { status: Number(ok), media },
        errors: statuses.filter((s) => /^[45]\d\d$/.test(s)).map(Number),
      };
      const json = media.find((m) => /json/i.test(m));
      const schema = json ? res.content[json]?.schema : undefined;
      if (schema) {
        const { value, problems } = await sampleSchema(doc as SampleDoc, schema, hashSeed(key, 1));
        if (problems.length)
          console.warn(`${api} ${key}: no sample valid against its schema (${problems[0]})`);
        entry.response = compactSchema(api, schema);
        entry.sample = value;
      }
      out.push(entry);
    }
  }
  return out;
}

function readPinned(root: string, name: string): { doc: OpenApiDocument; sha: string } {
  return readPinnedSpec(root, name, (m) => new GenerateEmulatorError(m));
}

/** JSON.parse of a string literal: the type checker and bundler never walk a large object literal. */
function jsonModule(head: string, type: string, name: string, value: unknown): string {
  return (
    `${head}import type { ${type} } from '../spec-types.js';\n\n` +
    `export const ${name}: ${type} = JSON.parse(${JSON.stringify(JSON.stringify(value))});\n`
  );
}

export async function generateEmulator(root: string, log: (l: string) => void = console.log): Promise<void> {
  const dir = join(root, 'packages', 'emulator');
  if (!existsSync(dir)) throw new GenerateEmulatorError(`package folder ${dir} does not exist.`);
  const files: Record<string, string> = {};
  for (const api of APIS) {
    const { doc, sha } = readPinned(root, api);
    const operations = await operationsOf(api, doc);
    const defs = Object.fromEntries(
      Object.entries<Json>(doc.components?.schemas ?? {}).map(([k, v]) => [k, compactSchema(api, v)]),
    );
    files[`${api}.ts`] = jsonModule(generatedHeader(api, doc, sha), 'ApiTable', api, {
      name: api,
      title: doc.info.title,
      version: doc.info.version,
      sha256: sha,
      defs,
      operations,
    });
    log(`emulator: ${api} ${doc.info.version}: ${operations.length} operations`);
  }
  // Webhook events: their names (the path Weavr appends to the receiver's URL) and payload schemas.
  const { doc: hooks, sha } = readPinned(root, 'webhooks');
  const events = Object.entries<Json>(hooks.webhooks ?? {}).map(([event, item]) => {
    const op = item.post ?? Object.values<Json>(item)[0];
    const rb = deref(hooks, op?.requestBody) ?? {};
    const schema = Object.values<Json>(rb.content ?? {})[0]?.schema;
    // The headers the event is delivered with: `bulk_process_end` declares no signature, so it is sent unsigned.
    const headers = (op?.parameters ?? [])
      .map((p: Json) => deref(hooks, p))
      .filter((p: Json) => p?.in === 'header')
      .map((p: Json) => String(p.name).toLowerCase());
    return { event, headers, schema: schema ? compactSchema('webhooks', schema) : {} };
  });
  files['webhooks.ts'] = jsonModule(generatedHeader('webhooks', hooks, sha), 'WebhookTable', 'webhooks', {
    name: 'webhooks',
    title: hooks.info.title,
    version: hooks.info.version,
    sha256: sha,
    defs: Object.fromEntries(
      Object.entries<Json>(hooks.components?.schemas ?? {}).map(([k, v]) => [
        k,
        compactSchema('webhooks', v),
      ]),
    ),
    events,
  });
  log(`emulator: webhooks ${hooks.info.version}: ${events.length} events`);
  replaceFolder(join(dir, 'src', 'generated'), files);
}

runWhenMain(
  generatorCommand('generate-emulator', HELP, GenerateEmulatorError, generateEmulator),
  import.meta.url,
);
