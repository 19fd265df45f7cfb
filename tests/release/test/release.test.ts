/**
 * The whole release against a real registry: what a maintainer does (a changeset, `pnpm release:version`,
 * `pnpm release`), then users install every package by name and version with npm and with pnpm, import and
 * require them, and call the emulator they installed. A second release (a patch to core alone) shows what
 * users on caret ranges receive.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PUBLISH_COMMAND, VERSION_COMMAND } from '../src/commands.js';
import { call, installedVersion, npmInstall, pnpmAdd } from '../src/consumer.js';
import { readmeInstallCommands } from '../src/readme.js';
import { git } from '../src/repo-copy.js';
import { must } from '../src/run.js';
import { FIRST_RELEASE, PUBLIC_NAMES, readJson, type Stage, stage, TEST_REPOSITORY } from '../src/stage.js';
import { auditPackage } from '../src/tarball-audit.js';

let s: Stage;
beforeAll(async () => {
  s = await stage('first', { repository: TEST_REPOSITORY });
});
afterAll(() => s?.stop());

/** A user's shell: the registry from the npmrc (as `npm config set registry` would), a cache of its own. */
const userEnv = (dir: string) => ({ ...s.env, npm_config_cache: join(dir, '.npm-cache') });

const dirOf = (name: string) => join(s.repo, 'packages', name.split('/')[1] as string);

describe('the first release', () => {
  test('release:version: versions, changelogs, workspace ranges, linked packages, metadata from the root', async () => {
    const r = await s.sh(VERSION_COMMAND);
    expect(r.code, r.output).toBe(0);
    // the pending changesets: a minor for each (0.0.0 → 0.1.0); core, multi and backoffice are linked
    for (const n of FIRST_RELEASE) {
      expect(s.versionOf(n), n).toBe('0.1.0');
      expect(readFileSync(join(dirOf(n), 'CHANGELOG.md'), 'utf8'), n).toMatch(
        /^# @weavr-sdk\/\S+\n\n## 0\.1\.0\n\n### Minor Changes/,
      );
    }
    for (const n of PUBLIC_NAMES) {
      // a public package no changeset names moves too when its dependencies leave its ranges (a patch)
      expect(s.versionOf(n), n).not.toBe('0.0.0');
      expect(readFileSync(join(dirOf(n), 'CHANGELOG.md'), 'utf8'), n).toContain(`## ${s.versionOf(n)}\n`);
      const m = readJson(join(dirOf(n), 'package.json'));
      expect(m.repository, n).toEqual({
        type: 'git',
        url: `git+${TEST_REPOSITORY}.git`,
        directory: `packages/${n.split('/')[1]}`,
      });
      expect(m.homepage, n).toBe(`${TEST_REPOSITORY}/tree/main/packages/${n.split('/')[1]}#readme`);
      expect(m.bugs, n).toEqual({ url: `${TEST_REPOSITORY}/issues` });
    }
    // the changesets are consumed
    expect(existsSync(join(s.repo, '.changeset', 'first-release.md'))).toBe(false);
    await s.commitVersion();
  });

  test('release: every public package reaches the registry, tagged', async () => {
    const r = await s.sh(PUBLISH_COMMAND);
    expect(r.code, r.output).toBe(0);
    const tags = (await git(s.repo, 'tag', '--list')).stdout.trim().split('\n').sort();
    expect(tags).toEqual(PUBLIC_NAMES.map((n) => `${n}@${s.versionOf(n)}`));
    // `npm view` of every package at once (seven npm start-ups overlap with the registry's answers)
    const views = await Promise.all(PUBLIC_NAMES.map((n) => s.view(`${n}@${s.versionOf(n)}`)));
    for (const [i, n] of PUBLIC_NAMES.entries()) {
      const m = views[i] as Record<string, unknown>;
      expect(m.version, n).toBe(s.versionOf(n));
      expect((m['dist-tags'] as Record<string, string>).latest, n).toBe(s.versionOf(n));
      // workspace: ranges became real ones
      for (const [dep, range] of Object.entries((m.dependencies ?? {}) as Record<string, string>))
        expect(range, `${n} → ${dep}`).not.toMatch(/^workspace:/);
      const core = (m.dependencies as Record<string, string> | undefined)?.['@weavr-sdk/core'];
      if (core !== undefined) expect(core, n).toBe('^0.1.0');
      expect(m.repository, n).toEqual({
        type: 'git',
        url: `git+${TEST_REPOSITORY}.git`,
        directory: `packages/${n.split('/')[1]}`,
      });
      expect(m.homepage, n).toMatch(/^https:\/\/github\.com\/example-org\/weavr-sdk\/tree\/main\/packages\//);
      expect(m.bugs, n).toEqual({ url: `${TEST_REPOSITORY}/issues` });
      expect(m.license, n).toBe('MIT');
      expect(m.engines, n).toEqual({ node: '>=20' });
      expect(m.sideEffects, n).toBe(false);
      expect(m.publishConfig, n).toEqual({ access: 'public', provenance: true });
      expect(Array.isArray(m.keywords) && (m.keywords as string[]).includes('weavr'), n).toBe(true);
    }
  });

  test('the published tarballs: no tests, no source maps pointing outside, no secrets', async () => {
    const dir = join(s.work, 'tarballs');
    mkdirSync(dir);
    // each tarball as the registry serves it to installers (its packument's dist.tarball), checked against
    // the integrity the registry recorded; fetched in-process rather than by one `npm pack` per package
    await Promise.all(
      PUBLIC_NAMES.map(async (n) => {
        const v = s.versionOf(n);
        const doc = (await (await fetch(`${s.registry.url}${n.replace('/', '%2f')}`)).json()) as {
          versions: Record<string, { dist: { tarball: string; integrity: string } }>;
        };
        const dist = doc.versions[v]?.dist;
        expect(dist?.tarball, n).toMatch(/^http:\/\/127\.0\.0\.1:/);
        const bytes = Buffer.from(await (await fetch(dist?.tarball as string)).arrayBuffer());
        expect(`sha512-${createHash('sha512').update(bytes).digest('base64')}`, n).toBe(dist?.integrity);
        const file = join(dir, `${n.replace('/', '+')}-${v}.tgz`);
        writeFileSync(file, bytes);
        const out = join(dir, n.replace('/', '+'));
        mkdirSync(out);
        await must('tar', ['xzf', file, '-C', out], { cwd: dir });
        expect(existsSync(join(out, 'package', 'package.json')), n).toBe(true);
        // the test's own token and the releaser's password must not have been packed either
        expect(auditPackage(join(out, 'package'), [s.token]), n).toEqual([]);
      }),
    );
  });

  test('npm: a user installs every package by name and version, imports, requires and calls the emulator', async () => {
    const dir = s.consumer('npm');
    await npmInstall(
      s,
      dir,
      ['multi', 'backoffice', 'webhooks', 'simulator', 'emulator'].map((p) => `@weavr-sdk/${p}@0.1.0`),
    );
    const pkg = readJson(join(dir, 'package.json'));
    expect(pkg.dependencies).toEqual({
      '@weavr-sdk/backoffice': '^0.1.0',
      '@weavr-sdk/emulator': '^0.1.0',
      '@weavr-sdk/multi': '^0.1.0',
      '@weavr-sdk/simulator': '^0.1.0',
      '@weavr-sdk/webhooks': '^0.1.0',
    });
    expect(await installedVersion(dir, '@weavr-sdk/core')).toBe('0.1.0');
    for (const file of ['call.mjs', 'call.cjs'] as const) {
      const out = await call(dir, file);
      expect(out.status, JSON.stringify(out)).toBe(200);
      expect(out.corporateId).toEqual({ type: 'CORPORATE', id: expect.stringMatching(/^\d{18}$/) });
      expect(out.exports).toEqual(['function', 'function', 'function']);
    }
  });

  test("the README's install commands, verbatim, install the release and run", async () => {
    const dir = s.consumer('readme');
    const commands = readmeInstallCommands();
    expect(commands.length).toBeGreaterThan(0);
    for (const [cmd, ...args] of commands) await must(cmd as string, args, { cwd: dir, env: userEnv(dir) });
    const pkg = readJson(join(dir, 'package.json'));
    const named = { ...(pkg.dependencies as object), ...(pkg.devDependencies as object) };
    expect(Object.keys(named).sort()).toEqual([
      '@weavr-sdk/emulator',
      '@weavr-sdk/multi',
      '@weavr-sdk/simulator',
    ]);
    for (const range of Object.values(named)) expect(range).toBe('^0.1.0');
    // the block's comment: "and/or @weavr-sdk/backoffice, @weavr-sdk/webhooks" (call.mjs imports every package)
    await must('npm', ['install', '@weavr-sdk/backoffice', '@weavr-sdk/webhooks'], {
      cwd: dir,
      env: userEnv(dir),
    });
    expect((await call(dir, 'call.mjs')).status).toBe(200);
  });

  test('pnpm: the same, installed by pnpm', async () => {
    const dir = s.consumer('pnpm');
    await pnpmAdd(
      s,
      dir,
      ['multi', 'backoffice', 'webhooks', 'simulator', 'emulator'].map((p) => `@weavr-sdk/${p}@0.1.0`),
    );
    for (const file of ['call.mjs', 'call.cjs'] as const) {
      const out = await call(dir, file);
      expect(out.status, JSON.stringify(out)).toBe(200);
    }
  });
});

describe('a second release: a patch to core alone', () => {
  test('only core moves; users on ^0.1.0 receive it', async () => {
    const before = Object.fromEntries(PUBLIC_NAMES.map((n) => [n, s.versionOf(n)]));
    writeFileSync(
      join(s.repo, '.changeset', 'core-fix.md'),
      '---\n"@weavr-sdk/core": patch\n---\n\nA fix in the runtime.\n',
    );
    expect((await s.sh(VERSION_COMMAND)).code).toBe(0);
    const versions = () => Object.fromEntries(PUBLIC_NAMES.map((n) => [n, s.versionOf(n)]));
    expect(versions()).toEqual({ ...before, '@weavr-sdk/core': '0.1.1' });
    expect(readFileSync(join(dirOf('@weavr-sdk/core'), 'CHANGELOG.md'), 'utf8')).toContain(
      '## 0.1.1\n\n### Patch Changes\n\n- ',
    );
    await s.commitVersion();
    const r = await s.sh(PUBLISH_COMMAND);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('@weavr-sdk/core@0.1.1');
    expect((await git(s.repo, 'tag', '--list', '@weavr-sdk/core@*')).stdout.trim().split('\n')).toEqual([
      '@weavr-sdk/core@0.1.0',
      '@weavr-sdk/core@0.1.1',
    ]);
    expect(await s.view('@weavr-sdk/multi', 'versions')).toEqual(['0.1.0']);

    // a project that already had 0.1.0 updates within its caret ranges; a fresh install gets it too
    const dir = join(s.work, 'consumers', 'npm');
    await npmInstall(s, dir, []);
    expect(await installedVersion(dir, '@weavr-sdk/core')).toBe('0.1.0'); // the lockfile holds
    await must('npm', ['update'], { cwd: dir, env: userEnv(dir) });
    expect(await installedVersion(dir, '@weavr-sdk/core')).toBe('0.1.1');
    expect(await installedVersion(dir, '@weavr-sdk/multi')).toBe('0.1.0');
    expect((await call(dir, 'call.mjs')).status).toBe(200);
  });
});
