import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

export default defineConfig([
  // ESM: the library and the CLI (its shebang kept, the file made executable) share one chunk.
  {
    ...libraryBuild,
    entry: ['src/index.ts', 'src/cli.ts'],
    format: ['esm'],
    splitting: true,
    platform: 'node',
    dts: { entry: 'src/index.ts' },
  },
  { ...libraryBuild, format: ['cjs'], platform: 'node', dts: { entry: 'src/index.ts' }, clean: false },
]);
