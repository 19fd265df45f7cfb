import type { Clock } from './clock.js';
import type { Profiles, TransactionFees } from './options.js';
import type { ApiName } from './router.js';
import type { Schemas } from './schemas.js';
import type { OperationSpec } from './spec-types.js';
import type { SuccessStatus } from './typed.js';
import type { Emitted } from './webhook-payloads.js';
import type { IdentityRef, Token, User, World } from './world.js';

/** The programme the emulator plays: options with their defaults applied. */
export interface Programme {
  apiKey: string;
  profiles: Profiles;
  /** The currencies each profile supports. */
  currencies: Record<keyof Profiles, ReadonlySet<string>>;
  stepUpOperations: ReadonlySet<string>;
  loginTokenType: 'ACCESS' | 'AUTH';
  scaWindowMs: number;
  /** By transaction type (`sends`, `outgoing_wire_transfers`). */
  challengeThreshold: Record<'sends' | 'outgoing_wire_transfers', number>;
  fees: Record<string, number | Record<string, number>>;
  transactionFees: TransactionFees;
  requireVerification: boolean;
  /** How many operations of a running bulk process are executed per second of emulated time. */
  bulkOperationsPerSecond: number;
  /** Where simulator purchases are forwarded for a decision, if anywhere. */
  cardAuthorisationUrl?: string;
}

/** Who is calling: the API key alone, or a token (a user's, or a Back-Office identity token). */
export interface Caller {
  token?: Token;
  user?: User;
  /** The identity the call acts for (an access token's or a Back-Office token's). */
  identity?: IdentityRef;
}

/**
 * Everything a handler sees of one request. Handlers see it as `TypedCtx` (typed.ts), whose `body` is the
 * operation's request type; here the body is only known to have passed the operation's schema.
 */
export interface Ctx {
  world: World;
  programme: Programme;
  schemas: Schemas;
  clock: Clock;
  api: ApiName;
  op: OperationSpec;
  path: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: unknown;
  caller: Caller;
  /**
   * Queues a webhook event by its name in the Webhooks spec (e.g. `/transfers/watch`), with what its payload is
   * made of (`webhook-payloads.ts` shapes it into the spec's payload).
   */
  emit<E extends keyof Emitted>(event: E, payload: Emitted[E]): void;
  /** Asks the emulator's scheduler to look at time-driven work again (a bulk process started running). */
  wake(): void;
}

/** A handler's answer; `status` defaults to the operation's documented success status. */
export interface Answer {
  status?: SuccessStatus;
  body?: unknown;
  /** A raw body (PDF, CSV) with its media type. */
  raw?: { type: string; data: Buffer | string };
}

/**
 * A handler as the dispatcher calls it (typed handlers are registered as these by `byOperationId`). Answers
 * synchronously (every state change is atomic); only card authorisation forwarding waits.
 */
export type Handler = (ctx: Ctx) => Answer | Promise<Answer>;

/** The dispatcher's route table: handlers by `<api> <METHOD> <path>`, e.g. `multi POST /managed_accounts`. */
export type Handlers = Record<string, Handler>;
