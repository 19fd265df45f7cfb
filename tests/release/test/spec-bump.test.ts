/**
 * A spec bump, end to end and offline: from the pinned Multi spec to a recorded newer one (an operation added,
 * a parameter made required), through the spec watch's commands (`pnpm specs:pull`, `pnpm specs:update`),
 * the regenerated packages, the changeset whose note is the diff, `pnpm release:version` and `pnpm release`,
 * to a user who upgrades: caret ranges do not take the breaking release (0.x: breaking is a minor, as the
 * README's table says); an explicit upgrade type-checks the new operation, and the changed one stops compiling.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { PUBLISH_COMMAND, SPEC_WATCH_COMMANDS, VERSION_COMMAND } from '../src/commands.js';
import { installedVersion, npmInstall } from '../src/consumer.js';
import { newerSpecMirror } from '../src/newer-spec.js';
import { repoRoot } from '../src/repo-copy.js';
import { must, run } from '../src/run.js';
import { readJson, type Stage, stage, TEST_REPOSITORY } from '../src/stage.js';

let s: Stage;
beforeAll(async () => {
  s = await stage('spec-bump', { repository: TEST_REPOSITORY });
  // the release users have: 0.1.0 of everything
  expect((await s.sh(VERSION_COMMAND)).code).toBe(0);
  await s.commitVersion();
  const r = await s.sh(PUBLISH_COMMAND);
  expect(r.code, r.output).toBe(0);
});
afterAll(() => s?.stop());

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const typecheck = (dir: string) => run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir });

test('the spec watch commands find the change, regenerate, and write the changeset the diff asks for', async () => {
  const mirror = newerSpecMirror(s.repo, join(s.work, 'newer-specs'));
  for (const line of SPEC_WATCH_COMMANDS) {
    const r = await s.sh(line, { WEAVR_SPECS_FROM: mirror });
    expect(r.code, `${line}\n${r.output}`).toBe(0);
  }
  const lock = (root: string) =>
    readJson<Record<string, { sha256: string }>>(join(root, 'specs', 'lock.json'));
  expect(lock(s.repo).multi?.sha256).not.toBe(lock(repoRoot).multi?.sha256);
  expect(lock(s.repo).backoffice).toEqual(lock(repoRoot).backoffice);
  const written = (prefix: string) =>
    readdirSync(join(s.repo, '.changeset')).filter((f) => f.startsWith(prefix) && f.endsWith('.md'));
  expect(written('multi-spec-')).toHaveLength(1);
  const note = readFileSync(join(s.repo, '.changeset', written('multi-spec-')[0] as string), 'utf8');
  // breaking while 0.x → minor (the README's table)
  expect(note).toMatch(/^---\n"@weavr-sdk\/multi": minor\n---\n/);
  // the emulator is built from the whole document: its own changeset, the same bump
  expect(written('multi-document-spec-')).toHaveLength(1);
  const emulatorNote = readFileSync(
    join(s.repo, '.changeset', written('multi-document-spec-')[0] as string),
    'utf8',
  );
  expect(emulatorNote).toMatch(/^---\n"@weavr-sdk\/emulator": minor\n---\n/);
  expect(note).toContain('/managed_accounts/{id}/nickname');
  expect(note).toContain('Breaking changes are released as a minor bump while the package is 0.x.');
  expect(note).toContain('spec diff: 1 breaking, 1 additive.');
  expect(note).toContain('`GET /managed_accounts/{id}` `query.view`: new required parameter');
  // the Multi client was regenerated from the new spec by specs:update; the emulator by its own generator
  expect(readFileSync(join(s.repo, 'packages', 'multi', 'src', 'generated', 'schema.ts'), 'utf8')).toContain(
    '"/managed_accounts/{id}/nickname"',
  );
  const gen = await s.sh('pnpm --filter @weavr-sdk/emulator run generate', { WEAVR_SPECS_FROM: mirror });
  expect(gen.code, gen.output).toBe(0);
  // what `pnpm build` does for the packages the spec changed (turbo would rebuild every package here)
  const build = await s.sh('pnpm --filter @weavr-sdk/multi --filter @weavr-sdk/emulator run build');
  expect(build.code, build.output).toBe(0);
});

test('versioned and published: multi and the emulator move to 0.2.0, nothing else', async () => {
  expect((await s.sh(VERSION_COMMAND)).code).toBe(0);
  const changelog = readFileSync(join(s.repo, 'packages', 'multi', 'CHANGELOG.md'), 'utf8');
  expect(changelog).toMatch(
    /## 0\.2\.0\n\n### Minor Changes\n\n- (?:[0-9a-f]{7}: )?Weavr Multi Product API spec updated/,
  );
  await s.commitVersion();
  const r = await s.sh(PUBLISH_COMMAND);
  expect(r.code, r.output).toBe(0);
  expect(r.output).toContain('release: publishing @weavr-sdk/emulator@0.2.0, @weavr-sdk/multi@0.2.0 to');
  expect(await s.view('@weavr-sdk/multi', 'dist-tags.latest')).toBe('0.2.0');
  expect(await s.view('@weavr-sdk/core', 'dist-tags.latest')).toBe('0.1.0');
});

test('a user on ^0.1.0 keeps 0.1.0; upgrading shows the new operation and the breaking change in types', async () => {
  const dir = s.consumer('upgrade');
  const fixtures = new URL('../fixtures/upgrade/', import.meta.url);
  for (const f of ['tsconfig.json', 'uses-new-operation.ts', 'uses-changed-operation.ts'])
    await must('cp', [new URL(f, fixtures).pathname, dir], { cwd: dir });
  await npmInstall(s, dir, ['@weavr-sdk/multi@0.1.0']);
  const before = await typecheck(dir);
  // 0.1.0: the new operation does not exist yet, the changed one compiles
  expect(before.stdout).toContain('uses-new-operation.ts');
  expect(before.stdout).not.toContain('uses-changed-operation.ts');

  await must('npm', ['update'], { cwd: dir, env: { ...s.env, npm_config_cache: join(dir, '.npm-cache') } });
  expect(await installedVersion(dir, '@weavr-sdk/multi')).toBe('0.1.0'); // ^0.1.0 never takes a breaking release

  await npmInstall(s, dir, ['@weavr-sdk/multi@0.2.0']);
  expect(await installedVersion(dir, '@weavr-sdk/multi')).toBe('0.2.0');
  const after = await typecheck(dir);
  expect(after.stdout).not.toContain('uses-new-operation.ts');
  expect(after.stdout).toContain('uses-changed-operation.ts');
  expect(after.stdout).toContain("Property 'query' is missing");
  expect(after.stdout).toContain('view: string');
});
