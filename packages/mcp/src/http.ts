import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { WeavrConfigError } from '@weavr-sdk/core';
import { createEngine, stderrLogger } from './engine.js';
import type { WeavrMcpOptions } from './options.js';
import { serverFor } from './server.js';

/** Where the HTTP server listens. */
export interface HttpListenOptions {
  /**
   * The port; `0` picks a free one (read it back from `url`).
   * @default 4200
   */
  port?: number;
  /**
   * The interface. Anything but loopback exposes your API key's powers to the network: only with a proxy
   * that authenticates in front of it.
   * @default '127.0.0.1'
   */
  host?: string;
}

/** A running Streamable HTTP server. */
export interface WeavrMcpHttpServer {
  /** `http://127.0.0.1:PORT/mcp`: the MCP endpoint. */
  readonly url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function reject(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

/**
 * Serves the tools over MCP's Streamable HTTP transport at `/mcp`, statelessly (each POST is answered on its
 * own; the clients and their identity tokens are shared). On loopback, requests naming another host, or sent
 * by a web page of another origin, are refused (DNS rebinding).
 */
export async function startWeavrMcpHttpServer(
  options: WeavrMcpOptions,
  listen: HttpListenOptions = {},
): Promise<WeavrMcpHttpServer> {
  const port = listen.port ?? 4200;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new WeavrConfigError(`port must be a whole number from 0 to 65535 (got ${port})`);
  const host = listen.host ?? '127.0.0.1';
  const engine = createEngine(options);
  let bound = port;
  const local = LOOPBACK.has(host);
  const allowedHost = (h: string | undefined) => {
    if (!local) return true;
    const m = /^(.*):(\d+)$/.exec(h ?? '');
    return !!m && LOOPBACK.has(m[1] as string) && Number(m[2]) === bound;
  };
  const allowedOrigin = (o: string | undefined) => {
    if (!local || o === undefined) return true;
    try {
      return LOOPBACK.has(new URL(o).hostname) || LOOPBACK.has(`[${new URL(o).hostname}]`);
    } catch {
      return false;
    }
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/mcp') return reject(res, 404, 'not found: the MCP endpoint is /mcp');
    if (!allowedHost(req.headers.host) || !allowedOrigin(req.headers.origin))
      return reject(res, 403, 'forbidden: this server answers loopback clients only');
    if (req.method !== 'POST')
      return reject(res, 405, 'method not allowed: this server is stateless, send JSON-RPC with POST');
    const server = serverFor(engine);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };
  const http = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) reject(res, 500, `internal error: ${e instanceof Error ? e.message : String(e)}`);
      else res.destroy();
    });
  });
  await new Promise<void>((ready, fail) => {
    http.once('error', fail);
    http.listen(port, host, () => {
      http.off('error', fail);
      ready();
    });
  });
  bound = (http.address() as AddressInfo).port;
  if (!local)
    (options.logger ?? stderrLogger).warn(
      `listening on ${host}, not loopback: anyone who reaches port ${bound} acts with this server's API key (put an authenticating proxy in front)`,
    );
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${bound}/mcp`,
    close: () =>
      new Promise<void>((done) => {
        http.closeAllConnections();
        http.close(() => done());
      }),
  };
}
