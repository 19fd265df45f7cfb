/** The release workflow as the tests read it (.github/workflows/release.yml). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './repo-copy.js';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

function findStep(what: string, match: (s: Step) => boolean): Step {
  const w = parse(readFileSync(join(repoRoot, '.github', 'workflows', 'release.yml'), 'utf8')) as {
    jobs: Record<string, { steps: Step[] }>;
  };
  const step = Object.values(w.jobs)
    .flatMap((j) => j.steps)
    .find(match);
  if (!step) throw new Error(`.github/workflows/release.yml: no ${what} step`);
  return step;
}

/** The changesets action's step of the release workflow (the one that runs `pnpm release`). */
export function releaseStep(): Step {
  return findStep('changesets/action', (s) => s.uses?.startsWith('changesets/action@') === true);
}

/** The shell script of the step that pushes the changelog commit `pnpm release` made (run as Actions runs it). */
export function pushStepScript(): string {
  const run = findStep('"Push the changelog commit"', (s) => s.name === 'Push the changelog commit').run;
  if (!run) throw new Error('.github/workflows/release.yml: "Push the changelog commit" runs nothing');
  return run;
}

/**
 * The variables by which the release workflow asks `pnpm release` for provenance (those of its env naming
 * provenance, as strings), for the tests to run the publish with exactly that request.
 */
export function workflowProvenanceEnv(): Record<string, string> {
  const env = Object.entries(releaseStep().env ?? {}).filter(([k]) => /provenance/i.test(k));
  if (!env.length) throw new Error('.github/workflows/release.yml: the release step asks for no provenance');
  return Object.fromEntries(env.map(([k, v]) => [k, String(v)]));
}
