import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { packagingDir, run } from '../src/packages.js';

/**
 * Are the types wrong? on each tarball, with the `strict` profile: node10, node16 from CJS and from ESM,
 * and bundler resolution must each find the right types for the right module format (no
 * cjs-resolves-to-esm, false-esm, false-cjs, missing types, …).
 */
const attw = join(packagingDir, 'node_modules', '.bin', 'attw');

interface Problem {
  kind: string;
  entrypoint?: string;
  resolutionKind?: string;
}

describe('attw on each packed package', () => {
  for (const p of inject('packed')) {
    test(p.name, async () => {
      const r = await run(attw, [p.tarball, '--profile', 'strict', '--format', 'json', '--no-color'], {
        cwd: packagingDir,
      });
      const report = JSON.parse(r.stdout) as { analysis: { problems?: Problem[] } };
      const problems = (report.analysis.problems ?? []).map(
        (x) => `${x.kind} (${x.entrypoint ?? ''} ${x.resolutionKind ?? ''})`,
      );
      expect(problems).toEqual([]);
      expect(r.code).toBe(0);
    });
  }
});
