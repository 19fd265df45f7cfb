import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

// Two entries sharing one copy of every module (splitting in both formats), so an error class thrown by
// code reached through `internal` is the same class users import from the main entry.
export default defineConfig({ ...libraryBuild, entry: ['src/index.ts', 'src/internal.ts'], splitting: true });
