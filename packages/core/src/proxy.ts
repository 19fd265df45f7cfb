import { WeavrConfigError } from './errors.js';

type FetchLike = (request: Request, init?: RequestInit) => Promise<Response>;

/**
 * Where calls go through a forward proxy: `'env'` for the proxy the environment names (`HTTPS_PROXY` for https
 * URLs, `HTTP_PROXY` for http ones, lower-case names too, none for a host `NO_PROXY` lists), or one proxy's
 * URL for every call.
 */
export type ProxyOption = 'env' | (string & {});

// Not a literal in `import()`, so that bundlers leave the optional peer alone (browsers never proxy here).
const UNDICI = 'undici';

interface Undici {
  fetch: (url: string, init: Record<string, unknown>) => Promise<Response>;
  EnvHttpProxyAgent: new () => unknown;
  ProxyAgent: new (url: string) => unknown;
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

/**
 * A `fetch` that sends every request through the proxy, with undici (an optional peer, loaded on the first call):
 * Node's own `fetch` ignores the proxy variables and takes no proxy option. Redirects stay unfollowed and the
 * caller's signal still aborts.
 */
export function proxyFetch(name: string, proxy: ProxyOption): FetchLike {
  let loaded: Promise<{ undici: Undici; dispatcher: unknown }> | undefined;
  const load = async () => {
    let undici: Undici;
    try {
      undici = (await import(UNDICI)) as Undici;
    } catch {
      throw new WeavrConfigError(
        `${name}: the proxy option needs the undici package on Node (npm install undici); Bun and Deno read HTTPS_PROXY themselves`,
      );
    }
    const dispatcher = proxy === 'env' ? new undici.EnvHttpProxyAgent() : new undici.ProxyAgent(proxy);
    return { undici, dispatcher };
  };
  return async (request, init) => {
    loaded ??= load();
    const { undici, dispatcher } = await loaded.catch((e) => {
      loaded = undefined;
      throw e;
    });
    const body = request.body ? await request.arrayBuffer() : undefined;
    return undici.fetch(request.url, {
      method: request.method,
      headers: [...request.headers],
      body,
      redirect: 'manual',
      signal: init?.signal ?? request.signal,
      dispatcher,
    });
  };
}
