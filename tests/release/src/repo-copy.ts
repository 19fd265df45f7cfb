/**
 * A throwaway copy of this repository for the release tests to version, tag and publish, so `changeset
 * version` never rewrites the real checkout. It holds the working tree's files (tracked and untracked, not
 * ignored), the built `dist/` and generated sources of each package and the pulled specs, in a fresh git
 * repository on `main`, installed by `pnpm install --offline` from the store this checkout was installed
 * from (its node_modules are never shared: pnpm in the copy would relink them).
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { must, shellEnv } from './run.js';

/** This repository's root: tests/release/src → ../../.. */
export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

const GIT_USER = ['-c', 'user.name=Release Test', '-c', 'user.email=release-test@127.0.0.1'];

export function git(cwd: string, ...args: string[]) {
  return must('git', [...GIT_USER, ...args], { cwd, env: shellEnv() });
}

/** Folders whose build outputs the copy needs (ignored by git, so not in ls-files). */
function buildOutputs(): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(repoRoot, 'packages'), { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    for (const sub of ['dist', 'src/generated']) {
      const rel = `packages/${e.name}/${sub}`;
      if (existsSync(join(repoRoot, rel))) out.push(rel);
    }
  }
  for (const f of readdirSync(join(repoRoot, 'specs')))
    if (/^[a-z]+\.json$/.test(f) && !['sources.json', 'lock.json'].includes(f)) out.push(`specs/${f}`);
  return out;
}

/**
 * `pnpm install` as the release workflow runs it after checkout, from the store this checkout was installed
 * from. --trust-lockfile: this very lockfile passed pnpm's supply-chain check when the checkout was installed
 * (checking it again needs every package's metadata from a registry).
 */
export function install(repo: string) {
  return must('pnpm', ['install', '--offline', '--frozen-lockfile', '--trust-lockfile'], {
    cwd: repo,
    env: shellEnv(),
    timeoutMs: 300_000,
  });
}

/**
 * Copies the repository to `dest` (created), applies `edit` to the copy, commits it on `main` and installs.
 * Returns `dest`.
 */
export async function copyRepository(dest: string, edit: (dir: string) => void = () => {}): Promise<string> {
  mkdirSync(dest, { recursive: true });
  const listed = await must('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
    env: shellEnv(),
  });
  const files = listed.stdout.split('\0').filter((f) => f && existsSync(join(repoRoot, f)));
  for (const f of files) {
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    cpSync(join(repoRoot, f), join(dest, f));
  }
  for (const rel of buildOutputs()) cpSync(join(repoRoot, rel), join(dest, rel), { recursive: true });
  edit(dest);
  await git(dest, 'init', '-q', '-b', 'main');
  await git(dest, 'add', '-A');
  await git(dest, 'commit', '-q', '-m', 'the repository as tested');
  await install(dest);
  return dest;
}
