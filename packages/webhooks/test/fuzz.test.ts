import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook, WebhookVerificationError, webhookEvents } from '../src/index.js';
import { API_KEY, prng } from './helpers.js';

const NOW = 1_767_225_600_000;
const ITERATIONS = 4000;
const SEED = 0x5eed_f00d;
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

type Delivery = { headers: Record<string, string | string[]>; body: Uint8Array; apiKey: string };
type Mutation = (d: Delivery, pick: (n: number) => number) => Delivery | undefined;

const enc = new TextEncoder();
const withHeader = (d: Delivery, name: string, value: string | string[] | undefined): Delivery => {
  const headers = { ...d.headers };
  if (value === undefined) delete headers[name];
  else headers[name] = value;
  return { ...d, headers };
};
const str = (d: Delivery, name: string) => (d.headers[name] as string | undefined) ?? '';
const setByte = (b: Uint8Array, i: number, v: number) => {
  const out = b.slice();
  out[i] = v;
  return out;
};
const changeChar = (s: string, i: number, alphabet: string, pick: (n: number) => number) => {
  const others = alphabet.replace(s[i] as string, '');
  return s.slice(0, i) + others[pick(others.length)] + s.slice(i + 1);
};

/**
 * Every way a delivery is changed. Each must yield a delivery that differs from the signed one in a way that
 * matters (header names are case-insensitive, so changing their case is not a mutation).
 */
const MUTATIONS: Record<string, Mutation> = {
  'flip a bit of the body': (d, pick) => {
    const i = pick(d.body.length);
    return { ...d, body: setByte(d.body, i, (d.body[i] as number) ^ (1 << pick(8))) };
  },
  'replace a body byte': (d, pick) => {
    const i = pick(d.body.length);
    const v = (d.body[i] as number) + 1 + pick(255);
    return { ...d, body: setByte(d.body, i, v % 256) };
  },
  'insert a body byte': (d, pick) => {
    const i = pick(d.body.length + 1);
    const out = new Uint8Array(d.body.length + 1);
    out.set(d.body.subarray(0, i));
    out[i] = pick(256);
    out.set(d.body.subarray(i), i + 1);
    return { ...d, body: out };
  },
  'delete a body byte': (d, pick) => {
    const i = pick(d.body.length);
    return { ...d, body: new Uint8Array([...d.body.subarray(0, i), ...d.body.subarray(i + 1)]) };
  },
  'truncate the body': (d, pick) => ({ ...d, body: d.body.subarray(0, pick(d.body.length)) }),
  'append whitespace to the body': (d) => ({ ...d, body: new Uint8Array([...d.body, 0x20]) }),
  'swap two body bytes': (d, pick) => {
    const i = pick(d.body.length);
    const j = pick(d.body.length);
    if (d.body[i] === d.body[j]) return undefined;
    const out = d.body.slice();
    out[i] = d.body[j] as number;
    out[j] = d.body[i] as number;
    return { ...d, body: out };
  },
  'change a signature character': (d, pick) => {
    const s = str(d, 'signature-v2');
    return withHeader(d, 'signature-v2', changeChar(s, pick(s.length - 1), BASE64, pick));
  },
  'truncate the signature': (d, pick) =>
    withHeader(d, 'signature-v2', str(d, 'signature-v2').slice(0, pick(44))),
  'extend the signature': (d, pick) =>
    withHeader(d, 'signature-v2', str(d, 'signature-v2') + BASE64[pick(64)]),
  'pad the signature with whitespace': (d) => withHeader(d, 'signature-v2', ` ${str(d, 'signature-v2')}`),
  'strip the signature padding': (d) =>
    withHeader(d, 'signature-v2', str(d, 'signature-v2').replace(/=+$/, '')),
  'url-safe signature': (d) =>
    /[+/]/.test(str(d, 'signature-v2'))
      ? withHeader(d, 'signature-v2', str(d, 'signature-v2').replace(/\+/g, '-').replace(/\//g, '_'))
      : undefined,
  'hex signature': (d) =>
    withHeader(d, 'signature-v2', Buffer.from(str(d, 'signature-v2'), 'base64').toString('hex')),
  'legacy signature in signature-v2': (d) => withHeader(d, 'signature-v2', str(d, 'signature')),
  'drop signature-v2': (d) => withHeader(d, 'signature-v2', undefined),
  'repeat signature-v2': (d) =>
    withHeader(d, 'signature-v2', [str(d, 'signature-v2'), str(d, 'signature-v2')]),
  'change the timestamp by a millisecond': (d, pick) =>
    withHeader(d, 'published-timestamp', String(Number(str(d, 'published-timestamp')) + (pick(2) ? 1 : -1))),
  'leading zero on the timestamp': (d) =>
    withHeader(d, 'published-timestamp', `0${str(d, 'published-timestamp')}`),
  'change a timestamp digit': (d, pick) => {
    const s = str(d, 'published-timestamp');
    return withHeader(d, 'published-timestamp', changeChar(s, pick(s.length), '0123456789', pick));
  },
  'timestamp with a fraction': (d) =>
    withHeader(d, 'published-timestamp', `${str(d, 'published-timestamp')}.0`),
  'drop the timestamp': (d) => withHeader(d, 'published-timestamp', undefined),
  'change the call-ref': (d, pick) =>
    withHeader(d, 'call-ref', `${str(d, 'call-ref')}${String.fromCharCode(0x21 + pick(94))}`),
  'drop the call-ref': (d) => (d.headers['call-ref'] ? withHeader(d, 'call-ref', undefined) : undefined),
  'add a call-ref': (d, pick) =>
    d.headers['call-ref'] ? undefined : withHeader(d, 'call-ref', `ref-${pick(1e6)}`),
  // The signed bytes are call-ref + body + timestamp with no separators: moving bytes across a boundary keeps
  // the MAC, so these must be caught by the body having to be a JSON object and the timestamp digits.
  'move the first body byte into the call-ref': (d) => ({
    ...withHeader(d, 'call-ref', str(d, 'call-ref') + String.fromCharCode(d.body[0] as number)),
    body: d.body.subarray(1),
  }),
  'move the call-ref end into the body': (d) => {
    const ref = str(d, 'call-ref');
    if (!ref) return undefined;
    return {
      ...withHeader(d, 'call-ref', ref.slice(0, -1) || undefined),
      body: new Uint8Array([...enc.encode(ref.slice(-1)), ...d.body]),
    };
  },
  'move a timestamp digit into the body': (d) => {
    const s = str(d, 'published-timestamp');
    return {
      ...withHeader(d, 'published-timestamp', s.slice(1)),
      body: new Uint8Array([...d.body, ...enc.encode(s[0] as string)]),
    };
  },
  'move the last body byte into the timestamp': (d) => ({
    ...withHeader(
      d,
      'published-timestamp',
      String.fromCharCode(d.body[d.body.length - 1] as number) + str(d, 'published-timestamp'),
    ),
    body: d.body.subarray(0, -1),
  }),
  'verify with another key': (d, pick) => ({
    ...d,
    apiKey: changeChar(d.apiKey, pick(d.apiKey.length), BASE64, pick),
  }),
  'verify with a longer key': (d) => ({ ...d, apiKey: `${d.apiKey}x` }),
};

function randomPayload(pick: (n: number) => number): Record<string, unknown> {
  const names = Object.keys(webhookEvents);
  return {
    id: String(1e17 + pick(1e9)),
    event: names[pick(names.length)],
    amount: { currency: ['EUR', 'GBP', 'USD'][pick(3)], amount: pick(1e7) },
    note: Array.from({ length: pick(40) }, () => String.fromCharCode(0x20 + pick(0x2fff))).join(''),
    nested: pick(2) ? { list: [pick(10), 'x', null, true] } : [],
  };
}

describe('fuzz: mutated deliveries', () => {
  it(`rejects every one of ${ITERATIONS} mutated payloads and headers (seed ${SEED})`, async () => {
    const random = prng(SEED);
    const pick = (n: number) => Math.floor(random() * n);
    const names = Object.keys(MUTATIONS);
    const applied = new Map<string, number>();
    const codes = new Map<string, number>();
    let controls = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const callRef = pick(3) ? `call-${pick(1e9).toString(36)}` : undefined;
      const signed = await signWebhook({
        payload: randomPayload(pick),
        apiKey: API_KEY,
        publishedTimestamp: NOW - pick(60_000),
        ...(callRef ? { callRef } : {}),
      });
      const original: Delivery = {
        headers: signed.headers,
        body: enc.encode(signed.body as string),
        apiKey: API_KEY,
      };
      const verify = (d: Delivery) =>
        verifyWebhook({ headers: d.headers, rawBody: d.body, apiKey: d.apiKey, now: () => NOW });
      if (i % 100 === 0) {
        // A control: the unmutated delivery passes, so the rejections below are the mutations' doing.
        await expect(verify(original)).resolves.toBeTruthy();
        controls++;
      }
      const name = names[i % names.length] as string;
      const mutated = (MUTATIONS[name] as Mutation)(original, pick);
      if (!mutated) continue;
      applied.set(name, (applied.get(name) ?? 0) + 1);
      let accepted = false;
      try {
        await verify(mutated);
        accepted = true;
      } catch (e) {
        if (!(e instanceof WebhookVerificationError)) throw e;
        codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
      }
      if (accepted) {
        throw new Error(
          `accepted a mutated delivery (${name}, iteration ${i}): ${JSON.stringify({ headers: mutated.headers, body: Buffer.from(mutated.body).toString() })}`,
        );
      }
    }
    const total = [...applied.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(ITERATIONS * 0.9);
    expect(controls).toBe(ITERATIONS / 100);
    for (const name of names) expect(applied.get(name) ?? 0, name).toBeGreaterThan(0);
    // Each kind of check did some of the rejecting.
    for (const code of ['BAD_SIGNATURE', 'MISSING_HEADER', 'MALFORMED_HEADER', 'BODY_NOT_JSON']) {
      expect(codes.get(code) ?? 0, code).toBeGreaterThan(0);
    }
  });
});
