import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  signWebhook,
  verifyNodeWebhook,
  verifyWebhookRequest,
  WebhookBodyError,
  WebhookVerificationError,
} from '../src/index.js';
import { API_KEY, OTHER_KEY, startServer } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const TRANSFER = { eventType: 'COMPLETED', publishedTimestamp: 1, transfer: { id: '110141186813853702' } };

/** A receiver on node:http that verifies with verifyNodeWebhook and answers what it saw. */
async function nodeReceiver(options: Partial<Parameters<typeof verifyNodeWebhook>[1]> = {}) {
  const server = await startServer(async (req, res) => {
    try {
      const event = await verifyNodeWebhook(req, { apiKey: API_KEY, ...options });
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          name: event.name ?? null,
          payload: event.payload,
          callRef: event.callRef ?? null,
        }),
      );
    } catch (e) {
      if (e instanceof WebhookVerificationError) res.writeHead(e.status).end(e.code);
      else res.writeHead(500).end(String(e));
    }
  });
  cleanups.push(server.close);
  return server.url;
}

describe('verifyNodeWebhook on a real node:http server', () => {
  it('verifies a signed delivery and finds the event from the path', async () => {
    const url = await nodeReceiver();
    const signed = await signWebhook({ payload: TRANSFER, apiKey: API_KEY, callRef: 'c-9' });
    const res = await fetch(`${url}/weavr/transfers/watch`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: '/transfers/watch', payload: TRANSFER, callRef: 'c-9' });
  });

  it('answers 401 for a body altered in transit and for another key', async () => {
    const url = await nodeReceiver();
    const signed = await signWebhook({ payload: TRANSFER, apiKey: API_KEY });
    const altered = await fetch(`${url}/transfers/watch`, {
      method: 'POST',
      headers: signed.headers,
      body: (signed.body as string).replace('COMPLETED', 'FAILED'),
    });
    expect([altered.status, await altered.text()]).toEqual([401, 'BAD_SIGNATURE']);
    const other = await signWebhook({ payload: TRANSFER, apiKey: OTHER_KEY });
    const res = await fetch(`${url}/transfers/watch`, {
      method: 'POST',
      headers: other.headers,
      body: other.body,
    });
    expect([res.status, await res.text()]).toEqual([401, 'BAD_SIGNATURE']);
  });

  it('reads a body sent in many chunks', async () => {
    const url = await nodeReceiver();
    const payload = { ...TRANSFER, padding: 'x'.repeat(200_000) };
    const signed = await signWebhook({ payload, apiKey: API_KEY });
    const body = Buffer.from(signed.body as string);
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        `${url}/transfers/watch`,
        { method: 'POST', headers: signed.headers },
        (res) => {
          let text = '';
          res
            .setEncoding('utf8')
            .on('data', (c) => (text += c))
            .on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      for (let at = 0; at < body.length; at += 7_919) req.write(body.subarray(at, at + 7_919));
      req.end();
    });
    expect(status).toBe(200);
    expect(JSON.parse(text).payload.padding).toHaveLength(200_000);
  });

  it('refuses a body over maxBodyBytes with 413, small or large, and the 413 reaches the sender', async () => {
    const url = await nodeReceiver({ maxBodyBytes: 1024 });
    for (const size of [4096, 8 * 1024 * 1024]) {
      const signed = await signWebhook({
        payload: { ...TRANSFER, padding: 'x'.repeat(size) },
        apiKey: API_KEY,
      });
      const res = await fetch(`${url}/transfers/watch`, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
      });
      expect([res.status, await res.text()], `${size} bytes`).toEqual([413, 'BODY_TOO_LARGE']);
    }
  });

  it('uses a raw body kept by middleware, and refuses one a JSON parser already parsed', async () => {
    const signed = await signWebhook({ payload: TRANSFER, apiKey: API_KEY });
    const asExpressRaw = Object.assign(Readable.from([]), {
      headers: signed.headers,
      url: '/transfers/watch',
      body: Buffer.from(signed.body as string),
    });
    await expect(verifyNodeWebhook(asExpressRaw, { apiKey: API_KEY })).resolves.toMatchObject({
      name: '/transfers/watch',
      payload: TRANSFER,
    });
    const asExpressJson = Object.assign(Readable.from([]), { headers: signed.headers, body: TRANSFER });
    const attempt = verifyNodeWebhook(asExpressJson, { apiKey: API_KEY });
    await expect(attempt).rejects.toThrow(WebhookBodyError);
    await expect(attempt).rejects.toThrow(/express\.raw/);
  });

  it('refuses a stream something else already read', async () => {
    const signed = await signWebhook({ payload: TRANSFER, apiKey: API_KEY });
    const stream = Readable.from([Buffer.from(signed.body as string)]);
    for await (const _ of stream) {
      // drained, like a body parser that kept nothing
    }
    const req = Object.assign(stream, { headers: signed.headers });
    await expect(verifyNodeWebhook(req, { apiKey: API_KEY })).rejects.toMatchObject({ code: 'BODY_NOT_RAW' });
  });
});

describe('verifyWebhookRequest (web Request)', () => {
  it('verifies a Request and finds the event from its URL', async () => {
    const signed = await signWebhook({ payload: TRANSFER, apiKey: API_KEY });
    const request = new Request('https://example.com/hooks/transfers/watch', {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    const event = await verifyWebhookRequest(request, { apiKey: API_KEY });
    expect(event).toMatchObject({ name: '/transfers/watch', payload: TRANSFER, verifiedBy: 'signature-v2' });
  });

  it('verifies Requests a real fetch server receives (Node converts them for a web handler)', async () => {
    // The receiver turns the node request into a web Request the way fetch-style adapters do.
    const server = await startServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      });
      try {
        const event = await verifyWebhookRequest(request, { apiKey: API_KEY, event: 'transfers_watch' });
        res.writeHead(204).end();
        void event.payload.transfer;
      } catch (e) {
        res.writeHead((e as WebhookVerificationError).status ?? 500).end();
      }
    });
    cleanups.push(server.close);
    const signed = await signWebhook({ payload: TRANSFER, apiKey: API_KEY });
    const ok = await fetch(`${server.url}/anything`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    expect(ok.status).toBe(204);
    const bad = await fetch(`${server.url}/anything`, {
      method: 'POST',
      headers: signed.headers,
      body: '{}',
    });
    expect(bad.status).toBe(401);
  });

  it('refuses a Request whose body was already read, and one over maxBodyBytes', async () => {
    const signed = await signWebhook({ payload: TRANSFER, apiKey: API_KEY });
    const used = new Request('https://example.com/transfers/watch', {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    await used.json();
    await expect(verifyWebhookRequest(used, { apiKey: API_KEY })).rejects.toMatchObject({
      code: 'BODY_NOT_RAW',
    });
    const big = new Request('https://example.com/transfers/watch', {
      method: 'POST',
      headers: signed.headers,
      body: 'x'.repeat(2048),
    });
    await expect(verifyWebhookRequest(big, { apiKey: API_KEY, maxBodyBytes: 1024 })).rejects.toMatchObject({
      code: 'BODY_TOO_LARGE',
      status: 413,
    });
    // Without content-length (a stream), the cap still holds.
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(512));
      },
    });
    const streamed = new Request('https://example.com/transfers/watch', {
      method: 'POST',
      headers: signed.headers,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expect(
      verifyWebhookRequest(streamed, { apiKey: API_KEY, maxBodyBytes: 4096 }),
    ).rejects.toMatchObject({
      code: 'BODY_TOO_LARGE',
    });
  });

  it('checks options before reading the body', async () => {
    const request = new Request('https://example.com/transfers/watch', { method: 'POST', body: '{}' });
    await expect(verifyWebhookRequest(request, { apiKey: '' })).rejects.toThrow(/apiKey is required/);
    expect(request.bodyUsed).toBe(false);
    await expect(verifyWebhookRequest({} as Request, { apiKey: API_KEY })).rejects.toThrow(
      /must be a web Request/,
    );
  });
});
