/**
 * The resources the emulator stores, typed as the Multi spec's schemas (type-only: nothing of this exists at run
 * time). A handler answering from stored state is then checked against the operation's success schema the same
 * way a fresh literal is (typed.ts). Where the emulator stores a field the spec's schema lacks, the type says so
 * with `BeyondSpec`, naming each such field, with the reason it is there.
 */
import type { Schemas } from '@weavr-sdk/multi';

declare const beyondSpec: unique symbol;
/**
 * Marks the fields `K` a stored resource carries beyond its spec schema: an answer echoing the resource may carry
 * them (`NoExtra` in typed.ts lets exactly these through). Never present at run time.
 */
export interface BeyondSpec<K extends string> {
  readonly [beyondSpec]?: K;
}
/** The fields a `BeyondSpec` marks (`never` when none). */
export type BeyondSpecFields<T> = T extends { readonly [beyondSpec]?: infer K }
  ? Exclude<K, undefined>
  : never;
export type BeyondSpecKey = typeof beyondSpec;

/**
 * A balance as the emulator keeps it: both figures always present (the spec's are optional), so money moves by
 * plain arithmetic. Still the spec's `ManagedInstrumentBalance`.
 */
export type Balances = Required<Schemas['ManagedInstrumentBalance']>;

/**
 * A root user has `passwordAlreadySet` (set once its first password is created): Weavr answers it (QA:
 * `CreateCorporatesSemiTests` asserts `rootUser.passwordAlreadySet`), the spec's root user schemas lack it.
 */
interface PasswordSet extends BeyondSpec<'passwordAlreadySet'> {
  passwordAlreadySet?: boolean;
}
export type CorporateRootUser = Schemas['CorporateRootUser'] & PasswordSet;
export type ConsumerRootUser = Schemas['ConsumerRootUser'] & PasswordSet;

export type Corporate = Omit<Schemas['Corporate'], 'rootUser'> & { rootUser: CorporateRootUser };
export type Consumer = Omit<Schemas['Consumer'], 'rootUser'> & { rootUser: ConsumerRootUser };

/**
 * An authorised user. Its email and mobile verification are recorded on it as on a root user (`emailVerified`,
 * `mobileNumberVerified`) and answered with it, as the emulator has always done; the spec's `User` lacks both.
 */
export type AuthorisedUser = Schemas['User'] &
  BeyondSpec<'emailVerified' | 'mobileNumberVerified'> & {
    emailVerified?: boolean;
    mobileNumberVerified?: boolean;
  };

export type ManagedAccount = Omit<Schemas['ManagedAccount'], 'balances'> & { balances: Balances };
export type PrepaidCard = Omit<Schemas['PrepaidModeCard'], 'balances'> & { balances?: Balances };
export type DebitCard = Schemas['DebitModeCard'];
/** A managed card, by `mode` (the spec's `ManagedCard` is one of the two). */
export type ManagedCard = PrepaidCard | DebitCard;

export type Transfer = Schemas['Transfer'];
/**
 * A send: always to an instrument (sends to a beneficiary are not modelled: `POST /sends` refuses them). Its
 * `transactionAmount` is the spec's `CurrencyAmount`: the generated type adds `Record<string, never>` (the schema's
 * `additionalProperties: false` beside its `allOf`), which no amount satisfies.
 */
export type Send = Omit<Schemas['Send'], 'destination' | 'transactionAmount'> & {
  destination: Schemas['InstrumentId'];
  transactionAmount: Schemas['CurrencyAmount'];
};
/** An outgoing wire transfer: its fee always set (0 on the emulated programme). */
export type OutgoingWireTransfer = Omit<Schemas['OutgoingWireTransfer'], 'fee'> & {
  fee: Schemas['CurrencyAmount'];
};
export type IncomingWireTransfer = Schemas['IncomingWireTransfer'];
/** A fee charged through Multi or Back-Office (`…/charge_fee`; the Back-Office spec's `ChargeFee` is the same). */
export type ChargeFee = Schemas['ChargeFee'];

/**
 * A card purchase or merchant refund made through the simulator, as the payments webhook is built from it. No
 * handler answers it (`GET /managed_cards/payments…` answers the spec's sample), so it is the emulator's own record:
 * the spec's `CardPayment` fields it has, with `status: 'COMPLETED'` (the spec's `CardPaymentStatus` lacks it) and
 * no `events` (the webhook makes them).
 */
export interface CardPaymentRecord
  extends Pick<Schemas['CardPayment'], 'id' | 'profileId' | 'displayAmount' | 'creationTimestamp'> {
  type: 'PURCHASE' | 'REFUND';
  card: { id: string; type: 'managed_cards' };
  merchant: { name?: string; id?: string; categoryCode?: string; country?: string };
  status: 'COMPLETED';
  lastUpdatedTimestamp: number;
}
