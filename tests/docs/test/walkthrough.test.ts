import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { blocksOf, repoRoot } from '../src/blocks.js';

/**
 * The README as a newcomer follows it, top to bottom: pack the packages (as "Install the packages" says, into a
 * scratch folder instead of the clone's tarballs/), set up a project with the README's own commands and
 * tsconfig.json, install the tarballs, save the quickstart, type-check it with `npx tsc`, start the emulator
 * with the README's command, and run the quickstart with `npx tsx`. Needs the npm registry (or npm's cache) for
 * typescript, tsx and @types/node, as a user does.
 */
const here = join(import.meta.dirname, '..');
const work = join(here, '.scratch', `walkthrough-${process.pid}`);
const project = join(work, 'weavr-quickstart');
const tarballs = join(work, 'tarballs');
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
let emulator: ChildProcess | undefined;

afterAll(() => {
  emulator?.kill();
  rmSync(work, { recursive: true, force: true });
});

/** The body of the first block of `lang` after `heading`. */
function blockAfter(heading: string, lang: string): string {
  const from = readme.indexOf(heading);
  if (from < 0) throw new Error(`README: no "${heading}"`);
  const match = new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(readme.slice(from));
  if (!match) throw new Error(`README: no ${lang} block after "${heading}"`);
  return match[1] as string;
}

function sh(script: string, cwd: string, timeoutMs = 300_000): Promise<string> {
  return new Promise((done, fail) => {
    execFile(
      'bash',
      ['-euo', 'pipefail', '-c', script],
      // npm's cache first, as the packaging tests do: the registry only for what it lacks.
      { cwd, timeout: timeoutMs, env: { ...process.env, npm_config_prefer_offline: 'true' } },
      (error, stdout, stderr) =>
        error
          ? fail(new Error(`${script}\n→ ${error.message}\n${stdout}${stderr}`))
          : done(`${stdout}${stderr}`),
    );
  });
}

test('a newcomer following only the README gets the quickstart to run against the emulator', async () => {
  mkdirSync(tarballs, { recursive: true });

  // "Install the packages": the clone's pack loop, with the scratch folder as destination (built already).
  const pack = blockAfter('### Install the packages', 'sh')
    .split('\n')
    .filter((l) => !l.startsWith('pnpm install'))
    .join('\n')
    .replaceAll('../../tarballs', tarballs);
  await sh(pack, repoRoot);

  // "Set up a project": its commands (mkdir and cd included), then its tsconfig.json.
  await sh(blockAfter('### Set up a project', 'sh'), work);
  writeFileSync(join(project, 'tsconfig.json'), blockAfter('### Set up a project', 'json'));

  // The tarballs the quickstart needs, with the README's command.
  const install = readme.slice(readme.indexOf('T=/path/to/clone/tarballs'));
  await sh(install.slice(0, install.indexOf('```')).replace('/path/to/clone/tarballs', tarballs), project);

  // The quickstart, saved as the README says, type-checked as the README says.
  const quickstart = blocksOf(readme, 'README.md').find((b) => b.run);
  writeFileSync(join(project, 'quickstart.ts'), quickstart?.code ?? '');
  await sh('npx tsc', project);

  // "Start the emulator" (on a free port instead of 4100, which another process may hold).
  const start = /^npx weavr-emulator (.*?)\s*(?:#.*)?$/m.exec(readme)?.[1] ?? '';
  expect(start).toContain('--api-key quickstart-key');
  emulator = spawn(
    process.execPath,
    [
      join(project, 'node_modules', '@weavr-sdk', 'emulator', 'dist', 'cli.mjs'),
      ...start.split(/\s+/),
      '--port',
      '0',
    ],
    { cwd: project, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`the emulator did not start: ${out}`)), 30_000);
    emulator?.stdout?.on('data', (chunk: Buffer) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        done(m[1] as string);
      }
    });
  });

  const out = await sh(`WEAVR_URL=${url} npx tsx quickstart.ts`, project, 120_000);
  expect(out).toContain('balance: EUR 75.00');
  expect(out).not.toMatch(/\bundefined\b|\bNaN\b/);
}, 900_000);
