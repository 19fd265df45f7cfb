import { WeavrConfigError } from './errors.js';

/**
 * Where calls go through a forward proxy: `'env'` for the proxy the environment names (`HTTPS_PROXY` for https
 * URLs, `HTTP_PROXY` for http ones, lower-case names too, none for a host `NO_PROXY` lists), or one proxy's
 * URL for every call.
 */
export type ProxyOption = 'env' | (string & {});

/**
 * A forward proxy refused the tunnel (`CONNECT`) to the API, with a status, or closed the connection instead
 * of answering: nothing reached the API. It is the `cause` of the call's `WeavrConnectionError`. `proxy` is
 * the proxy's origin only (never credentials in its URL).
 */
export class WeavrProxyError extends Error {
  override name = 'WeavrProxyError';
  readonly proxy: string;
  /** The proxy's answer to CONNECT; undefined when it closed the connection without one. */
  readonly status: number | undefined;
  constructor(proxy: string, target: string | undefined, status: number | undefined) {
    super(
      `proxy ${proxy} ${status === undefined ? 'closed the connection instead of answering' : `answered HTTP ${status} to`} CONNECT ${target ?? ''}`.trim(),
    );
    this.proxy = proxy;
    this.status = status;
  }
}

/** Checks a `proxy` option when the client is built. */
export function checkProxy(name: string, proxy: unknown, fetch: unknown): void {
  if (fetch !== undefined)
    throw new WeavrConfigError(
      `${name}: give proxy or fetch, not both (route your own fetch through the proxy)`,
    );
  if (proxy === 'env') return;
  let url: URL | undefined;
  try {
    url = typeof proxy === 'string' ? new URL(proxy) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol))
    throw new WeavrConfigError(
      `${name}: proxy must be 'env' or an http(s) URL such as http://proxy.internal:3128 (got ${typeof proxy === 'string' ? 'a string that is not one' : typeof proxy})`,
    );
}
