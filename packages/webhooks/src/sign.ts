import { WeavrConfigError } from '@weavr-sdk/core';
import { type RawBody, rawBytes } from './body.js';
import { hmacBase64, utf8 } from './hmac.js';
import { signedContent } from './verify.js';

/** What to sign. */
export interface SignWebhookOptions {
  /** The event: an object is sent as `JSON.stringify(payload)`; a string or bytes are sent as they are. */
  payload: object | RawBody;
  /** The API key to sign with. */
  apiKey: string;
  /**
   * `published-timestamp`, epoch milliseconds.
   * @default Date.now()
   */
  publishedTimestamp?: number;
  /**
   * `call-ref`; omitted from the headers (and signed as the empty string) when not given.
   * @default undefined
   */
  callRef?: string;
}

/** A delivery as Weavr would send it. */
export interface SignedWebhook<Body extends string | Uint8Array = string | Uint8Array> {
  /** `published-timestamp`, `signature-v2`, the deprecated `signature`, `content-type` and `call-ref` if given. */
  headers: Record<string, string>;
  /** The exact body the signature covers (text for an object or string payload, bytes for bytes): send it as is. */
  body: Body;
}

/**
 * Signs a delivery the way Weavr does, for tests of your receiver (and of this package).
 *
 * @example
 * const { headers, body } = await signWebhook({ payload: { eventType: 'COMPLETED', ... }, apiKey });
 * await fetch(`${receiver}/transfers/watch`, { method: 'POST', headers, body });
 */
export async function signWebhook(
  options: SignWebhookOptions & { payload: Uint8Array | ArrayBuffer | ArrayBufferView },
): Promise<SignedWebhook<Uint8Array>>;
export async function signWebhook(
  options: SignWebhookOptions & { payload: string | Record<string, unknown> | object },
): Promise<SignedWebhook<string>>;
export async function signWebhook(options: SignWebhookOptions): Promise<SignedWebhook> {
  if (!options || typeof options.apiKey !== 'string' || options.apiKey === '') {
    throw new WeavrConfigError('signWebhook: apiKey is required');
  }
  const stamp = options.publishedTimestamp ?? Date.now();
  if (!Number.isSafeInteger(stamp) || stamp < 0) {
    throw new WeavrConfigError(
      `signWebhook: publishedTimestamp must be epoch milliseconds (got ${String(stamp)})`,
    );
  }
  const { payload, apiKey, callRef } = options;
  const body =
    typeof payload === 'string' || payload instanceof ArrayBuffer || ArrayBuffer.isView(payload)
      ? payload
      : JSON.stringify(payload);
  const bytes = rawBytes(body);
  const text = String(stamp);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'published-timestamp': text,
    signature: await hmacBase64(apiKey, utf8(text)),
    'signature-v2': await hmacBase64(apiKey, signedContent(callRef, bytes, text)),
  };
  if (callRef !== undefined) headers['call-ref'] = callRef;
  return { headers, body: typeof body === 'string' ? body : bytes };
}
