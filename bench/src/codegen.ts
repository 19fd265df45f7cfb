/**
 * Codegen + build time for both specs, in a scratch copy of the packages (so the real `dist/` and
 * `src/generated/` that other tasks read are never rewritten mid-run). The baseline is what a user of bare
 * openapi-fetch runs: the openapi-typescript CLI on the same spec. Ours is `scripts/src/generate.ts` (the same
 * types plus the operation maps), then `tsup` (ESM + CJS + .d.ts).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeCommand } from './spawn.js';
import { interleaved, pushIn, type Samples } from './stats.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

export const SPECS = [
  { spec: 'multi', pkg: 'multi' },
  { spec: 'backoffice', pkg: 'backoffice' },
] as const;

export const STEPS = {
  baseline: 'openapi-typescript (baseline)',
  generate: 'our generate',
  build: 'our build (tsup, ESM + CJS + d.ts)',
} as const;

export interface CodegenResult {
  /** spec → step → ms, one per round */
  samples: Map<string, Samples>;
  rounds: number;
}

function scratchRoot(): string {
  const dir = join(root, 'bench', '.scratch');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'specs'), { recursive: true });
  for (const f of ['tsup.base.ts', 'tsconfig.base.json']) cpSync(join(root, f), join(dir, f));
  for (const f of ['sources.json', 'lock.json']) cpSync(join(root, 'specs', f), join(dir, 'specs', f));
  for (const { spec, pkg } of SPECS) {
    const from = join(root, 'specs', `${spec}.json`);
    if (!existsSync(from))
      throw new Error(`specs/${spec}.json is missing: run \`pnpm build\` (or \`pnpm specs:pull\`) first`);
    cpSync(from, join(dir, 'specs', `${spec}.json`));
    const src = join(root, 'packages', pkg);
    const dst = join(dir, 'packages', pkg);
    mkdirSync(dst, { recursive: true });
    for (const f of ['package.json', 'tsconfig.json', 'tsup.config.ts']) cpSync(join(src, f), join(dst, f));
    cpSync(join(src, 'src'), join(dst, 'src'), {
      recursive: true,
      filter: (p) => !p.includes(`${join('src', 'generated')}`),
    });
    // The package's dependencies, except @weavr-sdk/core, which is a copy of its built package: the build
    // reads core's .d.ts, and the real dist/ may be rebuilt by another task while we time.
    const modules = join(dst, 'node_modules');
    mkdirSync(join(modules, '@weavr-sdk'), { recursive: true });
    for (const dep of readdirSync(join(src, 'node_modules'))) {
      if (dep === '@weavr-sdk' || dep === '.bin') continue;
      symlinkSync(join(src, 'node_modules', dep), join(modules, dep), 'dir');
    }
    symlinkSync(join(dir, 'packages', 'core'), join(modules, '@weavr-sdk', 'core'), 'dir');
  }
  const core = join(root, 'packages', 'core');
  if (!existsSync(join(core, 'dist', 'index.d.ts')))
    throw new Error('packages/core is not built: run `pnpm build` first');
  mkdirSync(join(dir, 'packages', 'core'), { recursive: true });
  cpSync(join(core, 'package.json'), join(dir, 'packages', 'core', 'package.json'));
  cpSync(join(core, 'dist'), join(dir, 'packages', 'core', 'dist'), { recursive: true });
  symlinkSync(join(core, 'node_modules'), join(dir, 'packages', 'core', 'node_modules'), 'dir');
  return dir;
}

export async function runCodegen(opts: { rounds: number; log: (l: string) => void }): Promise<CodegenResult> {
  const dir = scratchRoot();
  const samples = new Map<string, Samples>();
  try {
    const jobs = SPECS.flatMap((s) => [
      { ...s, step: STEPS.baseline },
      { ...s, step: STEPS.generate },
      { ...s, step: STEPS.build },
    ]);
    // Generate must precede build within a round; the rotation is over specs, the steps keep their order.
    const pairs = SPECS.map((s) => jobs.filter((j) => j.spec === s.spec));
    await interleaved(pairs, opts.rounds, async (steps, round) => {
      for (const j of steps) {
        const pkgDir = join(dir, 'packages', j.pkg);
        const ms =
          j.step === STEPS.baseline
            ? await timeCommand(
                bin('openapi-typescript'),
                [join(dir, 'specs', `${j.spec}.json`), '-o', join(dir, `${j.spec}.d.ts`)],
                {
                  cwd: dir,
                },
              )
            : j.step === STEPS.generate
              ? await timeCommand(
                  bin('tsx'),
                  [join(root, 'scripts', 'src', 'generate.ts'), '--root', dir, j.spec],
                  {
                    cwd: dir,
                  },
                )
              : await timeCommand(bin('tsup'), [], { cwd: pkgDir });
        if (round === 0) continue;
        pushIn(samples, j.spec, j.step, ms);
      }
    });
    opts.log('  codegen + build done');
    return { samples, rounds: opts.rounds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
