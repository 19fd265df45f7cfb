import { createHmac, randomUUID } from 'node:crypto';
import { type Emitted, type EmittedEvent, PAYLOADS } from './webhook-payloads.js';

/** One delivery of one event, with every attempt made. */
export interface WebhookDelivery {
  /** The event's name in the Webhooks spec, e.g. `/transfers/watch` (appended to `webhookUrl`). */
  event: string;
  url: string;
  /** Sent as `call-ref` (as `request-ref` for an event whose spec declares that instead). */
  callRef: string;
  publishedTimestamp: number;
  /** The body exactly as sent (and signed). */
  body: string;
  attempts: { at: number; status?: number; error?: string }[];
  /** `delivered` once the receiver answered 2xx; `failed` after the last attempt. */
  state: 'pending' | 'delivered' | 'failed';
}

/** Attempts per delivery: the first and four retries, 200 ms × 2^n apart (real time). */
const MAX_ATTEMPTS = 5;
const FIRST_RETRY_MS = 200;
/** How long a receiver may take to answer an attempt. */
const ATTEMPT_TIMEOUT_MS = 5_000;
/** The delivery log keeps the newest deliveries only, so memory stays flat. */
const LOG_SIZE = 1_000;

function hmac(key: string, ...parts: (string | Buffer)[]): string {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest('base64');
}

/** Weavr's delivery headers for `body`: the timestamp, the call-ref and both signatures. */
export function signedHeaders(apiKey: string, callRef: string, body: string, publishedTimestamp: number) {
  const stamp = String(publishedTimestamp);
  return {
    'content-type': 'application/json',
    'published-timestamp': stamp,
    'call-ref': callRef,
    signature: hmac(apiKey, stamp),
    'signature-v2': hmac(apiKey, callRef, Buffer.from(body), stamp),
  };
}

/**
 * The headers of one delivery: signed as above when the spec declares `signature-v2` for the event; otherwise
 * (`bulk_process_end`) only the timestamp and the reference header the spec declares (`request-ref`).
 */
function deliveryHeaders(apiKey: string, declared: readonly string[], d: WebhookDelivery) {
  if (declared.includes('signature-v2'))
    return signedHeaders(apiKey, d.callRef, d.body, d.publishedTimestamp);
  return {
    'content-type': 'application/json',
    'published-timestamp': String(d.publishedTimestamp),
    [declared.includes('call-ref') ? 'call-ref' : 'request-ref']: d.callRef,
  };
}

/**
 * Sends webhooks as Weavr does: the bare event as JSON, POSTed to the URL with the event's path appended,
 * headed `published-timestamp`, `call-ref` (unique per delivery), `signature` (deprecated: HMAC of the
 * timestamp) and `signature-v2` (base64 HMAC-SHA256 keyed with the API key over call-ref ‖ body ‖ timestamp),
 * retried with backoff until the receiver answers 2xx.
 */
export class WebhookSender {
  readonly log: WebhookDelivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();

  /** The headers each event of the Webhooks spec declares; an event not in it is not sent. */
  private readonly declared: Map<string, readonly string[]>;

  constructor(
    private readonly url: string | undefined,
    private readonly apiKey: string,
    private readonly now: () => number,
    events: readonly { event: string; headers: readonly string[] }[],
  ) {
    this.declared = new Map(events.map((e) => [e.event, e.headers]));
  }

  emit<E extends EmittedEvent>(event: E, data: Emitted[E]): void {
    // The builder of this one event, for its own data (TypeScript does not relate the two through `E`).
    const build = PAYLOADS[event] as (data: Emitted[E], now: number) => object;
    if (!this.url || !this.declared.has(event)) return;
    const publishedTimestamp = this.now();
    const delivery: WebhookDelivery = {
      event,
      url: `${this.url.replace(/\/+$/, '')}${event}`,
      callRef: randomUUID(),
      publishedTimestamp,
      body: JSON.stringify(build(data, publishedTimestamp)),
      attempts: [],
      state: 'pending',
    };
    this.log.push(delivery);
    if (this.log.length > LOG_SIZE) this.log.splice(0, this.log.length - LOG_SIZE);
    void this.attempt(delivery);
  }

  private async attempt(d: WebhookDelivery): Promise<void> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), ATTEMPT_TIMEOUT_MS);
    this.inFlight.add(abort);
    const at = Date.now();
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: deliveryHeaders(this.apiKey, this.declared.get(d.event) ?? [], d),
        body: d.body,
        signal: abort.signal,
      });
      await res.arrayBuffer().catch((): undefined => undefined);
      d.attempts.push({ at, status: res.status });
      if (res.ok) {
        d.state = 'delivered';
        return;
      }
    } catch (e) {
      d.attempts.push({
        at,
        error: (e as Error).name === 'AbortError' ? 'timeout or closed' : (e as Error).message,
      });
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(abort);
    }
    if (d.attempts.length >= MAX_ATTEMPTS) {
      d.state = 'failed';
      return;
    }
    const retry: NodeJS.Timeout = setTimeout(
      () => {
        this.timers.delete(retry);
        void this.attempt(d);
      },
      FIRST_RETRY_MS * 2 ** (d.attempts.length - 1),
    );
    retry.unref();
    this.timers.add(retry);
  }

  /** Stops retrying and aborts what is in flight (on `close()`). */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const a of this.inFlight) a.abort();
  }
}
