import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { readLock, readSources } from '../src/lib/project.js';
import { specReadmeLine } from '../src/specs-update.js';
import { pulledSpec, repoRoot } from './helpers.js';

/**
 * The READMEs' ```ts blocks are what users copy: each must type-check against the built
 * @weavr-sdk/multi and @weavr-sdk/backoffice (this package depends on both, so turbo builds them first).
 * The scratch folder sits in scripts/node_modules so that the workspace packages resolve from it, and git
 * and biome ignore it.
 */
const work = join(repoRoot, 'scripts', 'node_modules', `.readme-check-${process.pid}`);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Short README snippets (Retries, Timeouts, Errors, …) continue the complete examples: they use `weavr`,
 * `apiKey`, `body` without declaring them. Each name a snippet uses but does not declare is declared here,
 * typed as the complete examples make it, so the rest of the snippet is still checked.
 */
const CONTEXT: Array<[name: string, declaration: string]> = [
  ['createMultiClient', "import { createMultiClient } from '@weavr-sdk/multi';"],
  ['createBackofficeClient', "import { createBackofficeClient } from '@weavr-sdk/backoffice';"],
  ['apiKey', 'declare const apiKey: string;'],
  ['weavr', "declare const weavr: import('@weavr-sdk/multi').MultiClient;"],
  ['backoffice', "declare const backoffice: import('@weavr-sdk/backoffice').BackofficeClient;"],
  // A request body: which one depends on the operation the snippet calls.
  ['body', 'declare const body: any;'],
  ['order', 'declare const order: { id: string };'],
];

function withContext(code: string): string {
  const declares = (name: string) =>
    new RegExp(
      `\\b(?:const|let|var|function|class)\\s+${name}\\b|import\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`,
    ).test(code);
  const uses = (name: string) => new RegExp(`\\b${name}\\b`).test(code);
  const context = CONTEXT.filter(([name]) => uses(name) && !declares(name)).map(([, d]) => d);
  // On the snippet's first line, so tsc's line numbers stay those of the snippet.
  return `${context.join(' ')}${context.length ? ' ' : ''}${code}`;
}

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

/** The packages whose README npm shows. */
const PUBLIC = ['core', 'multi', 'backoffice', 'simulator', 'webhooks', 'emulator'];
const READMES = ['README.md', ...PUBLIC.map((p) => `packages/${p}/README.md`)];

/**
 * A package README is read on npm, away from this repository: it must not point into the repository (relative
 * links break there) nor at a web address nobody has checked. Known real: Weavr's own sites, and the reserved
 * `.example` domain used for the webhook URL in examples.
 */
const KNOWN_REAL = /^https:\/\/(?:(?:[a-z0-9-]+\.)*weavr\.io|[a-z0-9.-]+\.example)(?:[/?#`)]|$)/;

test.each(PUBLIC)(
  'the %s package README stands alone on npm and its package.json names no unchecked URL',
  (name) => {
    const readme = readFileSync(join(repoRoot, 'packages', name, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
    expect(links.filter((l) => !/^https?:\/\//.test(l))).toEqual([]);
    const urls = (text: string) => [...text.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]);
    expect(urls(readme).filter((u) => !KNOWN_REAL.test(u))).toEqual([]);
    const manifest = readFileSync(join(repoRoot, 'packages', name, 'package.json'), 'utf8');
    expect(urls(manifest)).toEqual([]);
    expect(JSON.parse(manifest).license).toBe('MIT');
  },
);

/**
 * The "Generated from …" lines: every package README names each spec specs/sources.json says it is built from,
 * once, at the version and hash specs/lock.json pins, and no other (a stale line left by a spec bump fails here).
 */
test('each package README names exactly the specs it is built from, at the pinned version and hash', () => {
  const lock = readLock(repoRoot);
  const expected = new Map<string, string[]>();
  for (const [name, source] of Object.entries(readSources(repoRoot))) {
    const title = JSON.parse(pulledSpec(name)).info.title as string;
    const line = specReadmeLine(title, lock[name]?.version ?? '?', lock[name]?.sha256 ?? '?');
    for (const pkg of [source.package, ...Object.keys(source.alsoBuilds ?? {})])
      expected.set(pkg, [...(expected.get(pkg) ?? []), line]);
  }
  expect([...expected.keys()].sort()).toEqual(
    PUBLIC.filter((p) => p !== 'core')
      .map((p) => `@weavr-sdk/${p}`)
      .sort(),
  );
  for (const [pkg, lines] of expected) {
    const readme = readFileSync(
      join(repoRoot, 'packages', pkg.replace('@weavr-sdk/', ''), 'README.md'),
      'utf8',
    );
    const found = readme.match(/^Generated from the .* spec \S+ \(sha256 `[0-9a-f]{64}`\)\.$/gm) ?? [];
    expect(found.sort(), pkg).toEqual([...lines].sort());
  }
});

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
    writeFileSync(join(work, `readme-${i + 1}.mts`), withContext(code));
  });
  // A control: a call the types must reject, so a passing run cannot come from types resolving to `any`.
  writeFileSync(
    join(work, 'control.mts'),
    "import { createMultiClient } from '@weavr-sdk/multi';\n" +
      "import { createBackofficeClient } from '@weavr-sdk/backoffice';\n" +
      "await createMultiClient({ apiKey: 'k' }).GET('/no_such_path');\n" +
      "await createBackofficeClient({ apiKey: 'k' }).POST('/login_with_password', { body: {} });\n",
  );

  // And a snippet-style control: the context must leave a wrong option an error.
  writeFileSync(
    join(work, 'control-snippet.mts'),
    withContext("await weavr.GET('/managed_cards', { timeoutMs: 'soon' });\n"),
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
  expect(
    errors.filter((l) => l.startsWith('control-snippet.mts(1,')),
    out,
  ).toHaveLength(1);
  expect(errors, out).toHaveLength(3);
  expect(code).not.toBe(0);
}, 300_000);
