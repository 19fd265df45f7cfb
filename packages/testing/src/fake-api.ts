import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake API saw it. */
export interface Hit {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface Answer {
  status?: number;
  body?: unknown;
  /** Raw bytes or text with this content type instead of JSON. */
  raw?: { type: string; data: string | Buffer };
  headers?: Record<string, string>;
}

/** A node:http server on a free loopback port, answering with `route` and recording every request. */
export async function fakeApi(route: (hit: Hit) => Answer | Promise<Answer>) {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const hit: Hit = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      hits.push(hit);
      let a: Answer;
      try {
        a = await route(hit);
      } catch (e) {
        a = { status: 500, body: { message: String(e) } };
      }
      if (a.raw) {
        res.writeHead(a.status ?? 200, { 'content-type': a.raw.type, ...a.headers });
        res.end(a.raw.data);
        return;
      }
      const body = a.body === undefined ? '' : JSON.stringify(a.body);
      res.writeHead(a.status ?? 200, {
        ...(body ? { 'content-type': 'application/json' } : {}),
        'content-length': String(Buffer.byteLength(body)),
        ...a.headers,
      });
      res.end(body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
