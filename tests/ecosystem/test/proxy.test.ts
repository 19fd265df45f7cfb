/**
 * The `proxy` option against a real forward proxy on 127.0.0.1 (node:http, CONNECT tunnels and absolute-form
 * requests, each recorded) in front of a local API: an explicit proxy, the environment's HTTP_PROXY, NO_PROXY
 * bypassing it, HTTPS_PROXY not used for an http URL, retries through it.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createMultiClient, WeavrConfigError } from '@weavr-sdk/multi';
import { type Answer, fakeApi, runUntilExit } from '@weavr-sdk/testing';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';

let api: Awaited<ReturnType<typeof fakeApi>>;
let answers: Answer[] = [];
/** What the proxy was asked for: `CONNECT host:port` or `GET http://…`. */
const proxied: string[] = [];
let proxy: Server;
let proxyUrl: string;
const sockets = new Set<Socket>();

beforeAll(async () => {
  api = await fakeApi(() => answers.shift() ?? { body: { cards: [], count: 0, responseCount: 0 } });
  proxy = createServer((req, res) => {
    // An absolute-form request (`GET http://host/path`): forward it.
    proxied.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const out = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  });
  proxy.on('connect', (req, client: Socket) => {
    // A tunnel (`CONNECT host:port`): the proxy sees only where to, then passes bytes.
    proxied.push(`CONNECT ${req.url}`);
    const [host, port] = String(req.url).split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  proxy.closeAllConnections();
  await new Promise<void>((ok) => proxy.close(() => ok()));
  await api.close();
});

const ENV = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
function setEnv(vars: Record<string, string>): void {
  for (const k of ENV) delete process.env[k];
  Object.assign(process.env, vars);
}
afterEach(() => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  proxied.length = 0;
  api.hits.length = 0;
  answers = [];
});

const apiHost = () => new URL(api.url).host;
const client = (proxyOption: string) =>
  createMultiClient({
    apiKey: 'test-key',
    baseUrl: api.url,
    proxy: proxyOption,
    backoff: { initialDelayMs: 1, maxDelayMs: 5 },
    logLevel: 'off',
  });

test('proxy: a URL sends every call through that proxy', async () => {
  setEnv({});
  const r = await client(proxyUrl).GET('/managed_cards');
  expect(r.response.status).toBe(200);
  expect(proxied).toHaveLength(1);
  expect([`CONNECT ${apiHost()}`, `GET ${api.url}/managed_cards`]).toContain(proxied[0]);
  expect(api.hits).toHaveLength(1);
  expect(api.hits[0]?.headers['api-key']).toBe('test-key');
});

test("proxy: 'env' uses HTTP_PROXY for an http URL, and retries go through it with one idempotency-ref", async () => {
  setEnv({ HTTP_PROXY: proxyUrl, NO_PROXY: '' });
  answers = [{ status: 503 }, { body: { id: '1' } }];
  const r = await client('env').POST('/transfers', {
    body: {
      profileId: '110141189013853702',
      source: { type: 'managed_accounts', id: '110141186813853702' },
      destination: { type: 'managed_cards', id: '110141187013853702' },
      destinationAmount: { currency: 'EUR', amount: 1000 },
    },
  });
  expect(r.response.status).toBe(200);
  expect(proxied.length).toBeGreaterThanOrEqual(1);
  expect(api.hits.map((h) => h.headers['idempotency-ref'])).toEqual([r.idempotencyRef, r.idempotencyRef]);
});

test("proxy: 'env' with the host in NO_PROXY goes direct", async () => {
  setEnv({ HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl, NO_PROXY: 'example.test, 127.0.0.1' });
  const r = await client('env').GET('/managed_cards');
  expect(r.response.status).toBe(200);
  expect(proxied).toEqual([]);
  expect(api.hits).toHaveLength(1);
});

test("proxy: 'env' does not use HTTPS_PROXY for an http URL, nor any proxy when none is set", async () => {
  setEnv({ HTTPS_PROXY: proxyUrl });
  expect((await client('env').GET('/managed_cards')).response.status).toBe(200);
  setEnv({});
  expect((await client('env').GET('/managed_cards')).response.status).toBe(200);
  expect(proxied).toEqual([]);
  expect(api.hits).toHaveLength(2);
});

test('without proxy, HTTP_PROXY is ignored (as Node’s fetch does)', async () => {
  setEnv({ HTTP_PROXY: proxyUrl, NO_PROXY: '' });
  const r = await createMultiClient({ apiKey: 'test-key', baseUrl: api.url, logLevel: 'off' }).GET(
    '/managed_cards',
  );
  expect(r.response.status).toBe(200);
  expect(proxied).toEqual([]);
});

test('a bad proxy option, or proxy with fetch, is refused when the client is built', () => {
  expect(() => client('proxy.internal:3128')).toThrow(/proxy must be 'env' or an http\(s\) URL/);
  expect(() => createMultiClient({ apiKey: 'k', proxy: 'env', fetch: (r, i) => fetch(r, i) })).toThrow(
    WeavrConfigError,
  );
});

describe('a proxy that refuses or drops CONNECT (issue 22 §6)', () => {
  const fixture = fileURLToPath(new URL('../fixtures/refusing-proxy.mts', import.meta.url));

  /** Runs the fixture; a reconnect loop or a pool kept open would hold it past 30 s: killed, failed. */
  async function run(mode: string) {
    const r = await runUntilExit(fixture, [mode], 30_000);
    if (r.code !== 0) throw new Error(`fixture ${mode}: exit ${r.code} ${r.out}${r.err}`);
    return { out: JSON.parse(r.out) as Record<string, unknown>, lingerMs: r.lingerMs };
  }

  test.each([
    ['502', 502, /proxy http:\/\/127\.0\.0\.1:\d+ answered HTTP 502 to CONNECT api\.weavr\.test:443/],
    ['drop', null, /proxy http:\/\/127\.0\.0\.1:\d+ closed the connection instead of answering CONNECT/],
  ])(
    '%s: a WeavrConnectionError caused by a WeavrProxyError naming the proxy; nothing after the call',
    async (mode, status, message) => {
      const { out, lingerMs } = await run(mode);
      expect(out.name).toBe('WeavrConnectionError');
      expect(out.message).toMatch(message);
      expect(out.typed).toBe(true);
      expect(out.status).toBe(status);
      expect(out.proxy).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(out.serialized).not.toMatch(/proxy-secret-123|proxy-user|child-key/);
      // One tunnel per attempt (undici alone retried a dropped tunnel thousands of times a second, for ever).
      expect(out.during).toBe(2);
      expect(out.after).toBe(0);
      expect(lingerMs).toBeLessThan(5_000);
    },
    60_000,
  );
});
