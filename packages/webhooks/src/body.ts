import { WebhookBodyError } from './errors.js';
import { utf8 } from './hmac.js';

/**
 * The request body exactly as received: bytes (`Uint8Array`, Node `Buffer`, `ArrayBuffer`, a `DataView`) or
 * the received text. Never a parsed object: re-serialising JSON changes bytes, and the signature covers bytes.
 */
export type RawBody = string | Uint8Array | ArrayBuffer | ArrayBufferView;

const RAW_HINT =
  'pass the body exactly as received (a string, Buffer, Uint8Array or ArrayBuffer), e.g. ' +
  "`await request.arrayBuffer()`, or `express.raw({ type: 'application/json' })` instead of `express.json()`";

/** The bytes the signature covers. A string is taken as the received text and encoded as UTF-8. */
export function rawBytes(body: unknown): Uint8Array {
  if (typeof body === 'string') return utf8(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  const what =
    body === null
      ? 'null'
      : body === undefined
        ? 'undefined'
        : Array.isArray(body)
          ? 'an array'
          : typeof body === 'object'
            ? 'an already-parsed object'
            : typeof body;
  throw new WebhookBodyError('BODY_NOT_RAW', `rawBody is ${what}, not the raw request body: ${RAW_HINT}`);
}

/** Parses the verified body. Weavr sends one JSON object per delivery. */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new WebhookBodyError('BODY_NOT_JSON', 'the body is not UTF-8 JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new WebhookBodyError(
      'BODY_NOT_JSON',
      'the body is JSON but not an object; Weavr sends one event object',
    );
  }
  return value as Record<string, unknown>;
}
