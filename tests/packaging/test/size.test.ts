import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, inject, test } from 'vitest';

/**
 * What a user's bundle grows by for one call: esbuild bundles and minifies a one-call module against the
 * installed tarballs (browser conditions, tree-shaken), and the gzip size must stay within the budget.
 * Measured when the budgets were set (Node 20, esbuild 0.28): Multi 30.2 KB minified / 9.8 KB gzip,
 * Back-Office 22.6 KB / 8.5 KB; of that, @weavr-sdk/core is 14.1 KB minified, openapi-fetch 6.4 KB and
 * Multi's per-operation runtime table (flags and operationId for 153 operations) 9.7 KB. The budgets leave
 * about 20% headroom: a jump past them means something heavy got pulled in (the full operation map, a
 * schema, a new dependency), not that a feature grew by a few lines.
 */
const BUDGETS = [
  {
    client: '@weavr-sdk/multi',
    code: "import { createMultiClient } from '@weavr-sdk/multi';\ncreateMultiClient({ apiKey: 'key' }).GET('/managed_cards');\n",
    gzipBudget: 12 * 1024,
  },
  {
    client: '@weavr-sdk/backoffice',
    code: "import { createBackofficeClient } from '@weavr-sdk/backoffice';\ncreateBackofficeClient({ apiKey: 'key' }).GET('/managed_cards');\n",
    gzipBudget: 11 * 1024,
  },
];

const consumer = inject('consumer');

describe('bundle size for one call', () => {
  for (const b of BUDGETS) {
    test(b.client, async () => {
      const result = await build({
        stdin: { contents: b.code, resolveDir: consumer, loader: 'ts', sourcefile: 'one-call.ts' },
        absWorkingDir: consumer,
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      const js = result.outputFiles[0]?.contents ?? new Uint8Array();
      const gzip = gzipSync(js, { level: 9 }).length;
      const inputs = Object.entries(result.metafile.outputs)
        .flatMap(([, o]) => Object.entries(o.inputs))
        .map(([file, i]) => [file.replace(/^.*node_modules\//, ''), i.bytesInOutput] as const)
        .sort((x, y) => y[1] - x[1])
        .slice(0, 4)
        .map(([file, bytes]) => `${file} ${(bytes / 1024).toFixed(1)} KB`);
      console.log(
        `size: ${b.client} one call = ${(js.length / 1024).toFixed(1)} KB minified, ${(gzip / 1024).toFixed(1)} KB gzip ` +
          `(budget ${(b.gzipBudget / 1024).toFixed(0)} KB gzip); largest: ${inputs.join(', ')}`,
      );
      // The bundle really is the packed code: the published ESM build, not the workspace sources.
      expect(
        Object.keys(result.metafile.inputs).some((f) => f.includes(`node_modules/${b.client}/dist/`)),
      ).toBe(true);
      expect(gzip).toBeLessThanOrEqual(b.gzipBudget);
    });
  }
});
