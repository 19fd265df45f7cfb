/**
 * Request targets as clients may send them, byte for byte (a raw `node:http` request: fetch would normalise the
 * path first). Plain targets are read without building a URL; these are the ones that must still be read exactly
 * as `new URL` reads them: dot segments, escapes, a fragment, a `//` that would be a host, `+` and `%20` in a query.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';

let emu: Emulator;
let headers: Record<string, string>;
let accountId: string;

beforeAll(async () => {
  const owner = { ref: 'acme', email: 'owner@acme.test', password: 'Correct-Horse-42!' };
  const eur = { ref: 'eur', currency: 'EUR', friendlyName: 'Main Account' };
  emu = await startEmulator({ seed: { corporates: [{ ...owner, managedAccounts: [eur] }] } });
  accountId = emu.seeded.managedAccounts.eur as string;
  const login = await send(
    'POST',
    '/multi/login_with_password',
    { 'api-key': emu.apiKey },
    {
      email: 'owner@acme.test',
      password: { value: 'Correct-Horse-42!' },
    },
  );
  headers = { 'api-key': emu.apiKey, authorization: `Bearer ${(login.json as { token: string }).token}` };
});
afterAll(() => emu.close());

/** One request with `target` sent exactly as given. */
function send(
  method: string,
  target: string,
  head: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  const { hostname, port } = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        method,
        path: target,
        headers: text === undefined ? head : { ...head, 'content-type': 'application/json' },
      },
      (res) => {
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          raw += c;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: raw ? JSON.parse(raw) : undefined }),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

const names = (json: unknown) =>
  ((json as { accounts: { friendlyName: string }[] }).accounts ?? []).map((a) => a.friendlyName);

describe('request targets are read as a URL reads them', () => {
  test('a plain path and query', async () => {
    const one = await send('GET', `/multi/managed_accounts/${accountId}`, headers);
    expect(one.status).toBe(200);
    expect((one.json as { id: string }).id).toBe(accountId);
    const list = await send('GET', '/multi/managed_accounts?limit=5&friendlyName=Main+Account', headers);
    expect(names(list.json)).toEqual(['Main Account']);
  });

  test('dot segments are resolved and escaped segments decoded', async () => {
    for (const target of [
      `/multi/./managed_accounts/${accountId}`,
      `/multi/cards/../managed_accounts/${accountId}`,
      `/multi/managed_accounts/${[...accountId].map((d) => `%3${d}`).join('')}`,
    ]) {
      const res = await send('GET', target, headers);
      expect(res.status, target).toBe(200);
      expect((res.json as { id: string }).id, target).toBe(accountId);
    }
  });

  test('a fragment is not part of the path or the query', async () => {
    const res = await send('GET', `/multi/managed_accounts/${accountId}#balances`, headers);
    expect((res.json as { id: string }).id).toBe(accountId);
    const list = await send('GET', '/multi/managed_accounts?friendlyName=Main%20Account#x', headers);
    expect(names(list.json)).toEqual(['Main Account']);
  });

  test('a query value with + and %20 is the same text; other escapes are decoded', async () => {
    for (const q of ['Main+Account', 'Main%20Account', '%4Dain%20Account'])
      expect(
        names((await send('GET', `/multi/managed_accounts?friendlyName=${q}`, headers)).json),
        q,
      ).toEqual(['Main Account']);
    expect(names((await send('GET', '/multi/managed_accounts?friendlyName=Other', headers)).json)).toEqual(
      [],
    );
  });

  test('a target starting with // names a host, so its path is not /multi/…: 404', async () => {
    const res = await send('GET', `//multi/managed_accounts/${accountId}`, headers);
    expect(res.status).toBe(404);
  });
});
