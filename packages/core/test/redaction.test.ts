import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LogLevel, REDACTED, WeavrError } from '../src/internal.js';
import { isSecretField, redactBody } from '../src/redact.js';
import { API_KEY, captureLogger, TOKEN, testClient } from './helpers/client.js';
import { readBody, sendJson, startServer, type TestServer } from './helpers/server.js';
import { everyWayWritten } from './helpers/written.js';

// Distinctive values, so a match can only be a leak.
const PASSWORD = 'Pw-SECRET-8c1f04a2';
const NEW_PASSWORD = 'Pw-NEW-SECRET-77e0';
const CARD_NUMBER = '4000056655665556';
const CVV = 'CVV-SECRET-739';
const OTP = 'OTP-SECRET-482910';
const TEMP_TOKEN = 'tmp-TOKEN-SECRET-5a5a5a';
const PIN = 'PIN-SECRET-0420';
const SECRETS = { API_KEY, TOKEN, PASSWORD, NEW_PASSWORD, CARD_NUMBER, CVV, OTP, TEMP_TOKEN, PIN };

/** What the server says, per path: error bodies that echo secrets back, and a card with its details. */
const CARD = {
  id: 'c1',
  cardNumber: { value: CARD_NUMBER },
  cvv: { value: CVV },
  cardNumberLastFour: '5556',
};
const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void> = {
  '/login_with_password': (_, res) =>
    sendJson(
      res,
      409,
      { errorCode: 'PASSWORD_EXPIRED', token: TEMP_TOKEN, message: `key ${API_KEY} used with ${TOKEN}` },
      { 'request-ref': 'rr-login' },
    ),
  '/transfers': (_, res) =>
    sendJson(res, 400, {
      message: `Bad request for ${API_KEY}`,
      syntaxErrors: {
        invalidFields: [
          { fieldName: 'cardNumber', error: 'REGEX', params: [CARD_NUMBER] },
          { fieldName: 'password.value', error: 'SIZE', invalidValue: PASSWORD },
          { fieldName: 'note', error: 'SIZE', invalidValue: `bearer ${TOKEN}` },
        ],
      },
    }),
  '/users/u1/invite': (_, res) =>
    sendJson(res, 400, {
      validationErrors: [
        {
          fieldName: 'verificationCode',
          error: 'AT_MOST',
          message: `code ${OTP} too long`,
          invalidValue: OTP,
        },
        { fieldName: 'pin', error: 'SIZE', params: [PIN] },
        { fieldName: 'newPassword', invalidValue: NEW_PASSWORD, message: `${NEW_PASSWORD} is weak` },
      ],
    }),
  '/managed_cards/c1': (_, res) => sendJson(res, 200, CARD, { 'request-ref': 'rr-card' }),
  // A gateway quoting the raw request body back: only the values the request carried can be recognised.
  '/access_token': (req, res) =>
    sendJson(res, 400, { message: `cannot parse ${(req as { rawBody?: string }).rawBody}` }),
  '/managed_cards/c1/remove': (req) => req.socket.destroy(), // dropped: not idempotent, not retried
  '/managed_cards/hang': () => {}, // never answers: a timeout
};

let server: TestServer;
let flaky = 0;
beforeAll(async () => {
  server = await startServer(async (req, res) => {
    (req as { rawBody?: string }).rawBody = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // The card read fails twice first, so every level sees retries.
    if (path === '/managed_cards/c1' && flaky++ % 3 < 2) return sendJson(res, 503, { message: `${API_KEY}` });
    (routes[path] ?? ((_, r) => sendJson(r, 404, {})))(req, res);
  });
});
afterAll(() => server.close());

function expectNoSecret(text: string, where: string) {
  for (const [name, value] of Object.entries(SECRETS)) {
    expect(text.includes(value), `${name} leaked into ${where}:\n${text}`).toBe(false);
  }
}

const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error', 'off'];

describe('secrets never reach logs or errors', () => {
  for (const throwOnError of [false, true]) {
    for (const logLevel of LEVELS) {
      it(`logLevel ${logLevel}, throwOnError ${throwOnError}`, async () => {
        const logger = captureLogger();
        const weavr = testClient(server.url, {
          logger,
          logLevel,
          throwOnError,
          timeoutMs: 5_000,
          maxRetries: 2,
        });
        const errors: unknown[] = [];
        const results: { error?: unknown; data?: unknown }[] = [];
        const attempt = async (p: Promise<{ error?: unknown; data?: unknown }>) => {
          try {
            results.push(await p);
          } catch (e) {
            errors.push(e);
          }
        };

        await attempt(
          weavr.POST('/login_with_password', {
            body: { email: 'a@example.com', password: { value: PASSWORD } },
          }),
        );
        await attempt(
          weavr.POST('/transfers', { body: { cardNumber: CARD_NUMBER, password: { value: PASSWORD } } }),
        );
        await attempt(
          weavr.POST('/users/{user_id}/invite', {
            params: { path: { user_id: 'u1' } },
            body: { verificationCode: OTP, pin: { value: PIN }, newPassword: { value: NEW_PASSWORD } },
          }),
        );
        await attempt(weavr.GET('/managed_cards/{id}', { params: { path: { id: 'c1' } } }));
        await attempt(
          weavr.POST('/managed_cards/{id}/remove', { params: { path: { id: 'c1' } }, body: { cvv: CVV } }),
        );
        await attempt(
          weavr.GET('/managed_cards/{id}', {
            params: { path: { id: 'hang' } },
            maxRetries: 0,
            timeoutMs: 300,
          }),
        );
        await attempt(
          weavr.POST('/access_token', { body: { identity: { id: '1' }, otp: OTP, card: { cvv: CVV } } }),
        );

        // The calls did fail as intended: 4 API errors when throwing, plus a dropped connection and a timeout.
        expect(errors.length).toBe(throwOnError ? 6 : 2);
        for (const e of errors) {
          expect(e).toBeInstanceOf(WeavrError);
          for (const s of everyWayWritten(e))
            expectNoSecret(s, `a ${(e as Error).name} (throwOnError ${throwOnError})`);
        }
        expectNoSecret(logger.text(), `the ${logLevel} log`);
        if (logLevel === 'debug') expect(logger.lines.length).toBeGreaterThanOrEqual(8);
        if (logLevel === 'off') expect(logger.lines).toEqual([]);

        // What the caller gets back is the server's own data, untouched.
        const card = results.find((r) => (r.data as { id?: string } | undefined)?.id === 'c1');
        expect(card?.data).toEqual(CARD);
        if (!throwOnError) {
          expect(results[0]?.error).toEqual({
            errorCode: 'PASSWORD_EXPIRED',
            token: TEMP_TOKEN,
            message: `key ${API_KEY} used with ${TOKEN}`,
          });
        }
      });
    }
  }

  it('keeps what helps: codes, field names, reasons, request-ref', async () => {
    const weavr = testClient(server.url, { throwOnError: true });
    const e = await weavr.POST('/transfers', { body: {} }).catch((x: unknown) => x);
    const json = JSON.parse(JSON.stringify(e));
    expect(json).toMatchObject({
      name: 'WeavrBadRequestError',
      status: 400,
      message: `400 from POST /transfers: Bad request for ${REDACTED}: invalid: cardNumber (REGEX), password.value (SIZE), note (SIZE)`,
      fieldErrors: [
        { field: 'cardNumber', error: 'REGEX', params: [REDACTED] },
        { field: 'password.value', error: 'SIZE', invalidValue: REDACTED },
        { field: 'note', error: 'SIZE', invalidValue: `bearer ${REDACTED}` },
      ],
    });
    const login = await weavr
      .POST('/login_with_password', { body: { email: 'e', password: { value: PASSWORD } } })
      .catch((x: unknown) => x);
    expect(JSON.parse(JSON.stringify(login))).toMatchObject({
      errorCode: 'PASSWORD_EXPIRED',
      requestRef: 'rr-login',
      body: {
        errorCode: 'PASSWORD_EXPIRED',
        token: REDACTED,
        message: `key ${REDACTED} used with ${REDACTED}`,
      },
    });
  });

  it('names a bad API key or token without quoting it', async () => {
    const key = `${API_KEY}\n`;
    let thrown: unknown;
    try {
      testClient(server.url, { apiKey: key });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(WeavrError);
    for (const s of everyWayWritten(thrown)) expectNoSecret(s, 'a config error');
    let early: unknown;
    try {
      testClient(server.url, { token: `${TOKEN}\r\nx: y` });
    } catch (x) {
      early = x;
    }
    expect((early as Error).message).toMatch(
      /authorization \(token\) header value contains a control character/,
    );
    for (const s of everyWayWritten(early)) expectNoSecret(s, 'a token error');
    const e = await testClient(server.url, { token: () => `${TOKEN}\r\nx: y` })
      .GET('/managed_cards/{id}', { params: { path: { id: 'c1' } } })
      .catch((x: unknown) => x);
    expect((e as Error).message).toMatch(
      /authorization \(bearer token\) header value contains a control character/,
    );
    for (const s of everyWayWritten(e)) expectNoSecret(s, 'a token error');
    expect(() => testClient(`http://user:${PASSWORD}@127.0.0.1:1`)).toThrow(/must not contain credentials/);
    try {
      testClient(`http://user:${PASSWORD}@127.0.0.1:1`);
    } catch (err) {
      for (const s of everyWayWritten(err)) expectNoSecret(s, 'a baseUrl error');
    }
  });
});

describe('isSecretField / redactBody', () => {
  it('matches secret field names, not their harmless neighbours', () => {
    const secret = [
      'password',
      'newPassword',
      'oldPassword',
      'passcode',
      'pin',
      'cvv',
      'cvc',
      'cardNumber',
      'card_number',
      'pan',
      'otp',
      'verificationCode',
      'activationCode',
      'inviteCode',
      'nonce',
      'token',
      'accessToken',
      'refresh_token',
      'clientSecret',
      'apiKey',
      'api-key',
      'authorization',
      'password.value',
      'card[0].cvv',
      'PASSWORD',
    ];
    const harmless = [
      'passwordInfo',
      'passwordAlreadySet',
      'passport',
      'tokenType',
      'cardNumberLastFour',
      'cardNumberFirstSix',
      'pinBlocked',
      'authCode',
      'credentials',
      'code',
      'errorCode',
      'email',
      'id',
      'amount',
    ];
    for (const f of secret) expect(isSecretField(f), f).toBe(true);
    for (const f of harmless) expect(isSecretField(f), f).toBe(false);
  });

  it('copies: the input is never modified', () => {
    const input = { a: { password: 'p', list: [{ cvv: '1' }], keep: 'k' } };
    const before = structuredClone(input);
    expect(redactBody(input)).toEqual({ a: { password: REDACTED, list: [{ cvv: REDACTED }], keep: 'k' } });
    expect(input).toEqual(before);
  });
});
