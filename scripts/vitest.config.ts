import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each test runs the real scripts in child processes (tsx start-up, openapi-typescript on the Multi spec).
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
