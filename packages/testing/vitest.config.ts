import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Above startPrism's own 120 s readiness cap, so a slow start under load fails with the launcher's words.
  test: { include: ['test/**/*.test.ts'], testTimeout: 150_000 },
});
