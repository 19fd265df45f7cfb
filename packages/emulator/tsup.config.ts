import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

export default defineConfig([
  { ...libraryBuild, platform: 'node' },
  // The CLI: ESM only, with its shebang (tsup keeps it and marks the file executable).
  {
    ...libraryBuild,
    entry: ['src/cli.ts'],
    format: ['esm'],
    dts: false,
    clean: false,
    platform: 'node',
  },
]);
