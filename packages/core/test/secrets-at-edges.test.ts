import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorOf,
  WeavrApiError,
  WeavrConnectionError,
  WeavrForbiddenError,
  WeavrTokenProviderError,
} from '../src/index.js';
import { isSecretField, redactBody } from '../src/redact.js';
import { API_KEY, captureLogger, TOKEN, testClient } from './helpers/client.js';
import { readBody, sendJson, startServer, type TestServer } from './helpers/server.js';
import { everyWayWritten } from './helpers/written.js';

// Issue 13 §7: a server or proxy that echoes secrets back in places other than `message`.
const PASSWORD = 'Pw-EDGE-SECRET-31c9';
const SECRETS = { API_KEY, TOKEN, PASSWORD };

/** `{ a: { a: … { [leaf] } } }`, `depth` levels deep. */
function nested(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void> = {
  // Everything but `message`: errorCode, request-ref, field names and codes, object keys, deep nesting.
  '/transfers': (_, res) =>
    sendJson(
      res,
      403,
      {
        errorCode: `DENIED_${API_KEY}`,
        syntaxErrors: {
          invalidFields: [
            { fieldName: `x.${TOKEN}`, error: PASSWORD, params: [] },
            { fieldName: 'email', error: `REGEX_${API_KEY}` },
          ],
        },
        [`key-${API_KEY}`]: 1,
        [PASSWORD]: { [TOKEN]: 'v' },
        deep: nested(200, `leaf ${PASSWORD} ${API_KEY}`),
        deepKey: nested(200, { [TOKEN]: 1 }),
      },
      { 'request-ref': `rr-${TOKEN}` },
    ),
  // Keys that would change a copy's prototype if assigned.
  '/managed_cards/c1': (_, res) => {
    const text =
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"nested":{"__proto__":{"polluted":true}}}';
    res.writeHead(409, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  },
  '/login_with_password': (_, res) =>
    sendJson(res, 403, { errorCode: PASSWORD, message: `bad ${PASSWORD}` }, { 'request-ref': PASSWORD }),
};

let server: TestServer;
let hits = 0;
beforeAll(async () => {
  server = await startServer(async (req, res) => {
    hits++;
    await readBody(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    (routes[path] ?? ((_, r) => sendJson(r, 404, {})))(req, res);
  });
});
afterAll(() => server.close());

function expectClean(text: string, where: string) {
  for (const [name, value] of Object.entries(SECRETS))
    expect(text.includes(value), `${name} leaked into ${where}:\n${text.slice(0, 2000)}`).toBe(false);
}

describe('echoed secrets are scrubbed from every string the SDK writes', () => {
  it('errorCode, requestRef, fieldErrors, object keys and any depth; logs too', async () => {
    const logger = captureLogger();
    const weavr = testClient(server.url, { logger, logLevel: 'debug', throwOnError: true });
    const e = await weavr
      .POST('/transfers', { body: { password: { value: PASSWORD } } })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WeavrForbiddenError);
    const err = e as WeavrForbiddenError;
    expect(err.errorCode).toBe('DENIED_[REDACTED]');
    expect(err.requestRef).toBe('rr-[REDACTED]');
    expect(err.fieldErrors).toEqual([
      { field: 'x.[REDACTED]', error: '[REDACTED]', params: [] },
      { field: 'email', error: 'REGEX_[REDACTED]' },
    ]);
    expect(Object.keys(err.body as object)).toContain('key-[REDACTED]');
    for (const s of everyWayWritten(err)) expectClean(s, 'the error');
    expectClean(JSON.stringify(err.body), 'the body');
    expect(logger.lines.length).toBeGreaterThan(0);
    expectClean(logger.text(), 'the log');
  });

  it('a non-throwing result gives the same scrubbed error through errorOf', async () => {
    const weavr = testClient(server.url);
    const result = await weavr.POST('/login_with_password', {
      body: { email: 'a@example.com', password: { value: PASSWORD } },
    });
    expect(result.requestRef).toBe('[REDACTED]');
    const err = errorOf(result);
    expect(err).toBeInstanceOf(WeavrForbiddenError);
    expect(err?.errorCode).toBe('[REDACTED]');
    for (const s of everyWayWritten(err)) expectClean(s, 'errorOf');
    expect(errorOf({ data: 1 })).toBeUndefined();
  });

  it('redactBody replaces what lies past its depth limit, never passes it through', () => {
    const out = JSON.stringify(redactBody(nested(1000, PASSWORD), [PASSWORD]));
    expectClean(out, 'a 1000-deep body');
    expect(out).toContain('[REDACTED]');
  });
});

describe('the secret-field pattern', () => {
  it.each([
    'secretKey',
    'privateKey',
    'x-api-key',
    'apiKey',
    'cardNo',
    'card_no',
    'fullPan',
    'pan',
    'cvc',
    'pin',
    'password',
    'accessToken',
    'signingKey',
    'card.cvc',
  ])('%s is secret', (name) => expect(isSecretField(name)).toBe(true));
  it.each(['cardNumberLastFour', 'tokenType', 'company', 'timespan', 'passportNumber', 'pinned', 'keyId'])(
    '%s is not',
    (name) => expect(isSecretField(name)).toBe(false),
  );
});

describe('__proto__ and constructor keys', () => {
  it('never change the prototype of a copy the SDK makes', async () => {
    const weavr = testClient(server.url, { throwOnError: true });
    const e = (await weavr
      .GET('/managed_cards/{id}', { params: { path: { id: 'c1' } } })
      .catch((x: unknown) => x)) as WeavrApiError;
    expect(e).toBeInstanceOf(WeavrApiError);
    const body = e.body as Record<string, unknown>;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(body.nested)).toBe(Object.prototype);
    expect((body as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.hasOwn(body, '__proto__')).toBe(true);
    expect(Object.hasOwn(body, 'constructor')).toBe(true);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    const parsed = JSON.parse(JSON.stringify(e)).body;
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual({ polluted: true });
  });
});

/** The error of a call whose custom fetch throws `thrown` (a connection error, checked here). */
async function failedWith(thrown: unknown): Promise<unknown> {
  const weavr = testClient(server.url, {
    maxRetries: 0,
    fetch: async () => {
      throw thrown;
    },
  });
  const e = await weavr
    .GET('/managed_cards/{id}', { params: { path: { id: 'c1' } } })
    .catch((x: unknown) => x);
  expect(e).toBeInstanceOf(WeavrConnectionError);
  return e;
}

describe('errors from code the caller supplies', () => {
  it("a custom fetch's error is kept as cause, scrubbed and typed", async () => {
    class ProxyError extends Error {
      code = 'EPROXY';
    }
    const thrown = new ProxyError(`proxy refused key ${API_KEY} with Bearer ${TOKEN}`, {
      cause: new Error(`inner ${API_KEY}`),
    });
    const e = await failedWith(thrown);
    const cause = (e as Error).cause as ProxyError;
    expect(cause).toBeInstanceOf(ProxyError);
    expect(cause.code).toBe('EPROXY');
    expect(cause.message).toBe('proxy refused key [REDACTED] with Bearer [REDACTED]');
    expect((cause.cause as Error).message).toBe('inner [REDACTED]');
    for (const s of everyWayWritten(e)) expectClean(s, 'the connection error');
    // The caller's own error object is left as it was.
    expect(thrown.message).toContain(API_KEY);
  });

  it("a token provider's error is scrubbed and typed, and nothing is sent", async () => {
    const before = hits;
    let calls = 0;
    const weavr = testClient(server.url, {
      token: () => {
        if (calls++ === 0) return TOKEN;
        throw new Error(`refresh of ${TOKEN} failed for ${API_KEY}`);
      },
    });
    await weavr.GET('/managed_cards/{id}', { params: { path: { id: 'x' } } });
    const sent = hits;
    expect(sent).toBe(before + 1);
    const e = await weavr
      .GET('/managed_cards/{id}', { params: { path: { id: 'x' } } })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WeavrTokenProviderError);
    expect((e as Error).message).toBe(
      'GET /managed_cards/{id}: the token provider failed: refresh of [REDACTED] failed for [REDACTED]',
    );
    expect(((e as Error).cause as Error).message).toBe('refresh of [REDACTED] failed for [REDACTED]');
    for (const s of everyWayWritten(e)) expectClean(s, 'the token error');
    expect(hits).toBe(sent);
  });
});

describe('values the call carried under secret names', () => {
  it('secret-named headers and query parameters are scrubbed when echoed', async () => {
    const echo = await startServer(async (req, res) => {
      await readBody(req);
      sendJson(res, 400, {
        errorCode: `BAD_${String(req.headers['x-api-key'])}`,
        message: `query was ${req.url}`,
      });
    });
    try {
      const weavr = testClient(echo.url, { headers: { 'x-api-key': 'client-header-SECRET-1' } });
      const e = await weavr
        .GET('/managed_cards/{id}', {
          params: { path: { id: 'c1' }, query: { token: 'query-SECRET-2' } },
          throwOnError: true,
        })
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(WeavrApiError);
      for (const s of everyWayWritten(e)) {
        expect(s).not.toContain('client-header-SECRET-1');
        expect(s).not.toContain('query-SECRET-2');
      }
      expect((e as WeavrApiError).errorCode).toBe('BAD_[REDACTED]');
    } finally {
      await echo.close();
    }
  });
});

// Issue 21 §7: what outside attacks found getting through.
describe('findings of the outside attacks', () => {
  /** A server that answers every request with `answer(req, body)`. */
  async function echoing(
    answer: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void,
  ) {
    return startServer(async (req, res) => answer(req, await readBody(req), res));
  }

  it('a short value sent under a secret field (a CVV) is scrubbed where it stands alone, ordinary text kept', async () => {
    const echo = await echoing((_, __, res) =>
      sendJson(res, 400, {
        message: 'CVV 918 does not match (order 19180, ref 918a, card 4242)',
        errorCode: 'CVV_918',
        syntaxErrors: { invalidFields: [{ fieldName: 'note', error: 'quoted: 918.' }] },
      }),
    );
    const logger = captureLogger();
    try {
      const weavr = testClient(echo.url, { logger, logLevel: 'debug', maxRetries: 0 });
      const e = (await weavr
        .POST('/transfers', { body: { cvv: '918', pin: '1234', amount: 918 }, throwOnError: true })
        .catch((x: unknown) => x)) as WeavrApiError;
      expect(e).toBeInstanceOf(WeavrApiError);
      expect(e.message).toContain('CVV [REDACTED] does not match (order 19180, ref 918a, card 4242)');
      for (const s of [...everyWayWritten(e), logger.text()])
        expect(s.replace(/19180|918a/g, '')).not.toMatch(/(?<![\p{L}\p{N}])918(?![\p{L}\p{N}])/u);
      expect(e.fieldErrors[0]?.error).toBe('quoted: [REDACTED].');
    } finally {
      await echo.close();
    }
  });

  it('a key or token echoed as a redirect host is scrubbed, whatever case the URL parser gave it', async () => {
    for (const host of [
      API_KEY,
      TOKEN,
      API_KEY.toUpperCase(),
      encodeURIComponent(TOKEN).replace(/_/g, '%5F'),
    ]) {
      const echo = await echoing((_, __, res) => {
        res.writeHead(302, { location: `http://${host}.evil.example/next` });
        res.end();
      });
      const logger = captureLogger();
      try {
        const weavr = testClient(echo.url, { logger, logLevel: 'debug' });
        const r = await weavr.GET('/managed_cards/{id}', { params: { path: { id: 'c1' } } });
        const e = errorOf(r);
        for (const s of [JSON.stringify(r.error), logger.text(), ...everyWayWritten(e)]) {
          expect(s.toLowerCase()).not.toContain(API_KEY.toLowerCase());
          expect(s.toLowerCase()).not.toContain(TOKEN.toLowerCase());
        }
        expect(r.error.location).toBe('http://[REDACTED].evil.example');
      } finally {
        await echo.close();
      }
    }
  });

  it('every string in a cause chain, AggregateError.errors and header-like objects is scrubbed', async () => {
    const refused = Object.assign(new Error(`connect ECONNREFUSED (key ${API_KEY})`), {
      code: 'ECONNREFUSED',
    });
    const thrown = new AggregateError([refused, new Error(`token ${TOKEN}`)], 'all attempts failed', {
      cause: Object.assign(new Error('proxy said no'), {
        request: {
          headers: new Headers({ 'api-key': API_KEY, 'x-trace': `t-${TOKEN}` }),
          init: { headers: { authorization: `Bearer ${TOKEN}`, 'x-note': `k=${API_KEY}` } },
          url: `http://127.0.0.1/?key=${API_KEY}`,
        },
      }),
    });
    const e = await failedWith(thrown);
    const cause = (e as Error).cause as AggregateError;
    expect(cause).toBeInstanceOf(AggregateError);
    expect(cause.errors.map((x: Error) => x.message)).toEqual([
      'connect ECONNREFUSED (key [REDACTED])',
      'token [REDACTED]',
    ]);
    expect((cause.errors[0] as { code?: string }).code).toBe('ECONNREFUSED');
    const request = (
      cause.cause as { request: { headers: Headers; init: { headers: Record<string, string> } } }
    ).request;
    expect(request.headers.get('api-key')).toBe('[REDACTED]');
    expect(request.headers.get('x-trace')).toBe('t-[REDACTED]');
    expect(request.init.headers).toEqual({ authorization: '[REDACTED]', 'x-note': 'k=[REDACTED]' });
    for (const s of everyWayWritten(e)) expectClean(s, 'the aggregate connection error');
    // The caller's objects are left as they were.
    expect(thrown.errors[0].message).toContain(API_KEY);
  });
});

describe('query parameter names', () => {
  it('are encoded: a name cannot add a parameter or cut the query', async () => {
    let seen = '';
    const echo = await startServer(async (req, res) => {
      await readBody(req);
      seen = req.url ?? '';
      sendJson(res, 200, {});
    });
    try {
      const weavr = testClient(echo.url);
      await weavr.GET('/managed_cards/{id}', {
        params: {
          path: { id: 'c1' },
          query: { 'friendlyName=x&admin': 'true', 'a#b': '1', tag: { 'k&v': 'w' }, list: ['p', 'q'] },
        },
      });
      const query = new URL(seen, 'http://x').searchParams;
      expect([...query.keys()]).toEqual(['friendlyName=x&admin', 'a#b', 'k&v', 'list', 'list']);
      expect(query.get('friendlyName=x&admin')).toBe('true');
      expect(query.get('admin')).toBeNull();
      expect(query.get('a#b')).toBe('1');
    } finally {
      await echo.close();
    }
  });
});
