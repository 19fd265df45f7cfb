import { WebhookBodyError } from './errors.js';
import type { WebhookEventInfo } from './events.js';

/**
 * Refuses a body that is not the event it was delivered as. The signature proves Weavr sent the body, not
 * which event it is: a genuine deposit event posted to the card-authorisation handler is signed just the
 * same. So the body must hold every field the event's spec requires, and its required enum and
 * discriminator fields (`authorisationType`, `eventType`, …) a value the spec allows. Names fields, never
 * quotes values.
 */
export function checkPayloadIsEvent(info: WebhookEventInfo, payload: Record<string, unknown>): void {
  const shape = info.payload;
  if (!shape) return;
  const missing = shape.required.filter((f) => payload[f] === undefined || payload[f] === null);
  const wrong = Object.entries(shape.values)
    .filter(([f, allowed]) => payload[f] !== undefined && !allowed.includes(payload[f] as string))
    .map(([f]) => f);
  if (!missing.length && !wrong.length) return;
  const parts = [
    missing.length ? `lacks ${missing.join(', ')}` : '',
    wrong.length ? `has a value the spec does not allow in ${wrong.join(', ')}` : '',
  ].filter(Boolean);
  throw new WebhookBodyError(
    'WRONG_EVENT',
    `the body is not a ${info.operationId} event: it ${parts.join(' and ')} (a delivery of another event sent to this handler?)`,
  );
}
