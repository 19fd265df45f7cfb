/**
 * A Weavr webhook receiver on plain node:http: every delivery is verified (signature-v2, replay window), routed
 * by event with typed payloads, de-duplicated on what the signature covers (call-ref, else the signed body and
 * timestamp), and card authorisations are answered within Weavr's 1.5 s deadline.
 *
 *   WEAVR_API_KEY=... pnpm tsx examples/webhook-receiver.ts
 *
 * Environment: WEAVR_API_KEY (required: the key your webhooks are signed with), PORT (default 3000; 0 picks a
 * free one), HOST (default 127.0.0.1). In the portal, set the webhook URL to `http://<host>:<port>/weavr`
 * (Weavr appends each event's path, e.g. `/weavr/transfers/watch`) and the authorisation forwarding URL to
 * `http://<host>:<port>/weavr` (Weavr appends `/managed_cards_authorisation_forwarding`).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createCardAuthorisationHandler,
  verifyNodeWebhook,
  type WebhookEvent,
  WebhookVerificationError,
} from '@weavr-sdk/webhooks';

const apiKey = process.env.WEAVR_API_KEY;
if (!apiKey) {
  console.error('Set WEAVR_API_KEY to the API key your Weavr webhooks are signed with.');
  process.exit(1);
}

/** What this receiver does with each event; the payload is typed by the event's name. */
function handle(event: WebhookEvent): void {
  switch (event.name) {
    case '/transfers/watch':
      console.log(`transfer ${event.payload.transfer.id.id} is ${event.payload.eventType}`);
      break;
    case '/managed_accounts/deposits/watch': {
      const { amount, currency } = event.payload.transactionAmount;
      console.log(`deposit of ${amount} ${currency} into account ${event.payload.id.id}`);
      break;
    }
    case '/consumers/kyc/watch':
      console.log(`consumer ${event.payload.consumerId} KYC is ${event.payload.status}`);
      break;
    default:
      console.log(`event ${event.name}`);
  }
}

// Weavr may deliver an event more than once: remember what was handled (use a store with expiry in production).
const handled = new Set<string>();

/**
 * The key a delivery is de-duplicated on, made only of what `signature-v2` covers: `call-ref` when the event
 * carries one (every event routed here does, per the spec), else the signed body and `published-timestamp`.
 * Never `request-ref`: it is not signed, so a replay with a fresh one would look new every time.
 */
function dedupKey(event: WebhookEvent): string {
  return event.callRef !== undefined
    ? `call-ref ${event.callRef}`
    : `body ${event.publishedTimestamp} ${JSON.stringify(event.payload)}`;
}

const cardAuthorisations = createCardAuthorisationHandler({
  apiKey,
  // Sent when the decision below is late (or fails): choose it deliberately.
  fallback: { result: 'DENIED' },
  decide: async (auth) => {
    const { amount, currency } = auth.transactionAmount;
    const approved = amount <= 50_000;
    console.log(
      `card ${auth.cardId}: ${amount} ${currency} at ${auth.merchantData.merchantName} → ${approved ? 'APPROVED' : 'DENIED'}`,
    );
    return { result: approved ? 'APPROVED' : 'DENIED' };
  },
  onLate: (delivery) =>
    console.warn(`authorisation ${delivery.payload.transactionId}: decided too late, sent the fallback`),
  onError: (error) => console.error('authorisation handler failed:', error),
});

const server = createServer(async (req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST' }).end();
    return;
  }
  if (req.url?.endsWith('/managed_cards_authorisation_forwarding')) {
    await cardAuthorisations.handleNode(req, res);
    return;
  }
  try {
    // The event is found from the path Weavr appended to the webhook URL.
    const event = await verifyNodeWebhook(req, { apiKey });
    if (event.name === undefined) {
      res.writeHead(404).end();
      return;
    }
    const id = dedupKey(event);
    if (handled.has(id)) {
      console.log(`duplicate ${event.name} (${event.callRef ?? 'no call-ref'}), already handled`);
    } else {
      handled.add(id);
      handle(event);
    }
    res.writeHead(204).end();
  } catch (error) {
    if (error instanceof WebhookVerificationError) {
      // The message says which check failed; it never contains the key, the signature or the body.
      console.warn(`rejected a delivery to ${req.url}: ${error.code}`);
      res.writeHead(error.status).end();
      return;
    }
    console.error(error);
    res.writeHead(500).end();
  }
});

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
server.listen(port, host, () => {
  const { address, port } = server.address() as AddressInfo;
  console.log(`listening on http://${address}:${port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
