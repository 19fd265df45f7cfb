import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.contract.test.ts'],
    // One Prism per API for the whole run, stopped in its teardown (and on exit or signal, see @weavr-sdk/testing).
    globalSetup: ['./src/global-setup.ts'],
    reporters: ['default', './src/summary-reporter.ts'],
    // Cases of one API run side by side, a few at a time: Prism is one process and answers one request at a time.
    maxConcurrency: 8,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
