import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: `pnpm test` runs every package's tests at once on a 2-core machine.
    testTimeout: 60_000,
    // `vitest run --typecheck` also checks test/**/*.test-d.ts with tsc against the generated types.
    typecheck: { include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
