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
  /** Minified bytes in the output by package (from esbuild's metafile). */
  parts: Record<string, number>;
}

/** `…/node_modules/.pnpm/x/node_modules/openapi-fetch/dist/index.mjs` → `openapi-fetch`; `../packages/core/…` → `@weavr-sdk/core`. */
function packageOf(input: string): string {
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(input);
  if (workspace && !input.includes('node_modules/')) return `@weavr-sdk/${workspace[1]}`;
  const parts = input.split('node_modules/').at(-1)?.split('/') ?? [];
  if (input.includes('node_modules/'))
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? input);
  return 'the fixture';
}

const FIXTURES: { file: string; name: string; role: Role }[] = [
  { file: 'fetch.ts', name: 'fetch', role: 'baseline' },
  { file: 'openapi-fetch.ts', name: 'openapi-fetch', role: 'reference' },
  { file: 'weavr.ts', name: '@weavr-sdk/multi', role: 'ours' },
  { file: 'openai.ts', name: 'openai', role: 'peer' },
  { file: 'stripe.ts', name: 'stripe', role: 'peer' },
];

export async function bundleOne(
  entry: string,
): Promise<{ minified: number; gzip: number; text: string; parts: Record<string, number> }> {
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
    metafile: true,
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error(`esbuild produced nothing for ${entry}`);
  const parts: Record<string, number> = {};
  for (const output of Object.values(out.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = packageOf(input);
      parts[pkg] = (parts[pkg] ?? 0) + bytesInOutput;
    }
  }
  return {
    minified: file.contents.byteLength,
    gzip: gzipSync(file.contents, { level: 9 }).byteLength,
    text: file.text,
    parts,
  };
}

export async function runBundles(): Promise<BundleRow[]> {
  const rows: BundleRow[] = [];
  for (const f of FIXTURES) {
    const entry = fileURLToPath(new URL(`../fixtures/bundle/${f.file}`, import.meta.url));
    const { minified, gzip, parts } = await bundleOne(entry);
    rows.push({ name: f.name, role: f.role, minified, gzip, parts });
  }
  return rows;
}
