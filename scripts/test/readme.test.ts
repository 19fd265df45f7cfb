import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { repoRoot } from './helpers.js';

/**
 * The READMEs' ```ts blocks are what users copy: each must type-check against the built
 * @weavr-sdk/multi and @weavr-sdk/backoffice (this package depends on both, so turbo builds them first).
 * The scratch folder sits in scripts/node_modules so that the workspace packages resolve from it, and git
 * and biome ignore it.
 */
const work = join(repoRoot, 'scripts', 'node_modules', `.readme-check-${process.pid}`);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

afterAll(() => rmSync(work, { recursive: true, force: true }));

function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);
}

function typeCheck(): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [tsc, '-p', join(work, 'tsconfig.json')],
      { cwd: work, timeout: 300_000 },
      (error, stdout, stderr) => {
        done({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` });
      },
    );
  });
}

const READMES = ['README.md', 'packages/multi/README.md', 'packages/backoffice/README.md'];

test('the READMEs’ TypeScript examples type-check against the built packages', async () => {
  const blocks = READMES.flatMap((file) => tsBlocks(readFileSync(join(repoRoot, file), 'utf8')));
  expect(blocks.length).toBeGreaterThanOrEqual(READMES.length + 1);
  expect(blocks.some((b) => b.includes("from '@weavr-sdk/multi'"))).toBe(true);
  expect(blocks.some((b) => b.includes("from '@weavr-sdk/backoffice'"))).toBe(true);

  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'package.json'), '{ "type": "module", "private": true }\n');
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022', 'DOM'],
        types: ['node'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      },
      include: ['*.mts'],
    }),
  );
  blocks.forEach((code, i) => {
    writeFileSync(join(work, `readme-${i + 1}.mts`), code);
  });
  // A control: a call the types must reject, so a passing run cannot come from types resolving to `any`.
  writeFileSync(
    join(work, 'control.mts'),
    "import { createMultiClient } from '@weavr-sdk/multi';\n" +
      "import { createBackofficeClient } from '@weavr-sdk/backoffice';\n" +
      "await createMultiClient({ apiKey: 'k' }).GET('/no_such_path');\n" +
      "await createBackofficeClient({ apiKey: 'k' }).POST('/login_with_password', { body: {} });\n",
  );

  const { code, out } = await typeCheck();
  const errors = out.split('\n').filter((l) => /error TS\d+/.test(l));
  const inReadme = errors.filter((l) => l.startsWith('readme-'));
  expect(inReadme, out).toEqual([]);
  expect(
    errors.filter((l) => l.startsWith('control.mts(3,')),
    out,
  ).toHaveLength(1);
  expect(
    errors.filter((l) => l.startsWith('control.mts(4,')),
    out,
  ).toHaveLength(1);
  expect(errors, out).toHaveLength(2);
  expect(code).not.toBe(0);
}, 300_000);
