/** Installing the published packages in a user's project, as a user does: by name and version or tag. */
import { join } from 'node:path';
import { must, type Ran, run } from './run.js';
import type { Stage } from './stage.js';

/** `npm install SPEC…` against the local registry, with a cache of its own (nothing reaches another registry). */
export function npmInstall(s: Stage, dir: string, specs: string[]): Promise<Ran> {
  return must(
    'npm',
    ['install', ...specs, `--registry=${s.registry.url}`, '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: dir, env: { ...s.env, npm_config_cache: join(dir, '.npm-cache') } },
  );
}

/** `pnpm add SPEC…` against the local registry, with a store and cache of its own. */
export function pnpmAdd(s: Stage, dir: string, specs: string[]): Promise<Ran> {
  return must(
    'pnpm',
    [
      'add',
      ...specs,
      `--registry=${s.registry.url}`,
      `--store-dir=${join(dir, '.pnpm-store')}`,
      `--cache-dir=${join(dir, '.pnpm-cache')}`,
      '--config.confirmModulesPurge=false',
    ],
    { cwd: dir, env: s.env },
  );
}

/** Runs the consumer's call.mjs or call.cjs and returns what it printed (its last line, JSON). */
export async function call(dir: string, file: 'call.mjs' | 'call.cjs'): Promise<Record<string, unknown>> {
  const r = await run(process.execPath, [file], { cwd: dir, timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`node ${file} exited ${r.code}:\n${r.output}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

/** The version of a dependency as installed in the project (node_modules/NAME/package.json). */
export async function installedVersion(dir: string, name: string): Promise<string> {
  const r = await run(process.execPath, ['-p', `require('${name}/package.json').version`], { cwd: dir });
  return r.stdout.trim();
}
