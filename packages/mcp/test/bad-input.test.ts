import { execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startWeavrMcpHttpServer, type WeavrMcpOptions } from '../src/index.js';
import { CLI, call, httpClient, json, keptLogger } from './fixture.js';

/**
 * Bad input against a recording API on 127.0.0.1: every request it gets is kept, so "refused before any
 * request" and "nothing the model sends changes where requests go" are checked on the wire.
 */

const KEY = 'test-api-key-0123456789';
const TOKEN = 'test-user-token-0123456789';
const received: { url: string; headers: IncomingHttpHeaders }[] = [];
let api: Server;
let base: string;
const logs: string[] = [];

beforeAll(async () => {
  api = createServer((req, res) => {
    received.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json', 'request-ref': 'rec-ref' });
    res.end(JSON.stringify({ id: 'x', echoed: KEY }));
  });
  await new Promise<void>((ok) => api.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(api.address() as AddressInfo).port}/multi`;
});
afterAll(async () => {
  api.closeAllConnections();
  await new Promise((ok) => api.close(ok));
  expect(logs.join('\n')).not.toContain(KEY);
  expect(logs.join('\n')).not.toContain(TOKEN);
});

async function withClient(
  options: Partial<WeavrMcpOptions>,
  fn: (c: Awaited<ReturnType<typeof httpClient>>) => Promise<void>,
) {
  const server = await startWeavrMcpHttpServer(
    { apiKey: KEY, token: TOKEN, baseUrl: base, logger: keptLogger(logs), maxRetries: 0, ...options },
    { port: 0 },
  );
  const client = await httpClient(server.url);
  try {
    await fn(client);
  } finally {
    await client.close();
    await server.close();
  }
}

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
      (e, _o, stderr) => done({ code: e ? Number(e.code ?? -1) : 0, stderr: String(stderr) }),
    );
  });
}

describe('bad input', () => {
  test('arguments that break the schema are refused before any request, naming the field', async () => {
    await withClient({ allowWrites: true }, async (client) => {
      received.length = 0;
      const cases: [string, Record<string, unknown>, string][] = [
        ['multi_managedAccountsGet', { limit: 'ten' }, 'limit'],
        ['multi_managedAccountGet', {}, 'id'],
        ['multi_managedAccountGet', { id: '1', baseUrl: 'http://evil.example' }, 'baseUrl'],
        ['multi_managedAccountGet', { id: '1', headers: { 'x-evil': '1' } }, 'headers'],
        ['multi_managedAccountCreate', { body: { friendlyName: 'x', currency: 'EUR' } }, 'body.profileId'],
        ['multi_managedCardUpdate', { id: '1', body: { activationCode: '123456' } }, 'body.activationCode'],
      ];
      for (const [tool, args, field] of cases) {
        const r = await call(client, tool, args);
        expect(r.isError, tool).toBe(true);
        const { error } = json(r);
        expect(error.type).toBe('InvalidArguments');
        expect(error.fields.map((f: { field: string }) => f.field)).toContain(field);
        expect(error.message).toContain(field);
      }
      expect(received).toEqual([]);
    });
  });

  test('nothing the model sends changes where requests go or what headers they carry', async () => {
    await withClient({}, async (client) => {
      received.length = 0;
      // A path id is checked against the spec's pattern: no traversal, no query, no fragment reaches the wire.
      const traversal = await call(client, 'multi_managedAccountGet', { id: '../../../evil?x=1#y' });
      expect(json(traversal).error.fields).toEqual([
        { field: 'id', problem: 'must match pattern "^[0-9]+$"' },
      ]);
      expect(received).toEqual([]);
      const r = json(await call(client, 'multi_managedAccountGet', { id: '110141186813853702' }));
      expect(r.status).toBe(200);
      expect(received).toHaveLength(1);
      const [sent] = received;
      expect(sent?.url).toBe('/multi/managed_accounts/110141186813853702');
      expect(Object.keys(sent?.headers ?? {}).sort()).toEqual(
        expect.arrayContaining(['api-key', 'authorization', 'host']),
      );
      expect(Object.keys(sent?.headers ?? {}).filter((h) => h.startsWith('x-'))).toEqual([]);
      // The key the fake API echoed back is redacted from the answer.
      expect(JSON.stringify(r)).not.toContain(KEY);
    });
  });

  test('a Multi tool without WEAVR_TOKEN, an unknown tool, an unreachable base URL: clear tool errors', async () => {
    await withClient({ token: undefined }, async (client) => {
      received.length = 0;
      const r = await call(client, 'multi_managedAccountsGet');
      expect(r.isError).toBe(true);
      expect(json(r).error.message).toMatch(/needs the user's token: start the server with WEAVR_TOKEN set/);
      const unknown = await call(client, 'multi_managedaccountsget');
      expect(json(unknown).error.message).toMatch(
        /no tool named "multi_managedaccountsget" \(did you mean multi_managedAccountsGet\?\)/,
      );
      expect(received).toEqual([]);
    });
    const closed = createServer();
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
    const dead = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/multi`;
    await new Promise((ok) => closed.close(ok));
    await withClient({ baseUrl: dead }, async (client) => {
      const r = await call(client, 'multi_managedAccountsGet');
      expect(r.isError).toBe(true);
      expect(json(r).error).toMatchObject({ type: 'WeavrConnectionError' });
      expect(json(r).error.hint).toContain(`The API at ${dead} could not be reached`);
    });
  });

  test('the CLI refuses to start without WEAVR_API_KEY, with a typo in --tools, or --allow-money alone', async () => {
    const noKey = await runCli([], {});
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/an API key is required: set WEAVR_API_KEY/);
    const typo = await runCli(['--tools', 'managedCardGot'], { WEAVR_API_KEY: KEY });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/tool pattern "managedCardGot" matches no operation/);
    const money = await runCli(['--allow-money'], { WEAVR_API_KEY: KEY });
    expect(money.code).toBe(2);
    expect(money.stderr).toMatch(/needs allowWrites \(--allow-writes\)/);
    const url = await runCli(['--base-url', 'ftp://weavr.example/multi'], { WEAVR_API_KEY: KEY });
    expect(url.code).toBe(2);
    expect(url.stderr).toMatch(/baseUrl/);
    const port = await runCli(['--transport', 'http', '--port', '99999'], { WEAVR_API_KEY: KEY });
    expect(port.code).toBe(2);
    for (const r of [noKey, typo, money, url, port]) expect(r.stderr).not.toContain(KEY);
  });
});
