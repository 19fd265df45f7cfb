import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // `pnpm test` runs every package at once: time limits leave room for a loaded machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
