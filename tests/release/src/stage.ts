/**
 * One release rehearsal: a copy of the repository, a fresh local registry holding the SDK's third-party
 * dependencies, a token for the `releaser`, and the environment a maintainer's shell would have when pointed
 * at that registry. Commands run in the copy exactly as a maintainer types them.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyRepository, git, install, repoRoot } from './repo-copy.js';
import { type Ran, run, shellEnv } from './run.js';
import { seedThirdParty } from './seed.js';
import { RELEASER, type Registry, startRegistry } from './verdaccio.js';

/** The repository address the tests give the root package.json (a placeholder: never published anywhere). */
export const TEST_REPOSITORY = 'https://github.com/example-org/weavr-sdk';

/** Every public package of this repository (what `pnpm release` publishes), sorted. */
export const PUBLIC_NAMES: string[] = readdirSync(join(repoRoot, 'packages'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(repoRoot, 'packages', e.name, 'package.json')))
  .map((e) =>
    readJson<{ name: string; private?: boolean }>(join(repoRoot, 'packages', e.name, 'package.json')),
  )
  .filter((m) => !m.private)
  .map((m) => m.name)
  .sort();

/**
 * The packages the pending first-release changesets name (a minor each: 0.1.0), which the tests' users
 * install; any other public package is released when its dependencies move (a patch).
 */
export const FIRST_RELEASE = [
  '@weavr-sdk/backoffice',
  '@weavr-sdk/core',
  '@weavr-sdk/emulator',
  '@weavr-sdk/multi',
  '@weavr-sdk/simulator',
  '@weavr-sdk/webhooks',
];

export interface Stage {
  work: string;
  repo: string;
  registry: Registry;
  /** the releaser's token */
  token: string;
  /** the maintainer's environment: an npmrc naming the registry and holding the token */
  env: NodeJS.ProcessEnv;
  /** the version in the copy's packages/<name>/package.json */
  versionOf(name: string): string;
  /** runs a command line (split on spaces, as typed) in the copy */
  sh(line: string, env?: NodeJS.ProcessEnv): Promise<Ran>;
  /**
   * commits what `pnpm release:version` changed ("Version Packages", as the merged pull request) and installs
   * again, as the release workflow does before `pnpm release`
   */
  commitVersion(message?: string): Promise<void>;
  /** what `npm view name@spec field` answers on the local registry (JSON) */
  view(spec: string, field?: string): Promise<unknown>;
  /** a user's project folder under the work folder, with call.mjs / call.cjs */
  consumer(name: string): string;
  stop(): Promise<void>;
}

export function readJson<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Sets the root package.json's `repository` in the copy (the one setting the metadata comes from). */
export function setRepository(repo: string, url: string | undefined): void {
  const file = join(repo, 'package.json');
  const m = readJson(file);
  if (url === undefined) delete m.repository;
  else m.repository = { type: 'git', url };
  writeJson(file, m);
}

export async function stage(label: string, opts: { repository?: string } = {}): Promise<Stage> {
  const work = mkdtempSync(join(tmpdir(), `weavr-release-${label}-`));
  // the registry starts and is filled with the third-party packages while the repository is copied and
  // installed: neither needs the other (the seeds come from this checkout's installed copies)
  const filled = (async () => {
    const registry = await startRegistry(join(work, 'registry'));
    try {
      const token = await registry.addUser(RELEASER);
      await seedThirdParty(
        registry.url,
        token,
        FIRST_RELEASE.map((n) => join(repoRoot, 'packages', n.split('/')[1] as string)),
        work,
      );
      return { registry, token };
    } catch (e) {
      await registry.stop();
      throw e;
    }
  })();
  filled.catch(() => {}); // awaited below, where a failure is thrown
  let repo: string;
  try {
    repo = await copyRepository(join(work, 'repo'), (dir) => {
      if (opts.repository !== undefined) setRepository(dir, opts.repository);
    });
  } catch (e) {
    await filled.then(
      (f) => f.registry.stop(),
      () => {},
    );
    throw e;
  }
  const { registry, token } = await filled;
  try {
    const npmrc = registry.npmrc(join(work, 'npmrc'), token);
    const env = shellEnv({
      NPM_CONFIG_USERCONFIG: npmrc,
      npm_config_cache: join(work, 'npm-cache'),
      // npm's audit would be forwarded by the registry to npmjs.org; the update check asks the registry for npm
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      // pnpm 12 installs before running a script when it thinks node_modules are stale; here that would ask a
      // registry for metadata, so it is an error instead (the copy is installed offline where it changes)
      pnpm_config_verify_deps_before_run: 'error',
      pnpm_config_update_notifier: 'false',
      GIT_AUTHOR_NAME: 'Release Test',
      GIT_AUTHOR_EMAIL: 'release-test@127.0.0.1',
      GIT_COMMITTER_NAME: 'Release Test',
      GIT_COMMITTER_EMAIL: 'release-test@127.0.0.1',
    });
    const sh = (line: string, extra: NodeJS.ProcessEnv = {}) => {
      const [cmd, ...args] = line.split(' ');
      return run(cmd as string, args, { cwd: repo, env: { ...env, ...extra }, timeoutMs: 300_000 });
    };
    return {
      work,
      repo,
      registry,
      token,
      env,
      sh,
      versionOf: (name) =>
        readJson<{ version: string }>(join(repo, 'packages', name.split('/')[1] as string, 'package.json'))
          .version,
      async commitVersion(message = 'Version Packages') {
        await git(repo, 'add', '-A');
        await git(repo, 'commit', '-q', '-m', message);
        await install(repo);
      },
      async view(spec, field) {
        const r = await run('npm', ['view', spec, ...(field ? [field] : []), '--json'], { cwd: work, env });
        if (r.code !== 0) throw new Error(`npm view ${spec} ${field ?? ''}: ${r.output}`);
        return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
      },
      consumer(name) {
        const dir = join(work, 'consumers', name);
        mkdirSync(dir, { recursive: true });
        cpSync(fileURLToPath(new URL('../fixtures/consumer', import.meta.url)), dir, { recursive: true });
        writeJson(join(dir, 'package.json'), { name: `consumer-${name}`, private: true, version: '1.0.0' });
        return dir;
      },
      async stop() {
        await registry.stop();
        if (!process.env.WEAVR_KEEP_RELEASE) rmSync(work, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await registry.stop();
    throw e;
  }
}
