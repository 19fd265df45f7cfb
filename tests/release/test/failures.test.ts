/**
 * When a release goes wrong, it stops with the package and the cause, and leaves nothing half-released: no
 * version made from a bad changeset, no tag and no CHANGELOG.md entry for a version that is not on the registry
 * (the entry waits, committed, in CHANGELOG.unpublished.md), and a re-run publishes only what is missing and
 * puts the entries back as they were written. Each case runs the maintainer's commands against the local
 * registry. Provenance, requested as the release workflow requests it, reaches pnpm's publish. The workflow's
 * push step, run as Actions runs it against a local `origin` that moved meanwhile, puts the changelog commits on main.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { PUBLISH_COMMAND, VERSION_COMMAND } from '../src/commands.js';
import { git, install } from '../src/repo-copy.js';
import { must, run } from '../src/run.js';
import { PUBLIC_NAMES, readJson, type Stage, stage, TEST_REPOSITORY } from '../src/stage.js';
import { CONTRIBUTOR } from '../src/verdaccio.js';
import { pushStepScript, workflowProvenanceEnv } from '../src/workflow.js';

let s: Stage;
/** the "Version Packages" commit: what each CHANGELOG.md is once everything is published */
let versionCommit: string;
beforeAll(async () => {
  s = await stage('failures', { repository: TEST_REPOSITORY });
});
afterAll(() => s?.stop());

const tags = async () =>
  (await git(s.repo, 'tag', '--list')).stdout.trim().split('\n').filter(Boolean).sort();
const onRegistry = async () => {
  const out: string[] = [];
  for (const n of PUBLIC_NAMES) {
    const r = await s.sh(`npm view ${n} versions --json`);
    if (r.code === 0) out.push(...(JSON.parse(r.stdout) as string[]).map((v) => `${n}@${v}`));
  }
  return out.sort();
};
const dirOf = (n: string) => `packages/${n.split('/')[1]}`;
const changelog = (n: string) => readFileSync(join(s.repo, dirOf(n), 'CHANGELOG.md'), 'utf8');
const heldFile = (n: string) => join(s.repo, dirOf(n), 'CHANGELOG.unpublished.md');
const asVersioned = async (n: string) =>
  (await git(s.repo, 'show', `${versionCommit}:${dirOf(n)}/CHANGELOG.md`)).stdout;
/** `git status --porcelain` of the copy: '' when everything the release changed is committed */
const uncommitted = async () => (await git(s.repo, 'status', '--porcelain')).stdout.trim();
const lastCommit = async () => (await git(s.repo, 'log', '-1', '--format=%B')).stdout.trim();

/** `pnpm release` with another npmrc (another registry or token) */
const releaseWith = (npmrc: string) => s.sh(PUBLISH_COMMAND, { NPM_CONFIG_USERCONFIG: npmrc });

/** A loopback port nothing listens on (taken, then released). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

test('a changeset naming a package that does not exist: refused, nothing versioned', async () => {
  writeFileSync(join(s.repo, '.changeset', 'typo.md'), '---\n"@weavr-sdk/multy": minor\n---\n\nA typo.\n');
  const r = await s.sh(VERSION_COMMAND);
  expect(r.code).not.toBe(0);
  expect(r.output).toContain('@weavr-sdk/multy');
  expect(r.output).toMatch(/not in the workspace|could not find|does not exist/i);
  expect(r.output).toContain('release: changeset version failed');
  // the only change in the copy is the bad changeset itself
  expect((await git(s.repo, 'status', '--porcelain')).stdout.trim()).toBe('?? .changeset/typo.md');
  await git(s.repo, 'clean', '-fq', '.changeset');
  expect((await s.sh(VERSION_COMMAND)).code).toBe(0);
  expect(readJson(join(s.repo, 'packages', 'multi', 'package.json')).version).toBe('0.1.0');
  await s.commitVersion();
  versionCommit = (await git(s.repo, 'rev-parse', 'HEAD')).stdout.trim();
});

test('the registry is down: refused before anything is sent, naming the registry and the cause', async () => {
  const url = `http://127.0.0.1:${await deadPort()}/`;
  const npmrc = join(s.work, 'npmrc-down');
  writeFileSync(npmrc, `registry=${url}\n${url.replace('http:', '')}:_authToken=${s.token}\n`);
  const r = await releaseWith(npmrc);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`release: registry ${url} did not answer (ECONNREFUSED`);
  expect(await tags()).toEqual([]);
});

test('no token, or a token the registry does not know: refused before anything is sent', async () => {
  const none = await releaseWith(s.registry.npmrc(join(s.work, 'npmrc-none')));
  expect(none.code).toBe(1);
  expect(none.stderr).toContain(
    `release: registry ${s.registry.url} does not accept the credentials (ENEEDAUTH`,
  );
  const wrong = await releaseWith(s.registry.npmrc(join(s.work, 'npmrc-wrong'), 'bm90LWEtdG9rZW4='));
  expect(wrong.code).toBe(1);
  // Verdaccio treats an unknown token as no login at all, so npm reports ENEEDAUTH here too (npmjs.org: E401)
  expect(wrong.stderr).toContain(`release: registry ${s.registry.url} does not accept the credentials (E`);
  expect(wrong.stderr).toMatch(/does not accept the credentials \((E401|ENEEDAUTH)/);
  expect(wrong.output).not.toContain('bm90LWEtdG9rZW4=');
  expect(await onRegistry()).toEqual([]);
  expect(await tags()).toEqual([]);
});

test('a version already on the registry that this repository never released: refused, nothing sent', async () => {
  const squat = join(s.work, 'squat');
  await must('mkdir', ['-p', squat], { cwd: s.work });
  writeFileSync(join(squat, 'package.json'), '{"name":"@weavr-sdk/simulator","version":"0.1.0"}\n');
  await must('npm', ['publish'], { cwd: squat, env: s.env });
  const r = await s.sh(PUBLISH_COMMAND);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    `release: @weavr-sdk/simulator@0.1.0 is already on ${s.registry.url}, but this repository never released it (no git tag @weavr-sdk/simulator@0.1.0)`,
  );
  expect(await onRegistry()).toEqual(['@weavr-sdk/simulator@0.1.0']);
  expect(await tags()).toEqual([]);
  await must('npm', ['unpublish', '@weavr-sdk/simulator@0.1.0', '--force'], { cwd: squat, env: s.env });
});

test('provenance, requested as the release workflow requests it, reaches pnpm publish: refused outside GitHub Actions and on Actions without id-token: write; nothing published, tagged or listed', async () => {
  const provenance = workflowProvenanceEnv();
  const local = await s.sh(PUBLISH_COMMAND, provenance);
  expect(local.code, local.output).toBe(1);
  // Actions without `id-token: write` has no ACTIONS_ID_TOKEN_REQUEST_URL: pnpm asks for it, to sign
  const actions = await s.sh(PUBLISH_COMMAND, { ...provenance, GITHUB_ACTIONS: 'true' });
  expect(actions.code, actions.output).toBe(1);
  for (const n of PUBLIC_NAMES) {
    const at = `${n}@${s.versionOf(n)}: not published (`;
    expect(local.stderr).toContain(
      `${at}ERR_PNPM_PROVENANCE_UNSUPPORTED_PROVIDER: Automatic provenance generation is not supported for this CI provider)`,
    );
    expect(actions.stderr).toContain(
      `${at}ERR_PNPM_ID_TOKEN_GITHUB_WORKFLOW_INCORRECT_PERMISSIONS: Incorrect permissions for idToken within GitHub Workflows)`,
    );
  }
  expect(await onRegistry()).toEqual([]);
  expect(await tags()).toEqual([]);
  // every entry waits, committed, outside CHANGELOG.md
  for (const n of PUBLIC_NAMES) {
    expect(changelog(n), n).not.toContain(`## ${s.versionOf(n)}\n`);
    expect(readFileSync(heldFile(n), 'utf8'), n).toContain(`## ${s.versionOf(n)}\n`);
  }
  expect(await uncommitted()).toBe('');
  expect(await lastCommit()).toMatch(/^Changelogs: hold back @weavr-sdk\/backoffice@0\.1\.0, /);
});

/** `git log --format=%s` of `rev` in `dir`, the newest `n` subjects */
const subjects = async (dir: string, rev: string, n: number) =>
  (await git(dir, 'log', `-${n}`, '--format=%s', rev)).stdout.trim().split('\n');

/**
 * An `origin` as the release job's checkout leaves it: a bare repository whose main is the copy's HEAD,
 * fetched (fetch-depth 0). Returns its folder.
 */
async function originAtHead(): Promise<string> {
  const bare = join(s.work, 'origin.git');
  await git(s.work, 'clone', '-q', '--bare', s.repo, bare);
  await git(s.repo, 'remote', 'add', 'origin', bare);
  await git(s.repo, 'fetch', '-q', 'origin');
  return bare;
}

/** Someone else's commit reaching origin's main while the release runs. */
async function pushedMeanwhile(bare: string): Promise<void> {
  const other = join(s.work, 'teammate');
  await git(s.work, 'clone', '-q', bare, other);
  writeFileSync(join(other, 'docs', 'meanwhile.md'), 'merged while the release job ran\n');
  await git(other, 'add', '-A');
  await git(other, 'commit', '-q', '-m', 'meanwhile');
  await git(other, 'push', '-q', 'origin', 'HEAD:main');
}

/** The workflow's "Push the changelog commit" step, run in the copy as Actions runs a `run:` script. */
async function pushStep() {
  const r = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', pushStepScript()], {
    cwd: s.repo,
    env: s.env,
  });
  expect(r.code, r.output).toBe(0);
}

test('the registry refuses some packages (403): each named with its cause, only the published are tagged and listed; a re-run publishes only what is missing and puts the entries back', async () => {
  const token = await s.registry.addUser(CONTRIBUTOR);
  const bare = await originAtHead();
  const r = await releaseWith(s.registry.npmrc(join(s.work, 'npmrc-contributor'), token));
  expect(r.code).toBe(1);
  const refused = PUBLIC_NAMES.filter((n) => n !== '@weavr-sdk/emulator');
  for (const n of refused)
    expect(r.stderr).toContain(
      `${n}@${s.versionOf(n)}: not published (403 Forbidden: user ${CONTRIBUTOR} is not allowed to publish package ${n})`,
    );
  expect(r.stderr).toContain(
    `Their changelog entries wait in ${dirOf(refused[0] as string)}/CHANGELOG.unpublished.md`,
  );
  expect(r.stderr).toContain('Re-run to publish only what is missing.');
  expect(r.output).not.toContain(token);
  expect(await onRegistry()).toEqual(['@weavr-sdk/emulator@0.1.0']);
  expect(await tags()).toEqual(['@weavr-sdk/emulator@0.1.0']);
  // CHANGELOG.md lists only what reached the registry, and that state is committed
  expect(changelog('@weavr-sdk/emulator')).toBe(await asVersioned('@weavr-sdk/emulator'));
  expect(existsSync(heldFile('@weavr-sdk/emulator'))).toBe(false);
  for (const n of refused) {
    expect(changelog(n), n).not.toContain(`## ${s.versionOf(n)}\n`);
    expect(readFileSync(heldFile(n), 'utf8'), n).toContain(`## ${s.versionOf(n)}\n`);
  }
  expect(await uncommitted()).toBe('');
  expect(await lastCommit()).toContain('Changelogs of published versions: @weavr-sdk/emulator@0.1.0');
  // the workflow's push step puts that commit on main, after a commit that reached main meanwhile
  const [held] = await subjects(s.repo, 'HEAD', 1);
  await pushedMeanwhile(bare);
  await pushStep();
  expect(await subjects(bare, 'main', 2)).toEqual([held, 'meanwhile']);
  expect((await git(s.repo, 'rev-parse', 'HEAD')).stdout).toBe((await git(bare, 'rev-parse', 'main')).stdout);
  const emulatorTime = await s.view('@weavr-sdk/emulator', 'time');

  const again = await s.sh(PUBLISH_COMMAND);
  expect(again.code, again.output).toBe(0);
  expect(again.output).toContain(
    `release: publishing ${refused.map((n) => `${n}@${s.versionOf(n)}`).join(', ')}`,
  );
  expect(again.output).toContain(
    '@weavr-sdk/emulator is not being published because version 0.1.0 is already published',
  );
  // nothing published twice: the emulator is not tagged again and its registry record is unchanged
  expect(again.output).not.toMatch(/New tag:\s+@weavr-sdk\/emulator@/);
  expect(await s.view('@weavr-sdk/emulator', 'time')).toEqual(emulatorTime);
  const all = PUBLIC_NAMES.map((n) => `${n}@${s.versionOf(n)}`);
  expect(await onRegistry()).toEqual(all);
  expect(await tags()).toEqual(all);
  // every entry is back, byte for byte as `pnpm release:version` wrote it, and committed
  for (const n of PUBLIC_NAMES) {
    expect(changelog(n), n).toBe(await asVersioned(n));
    expect(existsSync(heldFile(n)), n).toBe(false);
  }
  expect(await uncommitted()).toBe('');
  expect(await lastCommit()).toMatch(/^Changelogs of published versions: @weavr-sdk\/backoffice@0\.1\.0, /);
  expect(again.output).toContain('release: changelog entries of @weavr-sdk/backoffice@0.1.0, ');
  // pushed too; and with nothing new, the step pushes nothing and succeeds
  await pushStep();
  expect(await subjects(bare, 'main', 1)).toEqual(await subjects(s.repo, 'HEAD', 1));
  expect((await git(s.repo, 'rev-parse', 'HEAD')).stdout).toBe((await git(bare, 'rev-parse', 'main')).stdout);
  const tip = (await git(bare, 'rev-parse', 'main')).stdout;
  await pushStep();
  expect((await git(bare, 'rev-parse', 'main')).stdout).toBe(tip);
});

test('the public registry without a repository setting: refused, naming every package', async () => {
  const plain = join(s.work, 'npmrc-public');
  writeFileSync(plain, 'registry=https://registry.npmjs.org/\n');
  const root = join(s.repo, 'package.json');
  const manifest = readJson(root);
  delete manifest.repository;
  writeFileSync(root, `${JSON.stringify(manifest, null, 2)}\n`);
  await install(s.repo);
  const r = await releaseWith(plain);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    'release: the root package.json has no "repository", so @weavr-sdk/backoffice@0.1.0',
  );
  expect(r.stderr).toContain('Set it (e.g. "repository": "https://github.com/OWNER/REPO")');
});
