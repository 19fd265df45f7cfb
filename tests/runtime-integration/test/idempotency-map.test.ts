import { operations as backofficeOperations, createBackofficeClient } from '@weavr-sdk/backoffice';
import { createMultiClient, operations as multiOperations } from '@weavr-sdk/multi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY,
  type LooseClient,
  pathParams,
  readBody,
  sendJson,
  startServer,
  type TestServer,
  TOKEN,
} from './helpers.js';

interface Op {
  method: string;
  path: string;
  idempotencyRef: boolean;
}

let server: TestServer;
const seen = new Map<string, string | undefined>();
beforeAll(async () => {
  server = await startServer(async (req, res) => {
    await readBody(req);
    seen.set(String(req.headers['x-op']), req.headers['idempotency-ref'] as string | undefined);
    sendJson(res, 200, {});
  });
});
afterAll(() => server.close());

const apis = [
  [
    'Multi',
    multiOperations,
    (baseUrl: string) => createMultiClient({ apiKey: API_KEY, token: TOKEN, baseUrl, maxRetries: 0 }),
  ],
  [
    'Back-Office',
    backofficeOperations,
    (baseUrl: string) => createBackofficeClient({ apiKey: API_KEY, token: TOKEN, baseUrl, maxRetries: 0 }),
  ],
] as const;

describe.each(apis)('%s: every operation, from the generated operation map', (_, operations, create) => {
  const ops = Object.entries(operations as Record<string, Op>);
  const declaring = ops.filter(([, op]) => op.idempotencyRef).length;

  it(`sends an idempotency-ref to exactly the ${declaring} operations whose spec declares one`, async () => {
    seen.clear();
    expect(declaring).toBeGreaterThan(0);
    const weavr = create(server.url) as unknown as LooseClient;
    for (const [key, op] of ops) {
      const send = weavr[op.method as keyof LooseClient];
      const hasBody = ['POST', 'PUT', 'PATCH'].includes(op.method);
      const r = await send(op.path, {
        params: { path: pathParams(op.path) },
        headers: { 'x-op': key },
        ...(hasBody ? { body: {} } : {}),
      });
      expect(seen.has(key), key).toBe(true);
      const sent = seen.get(key);
      if (op.idempotencyRef) {
        expect(sent, key).toMatch(/^[0-9a-f-]{36}$/);
        expect(r.idempotencyRef, key).toBe(sent);
      } else {
        expect(sent, key).toBeUndefined();
        expect(r.idempotencyRef, key).toBeUndefined();
      }
    }
    expect(
      [...seen.keys()].filter((k) => ops.some(([key]) => key === k) && seen.get(k) !== undefined),
    ).toHaveLength(declaring);
  });
});
