import { parseJsonObject, type RawBody, rawBytes } from './body.js';
import { WebhookHeaderError, WebhookSignatureError, WebhookTimestampError } from './errors.js';
import {
  eventForUrl,
  eventInfo,
  eventNamed,
  type SignatureScheme,
  type UnidentifiedWebhook,
  type VerifiedWebhook,
  type WebhookEvent,
  type WebhookName,
  type WebhookNameOf,
  type WebhookSelector,
} from './events.js';
import { checkHeadersArgument, readHeader, requireHeader, type WebhookHeaders } from './headers.js';
import { concatBytes, hmacMatches, utf8 } from './hmac.js';
import { checkVerifyOptions, DEFAULT_TOLERANCE_MS, type VerifyOptions } from './options.js';
import { checkPayloadIsEvent } from './payload-check.js';
import { sameSecret } from './secret.js';

/** One delivery to verify. */
export interface VerifyWebhookOptions extends VerifyOptions {
  /** The request's headers (names in any case). */
  headers: WebhookHeaders;
  /** The request body exactly as received: bytes, or the received text. Never a parsed object. */
  rawBody: RawBody;
  /**
   * The request URL or path, to find the event when `event` is not given (Weavr appends the event's path to
   * your webhook URL).
   * @default undefined
   */
  url?: string;
}

const TIMESTAMP = /^[0-9]{1,16}$/;

/**
 * The bytes `signature-v2` covers: `call-ref` (UTF-8; the empty string when the header is absent), then the
 * raw body bytes unchanged, then `published-timestamp` (its header text, UTF-8), with no separators.
 */
export function signedContent(
  callRef: string | undefined,
  body: Uint8Array,
  publishedTimestamp: string,
): Uint8Array {
  return concatBytes(utf8(callRef ?? ''), body, utf8(publishedTimestamp));
}

/**
 * Verifies one webhook delivery and returns its typed event.
 *
 * Checks, in order: the body is raw bytes; `published-timestamp` is present and a whole number of
 * milliseconds; `signature-v2` is the base64 HMAC-SHA256, keyed with `apiKey`, of `call-ref + body +
 * published-timestamp` (see `signedContent`), compared in constant time; the timestamp is within
 * `toleranceMs` of now; the body is a JSON object and, when the event is known (`event` or `url`), is that
 * event: it holds the fields its spec requires, with allowed values in its required enums. Any failure throws a `WebhookVerificationError` subclass
 * whose `status` is the HTTP status to answer with.
 *
 * @example
 * const event = await verifyWebhook({ headers: req.headers, rawBody, apiKey, event: 'transfers_watch' });
 * event.payload.transfer; // typed
 */
export async function verifyWebhook<S extends WebhookSelector>(
  options: VerifyWebhookOptions & { event: S },
): Promise<VerifiedWebhook<WebhookNameOf<S>>>;
export async function verifyWebhook(
  options: VerifyWebhookOptions,
): Promise<WebhookEvent | UnidentifiedWebhook>;
export async function verifyWebhook(
  options: VerifyWebhookOptions,
): Promise<WebhookEvent | UnidentifiedWebhook> {
  const where = 'verifyWebhook';
  checkVerifyOptions(where, options);
  checkHeadersArgument(where, options.headers);
  const name: WebhookName | undefined =
    options.event !== undefined
      ? eventNamed(where, options.event)
      : options.url !== undefined
        ? eventForUrl(options.url)
        : undefined;
  const info = name ? eventInfo(name) : undefined;
  const { headers, apiKey } = options;
  const body = rawBytes(options.rawBody);

  const stamp = requireHeader(headers, 'published-timestamp', 'Weavr sends it with every event');
  if (!TIMESTAMP.test(stamp)) {
    throw new WebhookHeaderError(
      'MALFORMED_HEADER',
      'published-timestamp',
      'published-timestamp header is not epoch milliseconds (digits only)',
    );
  }
  const publishedTimestamp = Number(stamp);
  const callRef = readHeader(headers, 'call-ref');
  const requestRef = readHeader(headers, 'request-ref');

  let verifiedBy: SignatureScheme;
  const v2 = readHeader(headers, 'signature-v2');
  const legacy = options.allowLegacySignature ? readHeader(headers, 'signature') : undefined;
  const signedBySpec = !info || (info.headers as readonly string[]).includes('signature-v2');
  if (v2 !== undefined) {
    if (!(await hmacMatches(apiKey, signedContent(callRef, body, stamp), v2))) {
      throw new WebhookSignatureError(
        'BAD_SIGNATURE',
        'signature-v2 does not match this body and these headers for the API key given: the request was altered, or was signed with another key',
      );
    }
    verifiedBy = 'signature-v2';
  } else if (legacy !== undefined) {
    if (!(await hmacMatches(apiKey, utf8(stamp), legacy))) {
      throw new WebhookSignatureError(
        'BAD_SIGNATURE',
        'signature (deprecated) does not match published-timestamp for the API key given',
      );
    }
    verifiedBy = 'signature';
  } else if (!signedBySpec && info?.keyHeader && options.webhooksKey !== undefined) {
    verifiedBy = 'webhooks-key'; // checked below, with the other events that carry the key
  } else if (!signedBySpec && options.allowUnsigned) {
    verifiedBy = 'none';
  } else if (!signedBySpec) {
    throw new WebhookSignatureError(
      'UNSIGNED_EVENT',
      `${info?.operationId} events are not signed by Weavr: set webhooksKey to check their ${info?.keyHeader ?? 'key'} header, or allowUnsigned: true to accept them on the timestamp alone`,
    );
  } else {
    throw new WebhookHeaderError(
      'MISSING_HEADER',
      'signature-v2',
      `signature-v2 header is missing${options.allowLegacySignature ? ' (and so is signature)' : ''}: Weavr signs every ${info ? info.operationId : 'event'} delivery with it`,
    );
  }

  if (options.webhooksKey !== undefined && info?.keyHeader) {
    const sent = requireHeader(
      headers,
      info.keyHeader,
      `the spec says ${info.operationId} deliveries carry it, and webhooksKey is set`,
    );
    if (!(await sameSecret(sent, options.webhooksKey))) {
      throw new WebhookSignatureError(
        'BAD_SIGNATURE',
        `${info.keyHeader} header does not match the webhooksKey given`,
      );
    }
  }

  const toleranceMs = options.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  const ageMs = (options.now ?? Date.now)() - publishedTimestamp;
  if (ageMs > toleranceMs)
    throw new WebhookTimestampError('STALE_TIMESTAMP', publishedTimestamp, ageMs, toleranceMs);
  if (-ageMs > toleranceMs)
    throw new WebhookTimestampError('FUTURE_TIMESTAMP', publishedTimestamp, ageMs, toleranceMs);

  const payload = parseJsonObject(body);
  if (info) checkPayloadIsEvent(info, payload);
  return {
    name,
    operationId: info?.operationId,
    payload,
    publishedTimestamp,
    callRef,
    requestRef,
    verifiedBy,
  } as WebhookEvent | UnidentifiedWebhook;
}
