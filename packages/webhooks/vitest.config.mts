import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // `pnpm test` runs every package at once: time limits leave room for a loaded machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // `vitest run --typecheck` also checks test/**/*.test-d.ts with tsc against the generated types.
    typecheck: { include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
