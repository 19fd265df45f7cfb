import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebhookEventInfo, type WebhookName, webhookEvents } from '../src/index.js';

/** A real HTTP server on 127.0.0.1 and a free port, closed by `close()`. */
export async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((e) => {
      res.writeHead(599).end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** A small deterministic PRNG (mulberry32), so the fuzz test sees the same cases on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const API_KEY = 'test-api-key-5f2c9e71b3d84a06';
export const OTHER_KEY = 'test-api-key-5f2c9e71b3d84a07';

/**
 * The smallest body the spec allows for an event: each required field, with the first allowed value for
 * enums and a placeholder otherwise (the verifier checks which event a body is, not every nested field).
 */
export function minimalPayload(name: WebhookName): Record<string, unknown> {
  const shape = (webhookEvents[name] as WebhookEventInfo).payload;
  const out: Record<string, unknown> = {};
  for (const field of shape?.required ?? []) out[field] = shape?.values[field]?.[0] ?? `${field}-1`;
  return out;
}
