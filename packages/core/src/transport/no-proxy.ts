import { WeavrConfigError } from '../errors.js';
import type { ProxyOption } from '../proxy.js';
import type { FetchLike } from './fetch.js';

/** Browser and worker builds: calls go through the platform's own proxy settings; none of undici is bundled. */
export function proxyFetch(name: string, _proxy: ProxyOption): FetchLike {
  throw new WeavrConfigError(
    `${name}: the proxy option is for Node; in a browser or worker, requests follow the platform's proxy settings`,
  );
}
