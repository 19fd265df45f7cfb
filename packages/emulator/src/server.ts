import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ADMIN_PREFIX } from './admin.js';
import { dispatch, type Engine, type Incoming, type Outgoing } from './dispatch.js';

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
  res.writeHead(out.status, { 'request-ref': randomUUID(), ...out.headers });
  res.end(out.body);
}

/** A node:http server over the engine: reads each body (bounded), dispatches it, answers. */
export function createEmulatorServer(
  engine: Engine,
  maxBodyBytes: number,
  admin: (req: Incoming) => Outgoing,
): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      send(res, tooLarge());
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) over = true;
      else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (over) return send(res, tooLarge());
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://emulator.local');
      } catch {
        return send(res, { status: 400, headers: {}, body: undefined });
      }
      const incoming = {
        method: req.method ?? 'GET',
        url,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      if (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`))
        return send(res, admin(incoming));
      void dispatch(engine, incoming).then((out) => send(res, out));
    });
  });
}
