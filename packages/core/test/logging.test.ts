import { afterEach, describe, expect, it } from 'vitest';
import { WeavrConfigError } from '../src/internal.js';
import { captureLogger, testClient } from './helpers/client.js';
import { readBody, sendJson, startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** 503 then 200, each with a request-ref. */
async function flaky() {
  let n = 0;
  server = await startServer(async (req, res) => {
    await readBody(req);
    n++;
    sendJson(res, n === 1 ? 503 : 200, { id: 'c1' }, { 'request-ref': `rr-${n}` });
  });
  return server.url;
}

const CARD = ['/managed_cards/{id}', { params: { path: { id: 'c1' } } }] as const;

describe('logging', () => {
  it('at debug writes one line per attempt: method, path, status, duration, attempt, request-ref', async () => {
    const logger = captureLogger();
    await testClient(await flaky(), { logger, logLevel: 'debug' }).GET(...CARD);
    const attempts = logger.lines.filter((l) => l.startsWith('debug'));
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatch(
      /^debug \[weavr\] GET \/managed_cards\/\{id\} → 503 in \d+ ms \(attempt 1\/3\) request-ref=rr-1$/,
    );
    expect(attempts[1]).toMatch(
      /^debug \[weavr\] GET \/managed_cards\/\{id\} → 200 in \d+ ms \(attempt 2\/3\) request-ref=rr-2$/,
    );
    expect(logger.lines.filter((l) => l.startsWith('info'))).toEqual([
      expect.stringMatching(
        /^info \[weavr\] retrying GET \/managed_cards\/\{id\} in \d+ ms after HTTP 503 \(attempt 2\/3\)$/,
      ),
    ]);
  });

  it('at debug logs a failed attempt with its cause', async () => {
    server = await startServer((req) => req.socket.destroy());
    const logger = captureLogger();
    await testClient(server.url, { logger, logLevel: 'debug', maxRetries: 1 })
      .GET(...CARD)
      .catch(() => {});
    expect(logger.lines[0]).toMatch(
      /^debug \[weavr\] GET \/managed_cards\/\{id\} ✗ .*(UND_ERR_SOCKET|ECONNRESET).* in \d+ ms \(attempt 1\/2\)$/,
    );
    expect(logger.lines.at(-1)).toMatch(/^warn \[weavr\] GET \/managed_cards\/\{id\} .*\(2 attempts\)$/);
  });

  it('writes nothing for a call that succeeds at the default level (warn), even after a retry', async () => {
    const logger = captureLogger();
    await testClient(await flaky(), { logger, logLevel: undefined }).GET(...CARD);
    expect(logger.lines).toEqual([]);
  });

  it('warns when it gives up, or when it will not re-send a request that may have been processed', async () => {
    server = await startServer(async (req, res) => {
      await readBody(req);
      if (req.method === 'GET') sendJson(res, 503, undefined);
      else req.socket.destroy();
    });
    const logger = captureLogger();
    const weavr = testClient(server.url, { logger, logLevel: 'warn', maxRetries: 1 });
    await weavr.GET(...CARD);
    await weavr.POST('/login_with_password', { body: {} }).catch(() => {});
    expect(logger.lines).toEqual([
      'warn [weavr] GET /managed_cards/{id} still HTTP 503 after 2 attempts',
      expect.stringMatching(
        /^warn \[weavr\] POST \/login_with_password .*; not retried: the request may have been processed and carries no idempotency-ref$/,
      ),
    ]);
  });

  it('writes nothing at off', async () => {
    const logger = captureLogger();
    await testClient(await flaky(), { logger, logLevel: 'off', maxRetries: 0 }).GET(...CARD);
    expect(logger.lines).toEqual([]);
  });

  it('defaults to console', async () => {
    const url = await flaky();
    const original = console.info;
    const lines: string[] = [];
    console.info = (m: string) => lines.push(m);
    try {
      await testClient(url, { logger: undefined, logLevel: 'info' }).GET(...CARD);
    } finally {
      console.info = original;
    }
    expect(lines).toEqual([expect.stringMatching(/^\[weavr\] retrying GET/)]);
  });

  it('rejects a bad logLevel or logger early', () => {
    expect(() => testClient('http://127.0.0.1:1', { logLevel: 'verbose' as never })).toThrow(
      WeavrConfigError,
    );
    expect(() => testClient('http://127.0.0.1:1', { logLevel: 'verbose' as never })).toThrow(
      /logLevel must be one of debug, info, warn, error, off \(got "verbose"\)/,
    );
    expect(() => testClient('http://127.0.0.1:1', { logger: { info() {} } as never })).toThrow(
      /logger must have console-like methods; missing debug, warn, error/,
    );
  });
});
