import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, inject, test } from 'vitest';

/**
 * What a user's bundle grows by for one call: esbuild bundles and minifies a one-call module against the
 * installed tarballs (browser conditions, tree-shaken), and the gzip size must stay within the budget.
 * Measured when the budgets were last set (2026-12-05, Node 20, esbuild 0.28): Multi 42.0 KB minified /
 * 14.4 KB gzip, Back-Office 35.9 KB / 13.7 KB. Of that, @weavr-sdk/core is about 32.4 KB minified: the call
 * pipeline (plan and its path, header and base-URL checks; query and body serialisation; attempts; byte-budgeted
 * body reads; redirect handling), typed errors with their hints, redaction of echoed secrets (tracing is its own
 * entry point and the node:http transport is swapped out by the browser condition, so neither is in it);
 * openapi-fetch adds nothing (only its types and middleware contract are used) and Multi's per-operation runtime
 * table is 9.5 KB. bench/RESULTS.md explains the miss against the 5 KB target.
 * The budgets leave about 10% headroom: a jump past them means something heavy got pulled in (the full
 * operation map, a schema, a new dependency), not that a feature grew by a few lines.
 */
const BUDGETS = [
  {
    client: '@weavr-sdk/multi',
    code: "import { createMultiClient } from '@weavr-sdk/multi';\ncreateMultiClient({ apiKey: 'key' }).GET('/managed_cards');\n",
    gzipBudget: 15.8 * 1024,
  },
  {
    client: '@weavr-sdk/backoffice',
    code: "import { createBackofficeClient } from '@weavr-sdk/backoffice';\ncreateBackofficeClient({ apiKey: 'key' }).GET('/managed_cards');\n",
    gzipBudget: 15 * 1024,
  },
];

const consumer = inject('consumer');

describe('bundle size for one call', () => {
  for (const b of BUDGETS) {
    test(b.client, async () => {
      const result = await bundle(b.code);
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
          `(budget ${(b.gzipBudget / 1024).toFixed(1)} KB gzip); largest: ${inputs.join(', ')}`,
      );
      // The bundle really is the packed code: the published ESM build, not the workspace sources.
      expect(
        Object.keys(result.metafile.inputs).some((f) => f.includes(`node_modules/${b.client}/dist/`)),
      ).toBe(true);
      expect(gzip).toBeLessThanOrEqual(b.gzipBudget);
      // Nothing only Node runs: the node:http transport and the undici proxy loader stay out of a browser bundle
      // (core's `browser` condition), whatever the rest weighs.
      const text = new TextDecoder().decode(js);
      for (const nodeOnly of ['getBuiltinModule', 'node:http', 'node:zlib', 'EnvHttpProxyAgent'])
        expect(text.includes(nodeOnly), `${nodeOnly} in the browser bundle`).toBe(false);
      // Nor tracing, which an app that does not import `<client>/tracing` never uses.
      for (const marker of TRACING_MARKERS)
        expect(text.includes(marker), `tracing (${marker}) in a bundle that does not trace`).toBe(false);
    });
  }

  test('tracing is bundled when used, through the client’s tracing entry point', async () => {
    const code = `import { createMultiClient } from '@weavr-sdk/multi';
import { openTelemetry } from '@weavr-sdk/multi/tracing';
const span = { setAttribute() {}, addEvent() {}, setStatus() {}, end() {} };
createMultiClient({ apiKey: 'key', tracing: openTelemetry({ startSpan: () => span }) }).GET('/managed_cards');
`;
    const js = (await bundle(code)).outputFiles[0]?.contents;
    const text = new TextDecoder().decode(js);
    for (const marker of TRACING_MARKERS) expect(text.includes(marker), marker).toBe(true);
  });
});

/** Strings only the OpenTelemetry tracing code holds (span and event names it records). */
const TRACING_MARKERS = ['url.template', 'weavr.retry', 'http.request.resend_count'];

/** A one-call module bundled as a browser app would be (esbuild, ESM, minified, tree-shaken). */
function bundle(code: string) {
  return build({
    stdin: { contents: code, resolveDir: consumer, loader: 'ts', sourcefile: 'one-call.ts' },
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
}
