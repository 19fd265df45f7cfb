import type { Transport } from '../wire.js';

/** Browser and worker builds: there is no node:http, and none of its code is bundled. */
export function nodeTransport(): Transport | undefined {
  return undefined;
}
