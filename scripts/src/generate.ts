#!/usr/bin/env tsx
/**
 * Generates each package's src/generated/ from the pulled specs: openapi-typescript types (schema.ts), with
 * discriminated schemas as unions, the operation map (operations.ts), the compact table the client reads at run
 * time (runtime.ts), the workflow helpers bound to the API's types (helpers.ts), the type-only helper types and
 * error codes (types.ts) and what the package exports of them (exports.ts); and the package's api.md, the
 * reference of every operation.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiReference } from './lib/api-reference.js';
import { defineCommand, rootOption, runWhenMain } from './lib/cli.js';
import { helpersSource } from './lib/helpers-source.js';
import { apiKeyHeader, readErrorCodes, readOperations, runtimeFlags } from './lib/operations.js';
import { generatedHeader, pulledSpecPath, readLock, readSources, replaceFolder } from './lib/project.js';
import { specServer } from './lib/server-url.js';
import { contentHash, type OpenApiDocument } from './lib/spec.js';
import { exportsFile, typesFile } from './lib/types-file.js';

const HELP = `Usage: generate [--root DIR] [NAME...]

Writes packages/<pkg>/src/generated/{schema,spec,operations,runtime,helpers,types,exports}.ts and
packages/<pkg>/api.md (the reference of every operation) for each spec in specs/sources.json (or only the
NAMEs given), from specs/<name>.json as pulled by pull-specs. The generated folder is replaced as a whole.

  --root DIR   project root (default: this repository)
  --help       this text`;

export class GenerateError extends Error {}

function packageDir(root: string, pkg: string): string {
  return join(root, 'packages', pkg.replace(/^@[^/]+\//, ''));
}

export async function generate(
  root: string,
  name: string,
  log: (l: string) => void = console.log,
): Promise<string> {
  const sources = readSources(root);
  const source = sources[name];
  if (!source)
    throw new GenerateError(
      `${name}: not a source in specs/sources.json (known: ${Object.keys(sources).join(', ')}).`,
    );
  const file = pulledSpecPath(root, name);
  if (!existsSync(file))
    throw new GenerateError(`${name}: specs/${name}.json is missing. Run \`pnpm specs:pull\` first.`);
  let doc: OpenApiDocument;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  } catch (e) {
    throw new GenerateError(
      `${name}: specs/${name}.json is not valid JSON (${(e as Error).message}). Run \`pnpm specs:pull\` again.`,
    );
  }
  const sha = contentHash(doc);
  const pinned = readLock(root)[name];
  if (!pinned || pinned.sha256 !== sha) {
    const pins = pinned ? `pins sha256 ${pinned.sha256.slice(0, 12)}…` : 'has no entry for it';
    throw new GenerateError(
      `${name}: specs/${name}.json (sha256 ${sha.slice(0, 12)}…) does not match specs/lock.json, which ${pins}. Run \`pnpm specs:pull\` (or \`pnpm specs:update\` to accept a new version).`,
    );
  }
  const dir = packageDir(root, source.package);
  if (!existsSync(dir)) throw new GenerateError(`${name}: package folder ${dir} does not exist.`);
  const head = generatedHeader(name, doc, sha);
  const files: Record<string, string> = {};

  // Loaded here, not at the top: it pulls in the TypeScript compiler, which --help and input errors do not need.
  const { typesWithUnions } = await import('./lib/discriminators.js');
  const types = await typesWithUnions(doc);
  files['schema.ts'] = `${head}/* eslint-disable */\n${types.source}`;
  for (const s of types.skipped)
    log(`${name}: discriminator of ${s.name} left as its base type: ${s.reason}`);

  // Junk around a server URL (a stray quote in the simulator spec) is dropped here, once.
  const server = specServer(doc.servers);
  const specInfo = {
    name,
    title: doc.info.title,
    version: doc.info.version,
    openapi: doc.openapi,
    sha256: sha,
    server,
  };
  const ops = readOperations(doc);
  // The server URL is a constant of its own, which the client's factory reads: a bundle then carries the URL,
  // not the whole `spec` object (its hash and titles).
  const { server: _server, ...described } = specInfo;
  files['spec.ts'] =
    `${head}\n/** The spec's server URL: the client's default base URL. */\n` +
    `export const server = ${JSON.stringify(server) ?? 'undefined'};\n\n` +
    `/** The spec this package was generated from. */\n` +
    `export const spec = ${JSON.stringify(described, null, 2).replace(/\n}$/, ',\n  server,\n}')} as const;\n`;
  if (ops.length) {
    const map = Object.fromEntries(ops.map((o) => [`${o.method} ${o.path}`, o]));
    files['operations.ts'] =
      `${head}import type { OperationInfo } from '@weavr-sdk/core';\n\n` +
      `/** Every operation of the ${doc.info.title}, keyed by "METHOD /path", as declared by the spec. */\n` +
      `export const operations = ${JSON.stringify(map, null, 2)} as const satisfies Record<string, OperationInfo>;\n\n` +
      `export type OperationKey = keyof typeof operations;\n`;
    const table = Object.fromEntries(
      ops.map((o) => [`${o.method} ${o.path}`, [runtimeFlags(o), o.operationId]]),
    );
    const query = Object.fromEntries(
      ops.filter((o) => o.query).map((o) => [`${o.method} ${o.path}`, o.query]),
    );
    files['runtime.ts'] =
      `${head}import type { RuntimeTable } from '@weavr-sdk/core/internal';\n\n` +
      `/** What the client needs per call, one number per operation (see @weavr-sdk/core runtime flags). */\n` +
      `export const runtime: RuntimeTable = {\n  apiKeyHeader: ${JSON.stringify(apiKeyHeader(doc))},\n` +
      `  ops: ${JSON.stringify(table)},\n  query: ${JSON.stringify(query)},\n};\n`;
    // Workflow helpers bound to this API, for specs that have lists or documents (not the simulator).
    if (ops.some((o) => o.list || o.media))
      files['helpers.ts'] = head + helpersSource(`${name.charAt(0).toUpperCase()}${name.slice(1)}`, ops);
    files['types.ts'] = typesFile(head, doc.info.title, ops, readErrorCodes(doc));
    files['exports.ts'] = exportsFile(head, doc.info.title);
  }

  const target = join(dir, 'src', 'generated');
  replaceFolder(target, files);
  // The reference of every operation, beside the package's README (published with it, never committed).
  if (ops.length)
    writeFileSync(
      join(dir, 'api.md'),
      apiReference({ packageName: source.package, doc, ops, errorCodes: readErrorCodes(doc), sha256: sha }),
    );
  log(
    `${name} ${doc.info.version}: ${ops.length} operations → ${join(dir, 'src', 'generated').slice(root.length + 1)}/ (${Object.keys(files).join(', ')})`,
  );
  return target;
}

runWhenMain(
  defineCommand({
    name: 'generate',
    help: HELP,
    options: { root: { type: 'string' } },
    positionals: true,
    errors: [GenerateError],
    async run({ values, positionals }) {
      const root = rootOption(values.root);
      let sources: ReturnType<typeof readSources>;
      try {
        sources = readSources(root);
      } catch (e) {
        throw new GenerateError(`specs/sources.json: cannot read it (${(e as Error).message}).`);
      }
      const names = positionals.length
        ? positionals
        : Object.entries(sources)
            // A spec with no operations (webhooks) has a generator of its own (generate-webhooks.ts).
            .filter(
              ([n, s]) => existsSync(packageDir(root, s.package)) && (readLock(root)[n]?.operations ?? 0) > 0,
            )
            .map(([n]) => n);
      for (const n of names) await generate(root, n);
      return 0;
    },
  }),
  import.meta.url,
);
