import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createCardAuthorisationHandler,
  signWebhook,
  verifyWebhook,
  WebhookBodyError,
} from '../src/index.js';
import { API_KEY, minimalPayload, startServer } from './helpers.js';

// Issue 13 §8: the signature covers the body, not which event it is.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const DEPOSIT = {
  id: '110141186813853702',
  transactionId: '110141186813853703',
  transactionAmount: { currency: 'EUR', amount: 2500 },
  transactionTimestamp: Date.now(),
  owner: { type: 'consumers', id: '110141186813853704' },
  state: 'COMPLETED',
};

async function approvingHandler(deadlineMs = 1000) {
  const decided: unknown[] = [];
  const handler = createCardAuthorisationHandler({
    apiKey: API_KEY,
    deadlineMs,
    fallback: { result: 'DENIED' },
    decide: (auth) => {
      decided.push(auth);
      return { result: 'APPROVED' };
    },
  });
  const server = await startServer((req, res) => handler.handleNode(req, res));
  cleanups.push(server.close);
  return { url: `${server.url}/managed_cards_authorisation_forwarding`, decided };
}

describe('a delivery must be the event it is delivered as', () => {
  it('a genuine, fresh, signed deposit event posted to the card-authorisation handler is refused', async () => {
    const { url, decided } = await approvingHandler();
    const signed = await signWebhook({ payload: DEPOSIT, apiKey: API_KEY, callRef: 'c-dep' });
    const res = await fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'WRONG_EVENT' });
    expect(decided).toEqual([]);
    // The same handler still approves a real authorisation request.
    const auth = await signWebhook({
      payload: minimalPayload('/managed_cards/authorisation_request'),
      apiKey: API_KEY,
    });
    const ok = await fetch(url, { method: 'POST', headers: auth.headers, body: auth.body });
    expect(await ok.json()).toEqual({ result: 'APPROVED' });
  });

  it('verifyWebhook names the missing fields and the disallowed discriminator, never the values', async () => {
    const signed = await signWebhook({ payload: DEPOSIT, apiKey: API_KEY });
    const options = { headers: signed.headers, rawBody: signed.body, apiKey: API_KEY };
    const err = await verifyWebhook({
      ...options,
      url: '/hooks/managed_cards_authorisation_forwarding',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebhookBodyError);
    expect(err).toMatchObject({ code: 'WRONG_EVENT', status: 400 });
    expect((err as Error).message).toMatch(
      /not a managed_cards_authorisation_forwarding event: it lacks authorisationType, cardId, merchantData/,
    );
    // As the event it is, it passes.
    await expect(
      verifyWebhook({ ...options, event: 'managed_accounts_deposits_watch' }),
    ).resolves.toMatchObject({
      name: '/managed_accounts/deposits/watch',
    });
    // A required enum with a value the spec does not define.
    const bogus = await signWebhook({
      payload: { ...minimalPayload('/transfers/watch'), eventType: 'SECRET-EVENT-42' },
      apiKey: API_KEY,
    });
    const wrong = await verifyWebhook({
      headers: bogus.headers,
      rawBody: bogus.body,
      apiKey: API_KEY,
      event: 'transfers_watch',
    }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'WRONG_EVENT' });
    expect((wrong as Error).message).toMatch(/does not allow in eventType/);
    expect((wrong as Error).message).not.toContain('SECRET-EVENT-42');
    // Without an event or URL nothing is known to check against: the body is returned as it is.
    await expect(verifyWebhook(options)).resolves.toMatchObject({ name: undefined });
  });
});

describe('the card-authorisation deadline covers reading the body', () => {
  it('a body that never finishes gets 408 within the deadline, and decide never runs', async () => {
    const { url, decided } = await approvingHandler(200);
    const signed = await signWebhook({
      payload: minimalPayload('/managed_cards/authorisation_request'),
      apiKey: API_KEY,
    });
    const body = Buffer.from(signed.body as string);
    const started = performance.now();
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(url, {
        method: 'POST',
        headers: { ...signed.headers, 'content-length': String(body.length) },
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.subarray(0, 10)); // the rest never comes
    });
    const took = performance.now() - started;
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.text)).toEqual({ code: 'BODY_TIMEOUT' });
    expect(took).toBeGreaterThanOrEqual(190);
    expect(took).toBeLessThan(1_500);
    expect(decided).toEqual([]);
  });
});
