import { WeavrConfigError } from '@weavr-sdk/core';
import type { WebhookSelector } from './events.js';

/** How to check deliveries; shared by `verifyWebhook` and the request adapters. */
export interface VerifyOptions {
  /**
   * The API key of the API client the webhooks are configured for. Signatures are HMAC-SHA256 keyed with its
   * UTF-8 bytes. Required.
   */
  apiKey: string;
  /**
   * Largest accepted distance, in milliseconds, between `published-timestamp` and this machine's clock, in
   * either direction. Older deliveries are refused as replays, later ones as forged or a wrong clock.
   * `Infinity` turns the check off.
   * @default 300000 (5 minutes)
   */
  toleranceMs?: number;
  /**
   * Which event this endpoint receives (name or operationId), to type the payload. When not given, the event is
   * found from `url` (the request adapters pass it), or left unidentified.
   * @default undefined
   * @example 'managed_cards_authorisations_watch'
   */
  event?: WebhookSelector;
  /**
   * Also accept the deprecated `signature` header when `signature-v2` is absent. That signature covers only
   * the timestamp, not the body: anyone who saw one delivery can send any body with it within the window.
   * @default false
   */
  allowLegacySignature?: boolean;
  /**
   * The webhooks key from the portal's API Credentials. When set, events whose spec security names the
   * `webhooks-key` header (bulk process end, the forwarding events) must carry it, and it authenticates the
   * events Weavr does not sign (bulk process end).
   * @default undefined
   */
  webhooksKey?: string;
  /**
   * Accept the events the spec declares unsigned (bulk process end) with only the timestamp checked, when no
   * `webhooksKey` is set. Anyone who knows your URL can then send them: treat them as hints and fetch the
   * bulk's state from the API.
   * @default false
   */
  allowUnsigned?: boolean;
  /**
   * The clock, in epoch milliseconds (for tests).
   * @default Date.now
   */
  now?: () => number;
}

export const DEFAULT_TOLERANCE_MS = 300_000;

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

function describe(v: unknown): string {
  return v === '' ? 'an empty string' : v === null ? 'null' : typeof v;
}

/** Checks options once, before any work; messages never repeat a key. */
export function checkVerifyOptions(where: string, o: VerifyOptions): void {
  if (!o || typeof o !== 'object')
    throw new WeavrConfigError(`${where}: options are required, e.g. { apiKey }`);
  if (!nonEmptyString(o.apiKey)) {
    throw new WeavrConfigError(
      `${where}: apiKey is required (got ${describe(o.apiKey)}): the API key your webhooks are signed with`,
    );
  }
  if (
    o.toleranceMs !== undefined &&
    !(typeof o.toleranceMs === 'number' && o.toleranceMs > 0 && !Number.isNaN(o.toleranceMs))
  ) {
    throw new WeavrConfigError(
      `${where}: toleranceMs must be a positive number of milliseconds or Infinity (got ${String(o.toleranceMs)})`,
    );
  }
  if (o.webhooksKey !== undefined && !nonEmptyString(o.webhooksKey)) {
    throw new WeavrConfigError(
      `${where}: webhooksKey must be a non-empty string when given (got ${describe(o.webhooksKey)})`,
    );
  }
  if (o.now !== undefined && typeof o.now !== 'function') {
    throw new WeavrConfigError(`${where}: now must be a function returning epoch milliseconds`);
  }
}
