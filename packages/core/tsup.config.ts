import { dirname, join, resolve } from 'node:path';
import { defineConfig, type Options } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

/**
 * The browser and worker build: the modules only Node runs (the node:http transport, the undici proxy loader)
 * are swapped for stubs, so a bundle for a browser or a worker never carries them. Chosen by the `browser` and
 * `worker` conditions in package.json; everything else of the two builds is the same source.
 */
const transport = resolve(__dirname, 'src/transport');
const NODE_ONLY: Record<string, string> = {
  [join(transport, 'node.ts')]: join(transport, 'no-node.ts'),
  [join(transport, 'proxy.ts')]: join(transport, 'no-proxy.ts'),
};
type Plugin = NonNullable<Options['esbuildPlugins']>[number];
const withoutNode: Plugin = {
  name: 'weavr-without-node',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      const stub = NODE_ONLY[resolve(dirname(args.importer), args.path.replace(/\.js$/, '.ts'))];
      return stub ? { path: stub } : undefined;
    });
  },
};

// Entries sharing one copy of every module (splitting in both formats), so an error class thrown by code
// reached through `internal` or `tracing` is the same class users import from the main entry.
export default defineConfig([
  {
    ...libraryBuild,
    entry: ['src/index.ts', 'src/internal.ts', 'src/tracing.ts'],
    splitting: true,
    // dist/browser is the other build's.
    clean: ['!browser/**'],
  },
  {
    ...libraryBuild,
    entry: ['src/index.ts', 'src/internal.ts', 'src/tracing.ts'],
    splitting: true,
    format: ['esm'],
    dts: false,
    outDir: 'dist/browser',
    esbuildPlugins: [withoutNode],
  },
]);
