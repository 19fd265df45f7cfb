import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';
import type { Bulk } from './handlers/bulks.js';
import type { Challenge } from './handlers/payments.js';
import { notFound } from './http-error.js';
import { IdSource } from './ids.js';
import type { Profiles } from './options.js';
import type {
  AuthorisedUser,
  CardPaymentRecord,
  ChargeFee,
  Consumer,
  ConsumerRootUser,
  Corporate,
  CorporateRootUser,
  IncomingWireTransfer,
  ManagedAccount,
  ManagedCard,
  OutgoingWireTransfer,
  Send,
  Transfer,
} from './resources.js';
import type { RequestOf, ResponseOf } from './typed.js';

export type IdentityType = 'CORPORATE' | 'CONSUMER';
export interface IdentityRef {
  type: IdentityType;
  id: string;
}

/** Each identity type's resource, as the spec shapes it. */
export interface IdentityResources {
  CORPORATE: Corporate;
  CONSUMER: Consumer;
}
export interface IdentityRootUsers {
  CORPORATE: CorporateRootUser;
  CONSUMER: ConsumerRootUser;
}

/** A corporate or a consumer. */
export type Identity = { [K in IdentityType]: IdentityOfType<K> }[IdentityType];
/** An identity of type `T`. */
export type IdentityOf<T extends IdentityType> = Extract<Identity, { ref: { type: T } }>;

interface IdentityOfType<T extends IdentityType> {
  ref: { type: T; id: string };
  /** The Corporate or Consumer resource, as the spec shapes it. */
  resource: IdentityResources[T];
  rootUserId: string;
  /** KYB/KYC: `INITIATED` once started (`POST /corporates/kyb`, `/consumers/kyc`), the outcome set by the simulator. */
  verification: 'NOT_STARTED' | 'INITIATED' | 'APPROVED' | 'REJECTED';
  /** The KYC level a consumer's KYC was started with (the levels the spec's `ConsumerKyc` names). */
  kycLevel?: 'KYC_LEVEL_1' | 'KYC_LEVEL_2';
}

interface UserBase {
  id: string;
  identity: IdentityRef;
  email: string;
  /** Never logged or echoed. */
  password?: string;
  emailVerified: boolean;
  /** A verification code was sent to the email (`…/verification/email/send`): verifying needs one. */
  emailCodeSent?: boolean;
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

/** A user: an identity's root user (its resource the identity's `rootUser`) or an authorised user. */
export type User =
  | (UserBase & { root: true; resource: CorporateRootUser | ConsumerRootUser })
  | (UserBase & { root: false; resource: AuthorisedUser });

/** A user as the spec shapes it: an identity's root user, or an authorised user. */
export type UserResource = CorporateRootUser | ConsumerRootUser | AuthorisedUser;

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

interface InstrumentBase {
  id: string;
  owner: IdentityRef;
}

/** A managed account; its balances live in `resource.balances`. */
export interface AccountInstrument extends InstrumentBase {
  kind: 'managed_accounts';
  resource: ManagedAccount;
  /** The account's IBAN once upgraded. */
  iban?: NonNullable<ResponseOf<'multi', 'managedAccountIBANGet'>>;
}

/** A managed card; a prepaid card's balances live in `resource.balances`, a debit card's are its parent's. */
export interface CardInstrument extends InstrumentBase {
  kind: 'managed_cards';
  resource: ManagedCard;
  /** The card's spend rules, as set (`POST`, then `PATCH`, `…/spend_rules`). */
  spendRules?: RequestOf<'multi', 'managedCardSpendRulesCreate'>;
  /** Secrets of a card: served only where the spec returns them. */
  cardNumber?: string;
  cvv?: string;
}

export type Instrument = AccountInstrument | CardInstrument;
/** The instrument of `kind`. */
export type InstrumentOf<K extends InstrumentType> = Extract<Instrument, { kind: K }>;

/** One movement on an instrument: what statements and transaction lists are built from. */
/** The spec's transaction types, as transaction lists name them (`GET /managed_accounts/{id}/transactions`). */
export type TransactionType =
  | 'transfers'
  | 'sends'
  | 'outgoing_wire_transfers'
  | 'fees'
  | 'incoming_wire_transfers'
  | 'card_payments';

/** A ledger entry's type, as Back-Office statements name it (`transactionId.type` of an entry). */
export type EntryType = NonNullable<
  NonNullable<
    NonNullable<ResponseOf<'backoffice', 'managedAccountStatement'>>['entry']
  >[number]['transactionId']
>['type'];

export interface LedgerEntry {
  entryId: string;
  instrumentId: string;
  transactionId: string;
  /** The spec's transaction type: `transfers`, `sends`, `card_payments`, `fees`, … */
  txType: TransactionType;
  /** The spec's `StatementTransactionType`: `TRANSFER`, `SEND`, `DEPOSIT`, `SETTLEMENT` (a purchase), `MERCHANT_REFUND`, `CHARGE_FEE`, … */
  entryType: EntryType;
  currency: string;
  /** Signed, minor units. */
  amount: number;
  balanceAfter: number;
  timestamp: number;
  description?: string;
  /** The programme's fee on this transaction (minor units), already taken out of `amount`. */
  fee?: number;
}

/** Each transaction type's resource, as the spec shapes it (card payments: the emulator's record of one). */
export interface TransactionResources {
  transfers: Transfer;
  sends: Send;
  outgoing_wire_transfers: OutgoingWireTransfer;
  fees: ChargeFee;
  incoming_wire_transfers: IncomingWireTransfer;
  card_payments: CardPaymentRecord;
}

/** Transfers, sends, outgoing wire transfers, card transactions and fees, by id. */
export type Transaction = { [K in TransactionType]: TransactionOfType<K> }[TransactionType];
/** A transaction of `T`'s types. */
export type TransactionOf<T extends TransactionType> = Extract<Transaction, { type: T }>;

interface TransactionOfType<T extends TransactionType> {
  type: T;
  id: string;
  owner: IdentityRef;
  resource: TransactionResources[T];
}

/** The extra tables, by kind: what each holds. */
export interface ExtraTables {
  bulks: Bulk;
  challenges: Challenge;
}
export type ExtraKind = keyof ExtraTables;

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
  readonly extra = new Map<ExtraKind, Map<string, ExtraTables[ExtraKind]>>();

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

  table<K extends ExtraKind>(kind: K): Map<string, ExtraTables[K]> {
    let t = this.extra.get(kind);
    if (!t) {
      t = new Map();
      this.extra.set(kind, t);
    }
    // Each kind's table holds only that kind's values: tables are filled only through `table(kind)`.
    return t as Map<string, ExtraTables[K]>;
  }

  /** An instrument of `owner`; another identity's (or an unknown id) is 404, as Weavr answers. */
  instrument<K extends InstrumentType>(kind: K, id: string, owner: IdentityRef | undefined): InstrumentOf<K> {
    const i = this.instruments.get(id);
    if (!i || !isKind(i, kind) || (owner && !sameIdentity(i.owner, owner))) throw notFound();
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

/** Whether `i` is an instrument of `kind`. */
export function isKind<K extends InstrumentType>(i: Instrument, kind: K): i is InstrumentOf<K> {
  return i.kind === kind;
}

/** Whether `tx` is a transaction of `type`. */
export function isType<T extends TransactionType>(tx: Transaction, type: T): tx is TransactionOf<T> {
  return tx.type === type;
}

export function sameIdentity(a: IdentityRef, b: IdentityRef): boolean {
  return a.id === b.id && a.type === b.type;
}
