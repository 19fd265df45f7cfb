/**
 * The API the smoke tests call: a node:http server on 127.0.0.1, port 0, that answers the few operations the
 * smoke test makes, records every request it sees, and allows cross-origin calls (the browser leg loads its page
 * from another origin, as a web app calling Weavr would).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface Seen {
  method: string;
  path: string;
  apiKey: string | undefined;
  authorization: string | undefined;
  idempotencyRef: string | undefined;
  status: number;
}

export interface SmokeServer {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

const CARD_ID = '110141187013853702';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
  'access-control-allow-headers': 'api-key, authorization, idempotency-ref, content-type',
  'access-control-expose-headers': 'request-ref',
  'access-control-max-age': '0',
};

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    ...CORS,
    'request-ref': 'smoke-request-ref',
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...headers,
  });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

export function startSmokeServer(): Promise<SmokeServer> {
  const seen: Seen[] = [];
  // idempotency-refs already answered with 503 once: the next attempt with the same ref succeeds.
  const failedOnce = new Set<string>();

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): number => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const key = `${req.method} ${path}`;
    if (req.method === 'OPTIONS') {
      send(res, 204);
      return 204;
    }
    if (req.headers['api-key'] !== 'smoke-api-key') {
      send(res, 401);
      return 401;
    }
    if (key === `GET /multi/managed_cards/${CARD_ID}`) {
      send(res, 200, { id: CARD_ID, state: { state: 'ACTIVE' }, currency: 'EUR' });
      return 200;
    }
    if (key === 'GET /multi/managed_cards/missing') {
      send(res, 404, { errorCode: 'NOT_FOUND', message: 'no such card' });
      return 404;
    }
    if (key === 'POST /multi/transfers') {
      const ref = req.headers['idempotency-ref'];
      if (typeof ref !== 'string' || !JSON.parse(body).destinationAmount) {
        send(res, 400, { message: 'idempotency-ref and a body are required' });
        return 400;
      }
      if (!failedOnce.has(ref)) {
        failedOnce.add(ref);
        send(res, 503, { message: 'try again' }, { 'retry-after': '0' });
        return 503;
      }
      send(res, 201, { id: 'transfer-1', state: 'COMPLETED' });
      return 201;
    }
    if (key === 'POST /backoffice/access_token') {
      send(res, 200, { token: 'smoke-backoffice-token' });
      return 200;
    }
    send(res, 404, { message: `no route ${key}` });
    return 404;
  };

  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const status = handle(req, res, body);
      const header = (n: string) => {
        const v = req.headers[n];
        return Array.isArray(v) ? v.join(',') : v;
      };
      seen.push({
        method: req.method ?? '',
        path: new URL(req.url ?? '/', 'http://x').pathname,
        apiKey: header('api-key'),
        authorization: header('authorization'),
        idempotencyRef: header('idempotency-ref'),
        status,
      });
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        seen,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
