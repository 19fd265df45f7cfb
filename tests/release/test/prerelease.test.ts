/**
 * Pre-releases and snapshots, published to the local registry and installed by dist-tag: a throwaway
 * snapshot (`pnpm release:version --snapshot canary`, `pnpm release --tag canary --no-git-tag`, never
 * committed), then `changeset pre enter next` with a breaking change to core: 1.0.0-next.0 under `next`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { PUBLISH_COMMAND, VERSION_COMMAND } from '../src/commands.js';
import { call, installedVersion, npmInstall } from '../src/consumer.js';
import { git, install } from '../src/repo-copy.js';
import { PUBLIC_NAMES, readJson, type Stage, stage, TEST_REPOSITORY } from '../src/stage.js';

let s: Stage;
beforeAll(async () => {
  s = await stage('prerelease', { repository: TEST_REPOSITORY });
});
afterAll(() => s?.stop());

const CLIENTS = ['multi', 'backoffice', 'webhooks', 'simulator', 'emulator'].map((p) => `@weavr-sdk/${p}`);
const versionOf = (name: string) =>
  readJson(join(s.repo, 'packages', name.split('/')[1] as string, 'package.json')).version as string;

test('a snapshot: versioned, published under its tag without git tags, installed by that tag, thrown away', async () => {
  const v = await s.sh(`${VERSION_COMMAND} --snapshot canary`);
  expect(v.code, v.output).toBe(0);
  const snapshot = versionOf('@weavr-sdk/multi');
  expect(snapshot).toMatch(/^0\.0\.0-canary-\d{14}$/);
  for (const n of PUBLIC_NAMES) expect(versionOf(n), n).toBe(snapshot);
  await install(s.repo); // the versions changed: pnpm wants its install state fresh before running scripts
  const p = await s.sh(`${PUBLISH_COMMAND} --tag canary --no-git-tag`);
  expect(p.code, p.output).toBe(0);
  expect((await git(s.repo, 'tag', '--list')).stdout.trim()).toBe('');
  for (const n of PUBLIC_NAMES) expect(await s.view(n, 'dist-tags.canary'), n).toBe(snapshot);

  const dir = s.consumer('canary');
  await npmInstall(
    s,
    dir,
    CLIENTS.map((n) => `${n}@canary`),
  );
  expect(await installedVersion(dir, '@weavr-sdk/core')).toBe(snapshot);
  expect((await call(dir, 'call.mjs')).status).toBe(200);

  // a snapshot is never committed: the changesets are still pending
  await git(s.repo, 'checkout', '--', '.');
  await install(s.repo);
  expect(versionOf('@weavr-sdk/multi')).toBe('0.0.0');
});

test('pre-release mode: a breaking change to core is 1.0.0-next.0 under `next`, installed by that tag', async () => {
  const enter = await s.sh('pnpm exec changeset pre enter next');
  expect(enter.code, enter.output).toBe(0);
  writeFileSync(
    join(s.repo, '.changeset', 'core-breaking.md'),
    '---\n"@weavr-sdk/core": major\n---\n\nA breaking change to the runtime, tried as a pre-release first.\n',
  );
  const v = await s.sh(VERSION_COMMAND);
  expect(v.code, v.output).toBe(0);
  // core, multi and backoffice are linked: one version
  for (const n of ['@weavr-sdk/core', '@weavr-sdk/multi', '@weavr-sdk/backoffice'])
    expect(versionOf(n), n).toBe('1.0.0-next.0');
  for (const n of ['@weavr-sdk/webhooks', '@weavr-sdk/simulator', '@weavr-sdk/emulator'])
    expect(versionOf(n), n).toBe('0.1.0-next.0');
  expect(readFileSync(join(s.repo, 'packages', 'core', 'CHANGELOG.md'), 'utf8')).toContain('## 1.0.0-next.0');
  expect(JSON.parse(readFileSync(join(s.repo, '.changeset', 'pre.json'), 'utf8'))).toMatchObject({
    mode: 'pre',
    tag: 'next',
  });
  await s.commitVersion();
  const p = await s.sh(PUBLISH_COMMAND);
  expect(p.code, p.output).toBe(0);
  expect(await s.view('@weavr-sdk/core', 'dist-tags.next')).toBe('1.0.0-next.0');
  expect(await s.view('@weavr-sdk/multi', 'dist-tags.next')).toBe('1.0.0-next.0');
  expect((await git(s.repo, 'tag', '--list', '@weavr-sdk/multi@*')).stdout.trim()).toBe(
    '@weavr-sdk/multi@1.0.0-next.0',
  );

  const dir = s.consumer('next');
  await npmInstall(
    s,
    dir,
    CLIENTS.map((n) => `${n}@next`),
  );
  expect(await installedVersion(dir, '@weavr-sdk/multi')).toBe('1.0.0-next.0');
  expect(await installedVersion(dir, '@weavr-sdk/core')).toBe('1.0.0-next.0');
  expect(readJson(join(dir, 'package.json')).dependencies).toMatchObject({
    '@weavr-sdk/multi': '^1.0.0-next.0',
  });
  expect((await call(dir, 'call.cjs')).status).toBe(200);
});
