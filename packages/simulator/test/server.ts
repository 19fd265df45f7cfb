import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the local server saw. */
export interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server on 127.0.0.1:0 that records every request and answers `answer(seen)` (default 200 `{}`). */
export async function startRecorder(
  answer: (s: Seen) => { status: number; body?: unknown } = () => ({ status: 200, body: {} }),
) {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const s: Seen = {
      method: req.method ?? '',
      path: new URL(req.url ?? '/', 'http://x').pathname,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    seen.push(s);
    const { status, body } = answer(s);
    if (body === undefined) res.writeHead(status).end();
    else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    seen,
    last: () => seen[seen.length - 1] as Seen,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** A value for every `{name}` in a path template. */
export function pathParams(path: string): Record<string, string> {
  return Object.fromEntries(
    [...path.matchAll(/\{([^}]+)\}/g)].map((m, i) => [m[1] as string, `10${i}${m[1]?.length}`]),
  );
}
