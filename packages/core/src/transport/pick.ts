import type { ClientConfig } from '../config.js';
import type { ParseAs, Transport, WireRequest } from '../wire.js';
import { type FetchLike, fetchTransport } from './fetch.js';
// The browser and worker builds replace this module with `no-node.ts` (see tsup.config.ts).
import { nodeTransport } from './node.js';

let platform: Transport | undefined;
let node: Transport | null | undefined;

/**
 * The transport for a call, from what it needs: the caller's `fetch` (the call's, else the client's, which is
 * the proxy's when `proxy` is set) always; else node:http on plain Node for a call it carries exactly as fetch
 * would (a string body or none, no extra `RequestInit` fields, no middleware's `Request`, the body read whole);
 * else the platform's fetch.
 */
export function pickTransport(
  cfg: Pick<ClientConfig, 'transport' | 'fetchTransport'>,
  request: WireRequest,
  parseAs: ParseAs,
  callFetch: FetchLike | undefined,
): Transport {
  if (callFetch) return fetchTransport(callFetch);
  if (cfg.transport) return cfg.transport;
  if (
    // Always true on Node; the browser build's stub is `undefined`, and the branch folds away there.
    nodeTransport !== undefined &&
    !cfg.fetchTransport &&
    parseAs !== 'stream' &&
    request.base === undefined &&
    request.extra === undefined &&
    (request.body === undefined || typeof request.body === 'string')
  ) {
    if (node === undefined) node = nodeTransport() ?? null;
    if (node) return node;
  }
  platform ??= fetchTransport();
  return platform;
}
