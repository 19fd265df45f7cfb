import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Type tests (`*.test-d.ts`: expectTypeOf, @ts-expect-error) are checked by tsc as part of the run.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: 'test/tsconfig.json' },
    // `pnpm test` runs every package at once: time limits leave room for a loaded machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
