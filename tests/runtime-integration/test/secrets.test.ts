import { inspect } from 'node:util';
import { createBackofficeClient } from '@weavr-sdk/backoffice';
import { createMultiClient, type Logger, type LogLevel, WeavrError } from '@weavr-sdk/multi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, readBody, sendJson, startServer, type TestServer, TOKEN } from './helpers.js';

const PASSWORD = 'Int-PASSWORD-SECRET-4411';
const NEW_PASSWORD = 'Int-NEWPASS-SECRET-9911';
const CARD_NUMBER = '5555555555554444';
const CVV = 'Int-CVV-SECRET-123';
const OTP = 'Int-OTP-SECRET-654321';
const ISSUED = 'Int-ISSUED-TOKEN-SECRET-77';
const SECRETS = [API_KEY, TOKEN, PASSWORD, NEW_PASSWORD, CARD_NUMBER, CVV, OTP, ISSUED];

const CARD = {
  id: 'c1',
  state: { state: 'ACTIVE' },
  cardNumber: { value: CARD_NUMBER },
  cvv: { value: CVV },
};

let server: TestServer;
let cardAttempts = 0;
beforeAll(async () => {
  server = await startServer(async (req, res) => {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/login_with_password')
      return sendJson(
        res,
        409,
        { errorCode: 'PASSWORD_EXPIRED', token: ISSUED, echo: body },
        { 'request-ref': 'rr-1' },
      );
    if (path === '/passwords/update')
      return sendJson(res, 400, {
        message: `rejected ${API_KEY}`,
        syntaxErrors: {
          invalidFields: [{ fieldName: 'newPassword.value', error: 'REGEX', params: [NEW_PASSWORD] }],
        },
      });
    if (path === '/stepup/challenges/otp/SMS/verify')
      return sendJson(res, 409, { errorCode: 'VERIFICATION_CODE_INVALID', verificationCode: OTP });
    if (path === '/managed_cards/c1')
      return cardAttempts++ % 2 === 0 ? sendJson(res, 503, undefined) : sendJson(res, 200, CARD);
    if (path === '/access_token') return req.socket.destroy();
    if (path === '/fees/charge')
      return sendJson(res, 400, { validationErrors: [{ fieldName: 'cvv', invalidValue: CVV }] });
    sendJson(res, 404, {});
  });
});
afterAll(() => server.close());

function capture(): Logger & { text: string[] } {
  const text: string[] = [];
  const put = (m: string, ...r: unknown[]) => text.push([m, ...r].map(String).join(' '));
  return { text, debug: put, info: put, warn: put, error: put };
}

const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error', 'off'];

describe('secrets stay out of logs and errors, through the real clients', () => {
  for (const throwOnError of [false, true]) {
    for (const logLevel of LEVELS) {
      it(`logLevel ${logLevel}, throwOnError ${throwOnError}`, async () => {
        const logger = capture();
        const common = {
          apiKey: API_KEY,
          token: TOKEN,
          baseUrl: server.url,
          logger,
          logLevel,
          throwOnError,
          backoff: { initialDelayMs: 1, maxDelayMs: 5 },
        };
        const multi = createMultiClient(common);
        const backoffice = createBackofficeClient(common);
        const outcomes: unknown[] = [];
        const errors: unknown[] = [];
        const run = (p: Promise<unknown>) =>
          p.then(
            (r) => outcomes.push(r),
            (e) => errors.push(e),
          );

        await run(
          multi.POST('/login_with_password', {
            body: { email: 'e@example.com', password: { value: PASSWORD } },
          }),
        );
        await run(
          multi.POST('/passwords/update', {
            body: { oldPassword: { value: PASSWORD }, newPassword: { value: NEW_PASSWORD } },
          }),
        );
        await run(
          multi.POST('/stepup/challenges/otp/{channel}/verify', {
            params: { path: { channel: 'SMS' } },
            body: { verificationCode: OTP },
          }),
        );
        await run(multi.GET('/managed_cards/{id}', { params: { path: { id: 'c1' } } }));
        await run(backoffice.POST('/access_token', { body: { identity: { type: 'CORPORATE', id: '1' } } }));
        await run(
          backoffice.POST('/fees/charge', {
            body: { feeType: 'X', source: { type: 'managed_cards', id: 'c1' } } as never,
          }),
        );

        expect(errors.length).toBe(throwOnError ? 5 : 1);
        const written = [
          ...logger.text,
          ...errors.flatMap((e) => {
            expect(e).toBeInstanceOf(WeavrError);
            const err = e as Error;
            return [
              String(err),
              err.message,
              err.stack ?? '',
              JSON.stringify(err),
              inspect(err, { depth: 10, showHidden: true }),
            ];
          }),
        ].join('\n');
        for (const secret of SECRETS)
          expect(written.includes(secret), `${secret} in:\n${written}`).toBe(false);
        if (logLevel === 'debug') expect(logger.text.length).toBeGreaterThan(5);

        // The card came back exactly as the server sent it.
        expect(
          outcomes.some((o) => JSON.stringify((o as { data?: unknown }).data) === JSON.stringify(CARD)),
        ).toBe(true);
      });
    }
  }
});
