import { defineConfig } from 'tsup';
import { libraryWithCli } from '../../tsup.base.js';

export default defineConfig(libraryWithCli);
