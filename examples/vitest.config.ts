import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each example is a child process against Prism; the type check compiles the Multi types.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
