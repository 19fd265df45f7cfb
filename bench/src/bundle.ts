/**
 * What one call costs a browser bundle: esbuild bundles each fixture (one GET) for the browser, minified,
 * and we gzip the result at level 9. No timing: sizes are exact and need one round.
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { Role } from './contenders.js';

export interface BundleRow {
  name: string;
  role: Role;
  minified: number;
  gzip: number;
}

const FIXTURES: { file: string; name: string; role: Role }[] = [
  { file: 'fetch.ts', name: 'fetch', role: 'baseline' },
  { file: 'openapi-fetch.ts', name: 'openapi-fetch', role: 'reference' },
  { file: 'weavr.ts', name: '@weavr-sdk/multi', role: 'ours' },
  { file: 'openai.ts', name: 'openai', role: 'peer' },
  { file: 'stripe.ts', name: 'stripe', role: 'peer' },
];

export async function bundleOne(entry: string): Promise<{ minified: number; gzip: number; text: string }> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error(`esbuild produced nothing for ${entry}`);
  return {
    minified: file.contents.byteLength,
    gzip: gzipSync(file.contents, { level: 9 }).byteLength,
    text: file.text,
  };
}

export async function runBundles(): Promise<BundleRow[]> {
  const rows: BundleRow[] = [];
  for (const f of FIXTURES) {
    const entry = fileURLToPath(new URL(`../fixtures/bundle/${f.file}`, import.meta.url));
    const { minified, gzip } = await bundleOne(entry);
    rows.push({ name: f.name, role: f.role, minified, gzip });
  }
  return rows;
}
