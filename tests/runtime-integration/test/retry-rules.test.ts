import type http from 'node:http';
import { createBackofficeClient } from '@weavr-sdk/backoffice';
import { createMultiClient, WeavrConnectionError, WeavrTimeoutError } from '@weavr-sdk/multi';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, readBody, sendJson, startServer, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function scripted(
  respond: (attempt: number, req: http.IncomingMessage, res: http.ServerResponse) => void,
) {
  const bodies: string[] = [];
  server = await startServer(async (req, res) => {
    bodies.push(await readBody(req));
    respond(bodies.length, req, res);
  });
  return { url: server.url, bodies };
}

const login = { email: 'owner@example.com', password: { value: 'a-password' } };
const quick = {
  apiKey: API_KEY,
  maxRetries: 3,
  backoff: { initialDelayMs: 1, maxDelayMs: 10 },
  logLevel: 'off',
} as const;

// POST /login_with_password (Multi) and POST /access_token (Back-Office) declare no idempotency-ref.
describe('operations whose spec declares no idempotency-ref, through the real clients', () => {
  it('Multi POST /login_with_password is not re-sent after a dropped connection', async () => {
    const s = await scripted((_, req) => req.socket.destroy());
    const weavr = createMultiClient({ ...quick, baseUrl: s.url });
    await expect(weavr.POST('/login_with_password', { body: login })).rejects.toBeInstanceOf(
      WeavrConnectionError,
    );
    expect(s.bodies).toHaveLength(1);
  });

  it('Multi POST /login_with_password is not re-sent after a timeout', async () => {
    const s = await scripted(() => {});
    const weavr = createMultiClient({ ...quick, baseUrl: s.url, timeoutMs: 200 });
    await expect(weavr.POST('/login_with_password', { body: login })).rejects.toBeInstanceOf(
      WeavrTimeoutError,
    );
    expect(s.bodies).toHaveLength(1);
  });

  it('Back-Office POST /access_token is not re-sent after 503, but is after 429', async () => {
    const s = await scripted((attempt, _, res) =>
      attempt === 1
        ? sendJson(res, 503, undefined)
        : attempt === 2
          ? sendJson(res, 429, undefined)
          : sendJson(res, 200, { token: 't' }),
    );
    const backoffice = createBackofficeClient({ ...quick, baseUrl: s.url });
    const body = { identity: { type: 'CORPORATE' as const, id: '1' } };
    const first = await backoffice.POST('/access_token', { body });
    expect(first.response.status).toBe(503);
    expect(s.bodies).toHaveLength(1);
    const second = await backoffice.POST('/access_token', { body });
    expect(second.response.status).toBe(200);
    expect(s.bodies).toHaveLength(3);
  });

  it('Multi GET is retried after a dropped connection', async () => {
    const s = await scripted((attempt, req, res) =>
      attempt === 1 ? req.socket.destroy() : sendJson(res, 200, { id: 'c1' }),
    );
    const weavr = createMultiClient({ ...quick, baseUrl: s.url, token: 't' });
    const r = await weavr.GET('/managed_cards/{id}', { params: { path: { id: 'c1' } } });
    expect(r.data).toEqual({ id: 'c1' });
    expect(s.bodies).toHaveLength(2);
  });
});
