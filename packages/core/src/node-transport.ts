/**
 * Node's own HTTP client as a transport: on Node, `node:http` with a keep-alive agent costs a fraction of the
 * CPU of `fetch` (undici) per request (see `pnpm bench`), as stripe-node found. Used only where it is
 * known to behave as the `fetch` path does: plain Node (not Bun or Deno), the default `fetch`, no middleware,
 * a string body or none, no extra `RequestInit` fields, and a body read whole (not `parseAs: 'stream'`).
 *
 * Same rules as the `fetch` path: redirects are never followed (node:http never does), the attempt's signal
 * aborts it (socket destroyed), and the body is read within `limit` bytes, counted after decompression.
 * The result is a `Response` built from what arrived, so every later stage is shared.
 */
import type * as Http from 'node:http';
import type * as Zlib from 'node:zlib';
import { TooLarge } from './body.js';

type Modules = {
  http: typeof Http;
  https: typeof Http;
  zlib: typeof Zlib;
  agents: Record<string, Http.Agent>;
};
let modules: Modules | null | undefined;

/** Node's modules, loaded without an import statement (so browser bundles never see `node:http`). */
function load(): Modules | null {
  if (modules !== undefined) return modules;
  const p = (
    globalThis as {
      process?: { versions?: Record<string, string>; getBuiltinModule?: (id: string) => unknown };
    }
  ).process;
  const plainNode =
    !!p?.versions?.node &&
    !p.versions.bun &&
    !('Deno' in globalThis) &&
    typeof p.getBuiltinModule === 'function';
  if (!plainNode) {
    modules = null;
    return modules;
  }
  const get = p.getBuiltinModule as (id: string) => unknown;
  const http = get('node:http') as typeof Http;
  const https = get('node:https') as typeof Http;
  // Keep-alive: free sockets are unref'd by the agent, so they never hold a process open, and closed after
  // 4 s idle (undici's default), before a server's own keep-alive timeout would close one under a request.
  const keep = { keepAlive: true, timeout: 4_000 };
  modules = {
    http,
    https,
    zlib: get('node:zlib') as typeof Zlib,
    agents: {
      'http:': new http.Agent(keep),
      'https:': new (https as unknown as { Agent: typeof Http.Agent }).Agent(keep),
    },
  };
  return modules;
}

const FETCH_DEFAULTS = {
  accept: '*/*',
  'accept-language': '*',
  'accept-encoding': 'gzip, deflate',
  'user-agent': 'node',
};

/** True where the node:http transport can be used at all. */
export function nodeTransportAvailable(): boolean {
  return load() !== null;
}

/** A failure once the response headers were in: the attempt reports it as final, with the status and refs. */
export class AfterHeaders extends Error {
  constructor(
    readonly head: { status: number; headers: Headers },
    override readonly cause: unknown,
  ) {
    super('response failed after its headers');
  }
}

/**
 * Sends one request and reads its whole body.
 * @param headersIn told as soon as the status and headers are in (the attempt's failures change meaning then)
 */
export function nodeSend(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  signal: AbortSignal,
  limit: number,
  headersIn: (head: { status: number; headers: Headers }) => void,
): Promise<Response> {
  const m = load() as Modules;
  const target = new URL(url);
  const client = target.protocol === 'https:' ? m.https : m.http;
  return new Promise<Response>((resolve, reject) => {
    // What undici's fetch sends by default, so a server sees the same request on either transport (less
    // `sec-fetch-mode`, which only means something to browsers).
    const headers: Record<string, string | number> = { ...FETCH_DEFAULTS, ...init.headers };
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
    const req = client.request(target, {
      method: init.method,
      headers,
      agent: m.agents[target.protocol],
      signal,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const head = { status: res.statusCode ?? 0, headers: new Headers() };
      try {
        const raw = res.rawHeaders;
        for (let i = 0; i < raw.length; i += 2) head.headers.append(raw[i] as string, raw[i + 1] as string);
      } catch (e) {
        res.destroy();
        return reject(e);
      }
      headersIn(head);
      let decode: ReturnType<typeof Zlib.createGunzip> | undefined;
      // Everything of the response dies with the call: the socket, and a decompressor that would otherwise go on
      // inflating what it holds (7 KB of brotli can be 8 GiB of work).
      const fail = (e: unknown) => {
        decode?.destroy();
        res.destroy();
        req.destroy();
        reject(new AfterHeaders(head, e));
      };
      const declared = Number(res.headers['content-length']);
      if (declared > limit) return fail(new TooLarge(limit));
      const encoding = String(res.headers['content-encoding'] ?? '')
        .trim()
        .toLowerCase();
      decode =
        encoding === 'gzip' || encoding === 'x-gzip'
          ? m.zlib.createGunzip()
          : encoding === 'deflate'
            ? m.zlib.createInflate()
            : encoding === 'br'
              ? m.zlib.createBrotliDecompress()
              : undefined;
      const source = decode ? res.pipe(decode) : res;
      if (decode) res.on('error', fail);
      const chunks: Buffer[] = [];
      let total = 0;
      source.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > limit) fail(new TooLarge(limit));
        else chunks.push(chunk);
      });
      source.on('error', fail);
      res.on('close', () => {
        if (!res.complete) fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      });
      source.on('end', () => {
        if (total > limit) return;
        const empty =
          init.method === 'HEAD' || head.status === 204 || head.status === 205 || head.status === 304;
        try {
          const body = empty
            ? null
            : chunks.length === 1
              ? (chunks[0] as Buffer)
              : Buffer.concat(chunks, total);
          resolve(
            new Response(body as BodyInit | null, {
              status: head.status,
              statusText: res.statusMessage ?? '',
              headers: head.headers,
            }),
          );
        } catch (e) {
          // A status `Response` cannot carry (a hostile server's 600): failed as an unusable answer.
          reject(new AfterHeaders(head, e));
        }
      });
    });
    req.end(init.body);
  });
}
