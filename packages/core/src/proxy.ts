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
