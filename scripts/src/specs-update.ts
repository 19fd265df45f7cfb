#!/usr/bin/env tsx
/**
 * Accepts a new release of Weavr's specs: pulls them (pull-specs --update), regenerates the affected
 * packages, compares each changed spec with the one it replaces (spec-diff) and writes a changeset per
 * affected package whose bump follows the diff. Nothing happens for a spec that did not change.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GenerateError, generate } from './generate.js';
import { defineCommand, rootOption, runWhenMain } from './lib/cli.js';
import { diffSpecs, type SpecDiff } from './lib/diff.js';
import { renderMarkdown, renderText, summaryLine } from './lib/diff-report.js';
import {
  downloadSettings,
  pulledSpecPath,
  readLock,
  repoRoot,
  type Source,
  selectSources,
  writeAtomic,
} from './lib/project.js';
import { canonicalJson, contentHash, type OpenApiDocument } from './lib/spec.js';
import { isSpecPart, SPEC_PARTS, type SpecPart, specPart } from './lib/spec-part.js';
import { PullError, pullSpecs } from './pull-specs.js';

const HELP = `Usage: specs-update [--root DIR] [NAME...]

Pulls each spec in specs/sources.json (or only the NAMEs given) and accepts
new versions (rewrites specs/lock.json). For every spec that changed it
regenerates its package, prints the spec diff against the previous pull and
writes a changeset for the public packages built from it, as sources.json says:
.changeset/<name>-spec-<version>-<sha8>.md for its "package" (built from the
whole document), .changeset/<name>-<part>-spec-<version>-<sha8>.md for each of
its "alsoBuilds" (built from one part, e.g. the webhooks section), written only
when that part changed. The bump follows the diff of what the package is built
from:

  anything breaking   major   (minor while the package is 0.x)
  only additive       minor   (patch while the package is 0.x)
  only documentation  patch

It also rewrites every "Generated from the <title> spec …" line in every
package README. The replaced document is kept as specs/<name>.previous.json
for another look with pnpm specs:diff. A spec that did not change changes
nothing.

Run \`pnpm specs:pull\` first: the pulled specs/<name>.json are the baseline.

  --root DIR   project root (default: this repository)
  --help       this text

Environment: WEAVR_SPECS_FROM as for pull-specs (a mirror folder or base URL).`;

export class UpdateError extends Error {}

export type Bump = 'major' | 'minor' | 'patch';

export interface SpecUpdate {
  name: string;
  from: string;
  to: string;
  diff: SpecDiff;
  /**
   * The public packages bumped for this change, as specs/sources.json names them: its `package`, and each of
   * its `alsoBuilds` whose part of the spec changed (webhooks: only when the Multi spec's webhooks did).
   */
  packages: { name: string; bump: Bump }[];
  /** paths of the changesets written, relative to the root: one per part of the spec that changed */
  changesets: string[];
}

/**
 * The bump a spec change asks for. While a package is 0.x, npm's caret ranges treat the minor as the
 * breaking digit (^0.3.1 accepts 0.3.x only), so everything moves one digit down: breaking → minor,
 * additive → patch. Documentation-only changes are a patch either way.
 */
export function bumpFor(diff: SpecDiff, version: string): Bump {
  const zero = /^0\./.test(version);
  if (diff.breaking > 0) return zero ? 'minor' : 'major';
  if (diff.additive > 0) return zero ? 'patch' : 'minor';
  return 'patch';
}

/** The README line recording the spec a package was generated from (kept in sync here, checked by tests). */
export function specReadmeLine(title: string, version: string, sha256: string): string {
  return `Generated from the ${title} spec ${version} (sha256 \`${sha256}\`).`;
}

/** Every line for this spec title, whatever version and hash it names (global: a README may repeat it). */
function readmeLinePattern(title: string): RegExp {
  const t = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^Generated from the ${t} spec \\S+ \\(sha256 \`[0-9a-f]{64}\`\\)\\.$`, 'gm');
}

interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  scripts?: Record<string, string>;
}

/** One package built from a spec: from the whole document (`part` undefined) or from one part of it. */
interface Built {
  manifest: PackageJson;
  part: SpecPart | undefined;
}

/** The workspace packages under packages/, by name. */
function workspacePackages(root: string): Map<string, PackageJson> {
  const dir = join(root, 'packages');
  const out = new Map<string, PackageJson>();
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
    out.set(manifest.name, manifest);
  }
  return out;
}

/**
 * The packages built from a spec, as specs/sources.json says: its `package` (the whole document) and each of
 * its `alsoBuilds` (one part). A name that is not a package under packages/, or an unknown part, is an error.
 */
export function packagesFrom(root: string, name: string, source: Source): Built[] {
  const packages = workspacePackages(root);
  const find = (pkg: string): PackageJson => {
    const manifest = packages.get(pkg);
    if (!manifest)
      throw new UpdateError(
        `specs/sources.json: ${name} names ${pkg}, which is not a package under packages/ (known: ${[...packages.keys()].join(', ')}).`,
      );
    return manifest;
  };
  const out: Built[] = [{ manifest: find(source.package), part: undefined }];
  for (const [pkg, part] of Object.entries(source.alsoBuilds ?? {})) {
    if (!isSpecPart(part))
      throw new UpdateError(
        `specs/sources.json: ${name} builds ${pkg} from "${part}", which is not a part it knows (${SPEC_PARTS.join(', ')}).`,
      );
    out.push({ manifest: find(pkg), part });
  }
  return out;
}

/** Whether the part of the spec changed, its `info` aside (a title or description there is not the part's). */
function partChanged(oldDoc: OpenApiDocument, newDoc: OpenApiDocument, part: SpecPart): boolean {
  const strip = (d: OpenApiDocument) => canonicalJson({ ...specPart(d, part), info: undefined });
  return strip(oldDoc) !== strip(newDoc);
}

/** The previously pulled document, checked against the lock: it is the baseline of the diff. */
function baseline(root: string, name: string, pinnedSha: string | undefined): OpenApiDocument | undefined {
  if (!pinnedSha) return undefined; // a new source: everything in it is new
  const file = pulledSpecPath(root, name);
  const hint = 'Run `pnpm specs:pull` first: the pinned spec is the baseline the new one is compared with.';
  if (!existsSync(file)) throw new UpdateError(`${name}: specs/${name}.json is missing. ${hint}`);
  let doc: OpenApiDocument;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UpdateError(`${name}: specs/${name}.json is not valid JSON (${(e as Error).message}). ${hint}`);
  }
  if (contentHash(doc) !== pinnedSha)
    throw new UpdateError(`${name}: specs/${name}.json is not the version specs/lock.json pins. ${hint}`);
  return doc;
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'unversioned'
  );
}

function changesetBody(
  diff: SpecDiff,
  name: string,
  part: SpecPart | undefined,
  oldSha: string | undefined,
  newSha: string,
  zero: boolean,
): string {
  const title = `${diff.to.title || name}${part ? ` (its ${part})` : ''}`;
  const from = oldSha ? `${diff.from.version} (sha256 ${oldSha.slice(0, 12)})` : 'none';
  const head = `${title} spec updated: ${from} → ${diff.to.version} (sha256 ${newSha.slice(0, 12)}). ${summaryLine(diff)}.`;
  const note =
    zero && diff.breaking > 0
      ? '\n\nBreaking changes are released as a minor bump while the package is 0.x.'
      : '';
  return `${head}${note}\n\n${renderMarkdown(diff)}\n`;
}

export interface UpdateOptions {
  root?: string;
  names?: string[];
  mirror?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** Pulls, regenerates, diffs and writes changesets. On a failure after the pull, the lock and specs are restored. */
export async function specsUpdate(opts: UpdateOptions = {}): Promise<SpecUpdate[]> {
  const root = opts.root ?? repoRoot;
  const log = opts.log ?? ((l: string) => console.log(l));
  const { sources, names } = selectSources(root, opts.names, (m) => new UpdateError(m));
  // What each spec builds, checked before anything is pulled.
  const built = new Map(names.map((n) => [n, packagesFrom(root, n, sources[n] as Source)]));
  const lockFile = join(root, 'specs', 'lock.json');
  const lockText = existsSync(lockFile) ? readFileSync(lockFile, 'utf8') : undefined;
  const lock = readLock(root);
  const before = new Map<string, OpenApiDocument | undefined>();
  const saved = new Map<string, string>();
  for (const n of names) {
    before.set(n, baseline(root, n, lock[n]?.sha256));
    const file = pulledSpecPath(root, n);
    if (existsSync(file)) saved.set(file, readFileSync(file, 'utf8'));
  }

  const { pulled } = await pullSpecs({
    root,
    names,
    update: true,
    ...(opts.mirror ? { mirror: opts.mirror } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    log,
  });
  const changed = pulled.filter((p) => p.entry.sha256 !== lock[p.name]?.sha256);
  if (!changed.length) {
    log('specs-update: no spec changed, nothing to do.');
    return [];
  }

  const restore = () => {
    for (const [file, text] of saved) writeAtomic(file, text);
    if (lockText !== undefined) writeAtomic(lockFile, lockText);
  };
  const updates: SpecUpdate[] = [];
  const olds = new Map<string, OpenApiDocument>();
  try {
    for (const p of changed) {
      const old = before.get(p.name) ?? {
        openapi: p.doc.openapi,
        info: { title: '', version: 'none' },
        paths: {},
      };
      olds.set(p.name, old);
      const diff = diffSpecs(old, p.doc);
      updates.push({
        name: p.name,
        from: old.info?.version,
        to: p.doc.info.version,
        diff,
        packages: [],
        changesets: [],
      });
      const packages = built.get(p.name) ?? [];
      // Regenerate what the shared generator owns now, so a spec it cannot handle is refused here; a package
      // with its own generator is regenerated by `pnpm generate` / `pnpm build` (turbo keys it on the lock).
      for (const { manifest: m } of packages) {
        if (m.scripts?.generate?.includes(`scripts/src/generate.ts ${p.name}`))
          await generate(root, p.name, log);
        else log(`${m.name}: has its own generator; \`pnpm build\` regenerates it.`);
      }
    }
  } catch (e) {
    restore();
    const why = e instanceof GenerateError ? e.message : (e as Error).message;
    throw new UpdateError(`${why} specs/lock.json and the pulled specs were restored; nothing was accepted.`);
  }

  // Everything generated: only now write changesets, READMEs and the kept previous documents.
  for (const u of updates) {
    const p = changed.find((c) => c.name === u.name);
    if (!p) continue;
    const oldSha = lock[u.name]?.sha256;
    const previous = saved.get(pulledSpecPath(root, u.name));
    if (previous) writeAtomic(join(root, 'specs', `${u.name}.previous.json`), previous);
    const stamped = stampReadmes(
      root,
      [u.diff.from.title, p.doc.info.title],
      p.doc.info.version,
      p.entry.sha256,
    );
    if (stamped.length) log(`${u.name}: updated the spec line in ${stamped.join(', ')}`);
    log('');
    log(renderText(u.diff, previous ? `specs/${u.name}.previous.json` : 'none', `specs/${u.name}.json`));
    const old = olds.get(u.name) as OpenApiDocument;
    const zero = (m: PackageJson) => /^0\./.test(m.version);
    // One changeset per part of the spec that changed and builds a public package.
    const parts = new Map<SpecPart | undefined, PackageJson[]>();
    for (const { manifest, part } of built.get(u.name) ?? []) {
      if (part && !partChanged(old, p.doc, part)) {
        log(`${u.name}: ${manifest.name} is built from its ${part}, which did not change: no bump.`);
        continue;
      }
      if (manifest.private) {
        log(`${u.name}: ${manifest.name} is private, so no changeset.`);
        continue;
      }
      parts.set(part, [...(parts.get(part) ?? []), manifest]);
    }
    if (!parts.size) log(`${u.name}: no public package is built from what changed, so no changeset.`);
    for (const [part, released] of parts) {
      const diff = part ? diffSpecs(specPart(old, part), specPart(p.doc, part)) : u.diff;
      const bumps = released.map((m) => ({ name: m.name, bump: bumpFor(diff, m.version) }));
      u.packages.push(...bumps);
      const file = join(
        root,
        '.changeset',
        `${u.name}${part ? `-${part}` : ''}-spec-${slug(u.to)}-${p.entry.sha256.slice(0, 8)}.md`,
      );
      const front = `---\n${bumps.map((x) => `${JSON.stringify(x.name)}: ${x.bump}`).join('\n')}\n---\n\n`;
      writeAtomic(
        file,
        front + changesetBody(diff, u.name, part, oldSha, p.entry.sha256, released.some(zero)),
      );
      u.changesets.push(relative(root, file));
      log(`${u.name}: ${bumps.map((x) => `${x.name} ${x.bump}`).join(', ')} → ${relative(root, file)}`);
    }
  }
  return updates;
}

/**
 * Rewrites the "Generated from the <title> spec …" line (old or new title) in every package README: a package
 * generated from several specs (webhooks: the Webhooks and the Multi spec) carries a line per spec.
 * Returns the READMEs rewritten, relative to the root.
 */
export function stampReadmes(root: string, titles: string[], version: string, sha256: string): string[] {
  const dir = join(root, 'packages');
  if (!existsSync(dir)) return [];
  const title = titles.at(-1) ?? '';
  const patterns = titles.filter(Boolean).map(readmeLinePattern);
  const changed: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name, 'README.md');
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const next = patterns.reduce((t, re) => t.replace(re, specReadmeLine(title, version, sha256)), text);
    if (next === text) continue;
    writeFileSync(file, next);
    changed.push(relative(root, file));
  }
  return changed;
}

runWhenMain(
  defineCommand({
    name: 'specs-update',
    help: HELP,
    options: { root: { type: 'string' } },
    positionals: true,
    errors: [UpdateError, PullError],
    async run({ values, positionals }) {
      await specsUpdate({
        root: rootOption(values.root),
        names: positionals,
        ...downloadSettings(),
      });
      return 0;
    },
  }),
  import.meta.url,
);
