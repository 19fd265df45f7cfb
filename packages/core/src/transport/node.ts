/**
 * Node's own HTTP client as a transport: on Node, `node:http` with a keep-alive agent costs a fraction of the
 * CPU of `fetch` (undici) per request (see `pnpm bench`), as stripe-node found. It only moves bytes: it sends
 * the request, resolves with the status and headers, and hands the body over as decoded bytes for the
 * attempt to read (and bound). Redirects are never followed (node:http never does); a cut attempt destroys
 * the socket and any decompression at once (a small brotli body can inflate to gigabytes).
 *
 * Reached only through `pick.ts`; the browser and worker builds swap it for `no-node.ts` (see tsup.config.ts).
 */
import type * as Http from 'node:http';
import type { Readable } from 'node:stream';
import type * as Zlib from 'node:zlib';
import type { AttemptSignal, ByteSource, Transport, WireRequest, WireResponse } from '../wire.js';

type Modules = {
  http: typeof Http;
  https: typeof Http;
  zlib: typeof Zlib;
  agents: Record<string, Http.Agent>;
};

/** Node's modules, loaded without an import statement (Bun and Deno keep their own `fetch`). */
function load(): Modules | null {
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
  if (!plainNode) return null;
  const get = p.getBuiltinModule as (id: string) => unknown;
  const http = get('node:http') as typeof Http;
  const https = get('node:https') as typeof Http;
  // Keep-alive: free sockets are unref'd by the agent, so they never hold a process open, and closed after
  // 4 s idle (undici's default), before a server's own keep-alive timeout would close one under a request.
  const keep = { keepAlive: true, timeout: 4_000 };
  return {
    http,
    https,
    zlib: get('node:zlib') as typeof Zlib,
    agents: {
      'http:': new http.Agent(keep),
      'https:': new (https as unknown as { Agent: typeof Http.Agent }).Agent(keep),
    },
  };
}

/** What undici's fetch sends by default, so a server sees the same request on either transport. */
const FETCH_DEFAULTS = {
  accept: '*/*',
  'accept-language': '*',
  'accept-encoding': 'gzip, deflate',
  'user-agent': 'node',
};

interface Target {
  protocol: string;
  hostname: string;
  port: string;
}
/** Parsed origins, so a request's URL is not parsed again on every attempt. */
const targets = new Map<string, Target>();
function targetOf(origin: string): Target {
  let t = targets.get(origin);
  if (!t) {
    const u = new URL(origin);
    t = { protocol: u.protocol, hostname: u.hostname.replace(/^\[|\]$/g, ''), port: u.port };
    if (targets.size > 64) targets.clear();
    targets.set(origin, t);
  }
  return t;
}

const ORIGIN = /^(https?:\/\/[^/?#]+)(.*)$/i;

/** The node:http transport, or undefined where node:http is not the platform's (Bun, Deno, browsers). */
export function nodeTransport(): Transport | undefined {
  const m = load();
  if (!m) return undefined;
  return {
    send: (request, signal) => send(m, request, signal),
  };
}

function send(m: Modules, request: WireRequest, signal: AttemptSignal): Promise<WireResponse> {
  return new Promise<WireResponse>((resolve, reject) => {
    const [, origin = '', rest] = ORIGIN.exec(request.url) ?? [];
    const target = targetOf(origin);
    const headers: Record<string, string | number> = { ...FETCH_DEFAULTS, ...request.headers };
    const body = request.body as string | undefined;
    if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
    const req = (target.protocol === 'https:' ? m.https : m.http).request({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      path: rest || '/',
      method: request.method,
      headers,
      agent: m.agents[target.protocol],
    });
    let source: NodeBody | undefined;
    signal.onAbort(() => {
      if (source) source.fail(signal.reason);
      else req.destroy(signal.reason as Error);
    });
    req.on('error', (e) => (source ? source.fail(e) : reject(e)));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const empty = request.method === 'HEAD' || status === 204 || status === 205 || status === 304;
      if (empty) {
        res.resume();
      } else {
        const encoding = res.headers['content-encoding']?.trim().toLowerCase();
        const decode =
          encoding === 'gzip' || encoding === 'x-gzip'
            ? m.zlib.createGunzip()
            : encoding === 'deflate'
              ? m.zlib.createInflate()
              : encoding === 'br'
                ? m.zlib.createBrotliDecompress()
                : undefined;
        const stream: Readable = decode ? res.pipe(decode) : res;
        const body = new NodeBody(stream, () => {
          decode?.destroy();
          res.destroy();
          req.destroy();
        });
        source = body;
        if (decode) res.on('error', (e) => body.fail(e));
        res.on('close', () => {
          if (!res.complete) body.fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
        });
      }
      resolve(wireOf(res, status, source ?? null));
    });
    req.end(body);
  });
}

function wireOf(res: Http.IncomingMessage, status: number, body: ByteSource | null): WireResponse {
  return {
    status,
    statusText: res.statusMessage ?? '',
    header(name) {
      const v = res.headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
    body,
    toResponse(read) {
      const raw = res.rawHeaders;
      const pairs: [string, string][] = [];
      for (let i = 0; i < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
      const nullBody = status === 204 || status === 205 || status === 304;
      return new Response(nullBody ? null : read, {
        status,
        statusText: res.statusMessage ?? '',
        headers: pairs,
      });
    },
  };
}

/** A Node readable as a `ByteSource`: pulled with `read()`, so it never buffers ahead of the attempt. */
class NodeBody implements ByteSource {
  private ended = false;
  private failed: unknown;
  private wake: (() => void) | undefined;
  constructor(
    private readonly stream: Readable,
    private readonly kill: () => void,
  ) {
    const ping = () => this.ping();
    stream.on('readable', ping);
    stream.on('end', () => {
      this.ended = true;
      this.ping();
    });
    stream.on('error', (e) => this.fail(e));
    stream.on('close', () => {
      if (!this.ended) this.fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    });
  }

  /** Ends the transfer with `error`: everything of it is destroyed, a pending read rejects. */
  fail(error: unknown): void {
    if (this.failed === undefined && !this.ended) this.failed = error ?? new Error('aborted');
    this.kill();
    this.ping();
  }

  private ping(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async next(): Promise<Uint8Array | undefined> {
    for (;;) {
      if (this.failed !== undefined) throw this.failed;
      const chunk = this.stream.read() as Uint8Array | null;
      if (chunk !== null) return chunk;
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  cancel(): void {
    this.ended = true;
    this.kill();
  }
}
