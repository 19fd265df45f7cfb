import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ADMIN_PREFIX } from './admin.js';
import { checkKey } from './auth.js';
import { dispatch, type Engine, errorAnswer, type Incoming, type Outgoing, unmatched } from './dispatch.js';
import { HttpError } from './http-error.js';

function tooLarge(): Outgoing {
  return {
    status: 413,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: 'PAYLOAD_TOO_LARGE', message: 'Request body too large' }),
  };
}

function send(res: ServerResponse, out: Outgoing): void {
  if (out.drop) {
    res.socket?.destroy();
    return;
  }
  // Every answer carries a request-ref, as Weavr's do (quote it to support).
  const length = out.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(out.body)) };
  res.writeHead(out.status, { 'request-ref': randomUUID(), ...out.headers, ...length });
  res.end(out.body);
}

/** How long a refused request's remaining body is read (and discarded) before its connection is cut. */
const LINGER_MS = 2_000;

/**
 * Answers without reading the body: the connection closes after the answer, and whatever the client still sends
 * is discarded (for a short while, so the client can read the answer before the connection goes).
 */
function refuse(req: IncomingMessage, res: ServerResponse, out: Outgoing): void {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  send(res, hasBody ? { ...out, headers: { ...out.headers, connection: 'close' } } : out);
  if (!hasBody) return;
  req.resume();
  const cut = setTimeout(() => req.socket.destroy(), LINGER_MS).unref();
  req.socket.once('close', () => clearTimeout(cut));
}

const isAdmin = (pathname: string) => pathname === ADMIN_PREFIX || pathname.startsWith(`${ADMIN_PREFIX}/`);

/**
 * A node:http server over the engine. The route and the API key are checked from the headers alone: a request
 * for nothing, without the key, or declaring a body over the limit is answered before its body is read, so no
 * such caller gets memory held for it. Other bodies are read (bounded), dispatched, answered.
 */
export function createEmulatorServer(
  engine: Engine,
  maxBodyBytes: number,
  admin: (req: Incoming) => Outgoing,
): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://emulator.local');
    } catch {
      return refuse(req, res, { status: 400, headers: {} });
    }
    const head: Incoming = { method, url, headers: req.headers, body: Buffer.alloc(0) };
    const match = isAdmin(url.pathname) ? undefined : engine.router.match(method, url.pathname);
    let early: Outgoing | undefined;
    if (!match) {
      if (req.headers['api-key'] !== engine.programme.apiKey) early = admin(head);
    } else if (match.kind !== 'found') early = unmatched(head, match);
    else
      try {
        checkKey(engine.programme.apiKey, match.api, req.headers);
      } catch (e) {
        if (!(e instanceof HttpError)) throw e;
        early = errorAnswer(e);
      }
    if (!early && Number(req.headers['content-length'] ?? 0) > maxBodyBytes) early = tooLarge();
    if (early) return refuse(req, res, early);

    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        over = true;
        chunks.length = 0;
      } else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (over) return send(res, tooLarge());
      const incoming = { ...head, body: Buffer.concat(chunks) };
      if (!match) return send(res, admin(incoming));
      void dispatch(engine, incoming, match).then((out) => send(res, out));
    });
  });
}
