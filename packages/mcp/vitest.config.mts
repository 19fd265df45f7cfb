import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: `pnpm test` runs every package's tests at once on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
