import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WeavrConfigError } from '../src/internal.js';
import { testClient } from './helpers/client.js';
import { readBody, sendJson, startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function recorder(status = 200) {
  const seen: http.IncomingHttpHeaders[] = [];
  server = await startServer(async (req, res) => {
    await readBody(req);
    seen.push(req.headers);
    sendJson(res, status, { id: '1' });
  });
  return { url: server.url, seen };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('idempotency-ref', () => {
  it('is generated (a UUID) for an operation that declares it, and returned with the result', async () => {
    const s = await recorder();
    const weavr = testClient(s.url);
    const a = await weavr.POST('/transfers', { body: { n: 1 } });
    const b = await weavr.POST('/transfers', { body: { n: 1 } });
    expect(a.idempotencyRef).toMatch(UUID);
    expect(s.seen[0]?.['idempotency-ref']).toBe(a.idempotencyRef);
    expect(b.idempotencyRef).not.toBe(a.idempotencyRef); // one per call, not per client
    const patch = await weavr.PATCH('/managed_cards/{id}', { params: { path: { id: 'c' } }, body: {} });
    expect(patch.idempotencyRef).toMatch(UUID);
  });

  it('is not sent to an operation that does not declare it', async () => {
    const s = await recorder();
    const weavr = testClient(s.url);
    const r = await weavr.POST('/login_with_password', { body: {} });
    await weavr.GET('/managed_cards/{id}', { params: { path: { id: 'c' } } });
    expect(r.idempotencyRef).toBeUndefined();
    for (const h of s.seen) expect(h['idempotency-ref']).toBeUndefined();
  });

  it('is the caller’s own when given as idempotencyRef or in params.header, without touching the caller’s objects', async () => {
    const s = await recorder();
    const weavr = testClient(s.url);
    const a = await weavr.POST('/transfers', { body: {}, idempotencyRef: 'order-42' });
    const init = { body: {}, params: { header: { 'idempotency-ref': 'order-43' } } };
    const frozen = JSON.stringify(init);
    const b = await weavr.POST('/transfers', init);
    const c = await weavr.POST('/transfers', { body: {}, headers: { 'Idempotency-Ref': 'order-44' } });
    const d = await weavr.POST('/transfers', {
      body: {},
      idempotencyRef: 'order-45',
      params: { header: { 'idempotency-ref': 'order-45' } },
    });
    expect([a, b, c, d].map((r) => r.idempotencyRef)).toEqual([
      'order-42',
      'order-43',
      'order-44',
      'order-45',
    ]);
    expect(s.seen.map((h) => h['idempotency-ref'])).toEqual(['order-42', 'order-43', 'order-44', 'order-45']);
    expect(JSON.stringify(init)).toBe(frozen);
  });

  it('is the same on every attempt of a call', async () => {
    let n = 0;
    const seen: string[] = [];
    server = await startServer(async (req, res) => {
      await readBody(req);
      seen.push(String(req.headers['idempotency-ref']));
      n++;
      if (n === 1) return sendJson(res, 503, undefined);
      if (n === 2) return sendJson(res, 429, undefined, { 'x-ratelimit-reset': '0' });
      if (n === 3) return req.socket.destroy();
      sendJson(res, 201, { id: 't' });
    });
    const r = await testClient(server.url, { maxRetries: 3 }).POST('/transfers', { body: { n: 1 } });
    expect(r.response.status).toBe(201);
    expect(seen).toHaveLength(4);
    expect(new Set(seen)).toEqual(new Set([r.idempotencyRef]));
  });

  it('rejects conflicting refs and a ref for an operation that takes none, before sending anything', async () => {
    const s = await recorder();
    const weavr = testClient(s.url);
    await expect(
      weavr.POST('/transfers', {
        body: {},
        idempotencyRef: 'a',
        params: { header: { 'idempotency-ref': 'b' } },
      }),
    ).rejects.toThrow(/two different idempotency-refs/);
    await expect(
      weavr.POST('/login_with_password', { body: {}, idempotencyRef: 'a' }),
    ).rejects.toBeInstanceOf(WeavrConfigError);
    await expect(weavr.POST('/transfers', { body: {}, idempotencyRef: '' })).rejects.toThrow(/non-empty/);
    expect(s.seen).toHaveLength(0);
  });

  it('makes a POST retryable: with it, 503 is retried; without, it is not', async () => {
    const s = await recorder(503);
    const weavr = testClient(s.url, { maxRetries: 2 });
    await weavr.POST('/transfers', { body: {} });
    expect(s.seen).toHaveLength(3);
    await weavr.POST('/users/{user_id}/invite', { params: { path: { user_id: 'u' } } });
    expect(s.seen).toHaveLength(4);
  });
});
