import type { Transport } from '../wire.js';

/**
 * Browser and worker builds: there is no node:http, and none of its code is bundled. Not a function but
 * `undefined`, so `pick.ts`'s node:http branch folds away in a minified bundle.
 */
export const nodeTransport: (() => Transport | undefined) | undefined = undefined;
