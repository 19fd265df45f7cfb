import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { packagingDir, run } from '../src/packages.js';

/**
 * A user's code, type-checked against the installed tarballs with TypeScript 5.9 (`tsc`) and TypeScript 7
 * (the native `tsc`): an ESM and a CJS consumer under NodeNext, the ESM one under Bundler resolution too,
 * with `skipLibCheck: false` so the published declaration files are checked as well. A deliberately wrong
 * consumer must fail with both, on exactly the lines marked `expect-error` and nowhere else.
 */
const consumer = inject('consumer');
const COMPILERS = [
  {
    label: 'TypeScript 5.9',
    tsc: join(packagingDir, 'node_modules', 'typescript', 'bin', 'tsc'),
    version: /^Version 5\.9\./,
  },
  {
    label: 'TypeScript 7',
    tsc: join(packagingDir, 'node_modules', 'typescript7', 'bin', 'tsc'),
    version: /^Version 7\./,
  },
];

function tsc(compiler: string, args: string[]) {
  return run(process.execPath, [compiler, ...args], { cwd: consumer, timeoutMs: 120_000 });
}

/** `file(line,col): error TSxxxx: …` → `file:line` */
function errorLines(output: string): string[] {
  return [...output.matchAll(/^(\S+?)\((\d+),\d+\): error TS\d+/gm)].map((m) => `${m[1]}:${m[2]}`);
}

describe.each(COMPILERS)('$label', ({ tsc: compiler, version }) => {
  test('is the version the gate claims to run', async () => {
    expect((await tsc(compiler, ['--version'])).stdout.trim()).toMatch(version);
  });

  test('accepts the ESM and CJS consumers (NodeNext) and the ESM one under Bundler resolution', async () => {
    const [nodeNext, bundler] = await Promise.all([
      tsc(compiler, ['-p', 'tsconfig.json']),
      tsc(compiler, ['-p', 'tsconfig.bundler.json']),
    ]);
    expect(nodeNext.stdout + nodeNext.stderr).toBe('');
    expect(nodeNext.code).toBe(0);
    expect(bundler.stdout + bundler.stderr).toBe('');
    expect(bundler.code).toBe(0);
  });

  test('rejects the wrong consumer on exactly the marked lines', async () => {
    const marked = readFileSync(join(consumer, 'wrong.mts'), 'utf8')
      .split('\n')
      .flatMap((line, i) => (line.includes('// expect-error') ? [`wrong.mts:${i + 1}`] : []));
    expect(marked.length).toBeGreaterThanOrEqual(5);
    const r = await tsc(compiler, ['-p', 'tsconfig.wrong.json']);
    expect(r.code).not.toBe(0);
    expect([...new Set(errorLines(r.stdout))]).toEqual(marked);
    // A line marked `names 'x'` must be reported with a message that names x (the misspelt field or code).
    const lines = readFileSync(join(consumer, 'wrong.mts'), 'utf8').split('\n');
    const named = lines.flatMap((line, i) => {
      const name = line.match(/expect-error: names '([^']+)'/)?.[1];
      return name ? [{ at: `wrong.mts(${i + 1},`, name }] : [];
    });
    expect(named.length).toBeGreaterThanOrEqual(5);
    for (const { at, name } of named) {
      const report = r.stdout.slice(r.stdout.indexOf(at)).split(/\n(?=\S)/)[0] ?? '';
      // A property is quoted as 'tagg'; a string literal type as '"FUNDS_INSUFICIENT"'.
      expect(
        [`'${name}'`, `'"${name}"'`].some((q) => report.includes(q)),
        report,
      ).toBe(true);
    }
  });
});
