import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';
import { notFound } from './http-error.js';
import { IdSource } from './ids.js';
import type { Profiles } from './options.js';
import type { RequestOf, ResponseOf } from './typed.js';

// biome-ignore lint/suspicious/noExplicitAny: resources are JSON in the spec's shapes
export type Json = any;

export type IdentityType = 'CORPORATE' | 'CONSUMER';
export interface IdentityRef {
  type: IdentityType;
  id: string;
}

export interface Identity {
  ref: IdentityRef;
  /** The Corporate or Consumer resource, as the spec shapes it. */
  resource: Json;
  rootUserId: string;
  /** KYB/KYC: `INITIATED` once started (`POST /corporates/kyb`, `/consumers/kyc`), the outcome set by the simulator. */
  verification: 'NOT_STARTED' | 'INITIATED' | 'APPROVED' | 'REJECTED';
  /** The KYC level a consumer's KYC was started with (the levels the spec's `ConsumerKyc` names). */
  kycLevel?: 'KYC_LEVEL_1' | 'KYC_LEVEL_2';
}

export interface User {
  id: string;
  identity: IdentityRef;
  root: boolean;
  email: string;
  /** Never logged or echoed. */
  password?: string;
  emailVerified: boolean;
  /** A verification code was sent to the email (`…/verification/email/send`): verifying needs one. */
  emailCodeSent?: boolean;
  /** The user resource (root users: the identity's `rootUser`). */
  resource: Json;
  otpEnrolled: boolean;
  /** An SMS enrolment was started and waits for its code. */
  pendingEnrolment?: boolean;
  inviteCode?: string;
  /** The invite was consumed (a password set through it): it cannot be sent again. */
  inviteConsumed?: boolean;
  /** A lost-password flow was started (`/passwords/lost_password/start`): resuming needs it. */
  lostPassword?: boolean;
  /** When the user last stepped up (any token): new logins within the SCA window start stepped up. */
  steppedUpAt?: number;
}

export type TokenType = 'AUTH' | 'ACCESS' | 'BACKOFFICE';
export interface Token {
  value: string;
  type: TokenType;
  userId?: string;
  identity?: IdentityRef;
  lastUsed: number;
  steppedUp: boolean;
  /** Ended by `/logout`: answers 401 (403 on Back-Office) until forgotten with the idle tokens. */
  loggedOut?: boolean;
  /** When step-up codes were issued with this token (409 RETRY_IN_15SEC within 15 s; 400 at the third). */
  stepUpIssued: number[];
}

export type InstrumentType = 'managed_accounts' | 'managed_cards';
export interface Instrument {
  kind: InstrumentType;
  id: string;
  owner: IdentityRef;
  /** ManagedAccount or ManagedCard resource; balances live in `resource.balances` (debit cards: the parent's). */
  resource: Json;
  /** The card's spend rules, as set (`POST`, then `PATCH`, `…/spend_rules`). */
  spendRules?: RequestOf<'multi', 'managedCardSpendRulesCreate'>;
  /** The account's IBAN once upgraded. */
  iban?: NonNullable<ResponseOf<'multi', 'managedAccountIBANGet'>>;
  /** Secrets of a card: served only where the spec returns them. */
  cardNumber?: string;
  cvv?: string;
}

/** One movement on an instrument: what statements and transaction lists are built from. */
/** The spec's transaction types, as transaction lists name them (`GET /managed_accounts/{id}/transactions`). */
export type TransactionType =
  | 'transfers'
  | 'sends'
  | 'outgoing_wire_transfers'
  | 'fees'
  | 'incoming_wire_transfers'
  | 'card_payments';

export interface LedgerEntry {
  entryId: string;
  instrumentId: string;
  transactionId: string;
  /** The spec's transaction type: `transfers`, `sends`, `card_payments`, `fees`, … */
  txType: TransactionType;
  /** The spec's `StatementTransactionType`: `TRANSFER`, `SEND`, `DEPOSIT`, `SETTLEMENT` (a purchase), `MERCHANT_REFUND`, `CHARGE_FEE`, … */
  entryType: string;
  currency: string;
  /** Signed, minor units. */
  amount: number;
  balanceAfter: number;
  timestamp: number;
  description?: string;
}

/** Transfers, sends, outgoing wire transfers, card transactions and fees, by id. */
export interface Transaction {
  type: TransactionType;
  id: string;
  owner: IdentityRef;
  resource: Json;
}

/** Everything the emulator remembers; handlers read and change it synchronously, so every call is atomic. */
export class World {
  readonly ids: IdSource;
  readonly identities = new Map<string, Identity>();
  readonly users = new Map<string, User>();
  readonly usersByEmail = new Map<string, User>();
  readonly tokens = new Map<string, Token>();
  readonly instruments = new Map<string, Instrument>();
  readonly transactions = new Map<string, Transaction>();
  readonly ledger = new Map<string, LedgerEntry[]>();
  /** Extra state of part-2 features (bulks, challenges), by kind. */
  readonly extra = new Map<string, Map<string, Json>>();

  constructor(
    readonly clock: Clock,
    readonly profiles: Profiles,
  ) {
    this.ids = new IdSource(clock.now());
  }

  newId(): string {
    return this.ids.next();
  }

  newToken<T extends TokenType>(
    t: Omit<Token, 'value' | 'lastUsed' | 'steppedUp' | 'stepUpIssued' | 'type'> & { type: T },
  ): Token & { type: T } {
    const token = {
      value: randomBytes(24).toString('base64url'),
      lastUsed: this.clock.now(),
      steppedUp: false,
      stepUpIssued: [] as number[],
      ...t,
    };
    this.tokens.set(token.value, token);
    return token;
  }

  /** Forgets user tokens idle for longer than `idleMs` (they answer 401 anyway), so memory stays flat. */
  purgeTokens(now: number, idleMs: number): void {
    for (const [value, t] of this.tokens)
      if (t.type !== 'BACKOFFICE' && now - t.lastUsed > idleMs) this.tokens.delete(value);
  }

  table(kind: string): Map<string, Json> {
    const t = this.extra.get(kind) ?? new Map<string, Json>();
    this.extra.set(kind, t);
    return t;
  }

  /** An instrument of `owner`; another identity's (or an unknown id) is 404, as Weavr answers. */
  instrument(kind: InstrumentType, id: string, owner: IdentityRef | undefined): Instrument {
    const i = this.instruments.get(id);
    if (!i || i.kind !== kind || (owner && !sameIdentity(i.owner, owner))) throw notFound();
    return i;
  }

  /** Items of `owner` in `map`, newest first. */
  ownedBy<T extends { owner: IdentityRef }>(values: Iterable<T>, owner: IdentityRef | undefined): T[] {
    const out: T[] = [];
    for (const v of values) if (!owner || sameIdentity(v.owner, owner)) out.push(v);
    return out.reverse();
  }

  addEntry(e: Omit<LedgerEntry, 'entryId'>): LedgerEntry {
    const entry = { entryId: this.newId(), ...e };
    const list = this.ledger.get(e.instrumentId) ?? [];
    this.ledger.set(e.instrumentId, list);
    list.push(entry);
    return entry;
  }
}

export function sameIdentity(a: IdentityRef, b: IdentityRef): boolean {
  return a.id === b.id && a.type === b.type;
}
