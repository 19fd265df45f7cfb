import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentHash, type OpenApiDocument } from './spec.js';

export interface Source {
  title: string;
  url: string;
  reference: string;
  /** The package generated from the whole document. */
  package: string;
  /**
   * Other packages built from one part of the document, by name: e.g. `{ "@weavr-sdk/webhooks": "webhooks" }`,
   * built from the `webhooks` section and the components it reaches (see lib/spec-part.ts).
   */
  alsoBuilds?: Record<string, string>;
}

export interface LockEntry {
  /** info.version of the document */
  version: string;
  /** the document's `openapi` field */
  openapi: string;
  /** sha256 of the canonical JSON of the parsed document */
  sha256: string;
  operations: number;
  webhooks?: number;
}

export type Lock = Record<string, LockEntry>;

/** The repository root: scripts/src/lib → ../../.. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function readSources(root: string): Record<string, Source> {
  return readJson(join(root, 'specs', 'sources.json'));
}

/**
 * specs/sources.json and the names a command was given (every source when none), each checked to be one of its
 * sources; `fail` builds the command's own error.
 */
export function selectSources(
  root: string,
  names: string[] | undefined,
  fail: (message: string) => Error,
): { sources: Record<string, Source>; names: string[] } {
  let sources: Record<string, Source>;
  try {
    sources = readSources(root);
  } catch (e) {
    throw fail(`specs/sources.json: cannot read it (${(e as Error).message}).`);
  }
  const picked = names?.length ? names : Object.keys(sources);
  for (const n of picked)
    if (!sources[n])
      throw fail(`${n}: not a source in specs/sources.json (known: ${Object.keys(sources).join(', ')}).`);
  return { sources, names: picked };
}

export function readLock(root: string): Lock {
  try {
    return readJson(join(root, 'specs', 'lock.json'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

export function pulledSpecPath(root: string, name: string): string {
  return join(root, 'specs', `${name}.json`);
}

/**
 * Replaces the folder `target` with exactly `files`: written beside it, then swapped in by renames, so a
 * failure part-way leaves the previous folder whole.
 */
export function replaceFolder(target: string, files: Record<string, string>): void {
  const tmp = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [f, content] of Object.entries(files)) writeFileSync(join(tmp, f), content);
  if (existsSync(target)) renameSync(target, old);
  renameSync(tmp, target);
  rmSync(old, { recursive: true, force: true });
}

/**
 * Where specs are pulled from and how long a download may take, as the environment says: the mirror
 * `WEAVR_SPECS_FROM` (a folder or base URL; Weavr itself when unset or empty) and the timeout
 * `WEAVR_SPECS_TIMEOUT_MS` (60 s when unset or not a positive number).
 */
export function downloadSettings(env: NodeJS.ProcessEnv = process.env): {
  mirror?: string;
  timeoutMs: number;
} {
  const timeout = Number(env.WEAVR_SPECS_TIMEOUT_MS ?? 60_000);
  return {
    ...(env.WEAVR_SPECS_FROM ? { mirror: env.WEAVR_SPECS_FROM } : {}),
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 60_000,
  };
}

/**
 * A pulled spec and its sha256, checked against specs/lock.json; `fail` builds the generator's own error
 * (a missing file or a hash the lock does not pin).
 */
export function readPinnedSpec(
  root: string,
  name: string,
  fail: (message: string) => Error,
): { doc: OpenApiDocument; sha: string } {
  const file = pulledSpecPath(root, name);
  if (!existsSync(file)) throw fail(`${name}: specs/${name}.json is missing. Run \`pnpm specs:pull\` first.`);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  const sha = contentHash(doc);
  if (readLock(root)[name]?.sha256 !== sha)
    throw fail(`${name}: specs/${name}.json does not match specs/lock.json. Run \`pnpm specs:pull\`.`);
  return { doc, sha };
}

/** The first line of every generated file: where it came from, and not to edit it. */
export function generatedHeader(name: string, doc: OpenApiDocument, sha: string): string {
  return `// generated from specs/${name}.json (${doc.info.title} ${doc.info.version}, sha256 ${sha.slice(0, 12)}), do not edit\n`;
}
