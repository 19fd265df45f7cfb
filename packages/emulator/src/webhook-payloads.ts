import type { WebhookName, WebhookPayloads } from '@weavr-sdk/webhooks';
import type { Send, Transfer } from './resources.js';
import type { Partly } from './typed.js';
import type {
  AccountInstrument,
  CardInstrument,
  Identity,
  Instrument,
  TransactionOf,
  User,
} from './world.js';

/** The Webhooks spec's amounts carry the number as a string (a simulator amount may lack it: `"undefined"`). */
const amount = (a: { currency: string; amount?: number }) => ({
  currency: a.currency,
  amount: String(a.amount),
});
const instrumentId = (i: Instrument) => ({ id: i.id, type: i.kind });
const ownerOf = (i: { owner: { type: string; id: string } }) => ({ type: i.owner.type, id: i.owner.id });

/** A transfer or a send as their events carry it. */
function movement<S extends string>(type: 'transfers' | 'sends', t: Transfer | Send, state: S) {
  return {
    id: { type, id: t.id },
    profileId: t.profileId,
    ...(t.tag ? { tag: t.tag } : {}),
    source: t.source,
    destination: t.destination,
    destinationAmount: amount(t.destinationAmount),
    state,
    creationTimestamp: String(t.creationTimestamp),
    ...(t.executionTimestamp ? { executionTimestamp: String(t.executionTimestamp) } : {}),
  };
}

/** What a handler emits for a card transaction (a simulator purchase or merchant refund). */
export interface CardEvent {
  card: CardInstrument;
  transactionId: string;
  /** The simulator's `transactionAmount` and merchant fields. */
  body: SimulatorCardBody;
  /** The funds left after it (the card's, or a debit card's parent account's). */
  availableBalance: number;
}

/** What the simulator's purchase and refund bodies (by card id or by card number) have in common. */
export interface SimulatorCardBody {
  transactionAmount: { currency: string; amount?: number };
  merchantName?: string;
  merchantCategoryCode?: string;
  merchantId?: string;
  transactionCountry?: string;
}

function merchant(b: SimulatorCardBody) {
  return {
    merchantName: b.merchantName ?? '',
    merchantCategoryCode: b.merchantCategoryCode ?? '',
    merchantId: b.merchantId ?? '',
  };
}

/** The card's mode details, as authorisations and settlements carry them. */
function modeDetails(c: CardEvent) {
  const currency = c.body.transactionAmount.currency;
  return c.card.resource.mode === 'DEBIT_MODE'
    ? { debitModeDetails: { parentManagedAccountId: c.card.resource.parentManagedAccountId } }
    : { prepaidModeDetails: { availableBalance: amount({ currency, amount: c.availableBalance }) } };
}

/** The fields authorisations and settlements share. */
function cardTransaction(c: CardEvent, now: number) {
  const m = merchant(c.body);
  return {
    id: instrumentId(c.card),
    transactionId: c.transactionId,
    transactionAmount: amount(c.body.transactionAmount),
    transactionTimestamp: String(now),
    sourceAmount: amount(c.body.transactionAmount),
    merchantData: m,
    ...m,
    availableBalance: amount({ currency: c.body.transactionAmount.currency, amount: c.availableBalance }),
    owner: ownerOf(c.card),
    details: modeDetails(c),
    ...(c.body.transactionCountry ? { merchantCountryCode: c.body.transactionCountry } : {}),
  };
}

/** A card's state as the card events carry it. */
function cardState(card: CardInstrument) {
  const { state, blockedReason, destroyedReason } = card.resource.state;
  return {
    state,
    ...(blockedReason ? { blockedReason } : {}),
    ...(destroyedReason ? { destroyedReason } : {}),
  };
}

/** The identity's root user's email, as the KYB/KYC events name it. */
const rootEmail = (i: Identity) => i.resource.rootUser?.email;

/** A deposit as the simulator's deposit handlers emit it. */
export interface DepositEvent {
  transactionId: string;
  account: AccountInstrument;
  amount: { currency: string; amount: number };
  /** The simulator's request (payment network, sender, reference). */
  body: { paymentNetwork?: string; senderName?: string; reference?: string };
}

type PaymentNetwork = NonNullable<WebhookPayloads['/managed_accounts/deposits/watch']['paymentNetwork']>;

/** An outgoing wire transfer's beneficiary, by the fields its event carries (any of the spec's shapes). */
interface BeneficiaryView {
  name?: string;
  address?: string;
  bankName?: string;
  bankAddress?: string;
  bankCountry?: string;
  type?: 'PERSONAL' | 'BUSINESS';
  bankAccountDetails?: {
    iban?: string;
    bankIdentifierCode?: string;
    accountNumber?: string;
    sortCode?: string;
  };
}

/**
 * A transaction's state as its event names it. Only states the events name are reported: a transfer is reported
 * `COMPLETED`; a send or wire transfer is reported once it leaves `INITIALISED` (an exempt one is reported only
 * once executed), and `REJECTED`, `APPROVED`, `RETURNED` are states the emulator never gives a send.
 */
function reported<E extends string>(state: string): E {
  return state as E;
}
type TransferEvent = NonNullable<WebhookPayloads['/transfers/watch']['eventType']>;
type SendEvent = NonNullable<WebhookPayloads['/send/watch']['eventType']>;
type WireEvent = NonNullable<WebhookPayloads['/outgoing_wire_transfers/watch']['eventType']>;

type Authorisation = WebhookPayloads['/managed_cards/authorisations/watch'];
/** Why a purchase was declined, in the authorisation event's terms. */
export interface Decline {
  declineReason?: NonNullable<Authorisation['declineReason']>;
  authRuleFailedReason?: NonNullable<Authorisation['authRuleFailedReason']>;
}

/**
 * What a handler emits for each event the emulator sends, by the event's name in the Webhooks spec: a name the
 * spec lacks does not compile (`Ctx.emit`).
 */
export interface Emitted {
  '/transfers/watch': Transfer;
  '/send/watch': Send;
  '/managed_accounts/deposits/watch': DepositEvent;
  '/managed_accounts/watch': {
    account: AccountInstrument;
    type: 'CREATED' | 'UPDATED' | 'BLOCKED' | 'UNBLOCKED' | 'DESTROYED';
  };
  '/managed_accounts/low_balance/watch': AccountInstrument;
  '/managed_cards/payments/watch': { card: CardInstrument; tx: TransactionOf<'card_payments'> };
  '/managed_cards/state_change/watch': {
    card: CardInstrument;
    eventType: 'BLOCKED' | 'UNBLOCKED' | 'DESTROYED';
  };
  '/managed_cards/expiries/watch': CardInstrument;
  '/managed_cards/authorisations/watch': CardEvent & Decline;
  '/managed_cards/settlements/watch': CardEvent & {
    settlementType: NonNullable<WebhookPayloads['/managed_cards/settlements/watch']['settlementType']>;
  };
  '/outgoing_wire_transfers/watch': TransactionOf<'outgoing_wire_transfers'>;
  '/corporates/kyb/watch': Identity;
  '/consumers/kyc/watch': Identity;
  '/auth/users/user_deactivated/watch': User;
  '/fees/watch': TransactionOf<'fees'>;
  /** The event itself, as the Webhooks spec shapes it (the bulk's counts are the bulk area's to make). */
  '/bulk_process_end/watch': Partly<WebhookPayloads['/bulk_process_end/watch']>;
}

/** Every emitted event is one the Webhooks spec declares (a compile error names the one that is not). */
type SpecNamed<K extends WebhookName> = K;
export type EmittedEvent = SpecNamed<keyof Emitted>;

/**
 * The events the emulator sends, each built from what the handler emitted into the shape the Webhooks spec gives
 * it (ids as `{ type, id }`, amounts and timestamps as strings).
 */
export const PAYLOADS: {
  [E in EmittedEvent]: (data: Emitted[E], now: number) => Partly<WebhookPayloads[E]>;
} = {
  '/transfers/watch': (t, now) => ({
    eventType: reported<TransferEvent>(t.state),
    transfer: movement('transfers', t, reported<TransferEvent>(t.state)),
    publishedTimestamp: String(now),
  }),
  '/send/watch': (s, now) => ({
    eventType: reported<SendEvent>(s.state),
    send: {
      ...movement('sends', s, reported<SendEvent>(s.state)),
      transactionAmount: amount(s.transactionAmount),
      ...(s.challengeExemptionReason ? { challengeExemptionReason: s.challengeExemptionReason } : {}),
    },
    publishedTimestamp: String(now),
  }),
  '/managed_accounts/deposits/watch': (d, now) => ({
    id: { id: d.account.id, type: 'managed_accounts' },
    transactionId: d.transactionId,
    transactionAmount: amount(d.amount),
    transactionTimestamp: String(now),
    owner: ownerOf(d.account),
    state: 'COMPLETED',
    // Forwarded as the simulator was given it (its spec takes any string; the event's names a few networks).
    ...(d.body.paymentNetwork ? { paymentNetwork: d.body.paymentNetwork as PaymentNetwork } : {}),
    ...(d.body.senderName ? { senderName: d.body.senderName } : {}),
    ...(d.body.reference ? { senderReference: d.body.reference } : {}),
  }),
  '/managed_accounts/watch': (d, now) => {
    const a = d.account.resource;
    return {
      account: {
        id: instrumentId(d.account),
        profileId: a.profileId,
        ...(a.tag ? { tag: a.tag } : {}),
        owner: ownerOf(d.account),
        friendlyName: a.friendlyName,
        active: a.state.state === 'ACTIVE',
        currency: a.currency,
        balances: {
          availableBalance: String(a.balances.availableBalance),
          actualBalance: String(a.balances.actualBalance),
        },
        creationTimestamp: String(a.creationTimestamp),
      },
      publishedTimestamp: String(now),
      type: d.type,
    };
  },
  '/managed_accounts/low_balance/watch': (a, now) => ({
    id: instrumentId(a),
    currency: a.resource.currency,
    availableBalance: a.resource.balances.availableBalance,
    publishedTimestamp: String(now),
  }),
  // A simulator purchase is authorised and settled at once, a refund credited at once: one payment, settled.
  '/managed_cards/payments/watch': ({ card, tx }) => {
    const p = tx.resource;
    const c = card.resource;
    const at = { id: tx.id, transactionAmount: p.displayAmount, timestamp: p.lastUpdatedTimestamp };
    const events =
      p.type === 'PURCHASE'
        ? [
            {
              type: 'AUTHORISATION' as const,
              subtype: 'sale_purchases' as const,
              result: 'APPROVED' as const,
              ...at,
            },
            {
              type: 'SETTLEMENT' as const,
              subtype: 'sale_purchases' as const,
              settlementState: 'COMPLETED' as const,
              ...at,
            },
          ]
        : [{ type: 'REFUND' as const, subtype: 'purchase_refunds' as const, ...at }];
    return {
      eventType: events[events.length - 1]?.type,
      cardPayment: {
        id: tx.id,
        profileId: p.profileId,
        type: p.type,
        card: {
          id: card.id,
          type: 'managed_cards',
          mode: c.mode === 'DEBIT_MODE' ? 'debit' : 'prepaid',
          friendlyName: c.friendlyName,
          nameOnCard: c.nameOnCard,
          cardBrand: c.cardBrand,
          cardNumberFirstSix: c.cardNumberFirstSix,
          cardNumberLastFour: c.cardNumberLastFour,
          ...(c.mode === 'DEBIT_MODE' ? { parentManagedAccountId: c.parentManagedAccountId } : {}),
        },
        merchant: { id: p.merchant.id ?? '', name: p.merchant.name ?? '', ...p.merchant },
        displayAmount: p.displayAmount,
        status: 'SETTLED',
        events,
        creationTimestamp: p.creationTimestamp,
        lastUpdatedTimestamp: p.lastUpdatedTimestamp,
      },
    };
  },
  '/managed_cards/state_change/watch': (d, now) => ({
    id: instrumentId(d.card),
    timestamp: String(now),
    eventType: d.eventType,
    state: cardState(d.card),
    cardType: d.card.resource.type,
    renewalType: d.card.resource.renewalType,
  }),
  '/managed_cards/expiries/watch': (card) => ({
    id: instrumentId(card),
    eventType: 'CARD_EXPIRED',
    state: cardState(card),
    cardType: card.resource.type,
    expiryMmyy: card.resource.expiryMmyy,
    renewalType: card.resource.renewalType,
  }),
  '/managed_cards/authorisations/watch': (d, now) => ({
    ...cardTransaction(d, now),
    authorisationType: d.declineReason ? 'DECLINED' : 'AUTHORISED',
    approved: !d.declineReason,
    ...(d.declineReason ? { declineReason: d.declineReason } : {}),
    ...(d.authRuleFailedReason ? { authRuleFailedReason: d.authRuleFailedReason } : {}),
    transactionType: 'SALE_PURCHASE',
  }),
  '/managed_cards/settlements/watch': (d, now) => ({
    ...cardTransaction(d, now),
    settlementType: d.settlementType,
    feeAmount: amount({ currency: d.body.transactionAmount.currency, amount: 0 }),
    state: 'COMPLETED',
  }),
  '/outgoing_wire_transfers/watch': (tx, now) => {
    const t = tx.resource;
    // Each beneficiary shape read by the fields the event names (a field another shape lacks is absent).
    const b = (t.destination ?? {}) as BeneficiaryView;
    const bank = b.bankAccountDetails ?? {};
    return {
      owner: ownerOf(tx),
      transfer: {
        id: { type: 'outgoing_wire_transfers', id: t.id },
        profileId: t.profileId,
        ...(t.tag ? { tag: t.tag } : {}),
        source: t.sourceInstrument,
        transferAmount: amount(t.transferAmount),
        type: t.type,
        destination: {
          beneficiaryName: b.name,
          ...(b.address ? { beneficiaryAddress: b.address } : {}),
          ...(b.bankName ? { beneficiaryBankName: b.bankName } : {}),
          ...(b.bankAddress ? { beneficiaryBankAddress: b.bankAddress } : {}),
          ...(b.bankCountry ? { beneficiaryBankCountry: b.bankCountry } : {}),
          ...(b.type ? { beneficiaryAccountType: b.type } : {}),
          ...(t.type === 'SEPA'
            ? {
                sepa: {
                  iban: bank.iban,
                  ...(bank.bankIdentifierCode ? { bankIdentifierCode: bank.bankIdentifierCode } : {}),
                },
              }
            : {}),
          ...(t.type === 'FASTER_PAYMENTS'
            ? { fasterPayments: { accountNumber: bank.accountNumber, sortCode: bank.sortCode } }
            : {}),
        },
        state: reported<WireEvent>(t.state),
        ...(t.challengeExemptionReason ? { challengeExemptionReason: t.challengeExemptionReason } : {}),
        creationTimestamp: String(t.creationTimestamp),
        transactionAmount: amount(t.transferAmount),
        transactionFee: amount(t.fee),
        ...(t.executionTimestamp ? { executionTimestamp: String(t.executionTimestamp) } : {}),
      },
      publishedTimestamp: String(now),
      eventType: reported<WireEvent>(t.state),
    };
  },
  '/corporates/kyb/watch': (i) => ({
    corporateId: i.ref.id,
    corporateEmail: rootEmail(i),
    status: i.verification,
    ongoingStatus: i.verification,
  }),
  '/consumers/kyc/watch': (i, now) => ({
    consumerId: i.ref.id,
    consumerEmail: rootEmail(i),
    status: i.verification,
    ongoingStatus: i.verification,
    eventTimestamp: String(now),
  }),
  // Deactivation through the Multi API is the programme's (the innovator's) action; the API takes no reason.
  '/auth/users/user_deactivated/watch': (u) => ({
    actionDoneBy: 'INNOVATOR',
    emailAddress: u.email,
    reasonCode: 'UNDEFINED_REASON',
  }),
  '/fees/watch': (fee, now) => ({
    chargeFee: {
      id: fee.id,
      feeType: 'CUSTOM',
      feeSubType: fee.resource.feeType,
      source: fee.resource.source,
      feeSpec: {
        type: 'FLAT',
        flatAmount: [
          amount({
            currency: fee.resource.availableBalanceAdjustment.currency,
            amount: -fee.resource.availableBalanceAdjustment.amount,
          }),
        ],
      },
    },
    publishedTimestamp: String(now),
    type: 'COMPLETED',
  }),
  '/bulk_process_end/watch': (b) => b,
};
