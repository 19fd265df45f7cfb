import { getEventListeners } from 'node:events';
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  getDocument,
  type OperationMap,
  WeavrResponseError,
  WeavrResponseTooLargeError,
  WeavrTimeoutError,
} from '../src/internal.js';
import { captureLogger, testClient } from './helpers/client.js';
import { readBody, startServer, type TestServer, within } from './helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>) {
  server = await startServer(async (req, res) => {
    await readBody(req);
    await handler(req, res);
  });
  return server;
}

const transfer = { body: { profileId: 'p', destinationAmount: { currency: 'EUR', amount: 1 } } };

describe('a processed write keeps its identity when its answer is unusable', () => {
  it('a 200 whose body is not JSON: WeavrResponseError with the refs, the operation and the status', async () => {
    const s = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'request-ref': 'rr-42' });
      res.end('{"id": "1101', 'utf8');
    });
    const e = await testClient(s.url)
      .POST('/transfers', { ...transfer, idempotencyRef: 'pay-7' })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WeavrResponseError);
    expect(e).toMatchObject({
      idempotencyRef: 'pay-7',
      requestRef: 'rr-42',
      operationId: 'transferCreate',
      method: 'POST',
      path: '/transfers',
      status: 200,
    });
    expect((e as Error).message).toMatch(/not valid JSON; the server may have acted/);
    expect((e as Error).message).toContain('idempotency-ref pay-7');
  });

  it('a connection lost while reading the body: WeavrResponseError with the refs, not retried', async () => {
    let arrivals = 0;
    const s = await serve((_, res) => {
      arrivals++;
      res.writeHead(200, {
        'content-type': 'application/json',
        'request-ref': 'rr-9',
        'content-length': '1000',
      });
      res.write('{"id":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const e = await testClient(s.url, { maxRetries: 3 })
      .POST('/transfers', transfer)
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WeavrResponseError);
    expect(e).toMatchObject({ requestRef: 'rr-9', status: 200, operationId: 'transferCreate' });
    expect((e as WeavrResponseError).idempotencyRef).toMatch(/^[0-9a-f-]{36}$/);
    expect((e as Error).message).toMatch(/Connection lost while reading the response body.*not retried/);
    expect(arrivals).toBe(1);
  });
});

describe('maxResponseBytes', () => {
  /** Writes 64 KiB chunks until the client goes away; counts what it wrote. */
  function endless(headers: Record<string, string> = {}) {
    const state = { written: 0, closed: false };
    const handler = (_: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json', 'request-ref': 'rr-big', ...headers });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && state.written < 512 * 1024 * 1024) {
          state.written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      res.on('close', () => {
        state.closed = true;
      });
      pump();
    };
    return { state, handler };
  }

  it('an endless body is abandoned at the limit, its connection closed, with a typed error carrying the refs', async () => {
    const { state, handler } = endless();
    const s = await serve(handler);
    const e = await within(
      20_000,
      testClient(s.url, { maxResponseBytes: 1024 * 1024 })
        .POST('/transfers', { ...transfer, idempotencyRef: 'big-1' })
        .catch((x: unknown) => x),
      'endless body',
    );
    expect(e).toBeInstanceOf(WeavrResponseTooLargeError);
    expect(e).toMatchObject({ idempotencyRef: 'big-1', requestRef: 'rr-big', status: 200 });
    expect((e as Error).message).toMatch(/exceeds maxResponseBytes \(1048576\)/);
    await within(
      5_000,
      (async () => {
        while (!state.closed) await new Promise((r) => setTimeout(r, 10));
      })(),
      'server sees the close',
    );
    // The server stops at what the socket buffers hold: nowhere near the 512 MiB it would send.
    expect(state.written).toBeLessThan(64 * 1024 * 1024);
  });

  it('a declared content-length over the limit fails before the body is read', async () => {
    const s = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) });
      res.write('{');
    });
    const e = await testClient(s.url, { maxResponseBytes: 1024 })
      .GET('/managed_cards/{id}', { params: { path: { id: 'c' } } })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WeavrResponseTooLargeError);
  });

  it('a compressed body is counted after decompression (a small zip cannot inflate without bound)', async () => {
    const { gzipSync } = await import('node:zlib');
    const zipped = gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20));
    const s = await serve((_, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(zipped.length),
      });
      res.end(zipped);
    });
    expect(zipped.length).toBeLessThan(64 * 1024);
    const e = await testClient(s.url, { maxResponseBytes: 1024 * 1024 })
      .GET('/managed_cards/{id}', { params: { path: { id: 'c' } } })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WeavrResponseTooLargeError);
  });

  it('a stream is bounded too: reading past the limit errors the stream with the typed error', async () => {
    const { handler } = endless();
    const s = await serve(handler);
    const r = await testClient(s.url, { maxResponseBytes: 256 * 1024 }).GET('/managed_cards/{id}', {
      params: { path: { id: 'c' } },
      parseAs: 'stream',
    });
    const e = await within(
      10_000,
      new Response(r.data as ReadableStream).arrayBuffer().catch((x: unknown) => x),
      'stream',
    );
    expect(e).toBeInstanceOf(WeavrResponseTooLargeError);
    expect(e).toMatchObject({ requestRef: 'rr-big' });
  });

  it('a per-call maxResponseBytes overrides the client’s', async () => {
    const s = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ pad: 'x'.repeat(5_000) }));
    });
    const weavr = testClient(s.url, { maxResponseBytes: 1_000 });
    await expect(weavr.GET('/managed_cards/{id}', { params: { path: { id: 'c' } } })).rejects.toBeInstanceOf(
      WeavrResponseTooLargeError,
    );
    const ok = await weavr.GET('/managed_cards/{id}', {
      params: { path: { id: 'c' } },
      maxResponseBytes: 10_000,
    });
    expect((ok.data as { pad: string }).pad).toHaveLength(5_000);
  });
});

describe('timers end with the body', () => {
  const ops = {
    'GET /statement': {
      method: 'GET',
      path: '/statement',
      operationId: 'statement',
      security: [],
      bearer: 'none',
      idempotencyRef: false,
      media: ['application/pdf'],
    },
  } as unknown as OperationMap;

  it('no "timed out" warning after a document or a stream was fully read', async () => {
    const s = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end('%PDF-1.4 tiny');
    });
    const log = captureLogger();
    const weavr = testClient(s.url, { timeoutMs: 150, logger: log, logLevel: 'debug' });
    const doc = await getDocument(weavr as never, ops, '/statement', {});
    expect(doc.data).toBeInstanceOf(Blob);
    const streamed = await weavr.GET('/statement', { parseAs: 'stream' });
    expect(await new Response(streamed.data as ReadableStream).text()).toBe('%PDF-1.4 tiny');
    await new Promise((r) => setTimeout(r, 400));
    expect(log.text()).not.toMatch(/timed out/);
  });

  it('a stream left unread still times out with WeavrTimeoutError, and its listener goes with it', async () => {
    const s = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'request-ref': 'rr-s' });
      res.write('partial');
    });
    const controller = new AbortController();
    const r = await testClient(s.url, { timeoutMs: 200 }).GET('/statement', {
      parseAs: 'stream',
      signal: controller.signal,
    });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    const e = await within(
      5_000,
      new Response(r.data as ReadableStream).text().catch((x: unknown) => x),
      'stalled stream',
    );
    expect(e).toBeInstanceOf(WeavrTimeoutError);
    expect(e).toMatchObject({ requestRef: 'rr-s' });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
