import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startEmulator } from '@weavr-sdk/emulator';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Block, blocksOf, documentedFiles, exportedNames, namesTaken, repoRoot } from '../src/blocks.js';

/**
 * Every ```ts and ```tsx block of the README, docs/ and the package READMEs, as a test: each is type-checked
 * with TypeScript 5.9 and TypeScript 7, and each marked `run` runs against a freshly started emulator and must
 * exit 0 having checked what it got. The convention is in docs/README.md. Blocks are written into a scratch
 * folder inside this package (so `@weavr-sdk/*` resolve to the built workspace packages, as installed
 * packages would), one file per block, with docs/contexts/ beside them.
 */
const here = join(import.meta.dirname, '..');
const work = join(here, '.scratch', `blocks-${process.pid}`);
const COMPILERS = [
  {
    label: 'TypeScript 5.9',
    tsc: join(here, 'node_modules', 'typescript', 'bin', 'tsc'),
    version: /^Version 5\.9\./,
  },
  // TypeScript 7 (the native compiler, `tsgo`) is npm's typescript@7, installed under this alias.
  {
    label: 'TypeScript 7',
    tsc: join(here, 'node_modules', 'typescript7', 'bin', 'tsc'),
    version: /^Version 7\./,
  },
];
const tsx = createRequire(import.meta.url).resolve('tsx');

const blocks: Block[] = documentedFiles().flatMap((f) =>
  blocksOf(readFileSync(join(repoRoot, f), 'utf8'), f),
);
const contexts = readdirSync(join(repoRoot, 'docs', 'contexts'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));

/** The scratch file of a block: `README.md:120` → `README.md-L120.mts`. */
function fileOf(b: Block): string {
  return `${b.file.replace(/[/\\]/g, '_')}-L${b.line}.${b.lang === 'tsx' ? 'tsx' : 'mts'}`;
}

/**
 * A fragment gets its context's names from an import on its own first line, so the compiler's line numbers
 * stay the block's.
 */
function sourceOf(b: Block): string {
  if (!b.fragment) return b.code;
  const context = readFileSync(join(repoRoot, 'docs', 'contexts', `${b.fragment}.ts`), 'utf8');
  const names = namesTaken(b.code, exportedNames(context));
  return `import { ${names.join(', ')} } from './contexts/${b.fragment}.js'; ${b.code}`;
}

function run(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<{ code: number; out: string; stdout: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      args,
      { cwd: work, timeout: options.timeoutMs, env: options.env ?? process.env },
      (error, stdout, stderr) =>
        done({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          out: `${stdout}${stderr}`,
          stdout,
        }),
    );
  });
}

beforeAll(() => {
  mkdirSync(work, { recursive: true });
  cpSync(join(repoRoot, 'docs', 'contexts'), join(work, 'contexts'), { recursive: true });
  writeFileSync(join(work, 'package.json'), '{ "type": "module", "private": true }\n');
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      // What a user's project has: ESM, Node's types, strict (README "Set up a project").
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        types: ['node'],
        jsx: 'react-jsx',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      },
      include: ['*.mts', '*.tsx', 'contexts/*.ts'],
    }),
  );
  for (const b of blocks) writeFileSync(join(work, fileOf(b)), sourceOf(b));
  // Controls: calls the types must reject, so a clean run cannot come from types resolving to `any`, and a
  // fragment's context must leave a wrong option an error.
  writeFileSync(
    join(work, 'control.mts'),
    "import { createMultiClient } from '@weavr-sdk/multi';\n" +
      "import { createBackofficeClient } from '@weavr-sdk/backoffice';\n" +
      "await createMultiClient({ apiKey: 'k' }).GET('/no_such_path');\n" +
      "await createBackofficeClient({ apiKey: 'k' }).POST('/login_with_password', { body: {} });\n",
  );
  writeFileSync(
    join(work, 'control-fragment.mts'),
    sourceOf({
      file: 'control',
      line: 0,
      lang: 'ts',
      run: false,
      fragment: 'client',
      code: "await weavr.GET('/managed_cards', { timeoutMs: 'soon' });\n",
    }),
  );
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

test('the documents hold the blocks this test is about', () => {
  const files = new Set(blocks.map((b) => b.file));
  expect(files.has('README.md')).toBe(true);
  expect([...files].filter((f) => f.startsWith('docs/')).length).toBeGreaterThanOrEqual(10);
  expect(blocks.filter((b) => b.run).length).toBeGreaterThanOrEqual(5);
  // Every fragment names a context that exists.
  expect(blocks.filter((b) => b.fragment && !contexts.includes(b.fragment))).toEqual([]);
  // A runnable block checks its own result: it throws (or asserts) when a value is not what it should be.
  const unchecked = blocks.filter((b) => b.run && !/\bthrow\b|\bassert\b/.test(b.code));
  expect(unchecked.map((b) => `${b.file}:${b.line}`)).toEqual([]);
});

describe.each(COMPILERS)('$label', ({ tsc, version }) => {
  test('is the version it claims to be', async () => {
    expect((await run([tsc, '--version'], { timeoutMs: 60_000 })).out.trim()).toMatch(version);
  });

  test('type-checks every block, and rejects the controls', async () => {
    const { code, out } = await run([tsc, '-p', 'tsconfig.json'], { timeoutMs: 600_000 });
    const errors = [...out.matchAll(/^(\S+?)\((\d+),\d+\): (error TS\d+: .*)$/gm)];
    const byFile = new Map(blocks.map((b) => [fileOf(b), b]));
    const inBlocks = errors.flatMap(([, file = '', line = '', message]) => {
      const b = byFile.get(file);
      return b ? [`${b.file}:${b.line + Number(line)}: ${message}`] : [];
    });
    expect(inBlocks, out).toEqual([]);
    const others = errors
      .map(([, file = '', line = '']) => `${file}:${line}`)
      .filter((f) => !byFile.has(f.split(':')[0] as string));
    expect(others.sort(), out).toEqual(['control-fragment.mts:1', 'control.mts:3', 'control.mts:4']);
    expect(code).not.toBe(0);
  }, 600_000);
});

/** What a block must never print: a value that was missing or mangled. */
const SUSPICIOUS = /\bundefined\b|\bNaN\b|\[object Object\]/;

describe('runnable blocks', () => {
  const runnable = blocks.filter((b) => b.run);
  test.each(runnable.map((b) => [`${b.file}:${b.line}`, b] as const))(
    '%s runs against a fresh emulator and exits 0',
    async (_, b) => {
      const emu = await startEmulator({ port: 0 });
      try {
        const r = await run(['--import', tsx, fileOf(b)], {
          // Only the emulator's settings: a WEAVR_* variable of the caller's shell must not steer a block.
          env: {
            ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WEAVR_'))),
            WEAVR_URL: emu.url,
            WEAVR_API_KEY: emu.apiKey,
          },
          timeoutMs: 120_000,
        });
        expect(r.code, r.out).toBe(0);
        expect(r.stdout, r.out).not.toMatch(SUSPICIOUS);
      } finally {
        await emu.close();
      }
    },
    150_000,
  );
});
