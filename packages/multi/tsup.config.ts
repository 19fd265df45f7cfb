import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

// `tracing` is an entry of its own (core's, re-exported), so a client that does not trace never bundles it.
export default defineConfig({ ...libraryBuild, entry: ['src/index.ts', 'src/tracing.ts'] });
