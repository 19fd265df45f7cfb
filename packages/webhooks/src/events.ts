import { WeavrConfigError } from '@weavr-sdk/core';
import {
  type WebhookOperationIds,
  type WebhookPayloads,
  type WebhookReplies,
  webhookEvents,
} from './generated/events.js';

export type { WebhookOperationIds, WebhookPayloads, WebhookReplies } from './generated/events.js';
export { webhookEvents } from './generated/events.js';

/**
 * An event's name: its key in the spec's `webhooks` section, which is also the path Weavr appends to your
 * webhook URL when it delivers it, e.g. `/managed_cards/authorisations/watch`.
 */
export type WebhookName = keyof WebhookPayloads;

/** An event's name or its spec operationId (`managed_cards_authorisations_watch`). */
export type WebhookSelector = WebhookName | keyof WebhookOperationIds;

/** The event name a selector stands for. */
export type WebhookNameOf<S extends WebhookSelector> = S extends keyof WebhookOperationIds
  ? WebhookOperationIds[S]
  : S;

/** The events that expect an answer (card authorisation and incoming wire transfer forwarding). */
export type ForwardingWebhookName = keyof WebhookReplies;

/** The payload type of one event. */
export type WebhookPayload<S extends WebhookSelector> = WebhookPayloads[WebhookNameOf<S>];

/** How a delivery was authenticated. */
export type SignatureScheme = 'signature-v2' | 'signature' | 'webhooks-key' | 'none';

/** A verified delivery of one event. */
export interface VerifiedWebhook<N extends WebhookName = WebhookName> {
  /** The event's name (see `WebhookName`); use it to narrow `payload`. */
  name: N;
  operationId: (typeof webhookEvents)[N]['operationId'];
  /** The parsed body, typed from the spec. */
  payload: WebhookPayloads[N];
  /** `published-timestamp`, epoch milliseconds. */
  publishedTimestamp: number;
  /** `call-ref`, when Weavr sent one: use it to drop deliveries you have already handled. */
  callRef: string | undefined;
  /** `request-ref`, when Weavr sent one (forwarding and bulk events): also unique per delivery. */
  requestRef: string | undefined;
  /** Which check authenticated the delivery. */
  verifiedBy: SignatureScheme;
}

/** A verified delivery whose event was not identified (no `event` or `url` given, or an unknown path). */
export interface UnidentifiedWebhook {
  name: undefined;
  operationId: undefined;
  payload: Record<string, unknown>;
  publishedTimestamp: number;
  callRef: string | undefined;
  requestRef: string | undefined;
  verifiedBy: SignatureScheme;
}

/** Any verified delivery: switch on `name` to get the payload's type. */
export type WebhookEvent = { [N in WebhookName]: VerifiedWebhook<N> }[WebhookName];

/** What the spec says about one event (see `webhookEvents`). */
export interface WebhookEventInfo {
  readonly method: string;
  readonly operationId: string;
  /** `webhooks` for the Webhooks spec, `multi` for the Multi spec's forwarding events. */
  readonly source: string;
  /** Header parameters the spec declares, lower-case: an event without `signature-v2` is not signed. */
  readonly headers: readonly string[];
  /** The header carrying a shared key when the event's security names one (`webhooks-key`). */
  readonly keyHeader?: string;
  /** Whether Weavr expects a JSON answer (forwarding events) instead of a bare 204. */
  readonly reply: boolean;
  readonly deprecated?: boolean;
  /** What the body must hold to be this event: required fields, and allowed values of required enums. */
  readonly payload?: {
    readonly required: readonly string[];
    readonly values: Readonly<Record<string, readonly string[]>>;
  };
}

const NAMES = Object.keys(webhookEvents) as WebhookName[];
const BY_OPERATION_ID = new Map<string, WebhookName>(NAMES.map((n) => [webhookEvents[n].operationId, n]));

/** The event a name or operationId stands for; a clear error for anything else. */
export function eventNamed(where: string, selector: string): WebhookName {
  if (Object.hasOwn(webhookEvents, selector)) return selector as WebhookName;
  const byId = BY_OPERATION_ID.get(selector);
  if (byId) return byId;
  throw new WeavrConfigError(
    `${where}: ${JSON.stringify(selector)} is not a Weavr webhook event; use an event name such as "/transfers/watch" or an operationId such as "transfers_watch" (see webhookEvents)`,
  );
}

/**
 * The event delivered to a URL. Weavr appends the event's path to your webhook URL (`…/transfers/watch`); the
 * forwarding events arrive on a path named after their operationId
 * (`{Authorisation Forwarding URL}/managed_cards_authorisation_forwarding`). Returns undefined for other paths.
 */
export function eventForUrl(url: string): WebhookName | undefined {
  let path: string;
  try {
    path = new URL(url, 'http://localhost').pathname;
  } catch {
    return undefined;
  }
  path = path.replace(/\/+$/, '');
  let best: WebhookName | undefined;
  for (const name of NAMES) {
    const byName = path === name || path.endsWith(name);
    const byId = path.endsWith(`/${webhookEvents[name].operationId}`);
    // The longest matching name wins, so `/corporates/kyb/beneficiaries/watch` is not taken for a shorter one.
    if ((byName || byId) && (!best || name.length > best.length)) best = name;
  }
  return best;
}

export function eventInfo(name: WebhookName): WebhookEventInfo {
  return webhookEvents[name] satisfies WebhookEventInfo;
}
