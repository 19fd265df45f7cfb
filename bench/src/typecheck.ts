/**
 * Type-check time of a consumer file: `tsc --noEmit` of ten typical calls, with TypeScript 5.9 (tsc) and 7 (the
 * native port), for our client and for bare openapi-fetch on the same generated types (the baseline); the peers'
 * consumer files are timed too, for scale. Each run is a fresh process, as in an editor-less CI check.
 */
import { fileURLToPath } from 'node:url';
import type { Role } from './contenders.js';
import { version } from './machine.js';
import { timeCommand } from './spawn.js';
import { interleaved, pushIn, type Samples } from './stats.js';

const fixtures = fileURLToPath(new URL('../fixtures/typecheck/', import.meta.url));

export const COMPILERS = {
  'TypeScript 5.9': ['node', '../../node_modules/typescript/bin/tsc'],
  // TypeScript 7 refuses a command-line file list while a tsconfig.json is in reach (bench/ has one for the
  // bench's own sources) unless told to ignore it; 5.9 ignores it silently.
  'TypeScript 7': ['../../node_modules/typescript7/bin/tsc', '--ignoreConfig'],
} as const;

const FILES: { file: string; name: string; role: Role }[] = [
  { file: 'openapi-fetch.ts', name: 'openapi-fetch', role: 'reference' },
  { file: 'weavr.ts', name: '@weavr-sdk/multi', role: 'ours' },
  { file: 'openai.ts', name: 'openai', role: 'peer' },
  { file: 'stripe.ts', name: 'stripe', role: 'peer' },
];

// What `tsc --init` gives a new project today, minus emit.
const FLAGS = [
  '--noEmit',
  '--strict',
  '--skipLibCheck',
  '--target',
  'es2022',
  '--module',
  'nodenext',
  '--moduleResolution',
  'nodenext',
  '--lib',
  'es2022,dom',
];

export interface TypecheckResult {
  files: { name: string; role: Role }[];
  /** compiler → contender → ms, one per round */
  samples: Map<string, Samples>;
  versions: Record<string, string>;
  rounds: number;
}

export async function runTypecheck(opts: {
  rounds: number;
  log: (l: string) => void;
}): Promise<TypecheckResult> {
  const samples = new Map<string, Samples>();
  const jobs = Object.entries(COMPILERS).flatMap(([compiler, [cmd, ...pre]]) =>
    FILES.map((f) => ({ compiler, cmd, args: [...pre, ...FLAGS, f.file], f })),
  );
  await interleaved(jobs, opts.rounds, async (job, round) => {
    const ms = await timeCommand(job.cmd, job.args, { cwd: fixtures });
    if (round === 0) return;
    pushIn(samples, job.compiler, job.f.name, ms);
  });
  opts.log('  type-check done');
  return {
    files: FILES.map(({ name, role }) => ({ name, role })),
    samples,
    versions: {
      'TypeScript 5.9': version('typescript'),
      'TypeScript 7': version('typescript7'),
    },
    rounds: opts.rounds,
  };
}
