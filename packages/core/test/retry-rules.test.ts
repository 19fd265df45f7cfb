import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WeavrConnectionError, WeavrTimeoutError } from '../src/internal.js';
import { captureLogger, testClient } from './helpers/client.js';
import { freePort, readBody, sendJson, startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server answering with `respond(attempt)`, recording each request it receives. */
async function scripted(
  respond: (attempt: number, req: http.IncomingMessage, res: http.ServerResponse) => void,
) {
  const seen: { method: string; url: string; body: string; headers: http.IncomingHttpHeaders }[] = [];
  server = await startServer(async (req, res) => {
    const body = await readBody(req);
    seen.push({ method: req.method ?? '', url: req.url ?? '', body, headers: req.headers });
    respond(seen.length, req, res);
  });
  return { url: server.url, seen };
}

const drop = (req: http.IncomingMessage) => req.socket.destroy();
const LOGIN = { email: 'a@example.com', password: { value: 'not-a-real-password' } };

describe('a request that is not idempotent (no idempotency-ref, not GET/HEAD/DELETE)', () => {
  it('is not sent again after the connection drops mid-request', async () => {
    const s = await scripted((_, req) => drop(req));
    const weavr = testClient(s.url, { maxRetries: 3, logLevel: 'off' });
    const e = await weavr.POST('/login_with_password', { body: LOGIN }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WeavrConnectionError);
    expect(e).not.toBeInstanceOf(WeavrTimeoutError);
    expect(String((e as Error).message)).toMatch(/not retried: the request may have been processed/);
    expect(s.seen).toHaveLength(1);
  });

  it('is not sent again after a timeout', async () => {
    const s = await scripted(() => {}); // never answers
    // Counted where requests leave the client: under load the one attempt may time out before it arrives.
    let sent = 0;
    const weavr = testClient(s.url, {
      maxRetries: 3,
      timeoutMs: 200,
      logLevel: 'off',
      fetch: (request, init) => {
        sent++;
        return fetch(request, init);
      },
    });
    const e = await weavr
      .POST('/managed_cards/{id}/remove', { params: { path: { id: '1' } } })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WeavrTimeoutError);
    expect(String((e as Error).message)).toMatch(/timed out after 200 ms; not retried/);
    await new Promise((r) => setTimeout(r, 100));
    expect(sent).toBe(1);
    expect(s.seen.length).toBeLessThanOrEqual(1);
  });

  it('is not sent again after 502, 503 or 504: the server may have acted', async () => {
    for (const status of [502, 503, 504]) {
      const s = await scripted((_, __, res) => sendJson(res, status, { message: 'unavailable' }));
      const weavr = testClient(s.url, { maxRetries: 3 });
      const call = await weavr.POST('/users/{user_id}/invite', { params: { path: { user_id: 'u1' } } });
      expect(call.response.status).toBe(status);
      expect(s.seen.filter((x) => x.method === 'POST')).toHaveLength(1);
      await server?.close();
      server = undefined;
    }
  });

  it('is sent again after 429, which proves it was not processed', async () => {
    const s = await scripted((attempt, _, res) =>
      attempt === 1
        ? sendJson(res, 429, undefined, { 'x-ratelimit-reset': '0' })
        : sendJson(res, 200, { token: 't' }),
    );
    const weavr = testClient(s.url, { maxRetries: 3 });
    const r = await weavr.POST('/login_with_password', { body: LOGIN });
    expect(r.response.status).toBe(200);
    expect(s.seen).toHaveLength(2);
    expect(s.seen[1]?.body).toBe(s.seen[0]?.body);
    expect(JSON.parse(s.seen[1]?.body ?? '')).toEqual(LOGIN);
  });

  it('is sent again after the connection was refused (nothing reached a server)', async () => {
    const port = await freePort();
    const seen: string[] = [];
    let starting: Promise<void> | undefined;
    // The first attempt is refused; the logger sees it and starts the server on that port before the retry.
    const logger = captureLogger();
    const debug = logger.debug;
    logger.debug = (message: string) => {
      debug(message);
      if (!starting && message.includes('ECONNREFUSED')) {
        starting = startServer(async (req, res) => {
          seen.push(await readBody(req));
          sendJson(res, 200, { token: 't' });
        }, port).then((s) => {
          server = s;
        });
      }
    };
    const weavr = testClient(`http://127.0.0.1:${port}`, {
      maxRetries: 5,
      logger,
      logLevel: 'debug',
      backoff: { initialDelayMs: 200, maxDelayMs: 400 },
    });
    const r = await weavr.POST('/login_with_password', { body: LOGIN });
    expect(r.response.status).toBe(200);
    expect(logger.text()).toMatch(/POST \/login_with_password ✗ .*ECONNREFUSED.* \(attempt 1\/6\)/);
    expect(seen).toEqual([JSON.stringify(LOGIN)]);
  });
});

describe('an idempotent request', () => {
  it('GET is retried after a dropped connection, a timeout and 502/503/504', async () => {
    const s = await scripted((attempt, req, res) => {
      if (attempt === 1) return drop(req);
      if (attempt === 2) return; // hang: times out
      if (attempt <= 5) return sendJson(res, [502, 503, 504][attempt - 3] ?? 500, undefined);
      sendJson(res, 200, { id: 'c1' }, { connection: 'close' });
    });
    const weavr = testClient(s.url, { maxRetries: 8, timeoutMs: 1_000, logLevel: 'off' });
    const r = await weavr.GET('/managed_cards/{id}', { params: { path: { id: 'c1' } } });
    expect(r.data).toEqual({ id: 'c1' });
    // Five failures, each retried (a loaded machine may add a slow attempt, hence "at least").
    expect(s.seen.length).toBeGreaterThanOrEqual(6);
  });

  it('DELETE is retried after 503', async () => {
    const s = await scripted((attempt, _, res) => sendJson(res, attempt === 1 ? 503 : 204, undefined));
    const weavr = testClient(s.url);
    const r = await weavr.DELETE('/managed_cards/{id}/spend_rules', { params: { path: { id: 'c1' } } });
    expect(r.response.status).toBe(204);
    expect(s.seen.map((x) => x.method)).toEqual(['DELETE', 'DELETE']);
  });

  it('a POST carrying an idempotency-ref is retried after a drop, a timeout and 503, with the same ref and body', async () => {
    const s = await scripted((attempt, req, res) => {
      if (attempt === 1) return drop(req);
      if (attempt === 2) return; // hang
      if (attempt === 3) return sendJson(res, 503, undefined);
      sendJson(res, 200, { id: 't1' });
    });
    const weavr = testClient(s.url, { maxRetries: 6, timeoutMs: 1_000, logLevel: 'off' });
    const body = { profileId: 'p', destinationAmount: { currency: 'EUR', amount: 10 } };
    const r = await weavr.POST('/transfers', { body });
    expect(r.data).toEqual({ id: 't1' });
    expect(s.seen.length).toBeGreaterThanOrEqual(4);
    const refs = new Set(s.seen.map((x) => x.headers['idempotency-ref']));
    expect(refs).toEqual(new Set([r.idempotencyRef]));
    for (const x of s.seen) expect(JSON.parse(x.body)).toEqual(body);
  });

  it('stops after maxRetries (client option, then per call) and returns the last answer', async () => {
    const s = await scripted((_, __, res) => sendJson(res, 503, { message: 'down' }));
    const weavr = testClient(s.url, { maxRetries: 1, logLevel: 'off' });
    const r1 = await weavr.GET('/transfers/{id}', { params: { path: { id: '1' } } });
    expect(r1.response.status).toBe(503);
    expect(s.seen).toHaveLength(2);
    const r2 = await weavr.GET('/transfers/{id}', { params: { path: { id: '1' } }, maxRetries: 3 });
    expect(r2.error).toEqual({ message: 'down' });
    expect(s.seen).toHaveLength(6);
    await weavr.GET('/transfers/{id}', { params: { path: { id: '1' } }, maxRetries: 0 });
    expect(s.seen).toHaveLength(7);
  });

  it('does not retry other statuses (400, 401, 404, 409, 500)', async () => {
    for (const status of [400, 401, 404, 409, 500]) {
      const s = await scripted((_, __, res) => sendJson(res, status, { errorCode: 'X' }));
      const weavr = testClient(s.url, { maxRetries: 3 });
      const r = await weavr.GET('/transfers/{id}', { params: { path: { id: '1' } } });
      expect(r.response.status).toBe(status);
      expect(s.seen).toHaveLength(1);
      await server?.close();
      server = undefined;
    }
  });
});
