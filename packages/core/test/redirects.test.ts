import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WeavrRedirectError } from '../src/internal.js';
import { API_KEY, captureLogger, TOKEN, testClient } from './helpers/client.js';
import { readBody, startServer, type TestServer } from './helpers/server.js';

/** Everything the other origin receives: it must stay empty. */
const elsewhere: { method: string; headers: Record<string, unknown>; body: string }[] = [];
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  elsewhere.length = 0;
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function other(): Promise<TestServer> {
  const s = await startServer(async (req, res) => {
    elsewhere.push({ method: req.method ?? '', headers: req.headers, body: await readBody(req) });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id":"from-elsewhere"}');
  });
  open.push(s);
  return s;
}

/** The API origin: answers every request with `status` and a Location on the other origin. */
async function redirecting(status: number, location: string): Promise<TestServer> {
  const s = await startServer(async (req, res) => {
    await readBody(req);
    res.writeHead(status, { location, 'request-ref': 'rr-1' });
    res.end();
  });
  open.push(s);
  return s;
}

const transfer = { body: { profileId: 'p', destinationAmount: { currency: 'EUR', amount: 1 } } };

describe('redirects are never followed', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`${status} to another origin: nothing is sent there; an unsuccessful result naming only its origin`, async () => {
      const target = await other();
      const api = await redirecting(status, `${target.url}/steal?key=1#x`);
      const log = captureLogger();
      const weavr = testClient(api.url, { logger: log, logLevel: 'warn' });
      const r = await weavr.POST('/transfers', transfer);
      expect(r.response.status).toBe(status);
      expect(r.data).toBeUndefined();
      expect(r.error).toEqual({ message: `Redirect not followed (to ${target.url})`, location: target.url });
      expect(r.idempotencyRef).toBeTruthy();
      expect(log.text()).toContain(`POST /transfers answered ${status} to ${target.url}: not followed`);
      expect(elsewhere).toEqual([]);

      const login = await weavr
        .POST('/login_with_password', {
          body: { email: 'a@b.c', password: { value: 'pw-SECRET-1' } },
          throwOnError: true,
        })
        .catch((e: unknown) => e);
      expect(login).toBeInstanceOf(WeavrRedirectError);
      const e = login as WeavrRedirectError;
      expect(e.status).toBe(status);
      expect(e.location).toBe(target.url);
      expect(e.requestRef).toBe('rr-1');
      expect(e.message).toContain(String(status));
      expect(e.message).not.toContain('steal');
      expect(JSON.stringify(e)).not.toContain('key=1');
      expect(elsewhere).toEqual([]);
    });
  }

  it('https to http: the key never travels in clear', async () => {
    const target = await other();
    const dir = join(__dirname, 'fixtures/tls');
    const server = https.createServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (req, res) => {
        req.resume();
        res.writeHead(307, { location: `${target.url}/transfers` });
        res.end();
      },
    );
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    open.push({
      close: () =>
        new Promise<void>((ok) => {
          server.closeAllConnections();
          server.close(() => ok());
        }),
    });
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The fixture certificate is self-signed: trust it for this process only.
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const r = await testClient(url).POST('/transfers', transfer);
      expect(r.response.status).toBe(307);
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
    }
    expect(elsewhere).toEqual([]);
  });

  it('a custom fetch gets a Request whose redirect mode is manual', async () => {
    const target = await other();
    const api = await redirecting(302, `${target.url}/x`);
    const modes: string[] = [];
    const weavr = testClient(api.url, {
      fetch: (request: Request, init?: RequestInit) => {
        modes.push(request.redirect);
        return fetch(request, init);
      },
    });
    const r = await weavr.GET('/managed_cards/{id}', { params: { path: { id: 'c' } } });
    expect(r.response.status).toBe(302);
    expect(modes).toEqual(['manual']);
    expect(elsewhere).toEqual([]);
  });

  it('middleware cannot move the credentials to another origin', async () => {
    const target = await other();
    const api = await redirecting(200, '');
    const weavr = testClient(api.url);
    weavr.use({ onRequest: ({ request }: { request: Request }) => new Request(`${target.url}/x`, request) });
    await expect(weavr.GET('/managed_cards/{id}', { params: { path: { id: 'c' } } })).rejects.toThrow(
      /middleware moved the request to another origin/,
    );
    expect(elsewhere).toEqual([]);
    expect(JSON.stringify(elsewhere)).not.toContain(API_KEY);
    expect(JSON.stringify(elsewhere)).not.toContain(TOKEN);
  });
});
