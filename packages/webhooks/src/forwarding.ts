import { WeavrConfigError } from '@weavr-sdk/core';
import {
  type NodeRequestLike,
  type RequestVerifyOptions,
  verifyNodeWebhook,
  verifyWebhookRequest,
} from './adapters.js';
import { WebhookBodyError, WebhookVerificationError } from './errors.js';
import {
  eventInfo,
  eventNamed,
  type ForwardingWebhookName,
  type VerifiedWebhook,
  type WebhookNameOf,
  type WebhookOperationIds,
  type WebhookPayloads,
  type WebhookReplies,
} from './events.js';
import { checkVerifyOptions } from './options.js';

/** Weavr stops waiting for a card authorisation answer after 1.5 s and applies the card's default decision. */
export const WEAVR_FORWARDING_DEADLINE_MS = 1500;

/** A forwarding event's name or operationId. */
export type ForwardingSelector =
  | ForwardingWebhookName
  | {
      [K in keyof WebhookOperationIds]: WebhookOperationIds[K] extends ForwardingWebhookName ? K : never;
    }[keyof WebhookOperationIds];

/** What `decide` receives beside the payload. */
export interface ForwardingContext<N extends ForwardingWebhookName> {
  /** Aborted when the deadline passes: stop work whose answer can no longer be used. */
  signal: AbortSignal;
  /** The verified delivery (headers, call-ref, timestamp). */
  delivery: VerifiedWebhook<N>;
  /** Milliseconds left before the fallback answer is sent. */
  remainingMs: number;
}

/** How an answer was reached. */
export interface ForwardingOutcome<N extends ForwardingWebhookName> {
  reply: WebhookReplies[N];
  /** `decide` answered in time, or the fallback was sent because it was late or failed. */
  decidedBy: 'decide' | 'fallback';
  reason?: 'late' | 'error';
  /** Milliseconds from the start of the handling to the answer. */
  elapsedMs: number;
}

export interface ForwardingHandlerOptions<S extends ForwardingSelector>
  extends Omit<RequestVerifyOptions, 'event'> {
  /** The forwarding event handled, e.g. `managed_cards_authorisation_forwarding`. */
  event: S;
  /**
   * Your decision. It runs after the delivery is verified and must answer before the deadline; otherwise (or if
   * it throws) `fallback` is sent and its late answer is ignored.
   */
  decide: (
    payload: WebhookPayloads[WebhookNameOf<S>],
    context: ForwardingContext<WebhookNameOf<S> & ForwardingWebhookName>,
  ) =>
    | WebhookReplies[WebhookNameOf<S> & ForwardingWebhookName]
    | Promise<WebhookReplies[WebhookNameOf<S> & ForwardingWebhookName]>;
  /** The answer sent when `decide` is late or fails, e.g. `{ result: 'DENIED' }`. Required: choose it deliberately. */
  fallback: WebhookReplies[WebhookNameOf<S> & ForwardingWebhookName];
  /**
   * Time allowed from the moment the request reaches the handler to the answer, in milliseconds. Weavr waits
   * 1500 ms including the network both ways, so leave a margin.
   * @default 1000
   */
  deadlineMs?: number;
  /** Called when the deadline passes before `decide` answers (for metrics and alerts). */
  onLate?: (delivery: VerifiedWebhook<WebhookNameOf<S> & ForwardingWebhookName>) => void;
  /** Called when `decide` throws, or when handling fails unexpectedly (the fallback or a 500 is sent). */
  onError?: (error: unknown) => void;
}

/** The structural part of Node's `http.ServerResponse` (and Express's `res`) the handler writes to. */
export interface NodeResponseLike {
  writeHead(status: number, headers?: Record<string, string>): unknown;
  end(body?: string): unknown;
}

export interface ForwardingHandler<N extends ForwardingWebhookName> {
  /** Handles a web `Request`: verifies it, decides within the deadline, and returns the `Response` to send. */
  handleRequest(request: Request): Promise<Response>;
  /** Handles a Node request: verifies it, decides within the deadline, and writes the answer to `res`. */
  handleNode(req: NodeRequestLike, res: NodeResponseLike): Promise<void>;
  /** Decides for an already verified delivery within the deadline, counted from `startedAt` (`performance.now()`). */
  answer(delivery: VerifiedWebhook<N>, startedAt?: number): Promise<ForwardingOutcome<N>>;
}

function now(): number {
  return globalThis.performance.now();
}

/**
 * A handler for a forwarding event (Weavr asks, you answer): it verifies the delivery, runs `decide`, and answers
 * `fallback` if `decide` has not answered by `deadlineMs` or throws. No timer outlives the answer.
 *
 * @example
 * const cards = createForwardingHandler({
 *   event: 'managed_cards_authorisation_forwarding',
 *   apiKey: process.env.WEAVR_API_KEY!,
 *   fallback: { result: 'DENIED' },
 *   decide: async (auth, { signal }) =>
 *     (await limits.allows(auth.cardId, auth.transactionAmount, { signal })) ? { result: 'APPROVED' } : { result: 'DENIED' },
 * });
 * // fetch servers: export const POST = cards.handleRequest;  node:http: (req, res) => cards.handleNode(req, res)
 */
export function createForwardingHandler<S extends ForwardingSelector>(
  options: ForwardingHandlerOptions<S>,
): ForwardingHandler<WebhookNameOf<S> & ForwardingWebhookName> {
  type N = WebhookNameOf<S> & ForwardingWebhookName;
  const where = 'createForwardingHandler';
  checkVerifyOptions(where, options as RequestVerifyOptions);
  const name = eventNamed(where, String(options.event)) as N;
  if (!eventInfo(name).reply) {
    throw new WeavrConfigError(
      `${where}: ${String(options.event)} does not expect an answer; use verifyWebhook for it`,
    );
  }
  const { decide, fallback, onLate, onError, deadlineMs = 1000, ...verify } = options;
  if (typeof decide !== 'function') throw new WeavrConfigError(`${where}: decide must be a function`);
  if (!fallback || typeof fallback !== 'object') {
    throw new WeavrConfigError(
      `${where}: fallback is required: the answer sent when decide is late or fails, e.g. { result: 'DENIED' }`,
    );
  }
  if (!(typeof deadlineMs === 'number' && deadlineMs > 0 && deadlineMs <= WEAVR_FORWARDING_DEADLINE_MS)) {
    throw new WeavrConfigError(
      `${where}: deadlineMs must be more than 0 and at most ${WEAVR_FORWARDING_DEADLINE_MS} (Weavr's own deadline), got ${String(deadlineMs)}`,
    );
  }
  const verifyOptions = { ...verify, event: name } as RequestVerifyOptions & { event: N };
  const report = (hook: ((arg: never) => void) | undefined, arg: unknown) => {
    try {
      hook?.(arg as never);
    } catch {
      // A failing hook must not change the answer.
    }
  };

  const answer = (delivery: VerifiedWebhook<N>, startedAt = now()): Promise<ForwardingOutcome<N>> => {
    const controller = new AbortController();
    const remainingMs = Math.max(0, startedAt + deadlineMs - now());
    const outcome = (reply: WebhookReplies[N], reason?: 'late' | 'error'): ForwardingOutcome<N> => ({
      reply,
      decidedBy: reason ? 'fallback' : 'decide',
      ...(reason ? { reason } : {}),
      elapsedMs: now() - startedAt,
    });
    return new Promise<ForwardingOutcome<N>>((resolve) => {
      let settled = false;
      const settle = (o: ForwardingOutcome<N>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(o);
      };
      const timer = setTimeout(() => {
        if (settled) return;
        controller.abort(new Error(`the ${deadlineMs} ms forwarding deadline passed`));
        settle(outcome(fallback as WebhookReplies[N], 'late'));
        report(onLate, delivery);
      }, remainingMs);
      let decision: Promise<WebhookReplies[N]>;
      try {
        decision = Promise.resolve(
          (
            decide as unknown as (
              p: unknown,
              c: ForwardingContext<N>,
            ) => WebhookReplies[N] | Promise<WebhookReplies[N]>
          )(delivery.payload, { signal: controller.signal, delivery, remainingMs }),
        );
      } catch (e) {
        decision = Promise.reject(e);
      }
      decision.then(
        (reply) => {
          if (settled) return; // late: the fallback went out already
          if (!reply || typeof reply !== 'object') {
            report(onError, new TypeError(`decide returned ${String(reply)}, not an answer object`));
            settle(outcome(fallback as WebhookReplies[N], 'error'));
          } else settle(outcome(reply));
        },
        (error) => {
          if (settled) return;
          report(onError, error);
          settle(outcome(fallback as WebhookReplies[N], 'error'));
        },
      );
    });
  };

  const respond = async (
    verifyDelivery: () => Promise<VerifiedWebhook<N>>,
  ): Promise<{ status: number; body: string }> => {
    const startedAt = now();
    let delivery: VerifiedWebhook<N>;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      // The deadline runs from the first byte of the request: a body that trickles in (or never ends)
      // must not hold the answer past it. What is still unread is dropped by the caller of respond.
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new WebhookBodyError(
                'BODY_TIMEOUT',
                `the request was not read and verified within the ${deadlineMs} ms deadline`,
              ),
            ),
          deadlineMs,
        );
      });
      const verifying = verifyDelivery();
      verifying.catch(() => {}); // settles after the answer when the deadline won
      delivery = await Promise.race([verifying, late]);
    } catch (e) {
      if (e instanceof WebhookVerificationError)
        return { status: e.status, body: JSON.stringify({ code: e.code }) };
      report(onError, e);
      return { status: 500, body: JSON.stringify({ code: 'INTERNAL_ERROR' }) };
    } finally {
      clearTimeout(timer);
    }
    const { reply } = await answer(delivery, startedAt);
    return { status: 200, body: JSON.stringify(reply) };
  };

  return {
    answer,
    async handleRequest(request) {
      const { status, body } = await respond(
        () => verifyWebhookRequest(request, verifyOptions) as Promise<VerifiedWebhook<N>>,
      );
      return new Response(body, { status, headers: { 'content-type': 'application/json' } });
    },
    async handleNode(req, res) {
      const { status, body } = await respond(
        () => verifyNodeWebhook(req, verifyOptions) as Promise<VerifiedWebhook<N>>,
      );
      const unread = !req.readableEnded && req.body === undefined;
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': String(new TextEncoder().encode(body).byteLength),
        // A body still arriving after the answer is not read: close the connection rather than drain it.
        ...(unread ? { connection: 'close' } : {}),
      });
      res.end(body);
    },
  };
}

/**
 * `createForwardingHandler` for card authorisation forwarding (`managed_cards_authorisation_forwarding`):
 * approve or deny each card purchase within Weavr's 1.5 s deadline.
 *
 * @example
 * const cards = createCardAuthorisationHandler({
 *   apiKey: process.env.WEAVR_API_KEY!,
 *   fallback: { result: 'DENIED' },
 *   decide: (auth) => ({ result: auth.transactionAmount.amount <= 10_000 ? 'APPROVED' : 'DENIED' }),
 * });
 */
export function createCardAuthorisationHandler(
  options: Omit<ForwardingHandlerOptions<'/managed_cards/authorisation_request'>, 'event'>,
): ForwardingHandler<'/managed_cards/authorisation_request'> {
  return createForwardingHandler({ ...options, event: '/managed_cards/authorisation_request' });
}
