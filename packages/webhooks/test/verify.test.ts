import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { macCheck } from '../src/hmac.js';
import {
  DEFAULT_TOLERANCE_MS,
  signedContent,
  signWebhook,
  type VerifyWebhookOptions,
  verifyWebhook,
  WeavrConfigError,
  WebhookBodyError,
  WebhookHeaderError,
  type WebhookName,
  WebhookSignatureError,
  WebhookTimestampError,
  WebhookVerificationError,
  webhookEvents,
} from '../src/index.js';
import { API_KEY, minimalPayload, OTHER_KEY } from './helpers.js';

const NOW = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const now = () => NOW;
const TRANSFER = { eventType: 'COMPLETED', publishedTimestamp: NOW, transfer: { id: '110141186813853702' } };

/** An independent reference: Node's createHmac over the documented byte layout. */
function referenceSignature(key: string, callRef: string, body: string | Buffer, stamp: string): string {
  return createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(callRef, 'utf8'), Buffer.from(body), Buffer.from(stamp, 'utf8')]))
    .digest('base64');
}

async function rejection(options: VerifyWebhookOptions): Promise<WebhookVerificationError> {
  try {
    await verifyWebhook(options);
  } catch (e) {
    if (e instanceof WebhookVerificationError) return e;
    throw e;
  }
  throw new Error('the delivery was accepted');
}

describe('signature-v2 byte layout', () => {
  it('is base64 HMAC-SHA256 of call-ref + raw body + published-timestamp, keyed with the API key', async () => {
    const signed = await signWebhook({
      payload: TRANSFER,
      apiKey: API_KEY,
      publishedTimestamp: NOW,
      callRef: 'c-1',
    });
    expect(signed.headers['signature-v2']).toBe(
      referenceSignature(API_KEY, 'c-1', signed.body as string, String(NOW)),
    );
    // The deprecated signature covers the timestamp only.
    expect(signed.headers.signature).toBe(createHmac('sha256', API_KEY).update(String(NOW)).digest('base64'));
  });

  it('signs a missing call-ref as the empty string', async () => {
    const signed = await signWebhook({ payload: TRANSFER, apiKey: API_KEY, publishedTimestamp: NOW });
    expect(signed.headers['call-ref']).toBeUndefined();
    expect(signed.headers['signature-v2']).toBe(
      referenceSignature(API_KEY, '', signed.body as string, String(NOW)),
    );
  });

  it('covers the body bytes as received, including non-ASCII text and whitespace', async () => {
    const body = Buffer.from('{ "merchantName" : "Café Zürich €" }\n', 'utf8');
    const headers = {
      'published-timestamp': String(NOW),
      'call-ref': 'ref-ü',
      'signature-v2': referenceSignature(API_KEY, 'ref-ü', body, String(NOW)),
    };
    const event = await verifyWebhook({ headers, rawBody: body, apiKey: API_KEY, now });
    expect(event.payload).toEqual({ merchantName: 'Café Zürich €' });
    expect(Buffer.from(signedContent('ref-ü', body, String(NOW)))).toEqual(
      Buffer.concat([Buffer.from('ref-ü'), body, Buffer.from(String(NOW))]),
    );
  });
});

describe('verifyWebhook', () => {
  it('accepts a signed delivery of every event in the specs and returns it typed by name', async () => {
    const names = Object.keys(webhookEvents) as WebhookName[];
    expect(names).toHaveLength(34);
    for (const name of names) {
      const info = webhookEvents[name];
      const payload = { ...minimalPayload(name), id: name };
      const signed = await signWebhook({
        payload,
        apiKey: API_KEY,
        publishedTimestamp: NOW,
        callRef: 'x',
      });
      const options = { headers: signed.headers, rawBody: signed.body, apiKey: API_KEY, now };
      for (const event of [
        await verifyWebhook({ ...options, event: name }),
        await verifyWebhook({ ...options, event: info.operationId }),
        await verifyWebhook({ ...options, url: `https://example.com/hooks${name}` }),
      ]) {
        expect(event.name).toBe(name);
        expect(event.operationId).toBe(info.operationId);
        expect(event.payload).toEqual(payload);
        expect(event.verifiedBy).toBe('signature-v2');
      }
    }
  });

  it('finds forwarding events on the path named after their operationId', async () => {
    const signed = await signWebhook({
      payload: minimalPayload('/managed_cards/authorisation_request'),
      apiKey: API_KEY,
      publishedTimestamp: NOW,
    });
    const event = await verifyWebhook({
      headers: signed.headers,
      rawBody: signed.body,
      apiKey: API_KEY,
      now,
      url: '/weavr/managed_cards_authorisation_forwarding',
    });
    expect(event.name).toBe('/managed_cards/authorisation_request');
  });

  it('leaves an event unidentified when neither event nor a known url is given', async () => {
    const signed = await signWebhook({
      payload: TRANSFER,
      apiKey: API_KEY,
      publishedTimestamp: NOW,
      callRef: 'r',
    });
    const event = await verifyWebhook({
      headers: signed.headers,
      rawBody: signed.body,
      apiKey: API_KEY,
      now,
      url: '/other',
    });
    expect(event).toMatchObject({
      name: undefined,
      payload: TRANSFER,
      callRef: 'r',
      publishedTimestamp: NOW,
    });
  });

  it('reads headers from Headers, Node records in any case, and [name, value] pairs', async () => {
    const signed = await signWebhook({ payload: TRANSFER, apiKey: API_KEY, publishedTimestamp: NOW });
    const upper = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toUpperCase(), v]));
    for (const headers of [new Headers(signed.headers), upper, Object.entries(signed.headers)]) {
      const event = await verifyWebhook({ headers, rawBody: signed.body, apiKey: API_KEY, now });
      expect(event.payload).toEqual(TRANSFER);
    }
  });

  it('accepts the body as a Buffer, Uint8Array, ArrayBuffer or the received text', async () => {
    const signed = await signWebhook({ payload: TRANSFER, apiKey: API_KEY, publishedTimestamp: NOW });
    const text = signed.body as string;
    const bytes = new TextEncoder().encode(text);
    for (const rawBody of [text, Buffer.from(text), bytes, bytes.buffer, new DataView(bytes.buffer)]) {
      await expect(
        verifyWebhook({ headers: signed.headers, rawBody, apiKey: API_KEY, now }),
      ).resolves.toMatchObject({
        payload: TRANSFER,
      });
    }
  });

  it('refuses a missing published-timestamp or signature-v2', async () => {
    const signed = await signWebhook({ payload: TRANSFER, apiKey: API_KEY, publishedTimestamp: NOW });
    for (const header of ['published-timestamp', 'signature-v2']) {
      const headers = { ...signed.headers };
      delete headers[header];
      const e = await rejection({ headers, rawBody: signed.body, apiKey: API_KEY, now });
      expect(e).toBeInstanceOf(WebhookHeaderError);
      expect(e).toMatchObject({ code: 'MISSING_HEADER', header, status: 401 });
    }
  });

  it('refuses a timestamp that is not digits, and a repeated header', async () => {
    const signed = await signWebhook({ payload: TRANSFER, apiKey: API_KEY, publishedTimestamp: NOW });
    for (const stamp of [`${NOW}.5`, ` ${NOW}`, '-1', '1e12', '0x1', '12345678901234567']) {
      const e = await rejection({
        headers: { ...signed.headers, 'published-timestamp': stamp },
        rawBody: signed.body,
        apiKey: API_KEY,
        now,
      });
      expect(e).toMatchObject({ code: 'MALFORMED_HEADER', header: 'published-timestamp', status: 400 });
    }
    const repeated = { ...signed.headers, 'signature-v2': [signed.headers['signature-v2'] as string, 'x'] };
    const e = await rejection({ headers: repeated, rawBody: signed.body, apiKey: API_KEY, now });
    expect(e).toMatchObject({ code: 'MALFORMED_HEADER', header: 'signature-v2' });
  });

  it('refuses a wrong key, an altered body, an altered call-ref and a non-canonical signature', async () => {
    const signed = await signWebhook({
      payload: TRANSFER,
      apiKey: API_KEY,
      publishedTimestamp: NOW,
      callRef: 'c',
    });
    const base = { headers: signed.headers, rawBody: signed.body, apiKey: API_KEY, now };
    const sig = signed.headers['signature-v2'] as string;
    const cases: VerifyWebhookOptions[] = [
      { ...base, apiKey: OTHER_KEY },
      { ...base, rawBody: (signed.body as string).replace('COMPLETED', 'CANCELLED') },
      { ...base, headers: { ...signed.headers, 'call-ref': 'd' } },
      { ...base, headers: { ...signed.headers, 'call-ref': '' } },
      { ...base, headers: { ...signed.headers, 'signature-v2': sig.slice(0, -1) } },
      { ...base, headers: { ...signed.headers, 'signature-v2': `${sig}=` } },
      { ...base, headers: { ...signed.headers, 'signature-v2': sig.replace(/=$/, '') } },
      {
        ...base,
        headers: { ...signed.headers, 'signature-v2': Buffer.from(sig, 'base64').toString('base64url') },
      },
      { ...base, headers: { ...signed.headers, 'signature-v2': signed.headers.signature as string } },
    ];
    // The last data character of a 32-byte MAC carries 2 unused bits: its siblings decode to the same bytes.
    const last = sig.at(-2) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1] as string;
    cases.push({ ...base, headers: { ...signed.headers, 'signature-v2': `${sig.slice(0, -2)}${sibling}=` } });
    expect(Buffer.from(`${sig.slice(0, -2)}${sibling}=`, 'base64')).toEqual(Buffer.from(sig, 'base64'));
    for (const options of cases) {
      const e = await rejection(options);
      expect(e).toBeInstanceOf(WebhookSignatureError);
      expect(e).toMatchObject({ code: 'BAD_SIGNATURE', status: 401 });
    }
    await expect(verifyWebhook(base)).resolves.toMatchObject({ callRef: 'c' });
  });

  it('refuses stale and future timestamps outside the window, and accepts its edges', async () => {
    const tolerance = 60_000;
    for (const [offset, code] of [
      [tolerance + 1, 'STALE_TIMESTAMP'],
      [-(tolerance + 1), 'FUTURE_TIMESTAMP'],
    ] as const) {
      const signed = await signWebhook({
        payload: TRANSFER,
        apiKey: API_KEY,
        publishedTimestamp: NOW - offset,
      });
      const e = await rejection({
        headers: signed.headers,
        rawBody: signed.body,
        apiKey: API_KEY,
        now,
        toleranceMs: tolerance,
      });
      expect(e).toBeInstanceOf(WebhookTimestampError);
      expect(e).toMatchObject({ code, status: 401, ageMs: offset, toleranceMs: tolerance });
    }
    for (const offset of [tolerance, -tolerance, 0]) {
      const signed = await signWebhook({
        payload: TRANSFER,
        apiKey: API_KEY,
        publishedTimestamp: NOW - offset,
      });
      await expect(
        verifyWebhook({
          headers: signed.headers,
          rawBody: signed.body,
          apiKey: API_KEY,
          now,
          toleranceMs: tolerance,
        }),
      ).resolves.toMatchObject({ publishedTimestamp: NOW - offset });
    }
    // The default window is 5 minutes, read off the real clock.
    expect(DEFAULT_TOLERANCE_MS).toBe(300_000);
    const old = await signWebhook({
      payload: TRANSFER,
      apiKey: API_KEY,
      publishedTimestamp: Date.now() - 301_000,
    });
    expect(await rejection({ headers: old.headers, rawBody: old.body, apiKey: API_KEY })).toMatchObject({
      code: 'STALE_TIMESTAMP',
    });
  });

  it('refuses a body that is not the raw bytes, naming the fix', async () => {
    const signed = await signWebhook({ payload: TRANSFER, apiKey: API_KEY, publishedTimestamp: NOW });
    for (const rawBody of [TRANSFER, [TRANSFER], null, undefined, 42]) {
      const e = await rejection({ headers: signed.headers, rawBody: rawBody as never, apiKey: API_KEY, now });
      expect(e).toBeInstanceOf(WebhookBodyError);
      expect(e.code).toBe('BODY_NOT_RAW');
      expect(e.message).toContain('express.raw');
    }
  });

  it('refuses a signed body that is not a JSON object', async () => {
    for (const payload of ['not json', '[1,2]', '"text"', '12', new Uint8Array([0x7b, 0xff, 0x7d])]) {
      const signed = await signWebhook({ payload, apiKey: API_KEY, publishedTimestamp: NOW });
      const e = await rejection({ headers: signed.headers, rawBody: signed.body, apiKey: API_KEY, now });
      expect(e).toMatchObject({ code: 'BODY_NOT_JSON', status: 400 });
    }
  });

  it('checks the deprecated signature only when asked, and never when signature-v2 is present', async () => {
    const signed = await signWebhook({ payload: TRANSFER, apiKey: API_KEY, publishedTimestamp: NOW });
    const { 'signature-v2': _, ...legacyOnly } = signed.headers;
    expect(
      await rejection({ headers: legacyOnly, rawBody: signed.body, apiKey: API_KEY, now }),
    ).toMatchObject({
      code: 'MISSING_HEADER',
      header: 'signature-v2',
    });
    const event = await verifyWebhook({
      headers: legacyOnly,
      rawBody: signed.body,
      apiKey: API_KEY,
      now,
      allowLegacySignature: true,
    });
    expect(event.verifiedBy).toBe('signature');
    expect(
      await rejection({
        headers: legacyOnly,
        rawBody: signed.body,
        apiKey: OTHER_KEY,
        now,
        allowLegacySignature: true,
      }),
    ).toMatchObject({ code: 'BAD_SIGNATURE' });
    // With both headers, the v2 signature decides: a good legacy signature does not rescue an altered body.
    expect(
      await rejection({
        headers: signed.headers,
        rawBody: (signed.body as string).replace('COMPLETED', 'PENDING'),
        apiKey: API_KEY,
        now,
        allowLegacySignature: true,
      }),
    ).toMatchObject({ code: 'BAD_SIGNATURE' });
  });

  it('handles the unsigned bulk_process_end event only as configured', async () => {
    const body = JSON.stringify({ bulkId: '1', status: 'COMPLETED' });
    const headers = { 'published-timestamp': String(NOW), 'request-ref': 'rr-1' };
    const base = { rawBody: body, apiKey: API_KEY, now, event: 'bulk_process_end' as const };
    expect(await rejection({ ...base, headers })).toMatchObject({ code: 'UNSIGNED_EVENT', status: 401 });
    const open = await verifyWebhook({ ...base, headers, allowUnsigned: true });
    expect(open).toMatchObject({ verifiedBy: 'none', requestRef: 'rr-1', payload: { bulkId: '1' } });
    const keyed = await verifyWebhook({
      ...base,
      headers: { ...headers, 'webhooks-key': 'wk-1' },
      webhooksKey: 'wk-1',
    });
    expect(keyed.verifiedBy).toBe('webhooks-key');
    expect(
      await rejection({ ...base, headers: { ...headers, 'webhooks-key': 'wk-2' }, webhooksKey: 'wk-1' }),
    ).toMatchObject({
      code: 'BAD_SIGNATURE',
    });
    expect(await rejection({ ...base, headers, webhooksKey: 'wk-1' })).toMatchObject({
      code: 'MISSING_HEADER',
      header: 'webhooks-key',
    });
    // Unidentified, the same delivery is held to the signed-event rule.
    const { event: _, ...unknown } = base;
    expect(await rejection({ ...unknown, headers, allowUnsigned: true })).toMatchObject({
      code: 'MISSING_HEADER',
    });
  });

  it('checks webhooks-key on signed events whose security names it, when webhooksKey is set', async () => {
    const signed = await signWebhook({
      payload: minimalPayload('/managed_cards/authorisation_request'),
      apiKey: API_KEY,
      publishedTimestamp: NOW,
    });
    const base = {
      rawBody: signed.body,
      apiKey: API_KEY,
      now,
      event: 'managed_cards_authorisation_forwarding' as const,
    };
    await expect(verifyWebhook({ ...base, headers: signed.headers })).resolves.toBeTruthy();
    await expect(
      verifyWebhook({ ...base, headers: { ...signed.headers, 'webhooks-key': 'wk' }, webhooksKey: 'wk' }),
    ).resolves.toMatchObject({ verifiedBy: 'signature-v2' });
    expect(await rejection({ ...base, headers: signed.headers, webhooksKey: 'wk' })).toMatchObject({
      code: 'MISSING_HEADER',
    });
    // Events whose security does not name the key are not affected.
    const transfer = await signWebhook({ payload: TRANSFER, apiKey: API_KEY, publishedTimestamp: NOW });
    await expect(
      verifyWebhook({
        ...base,
        rawBody: transfer.body,
        event: 'transfers_watch',
        headers: transfer.headers,
        webhooksKey: 'wk',
      }),
    ).resolves.toBeTruthy();
  });

  it('fails early with a config error for bad options, never echoing a key', async () => {
    const signed = await signWebhook({ payload: TRANSFER, apiKey: API_KEY, publishedTimestamp: NOW });
    const base = { headers: signed.headers, rawBody: signed.body, apiKey: API_KEY, now };
    const bad: [Partial<VerifyWebhookOptions>, RegExp][] = [
      [{ apiKey: '' }, /apiKey is required \(got an empty string\)/],
      [{ apiKey: undefined }, /apiKey is required \(got undefined\)/],
      [{ toleranceMs: 0 }, /toleranceMs must be a positive number/],
      [{ toleranceMs: Number.NaN }, /toleranceMs/],
      [{ event: 'transfer_watch' as never }, /"transfer_watch" is not a Weavr webhook event/],
      [{ headers: null as never }, /headers must be/],
      [{ webhooksKey: '' }, /webhooksKey must be a non-empty string/],
    ];
    for (const [override, message] of bad) {
      const attempt = verifyWebhook({ ...base, ...override } as VerifyWebhookOptions);
      await expect(attempt).rejects.toThrow(WeavrConfigError);
      await expect(attempt).rejects.toThrow(message);
    }
    await expect(
      verifyWebhook({ ...base, toleranceMs: Number.POSITIVE_INFINITY, now: () => 0 }),
    ).resolves.toBeTruthy();
  });

  it('never puts the API key, the signatures or the body in errors', async () => {
    const secretBody = JSON.stringify({ cardNumber: '4111111111111111', cvv: '123' });
    const signed = await signWebhook({ payload: secretBody, apiKey: API_KEY, publishedTimestamp: NOW });
    const errors = [
      await rejection({ headers: signed.headers, rawBody: secretBody, apiKey: OTHER_KEY, now }),
      await rejection({ headers: signed.headers, rawBody: `${secretBody} `, apiKey: API_KEY, now }),
      await rejection({
        headers: signed.headers,
        rawBody: secretBody,
        apiKey: API_KEY,
        now: () => NOW + 10 ** 9,
      }),
      await rejection({
        headers: { ...signed.headers, 'webhooks-key': 'wrong-webhooks-key' },
        rawBody: secretBody,
        apiKey: API_KEY,
        now,
        event: 'managed_cards_authorisation_forwarding',
        webhooksKey: 'right-webhooks-key',
      }),
    ];
    for (const e of errors) {
      const shown = [e.message, String(e), JSON.stringify(e), inspect(e), e.stack ?? ''].join('\n');
      for (const secret of [
        API_KEY,
        OTHER_KEY,
        signed.headers['signature-v2'],
        signed.headers.signature,
        '4111111111111111',
        'wrong-webhooks-key',
        'right-webhooks-key',
      ]) {
        expect(shown).not.toContain(secret);
      }
    }
  });
});

describe('signature comparison', () => {
  // Timing cannot be measured reliably in a test; what can be proven is that the verdict is Web Crypto's
  // constant-time HMAC verify (`macCheck`, the package's one comparison seam) and nothing else: a string `===`
  // on the signature text, anywhere on the path, would decide without consulting it and fail here.
  it('is decided by macCheck.verify (Web Crypto), never by comparing the signature text', async () => {
    const signed = await signWebhook({
      payload: TRANSFER,
      apiKey: API_KEY,
      publishedTimestamp: NOW,
      callRef: 'c',
    });
    const good = { headers: signed.headers, rawBody: signed.body, apiKey: API_KEY, now };
    const forged = await signWebhook({
      payload: TRANSFER,
      apiKey: OTHER_KEY,
      publishedTimestamp: NOW,
      callRef: 'c',
    });
    const bad = { ...good, headers: forged.headers };
    const original = macCheck.verify;
    const seen: boolean[] = [];
    try {
      macCheck.verify = async (...args) => {
        const verdict = await original(...args);
        seen.push(verdict);
        return verdict;
      };
      await expect(verifyWebhook(good)).resolves.toMatchObject({ verifiedBy: 'signature-v2' });
      await expect(rejection(bad)).resolves.toMatchObject({ code: 'BAD_SIGNATURE' });
      expect(seen).toEqual([true, false]);
      // The seam's verdict is final both ways: the text of the signature plays no part.
      macCheck.verify = async () => false;
      await expect(rejection(good)).resolves.toMatchObject({ code: 'BAD_SIGNATURE' });
      macCheck.verify = async () => true;
      await expect(verifyWebhook(bad)).resolves.toMatchObject({ verifiedBy: 'signature-v2' });
    } finally {
      macCheck.verify = original;
    }
    expect(original.toString()).toMatch(/\.verify\(\s*["']HMAC["']/);
  });
});
