import { WeavrConfigError } from '../errors.js';
import type { ProxyOption } from '../proxy.js';
import type { FetchLike } from './fetch.js';

/**
 * Browser and worker builds: calls go through the platform's own proxy settings; none of undici, nor the Node
 * build's checks of the option, is bundled. Any `proxy` is refused when the client is built.
 */
export function checkProxy(name: string, _proxy: unknown, _fetch: unknown): never {
  throw new WeavrConfigError(
    `${name}: the proxy option is for Node; in a browser or worker, requests follow the platform's proxy settings`,
  );
}

export function proxyFetch(name: string, proxy: ProxyOption): FetchLike {
  return checkProxy(name, proxy, undefined);
}
