#!/usr/bin/env tsx
/**
 * The release, around changesets (small on purpose: changesets does the versioning and publishing).
 *
 * `version`: `changeset version`, then every public package gets `repository` (with its `directory`),
 * `homepage` and `bugs` from the one setting that names the repository, the root package.json's `repository`.
 *
 * `publish`: checks what can be checked before anything leaves (built, metadata applied, a `repository` set
 * when the registry is the public one, the registry answers, the token is accepted, no version already on the
 * registry that this repository never released), then `changeset publish`, then one line per package that is
 * still not on the registry, naming the cause. changesets tags only what it published and skips what is
 * already there, so re-running publishes only what is missing.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANGELOG, HELD, heldVersions, holdBack, putBack } from './lib/changelog-hold.js';
import { repoRoot, writeAtomic } from './lib/project.js';

export class ReleaseError extends Error {}

/** The registry whose packages users install by default: publishing there needs the repository set. */
export const PUBLIC_REGISTRY = 'https://registry.npmjs.org/';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  repository?: unknown;
  homepage?: string;
  bugs?: unknown;
  exports?: unknown;
  [key: string]: unknown;
}

export interface PublicPackage {
  name: string;
  version: string;
  /** relative to the root, e.g. packages/multi */
  dir: string;
  manifest: Manifest;
}

export function readManifest(file: string): Manifest {
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** Every non-private package under packages/: what `changeset publish` publishes. */
export function publicPackages(root: string): PublicPackage[] {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(root, 'packages', e.name, 'package.json')))
    .map((e) => {
      const dir = `packages/${e.name}`;
      const manifest = readManifest(join(root, dir, 'package.json'));
      return { name: manifest.name, version: manifest.version, dir, manifest };
    })
    .filter((p) => !p.manifest.private)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The repository's web address from the root `repository` (a string or `{ url }`): `https://github.com/o/r`,
 * `git+https://github.com/o/r.git`, `git@github.com:o/r.git` or `github:o/r`. Only GitHub: `homepage` and
 * `bugs` are derived by GitHub's layout (`/tree/<branch>/<dir>`, `/issues`), and nothing else is guessed.
 */
export function repositoryWebUrl(repository: unknown): string | undefined {
  const raw =
    typeof repository === 'string' ? repository : (repository as { url?: unknown } | undefined)?.url;
  if (raw === undefined) return undefined;
  const m =
    /^(?:git\+)?(?:https:\/\/github\.com\/|git@github\.com:|github:)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(
      String(raw),
    );
  if (!m)
    throw new ReleaseError(
      `package.json "repository" (${JSON.stringify(raw)}) is not a GitHub repository address such as https://github.com/OWNER/REPO.`,
    );
  return `https://github.com/${m[1]}/${m[2]}`;
}

/** The fields a registry shows for one package, all derived from the root's repository. */
export function packageLinks(web: string, dir: string, branch: string) {
  return {
    repository: { type: 'git', url: `git+${web}.git`, directory: dir },
    homepage: `${web}/tree/${branch}/${dir}#readme`,
    bugs: { url: `${web}/issues` },
  };
}

function baseBranch(root: string): string {
  const file = join(root, '.changeset', 'config.json');
  return (
    (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { baseBranch?: string }).baseBranch) ||
    'main'
  );
}

/** Which public packages lack the links the root's repository asks for (all of them when it is unset). */
function linksOutOfDate(root: string): { web: string | undefined; stale: PublicPackage[] } {
  const web = repositoryWebUrl(readManifest(join(root, 'package.json')).repository);
  const branch = baseBranch(root);
  const stale = publicPackages(root).filter((p) => {
    if (!web) return true;
    const want = packageLinks(web, p.dir, branch);
    return (Object.keys(want) as (keyof typeof want)[]).some(
      (k) => JSON.stringify(p.manifest[k]) !== JSON.stringify(want[k]),
    );
  });
  return { web, stale };
}

/** Writes repository/homepage/bugs into every public package, right after `license` (idempotent). */
export function applyLinks(root: string): string[] {
  const { web, stale } = linksOutOfDate(root);
  if (!web) return [];
  const branch = baseBranch(root);
  for (const p of stale) {
    const links = packageLinks(web, p.dir, branch);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(p.manifest)) {
      if (k in links) continue;
      out[k] = v;
      if (k === 'license') Object.assign(out, links);
    }
    if (!('license' in p.manifest)) Object.assign(out, links);
    writeAtomic(join(root, p.dir, 'package.json'), `${JSON.stringify(out, null, 2)}\n`);
  }
  return stale.map((p) => p.name);
}

export interface Ran {
  code: number;
  output: string;
}

/** Runs a command with the output shown as it comes (and kept, to name causes afterwards). */
function run(
  cmd: string,
  args: string[],
  root: string,
  quiet = false,
  env: NodeJS.ProcessEnv = {},
): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const take = (to: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString();
      if (!quiet) to.write(chunk);
    };
    child.stdout.on('data', take(process.stdout));
    child.stderr.on('data', take(process.stderr));
    child.on('error', (e) => resolve({ code: -1, output: `${output}${e.message}` }));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/**
 * The registry pnpm publishes to (its configuration: .npmrc files, `pnpm_config_registry`). changesets
 * publishes with pnpm here but asks npm what is published, at `npm_config_registry` or else npmjs.org
 * (pnpm 12 ignores that variable): both are pointed at this one registry.
 */
async function registryOf(root: string): Promise<string> {
  const r = await run('pnpm', ['config', 'get', 'registry'], root, true);
  const url = r.output.split('\n').find((l) => /^https?:\/\//.test(l.trim()));
  return (url?.trim() ?? PUBLIC_REGISTRY).replace(/\/?$/, '/');
}

/** npm's error code and summary from a failed command's output (`npm error code E401`, …). */
function npmCause(output: string): string {
  const code = /npm error code (\S+)/.exec(output)?.[1];
  const lines = output
    .split('\n')
    .filter((l) => l.startsWith('npm error') && !/code |A complete log|^npm error\s*$/.test(l))
    .map((l) => l.replace(/^npm error\s*/, ''));
  return [code, lines[0]].filter(Boolean).join(': ') || output.trim().split('\n').at(-1) || 'no answer';
}

/** pnpm's `--json` error (`{"error":{"code","message"}}`) as `CODE: message`, or its last line. */
function pnpmCause(output: string): string {
  const at = output.indexOf('{');
  try {
    const e = (JSON.parse(output.slice(at)) as { error?: { code?: string; message?: string } }).error;
    if (e?.code) return [e.code, e.message].filter(Boolean).join(': ');
  } catch {}
  return output.trim().split('\n').at(-1) || 'no answer';
}

/**
 * Whether name@version is on the registry (an answer other than "not found" is thrown: it is unknown). Asked
 * with pnpm's `view`, the registry pnpm publishes to: a native binary, where seven `npm view` at once cost a
 * loaded two-core machine about 6 s per round (tests/release measured it).
 */
async function published(root: string, registry: string, name: string, version: string): Promise<boolean> {
  const r = await run(
    'pnpm',
    ['view', `${name}@${version}`, 'version', '--json', `--registry=${registry}`],
    root,
    true,
  );
  if (r.code === 0) return r.output.includes(`"${version}"`);
  // no such version, or no such package
  if (/ERR_PNPM_PACKAGE_NOT_FOUND|ERR_PNPM_FETCH_404/.test(r.output)) return false;
  throw new ReleaseError(
    `${name}@${version}: cannot ask ${registry} whether it is published (${pnpmCause(r.output)}).`,
  );
}

async function tagged(root: string, tag: string): Promise<boolean> {
  const local = await run('git', ['tag', '--list', tag], root, true);
  if (local.output.trim() === tag) return true;
  const remote = await run('git', ['ls-remote', '--tags', 'origin', `refs/tags/${tag}`], root, true);
  return remote.code === 0 && remote.output.includes(`refs/tags/${tag}`);
}

function listed(packages: PublicPackage[]): string {
  return packages.map((p) => `${p.name}@${p.version}`).join(', ');
}

/** Everything that would stop a publish half-way, checked before anything is sent. Returns what is pending. */
export async function preflight(root: string, registry: string): Promise<PublicPackage[]> {
  const packages = publicPackages(root);
  const unbuilt = packages.filter((p) => !existsSync(join(root, p.dir, 'dist')));
  if (unbuilt.length)
    throw new ReleaseError(`${listed(unbuilt)}: not built (no dist/). Run \`pnpm build\` first.`);
  const { web, stale } = linksOutOfDate(root);
  if (!web && registry === PUBLIC_REGISTRY)
    throw new ReleaseError(
      `the root package.json has no "repository", so ${listed(packages)} would reach ${registry} without repository, homepage and bugs. Set it (e.g. "repository": "https://github.com/OWNER/REPO") and run \`pnpm release:version\`.`,
    );
  if (web && stale.length)
    throw new ReleaseError(
      `${listed(stale)}: repository, homepage or bugs differ from the root package.json's "repository". Run \`pnpm release:version\` (it applies them).`,
    );

  // one quick retry: a registry that is down should not cost npm's default minute of retries; both at once
  const quick = ['--fetch-retries=1', '--fetch-retry-mintimeout=500', '--fetch-retry-maxtimeout=1000'];
  const [ping, who] = await Promise.all([
    run('npm', ['ping', `--registry=${registry}`, ...quick], root, true),
    run('npm', ['whoami', `--registry=${registry}`, ...quick], root, true),
  ]);
  if (ping.code !== 0)
    throw new ReleaseError(`registry ${registry} did not answer (${npmCause(ping.output)}).`);
  if (who.code !== 0)
    throw new ReleaseError(
      `registry ${registry} does not accept the credentials (${npmCause(who.output)}). Give a token with publish rights (NPM_TOKEN in CI, \`npm login --registry ${registry}\` locally).`,
    );

  const there = await Promise.all(packages.map((p) => published(root, registry, p.name, p.version)));
  const pending = packages.filter((_, i) => !there[i]);
  for (const p of packages.filter((_, i) => there[i]))
    if (!(await tagged(root, `${p.name}@${p.version}`)))
      throw new ReleaseError(
        `${p.name}@${p.version} is already on ${registry}, but this repository never released it (no git tag ${p.name}@${p.version}). Add a changeset that moves ${p.name} past it.`,
      );
  return pending;
}

/**
 * The cause printed for one package: pnpm's `Failed to publish package NAME@V (status 403 Forbidden)` with the
 * registry's own `"error"` text when it gave one, else changesets' `an error occurred while publishing NAME: …`.
 */
export function causeFor(output: string, name: string): string {
  const at = output.indexOf(`Failed to publish package ${name}@`);
  if (at >= 0) {
    const rest = output.slice(at, at + 2000);
    const status = /\(status ([^)]+)\)/.exec(rest)?.[1];
    const said = /\\"error\\": \\"([^"\\]+)/.exec(rest)?.[1];
    if (status) return [status, said].filter(Boolean).join(': ');
  }
  const said = `an error occurred while publishing ${name}:`;
  const from = output.indexOf(said);
  if (from < 0) return 'see the output above';
  // changesets prints pnpm's error code (and npm's `summary`, which pnpm's JSON lacks: "undefined"), then the
  // JSON pnpm printed, whose `message` says why
  const line =
    output
      .slice(from + said.length)
      .split('\n')[0]
      ?.trim() ?? '';
  const code = line.replace(/\s+undefined$/, '');
  const message = /"message":\s*"((?:[^"\\]|\\.)*)"/.exec(output.slice(from, from + 3000))?.[1];
  return message && !line.includes(message) ? `${code}: ${message}` : code;
}

/** The changelog files `pnpm release` moves entries between, as paths relative to the root that git shows. */
async function changelogChanges(root: string): Promise<string[] | undefined> {
  const r = await run(
    'git',
    ['status', '--porcelain', '-z', '--no-renames', '--untracked-files=all', '--', 'packages'],
    root,
    true,
  );
  if (r.code !== 0) return undefined; // not a git checkout: nothing to commit
  return r.output
    .split('\0')
    .map((l) => l.slice(3))
    .filter((f) => f.endsWith(`/${CHANGELOG}`) || f.endsWith(`/${HELD}`));
}

/**
 * Commits the changelog entries this run held back or put back, so the repository never lists a version the
 * registry does not have (the release workflow pushes that commit). Only when those files were committed when
 * the run began: a snapshot or a maintainer's uncommitted edit is left alone, and said so.
 */
async function commitChangelogs(root: string, message: string): Promise<string> {
  const files = (await changelogChanges(root)) ?? [];
  if (!files.length) return '';
  const add = await run('git', ['add', '-A', '--', ...files], root, true);
  const commit =
    add.code === 0 ? await run('git', ['commit', '-q', '-m', message, '--', ...files], root, true) : add;
  if (commit.code !== 0)
    return ` Could not commit them (${commit.output.trim().split('\n').at(-1)}): commit ${files.join(', ')} yourself.`;
  const head = await run('git', ['rev-parse', '--short', 'HEAD'], root, true);
  return ` Committed as ${head.output.trim()} ("${message.split('\n')[0]}").`;
}

export async function publish(root: string, args: string[]): Promise<void> {
  const registry = await registryOf(root);
  const pending = await preflight(root, registry);
  const packages = publicPackages(root);
  const isPending = (p: PublicPackage) => pending.some((q) => q.name === p.name);
  const dirOf = (p: PublicPackage) => join(root, p.dir);
  // the changelogs may be committed by this run only if they are as committed now (not for a snapshot)
  const committable = (await changelogChanges(root))?.length === 0 && !args.includes('--no-git-tag');
  const heldBefore = packages.filter((p) => heldVersions(dirOf(p)).includes(p.version));

  // entries a cut-short or earlier run held whose versions are on the registry by now
  for (const p of packages) if (!isPending(p)) putBack(dirOf(p), p.version);
  if (!pending.length) {
    const note = committable
      ? await commitChangelogs(root, `Changelogs of published versions: ${listed(heldBefore)}`)
      : '';
    console.log(`release: every public package is already on ${registry}; nothing to publish.${note}`);
    return;
  }
  // until the registry has a version, its changelog entry waits in CHANGELOG.unpublished.md
  for (const p of pending) holdBack(dirOf(p), p.name, p.version);
  console.log(`release: publishing ${listed(pending)} to ${registry}`);
  const r = await run('pnpm', ['exec', 'changeset', 'publish', ...args], root, false, {
    npm_config_registry: registry,
    pnpm_config_registry: registry,
  });
  const after = await Promise.all(
    pending.map((p) => published(root, registry, p.name, p.version).catch(() => false)),
  );
  for (const p of pending.filter((_, i) => after[i])) putBack(dirOf(p), p.version);
  const refused = pending.filter((_, i) => !after[i]);
  const back = heldBefore.filter((p) => !refused.some((q) => q.name === p.name));
  const held = refused.filter((p) => heldVersions(dirOf(p)).includes(p.version));
  const message = [
    held.length ? `Changelogs: hold back ${listed(held)} (not published)` : '',
    back.length ? `Changelogs of published versions: ${listed(back)}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  const note = committable && message ? await commitChangelogs(root, message) : '';
  if (refused.length)
    throw new ReleaseError(
      `${refused.map((p) => `${p.name}@${p.version}: not published (${causeFor(r.output, p.name)})`).join('\n')}\n` +
        (held.length
          ? `Their changelog entries wait in ${held.map((p) => `${p.dir}/${HELD}`).join(', ')} until they are published.${note}\n`
          : '') +
        'Re-run to publish only what is missing.',
    );
  if (r.code !== 0) throw new ReleaseError(`${listed(pending)}: changeset publish exited ${r.code}.`);
  if (note) console.log(`release: changelog entries of ${listed(back)} put back.${note}`);
}

export async function version(root: string, args: string[]): Promise<void> {
  const r = await run('pnpm', ['exec', 'changeset', 'version', ...args], root);
  if (r.code !== 0)
    throw new ReleaseError(`changeset version failed (exit ${r.code}); nothing was versioned.`);
  const web = repositoryWebUrl(readManifest(join(root, 'package.json')).repository);
  if (!web) {
    console.log(
      'release: the root package.json has no "repository": packages keep no repository/homepage/bugs (a publish to the public registry will refuse).',
    );
    return;
  }
  const changed = applyLinks(root);
  if (changed.length)
    console.log(`release: repository, homepage and bugs from ${web} → ${changed.join(', ')}`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'version') await version(repoRoot, rest);
    else if (command === 'publish') await publish(repoRoot, rest);
    else {
      console.error('Usage: release.ts version [changeset version args] | publish [changeset publish args]');
      return 2;
    }
    return 0;
  } catch (e) {
    if (!(e instanceof ReleaseError)) throw e;
    console.error(`release: ${e.message}`);
    return 1;
  }
}

if (process.argv[1]?.endsWith('release.ts')) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
