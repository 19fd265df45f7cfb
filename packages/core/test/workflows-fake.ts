import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createWeavrClient,
  FLAG_BEARER_OPTIONAL,
  FLAG_BEARER_REQUIRED,
  FLAG_IDEMPOTENCY_REF,
  type OperationInfo,
  type RuntimeOptions,
} from '../src/index.js';

/** A hand-built operation map shaped like the generated ones (the workflow helpers read only this). */
const op = (method: string, path: string, extra: Partial<OperationInfo> = {}): OperationInfo => ({
  method,
  path,
  operationId: `${method.toLowerCase()}${path}`,
  security: [['apiKey', 'bearer']],
  bearer: 'required',
  idempotencyRef: false,
  ...extra,
});
const list = (itemField: string, maxLimit = 100, limitParam = 'limit') => ({
  list: { itemField, limitParam, maxLimit },
});

export const ops: Record<string, OperationInfo> = Object.fromEntries(
  [
    op('POST', '/access_token', { bearer: 'none', security: [['apiKey']] }),
    op('GET', '/cards', list('cards')),
    op('GET', '/cards/{id}'),
    op('GET', '/transfers', list('transfer')),
    op('GET', '/accounts/{id}/statement', {
      ...list('entries', 500),
      media: ['application/pdf', 'text/csv'],
    }),
    op('GET', '/wires/{id}/confirmation', { media: ['application/pdf'] }),
    op('POST', '/bulks/cards/_id_/block', { idempotencyRef: true }),
    op('PATCH', '/bulks/cards/_id_/spend_rules', { idempotencyRef: true }),
    op('GET', '/bulks/{bulk_id}'),
    op('GET', '/bulks/{bulk_id}/operations', list('operations')),
    op('POST', '/bulks/{bulk_id}/execute'),
    op('POST', '/bulks/{bulk_id}/pause'),
    op('POST', '/bulks/{bulk_id}/resume'),
    op('POST', '/bulks/{bulk_id}/cancel'),
    op('POST', '/things', { idempotencyRef: true }),
  ].map((o) => [`${o.method} ${o.path}`, o]),
);

const runtime = {
  apiKeyHeader: 'api-key',
  ops: Object.fromEntries(
    Object.entries(ops).map(([k, o]) => [
      k,
      [
        (o.bearer === 'required'
          ? FLAG_BEARER_REQUIRED
          : o.bearer === 'optional'
            ? FLAG_BEARER_OPTIONAL
            : 0) | (o.idempotencyRef ? FLAG_IDEMPOTENCY_REF : 0),
        o.operationId,
      ] as const,
    ]),
  ),
  query: {},
};

// biome-ignore lint/suspicious/noExplicitAny: tests call the hand-built paths untyped
type Call = (path: string, init?: Record<string, any>) => Promise<any>;
export interface FakeClient {
  GET: Call;
  POST: Call;
  PATCH: Call;
  PUT: Call;
  DELETE: Call;
  HEAD: Call;
  withOptions(o: Partial<RuntimeOptions>): FakeClient;
}

export function fakeClient(baseUrl: string, options: Partial<RuntimeOptions> = {}): FakeClient {
  return createWeavrClient(
    { factory: 'fakeClient', defaultBaseUrl: baseUrl, runtime },
    { apiKey: 'sk_test_key_0123456789', baseUrl, maxRetries: 0, logLevel: 'off', ...options },
  ) as unknown as FakeClient;
}

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

/** Serves `total` numbered items from an offset/limit list, like Weavr does. */
export function listPage(hit: Hit, field: string, total: number, countField = true): Answer {
  const offset = Number(hit.query.get('offset') ?? 0);
  const limit = Number(hit.query.get('limit') ?? 100);
  const items = [];
  for (let i = offset; i < Math.min(total, offset + limit); i++) items.push({ id: String(i + 1) });
  return {
    body: { [field]: items, ...(countField ? { count: total } : {}), responseCount: items.length },
  };
}
