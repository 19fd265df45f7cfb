/**
 * The proxy loader: undici's proxy agents (an optional peer, loaded on the first call) behind a `fetch`. Node
 * only: the browser and worker builds replace this module with `no-proxy.ts` (see tsup.config.ts).
 */
import { WeavrConfigError } from '../errors.js';
import { type ProxyOption, WeavrProxyError } from '../proxy.js';
import type { FetchLike } from './fetch.js';

// Not a literal in `import()`, so that bundlers leave the optional peer alone (browsers never proxy here).
const UNDICI = 'undici';

interface Dispatcher {
  destroy(): Promise<void>;
}
interface Tunnel {
  statusCode: number;
  socket: { destroy(): void };
}
interface Pool {
  connect(params: { path?: string; signal?: AbortSignal | null }): Promise<Tunnel>;
}
interface Undici {
  fetch: (url: string, init: Record<string, unknown>) => Promise<Response>;
  EnvHttpProxyAgent: new (options: { clientFactory: ClientFactory }) => Dispatcher;
  ProxyAgent: new (options: { uri: string; clientFactory: ClientFactory }) => Dispatcher;
  Pool: new (origin: URL, options: unknown) => Pool;
}
type ClientFactory = (origin: URL, options: unknown) => Pool;

/**
 * The connection pool to the proxy, with its CONNECT failures turned into a WeavrProxyError. undici retries a
 * tunnel whose socket closed (its UND_ERR_SOCKET is "recoverable") without end, hundreds of times a second,
 * even after the call gave up; an error of our own fails the waiting requests at once instead.
 */
function tunnelPool(undici: Undici): ClientFactory {
  return (origin, options) => {
    const pool = new undici.Pool(origin, options);
    const connect = pool.connect.bind(pool);
    pool.connect = async (params) => {
      let tunnel: Tunnel;
      try {
        tunnel = await connect(params);
      } catch (e) {
        if (params.signal?.aborted) throw e;
        throw new WeavrProxyError(origin.origin, params.path, undefined);
      }
      if (tunnel.statusCode === 200) return tunnel;
      tunnel.socket.destroy();
      throw new WeavrProxyError(origin.origin, params.path, tunnel.statusCode);
    };
    return pool;
  };
}

/** The WeavrProxyError in an error's cause chain, if any. */
function proxyFailure(error: unknown): WeavrProxyError | undefined {
  for (let e = error, n = 0; e && typeof e === 'object' && n < 5; e = (e as { cause?: unknown }).cause, n++)
    if (e instanceof WeavrProxyError) return e;
  return undefined;
}

/**
 * A `fetch` that sends every request through the proxy, with undici (an optional peer, loaded on the first call):
 * Node's own `fetch` ignores the proxy variables and takes no proxy option. Redirects stay unfollowed and the
 * caller's signal still aborts.
 */
export function proxyFetch(name: string, proxy: ProxyOption): FetchLike {
  let loaded: Promise<{ undici: Undici; dispatcher: Dispatcher }> | undefined;
  const load = async () => {
    let undici: Undici;
    try {
      undici = (await import(UNDICI)) as Undici;
    } catch {
      throw new WeavrConfigError(
        `${name}: the proxy option needs the undici package on Node (npm install undici); Bun and Deno read HTTPS_PROXY themselves`,
      );
    }
    const clientFactory = tunnelPool(undici);
    const dispatcher =
      proxy === 'env'
        ? new undici.EnvHttpProxyAgent({ clientFactory })
        : new undici.ProxyAgent({ uri: proxy, clientFactory });
    return { undici, dispatcher };
  };
  return async (request, init) => {
    loaded ??= load();
    const current = loaded;
    const { undici, dispatcher } = await current.catch((e) => {
      loaded = undefined;
      throw e;
    });
    const body = request.body ? await request.arrayBuffer() : undefined;
    return undici
      .fetch(request.url, {
        method: request.method,
        headers: [...request.headers],
        body,
        redirect: 'manual',
        signal: init?.signal ?? request.signal,
        dispatcher,
      })
      .catch((e: unknown) => {
        const refused = proxyFailure(e);
        if (!refused) throw e;
        // A broken proxy's pool holds nothing worth keeping: drop it, so nothing of it outlives the call.
        if (loaded === current) loaded = undefined;
        dispatcher.destroy().catch(() => {});
        throw refused;
      });
  };
}

/** Checks a `proxy` option when the client is built (Node's build: the browser's refuses any proxy). */
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
