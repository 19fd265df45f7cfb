import { defineConfig } from 'vitest/config';

// Tests run real servers and, on a loaded 2-core CI machine, the slower ones (endless bodies, retry floors,
// thousands of calls) need more than vitest's 5 s default; each bounds itself with its own guard too.
export default defineConfig({ test: { testTimeout: 30_000 } });
