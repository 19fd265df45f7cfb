/** The public packages of this repository and how to run tools on them. */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This repository's root: tests/packaging/src → ../../.. */
export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const packagingDir = join(repoRoot, 'tests', 'packaging');

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  type?: string;
  exports?: unknown;
  dependencies?: Record<string, string>;
}

export interface PublicPackage {
  name: string;
  dir: string;
  manifest: Manifest;
}

/** Every `packages/*` that is not private: what `changeset publish` would publish. */
export function publicPackages(): PublicPackage[] {
  const root = join(repoRoot, 'packages');
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(root, e.name, 'package.json')))
    .map((e) => {
      const dir = join(root, e.name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
      return { name: manifest.name, dir, manifest };
    })
    .filter((p) => !p.manifest.private)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Every file an `exports` map points at (to tell "not built yet" apart from a packaging fault). */
export function exportedFiles(exportsField: unknown): string[] {
  if (typeof exportsField === 'string') return [exportsField];
  if (!exportsField || typeof exportsField !== 'object') return [];
  return Object.values(exportsField).flatMap(exportedFiles);
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion; never throws for a non-zero exit (the caller asserts on it). */
export function run(
  file: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = { cwd: repoRoot },
): Promise<Run> {
  return new Promise((done) => {
    execFile(
      file,
      args,
      {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        timeout: opts.timeoutMs ?? 180_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/**
 * The environment for npm in the scratch project: pnpm exports its own settings as npm_config_*, which
 * would otherwise leak into npm (and the consumer must be installed the way a user's npm installs it).
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_|^pnpm_|^NODE_OPTIONS$/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}
