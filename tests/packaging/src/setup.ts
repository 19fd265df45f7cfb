/**
 * vitest global setup: packs every public package with pnpm (as `changeset publish` will: `workspace:`
 * ranges become real ones) and installs all the tarballs together into a scratch project outside this
 * repository with npm, as a user would. Only openapi-fetch and its helper come from the registry.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { cleanEnv, exportedFiles, packagingDir, publicPackages, run } from './packages.js';

export interface Packed {
  name: string;
  version: string;
  /** the source folder, packages/<name> */
  dir: string;
  tarball: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    packed: Packed[];
    /** the scratch project with every tarball installed */
    consumer: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const packages = publicPackages();
  for (const p of packages) {
    const missing = exportedFiles(p.manifest.exports).filter((f) => !existsSync(join(p.dir, f)));
    if (missing.length)
      throw new Error(
        `${p.name}: ${missing.join(', ')} not built. Run \`pnpm build\` first (turbo does it for \`pnpm test\`).`,
      );
  }

  const work = mkdtempSync(join(tmpdir(), 'weavr-packaging-'));
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const packed: Packed[] = [];
  for (const p of packages) {
    const r = await run('pnpm', ['pack', '--pack-destination', tarballs, '--json'], { cwd: p.dir });
    if (r.code !== 0) throw new Error(`${p.name}: pnpm pack failed (exit ${r.code}): ${r.stderr.trim()}`);
    const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { filename: string; version: string };
    packed.push({ name: p.name, version: info.version, dir: p.dir, tarball: info.filename });
  }

  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, 'package.json'),
    `${JSON.stringify(
      {
        name: 'weavr-sdk-consumer',
        private: true,
        description: 'a user project: every packed @weavr-sdk tarball, installed by npm',
        dependencies: Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`])),
      },
      null,
      2,
    )}\n`,
  );
  const install = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--loglevel=error'],
    { cwd: consumer, env: cleanEnv(), timeoutMs: 240_000 },
  );
  if (install.code !== 0)
    throw new Error(`npm install of the packed tarballs failed (exit ${install.code}):\n${install.stderr}`);
  cpSync(join(packagingDir, 'fixtures', 'consumer'), consumer, { recursive: true });

  project.provide('packed', packed);
  project.provide('consumer', consumer);
  return () => {
    if (!process.env.WEAVR_KEEP_PACKAGING) rmSync(work, { recursive: true, force: true });
  };
}
