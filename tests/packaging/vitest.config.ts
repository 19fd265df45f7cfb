import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packs every public package and installs the tarballs into one scratch project, shared by all tests.
    globalSetup: ['./src/setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 300_000,
  },
});
