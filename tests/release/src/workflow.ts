/** The release workflow as the tests read it (.github/workflows/release.yml). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './repo-copy.js';

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

/** The changesets action's step of the release workflow (the one that runs `pnpm release`). */
export function releaseStep(): Step {
  const w = parse(readFileSync(join(repoRoot, '.github', 'workflows', 'release.yml'), 'utf8')) as {
    jobs: Record<string, { steps: Step[] }>;
  };
  const step = Object.values(w.jobs)
    .flatMap((j) => j.steps)
    .find((s) => s.uses?.startsWith('changesets/action@'));
  if (!step) throw new Error('.github/workflows/release.yml: no changesets/action step');
  return step;
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
