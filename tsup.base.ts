import type { Options } from 'tsup';

/** ESM (.mjs) and CJS (.cjs) with matching .d.mts/.d.cts, for packages without "type": "module". */
export const libraryBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  sourcemap: false,
  treeshake: true,
  outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.mjs' }),
};

/**
 * A Node package with a CLI (`src/cli.ts`, its shebang kept and the file made executable): ESM for the library
 * and the CLI sharing one chunk, CJS for the library.
 */
export const libraryWithCli: Options[] = [
  {
    ...libraryBuild,
    entry: ['src/index.ts', 'src/cli.ts'],
    format: ['esm'],
    splitting: true,
    platform: 'node',
    dts: { entry: 'src/index.ts' },
  },
  { ...libraryBuild, format: ['cjs'], platform: 'node', dts: { entry: 'src/index.ts' }, clean: false },
];
