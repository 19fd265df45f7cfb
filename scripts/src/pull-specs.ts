#!/usr/bin/env tsx
/**
 * Pulls Weavr's OpenAPI documents named in specs/sources.json into specs/<name>.json,
 * verified against specs/lock.json. Nothing is written unless every source verifies.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { defineCommand, rootOption, runWhenMain } from './lib/cli.js';
import {
  downloadSettings,
  type Lock,
  type LockEntry,
  pulledSpecPath,
  readLock,
  repoRoot,
  type Source,
  selectSources,
  writeAtomic,
} from './lib/project.js';
import {
  contentHash,
  countOperations,
  countWebhooks,
  notOpenApi3,
  type OpenApiDocument,
  parseDocument,
} from './lib/spec.js';

const HELP = `Usage: pull-specs [--update] [--force] [--root DIR] [NAME...]

Pulls each spec in specs/sources.json (or only the NAMEs given) and writes
specs/<name>.json after checking it against specs/lock.json. A spec whose
specs/<name>.json already matches the lock is not fetched again, so a build
or test with unchanged, already-pulled specs needs no network.

  --update      accept a new version: rewrite specs/lock.json with what was pulled
  --force       fetch and verify every named spec even when its local copy matches
  --root DIR    project root holding specs/ (default: this repository)
  --help        this text

Environment:
  WEAVR_SPECS_FROM   pull from a mirror instead of Weavr: a folder holding
                     <name>.yaml|.yml|.json, or a base URL serving the same names
  WEAVR_SPECS_TIMEOUT_MS  per-request timeout for downloads (default 60000)`;

export class PullError extends Error {}

interface Pulled {
  name: string;
  from: string;
  doc: OpenApiDocument;
  entry: LockEntry;
}

const EXTENSIONS = ['.yaml', '.yml', '.json'];

async function download(
  url: string,
  name: string,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  let res: Response;
  try {
    res = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json, application/yaml;q=0.9' },
    });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const why =
      err.name === 'TimeoutError'
        ? `timed out after ${timeoutMs} ms`
        : (err.cause?.code ?? err.cause?.message ?? err.message);
    throw new PullError(
      `${name}: cannot download ${url} (${why}). Check the network, or pull from a mirror with WEAVR_SPECS_FROM=<folder or base URL>.`,
    );
  }
  return { status: res.status, text: await res.text() };
}

/** Finds and reads one source's text, from the mirror when WEAVR_SPECS_FROM is set. */
async function readSourceText(
  name: string,
  source: Source,
  mirror: string | undefined,
  root: string,
  timeoutMs: number,
) {
  if (!mirror) {
    const { status, text } = await download(source.url, name, timeoutMs);
    if (status >= 400)
      throw new PullError(
        `${name}: HTTP ${status} from ${source.url}. Check the URL in specs/sources.json, or pull from a mirror with WEAVR_SPECS_FROM.`,
      );
    return { from: source.url, text };
  }
  if (/^https?:\/\//i.test(mirror)) {
    const base = mirror.replace(/\/+$/, '');
    const tried: string[] = [];
    for (const ext of ['.json', '.yaml', '.yml']) {
      const url = `${base}/${name}${ext}`;
      const { status, text } = await download(url, name, timeoutMs);
      if (status === 404) {
        tried.push(url);
        continue;
      }
      if (status >= 400)
        throw new PullError(
          `${name}: HTTP ${status} from ${url}. Check the mirror WEAVR_SPECS_FROM=${mirror}.`,
        );
      return { from: url, text };
    }
    throw new PullError(
      `${name}: not found on the mirror (HTTP 404 for ${tried.join(', ')}). Check WEAVR_SPECS_FROM=${mirror}.`,
    );
  }
  const dir = isAbsolute(mirror) ? mirror : resolve(process.cwd(), mirror);
  if (!existsSync(dir))
    throw new PullError(
      `${name}: the mirror folder ${dir} does not exist. Check WEAVR_SPECS_FROM=${mirror}.`,
    );
  for (const ext of EXTENSIONS) {
    const file = join(dir, `${name}${ext}`);
    if (existsSync(file)) return { from: relative(root, file) || file, text: readFileSync(file, 'utf8') };
  }
  throw new PullError(
    `${name}: no ${name}.yaml, ${name}.yml or ${name}.json in ${dir}. Check WEAVR_SPECS_FROM=${mirror}.`,
  );
}

function describe(doc: OpenApiDocument): LockEntry {
  const webhooks = countWebhooks(doc);
  return {
    version: doc.info.version,
    openapi: doc.openapi,
    sha256: contentHash(doc),
    operations: countOperations(doc),
    ...(webhooks ? { webhooks } : {}),
  };
}

/** Whether `entry` is what the lock pins: same version, content hash and operation count. */
function matchesLock(entry: LockEntry, pinned: LockEntry | undefined): boolean {
  return (
    pinned !== undefined &&
    pinned.sha256 === entry.sha256 &&
    pinned.version === entry.version &&
    pinned.operations === entry.operations
  );
}

/**
 * The local specs/<name>.json described, when it exists, parses and matches the lock: such a spec needs no
 * fetch. Anything else (missing, unreadable, edited, another version) is pulled as usual.
 */
function upToDate(root: string, name: string, pinned: LockEntry | undefined): LockEntry | undefined {
  const file = pulledSpecPath(root, name);
  if (!pinned || !existsSync(file)) return undefined;
  try {
    const entry = describe(JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument);
    return matchesLock(entry, pinned) ? entry : undefined;
  } catch {
    return undefined;
  }
}

function counted(entry: LockEntry): string {
  return [
    entry.operations || !entry.webhooks ? `${entry.operations} operations` : '',
    entry.webhooks ? `${entry.webhooks} webhooks` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

function verify(name: string, from: string, entry: LockEntry, pinned: LockEntry | undefined): void {
  if (!pinned) {
    throw new PullError(
      `${name}: specs/lock.json has no entry for it. Run \`pnpm specs:update\` to pin ${name} ${entry.version}.`,
    );
  }
  if (!matchesLock(entry, pinned)) {
    throw new PullError(
      `${name}: ${from} is ${entry.version} (sha256 ${entry.sha256.slice(0, 12)}…, ${entry.operations} operations) but specs/lock.json pins ${pinned.version} (sha256 ${pinned.sha256.slice(0, 12)}…, ${pinned.operations} operations). If Weavr released a new version, run \`pnpm specs:update\` to review and accept it.`,
    );
  }
}

export interface PullOptions {
  root?: string;
  names?: string[];
  update?: boolean;
  /** Fetch even the specs whose local copy already matches the lock (never needed with `update`). */
  force?: boolean;
  mirror?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * Pulls, verifies and writes. Throws PullError with a one-line message; writes nothing unless all verify.
 * Without `update` or `force`, a source whose specs/<name>.json already matches the lock is left as it is
 * (listed in `upToDate`) and nothing is fetched for it.
 */
export async function pullSpecs(
  opts: PullOptions = {},
): Promise<{ pulled: Pulled[]; upToDate: string[]; lock: Lock; lockChanged: boolean }> {
  const root = opts.root ?? repoRoot;
  const log = opts.log ?? ((l: string) => console.log(l));
  const { sources, names } = selectSources(root, opts.names, (m) => new PullError(m));
  let lock: Lock;
  try {
    lock = readLock(root);
  } catch (e) {
    throw new PullError(
      `specs/lock.json: not valid JSON (${(e as Error).message}). Fix it or restore it from git (\`git checkout specs/lock.json\`).`,
    );
  }
  const timeoutMs = opts.timeoutMs ?? 60_000;

  const pulled: Pulled[] = [];
  const current: string[] = [];
  for (const [i, name] of names.entries()) {
    const source = sources[name] as Source;
    const local = opts.update || opts.force ? undefined : upToDate(root, name, lock[name]);
    if (local) {
      log(
        `[${i + 1}/${names.length}] ${name} ${local.version} · ${counted(local)} · sha256 ${local.sha256.slice(0, 12)}… · up to date (specs/${name}.json matches specs/lock.json, nothing fetched)`,
      );
      current.push(name);
      continue;
    }
    const { from, text } = await readSourceText(name, source, opts.mirror, root, timeoutMs);
    let doc: unknown;
    try {
      doc = parseDocument(text);
    } catch (e) {
      throw new PullError(
        `${name}: ${from} is neither JSON nor YAML (${String((e as Error).message).split('\n')[0]}).`,
      );
    }
    const why = notOpenApi3(doc);
    if (why) throw new PullError(`${name}: ${from} is not an OpenAPI 3.x document (${why}).`);
    const entry = describe(doc as OpenApiDocument);
    if (!opts.update) verify(name, from, entry, lock[name]);
    const changed = opts.update && lock[name]?.sha256 !== entry.sha256;
    const state = opts.update
      ? changed
        ? lock[name]
          ? `updated from ${lock[name]?.version}`
          : 'new'
        : 'unchanged'
      : 'verified';
    log(
      `[${i + 1}/${names.length}] ${name} ${entry.version} · ${counted(entry)} · sha256 ${entry.sha256.slice(0, 12)}… · ${state} ← ${from}`,
    );
    pulled.push({ name, from, doc: doc as OpenApiDocument, entry });
  }

  // Every source verified: only now touch the disk.
  for (const p of pulled) writeAtomic(pulledSpecPath(root, p.name), `${JSON.stringify(p.doc, null, 2)}\n`);
  const next: Lock = { ...lock };
  for (const p of pulled) next[p.name] = p.entry;
  const lockChanged = JSON.stringify(next) !== JSON.stringify(lock);
  if (opts.update && lockChanged) {
    writeAtomic(join(root, 'specs', 'lock.json'), `${JSON.stringify(next, null, 2)}\n`);
    log('specs/lock.json updated');
  }
  return { pulled, upToDate: current, lock: next, lockChanged };
}

const command = defineCommand({
  name: 'pull-specs',
  help: HELP,
  options: { update: { type: 'boolean' }, force: { type: 'boolean' }, root: { type: 'string' } },
  positionals: true,
  errors: [PullError],
  async run({ values, positionals }) {
    await pullSpecs({
      root: rootOption(values.root),
      names: positionals,
      update: values.update,
      force: values.force,
      ...downloadSettings(),
    });
    return 0;
  },
});

runWhenMain(command, import.meta.url);
