import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ADMIN_PREFIX } from './admin.js';
import { checkKey } from './auth.js';
import {
  dispatch,
  type Engine,
  errorAnswer,
  type Incoming,
  type Outgoing,
  type Target,
  unmatched,
} from './dispatch.js';
import { HttpError } from './http-error.js';
import type { Match } from './router.js';

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
  const headers: Record<string, string> = { 'request-ref': randomUUID() };
  for (const name in out.headers) headers[name] = out.headers[name] as string;
  if (out.body !== undefined) headers['content-length'] = String(Buffer.byteLength(out.body));
  res.writeHead(out.status, headers);
  res.end(out.body);
}

/**
 * A request target made only of characters `new URL` keeps as they are (no `.` segments, escapes, `//` host or
 * fragment): its path and query are read as they stand, without building a URL (a tenth of the emulator's own
 * work per request). Anything else goes through `new URL`.
 */
const PLAIN_TARGET = /^(\/(?!\/)[\w\-~/]*)(?:\?([\x21\x22\x24-\x7e]*))?$/;

/** The path and query of a request target, as `new URL` reads them; undefined when it is not a URL path. */
export function readTarget(raw: string): Target | undefined {
  const plain = PLAIN_TARGET.exec(raw);
  if (plain) return { pathname: plain[1] as string, searchParams: new URLSearchParams(plain[2] ?? '') };
  try {
    return new URL(raw, 'http://emulator.local');
  } catch {
    return undefined;
  }
}

const NO_BODY = Buffer.alloc(0);

/** How long a refused request's remaining body is read (and discarded) before its connection is cut. */
const LINGER_MS = 2_000;

/** Whether a request has a body at all: HTTP/1.1 has one only with a non-zero length or a transfer-encoding. */
const declaresBody = (req: IncomingMessage) =>
  Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

/**
 * Answers without reading the body: the connection closes after the answer, and whatever the client still sends
 * is discarded (for a short while, so the client can read the answer before the connection goes).
 */
function refuse(req: IncomingMessage, res: ServerResponse, out: Outgoing): void {
  const hasBody = declaresBody(req);
  send(res, hasBody ? { ...out, headers: { ...out.headers, connection: 'close' } } : out);
  if (!hasBody) return;
  req.resume();
  const cut = setTimeout(() => req.socket.destroy(), LINGER_MS).unref();
  req.socket.once('close', () => clearTimeout(cut));
}

const isAdmin = (pathname: string) => pathname === ADMIN_PREFIX || pathname.startsWith(`${ADMIN_PREFIX}/`);

/** Answers a request read whole: the admin API's or an operation's. */
function answer(
  res: ServerResponse,
  engine: Engine,
  admin: (req: Incoming) => Outgoing,
  req: Incoming,
  match: Match | undefined,
): void {
  if (!match) send(res, admin(req));
  else {
    const out = dispatch(engine, req, match);
    if (out instanceof Promise) void out.then((o) => send(res, o));
    else send(res, out);
  }
}

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
    const url = readTarget(req.url ?? '/');
    if (!url) return refuse(req, res, { status: 400, headers: {} });
    const head: Incoming = { method, url, headers: req.headers, body: NO_BODY };
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
        early = errorAnswer(e, match.api);
      }
    if (!early && Number(req.headers['content-length'] ?? 0) > maxBodyBytes) early = tooLarge();
    if (early) return refuse(req, res, early);
    // Most calls (GETs, most actions) have no body: answered now, without waiting a tick for the stream's end.
    if (!declaresBody(req)) {
      answer(res, engine, admin, head, match);
      return;
    }

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
      answer(res, engine, admin, { ...head, body: Buffer.concat(chunks) }, match);
    });
  });
}
