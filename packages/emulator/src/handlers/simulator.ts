import type { Ctx } from '../context.js';
import { askAuthorisation } from '../forwarding.js';
import { available, currencyOf, fundsOf, post, transactionFee } from '../money.js';
import { area, type TypedCtx } from '../typed.js';
import type { CardEvent, Decline, Emitted } from '../webhook-payloads.js';
import type { CardInstrument, Instrument, TransactionOf } from '../world.js';
import { noContent, ok } from './common.js';
import { spentSince, windowStart } from './spend.js';

type DepositCtx =
  | TypedCtx<'simulator', 'accounts_account_id_deposit'>
  | TypedCtx<'simulator', 'accounts_deposit'>;
type PurchaseCtx = TypedCtx<'simulator', 'cards_card_id_purchase'> | TypedCtx<'simulator', 'cards_purchase'>;
type RefundCtx =
  | TypedCtx<'simulator', 'cards_card_id_merchant_refund'>
  | TypedCtx<'simulator', 'cards_merchant_refund'>;
/** A card transaction the simulator makes (a purchase or a merchant refund). */
type CardCtx = PurchaseCtx | RefundCtx;

/** An amount the simulator was given; one without its `amount` counts as 0 (refused as not positive). */
const amountOf = (a: { currency: string; amount?: number }) => ({
  currency: a.currency,
  amount: a.amount ?? 0,
});

// --- deposits ---

function deposit(ctx: DepositCtx, account: Instrument | undefined) {
  const amount = amountOf(ctx.body.depositAmount);
  if (account?.kind !== 'managed_accounts') return ok({ code: 'DENIED_ACCOUNT_NOT_FOUND' });
  if (!(amount.amount > 0)) return ok({ code: 'DENIED_AMOUNT_NOT_POSITIVE' });
  if (amount.currency !== account.resource.currency)
    return ok({ code: 'DENIED_CURRENCY_NOT_ACCOUNT_CURRENCY' });
  if (account.resource.state.state !== 'ACTIVE') return ok({ code: 'DENIED_ACCOUNT_INACTIVE' });
  const id = ctx.world.newId();
  const now = ctx.clock.now();
  const resource = {
    id,
    profileId: account.resource.profileId,
    state: 'COMPLETED' as const,
    amount,
    destinationInstrument: { type: 'managed_accounts' as const, id: account.id },
    senderName: ctx.body.senderName,
    senderReference: ctx.body.reference,
    createdAt: now,
    executedAt: now,
  };
  ctx.world.transactions.set(id, { type: 'incoming_wire_transfers', id, owner: account.owner, resource });
  // The programme's deposit fee comes off what lands (QA: TestHelper.simulateManagedAccountDeposit expects the
  // balance to grow by the amount less DEPOSIT_FEE).
  const fee = transactionFee(ctx.programme, 'deposit', amount.currency);
  post(ctx, account, amount.amount - fee, {
    transactionId: id,
    txType: 'incoming_wire_transfers',
    entryType: 'DEPOSIT',
    description: ctx.body.reference,
    ...(fee ? { fee } : {}),
  });
  ctx.emit('/managed_accounts/deposits/watch', { transactionId: id, account, amount, body: ctx.body });
  return ok({ code: 'COMPLETED' });
}

const depositById = (ctx: TypedCtx<'simulator', 'accounts_account_id_deposit'>) =>
  deposit(ctx, ctx.world.instruments.get(ctx.path.account_id as string));

const depositByIban = (ctx: TypedCtx<'simulator', 'accounts_deposit'>) => {
  const iban = ctx.body.iban ?? ctx.body.destinationIbanDetails?.iban;
  const account = [...ctx.world.instruments.values()].find(
    (i) =>
      i.kind === 'managed_accounts' &&
      i.iban?.bankAccountDetails?.some((d) => !!d.details && 'iban' in d.details && d.details.iban === iban),
  );
  return deposit(ctx, account);
};

// --- card purchases and refunds ---

/** Whether the card's spend rules allow this purchase. */
function allowedBySpendRules(ctx: CardCtx, card: CardInstrument, amount: number): boolean {
  const r = card.spendRules;
  if (!r) return true;
  // Purchases by card number carry fewer merchant fields than by card id: the ones missing do not restrict.
  const b: {
    merchantCategoryCode?: string;
    merchantId?: string;
    transactionCountry?: string;
    atmWithdrawal?: boolean;
  } = ctx.body;
  if (r.maxTransactionAmount !== undefined && amount > r.maxTransactionAmount) return false;
  if (r.minTransactionAmount !== undefined && amount < r.minTransactionAmount) return false;
  const mcc = b.merchantCategoryCode;
  if (mcc && r.blockedMerchantCategories?.includes(mcc)) return false;
  if (mcc && r.allowedMerchantCategories?.length && !r.allowedMerchantCategories.includes(mcc)) return false;
  if (b.merchantId && r.blockedMerchantIds?.includes(b.merchantId)) return false;
  if (b.merchantId && r.allowedMerchantIds?.length && !r.allowedMerchantIds.includes(b.merchantId))
    return false;
  const country = b.transactionCountry;
  if (country && r.blockedMerchantCountries?.includes(country)) return false;
  if (country && r.allowedMerchantCountries?.length && !r.allowedMerchantCountries.includes(country))
    return false;
  if (b.atmWithdrawal && r.allowAtm === false) return false;
  const now = ctx.clock.now();
  for (const limit of r.spendLimit ?? []) {
    const spent = spentSince(ctx.world, card, windowStart(limit.interval, now));
    if (spent + amount > limit.value.amount) return false;
  }
  return true;
}

function cardPayment(
  ctx: CardCtx,
  card: CardInstrument,
  amount: { currency: string; amount: number },
  kind: 'PURCHASE' | 'MERCHANT_REFUND',
): TransactionOf<'card_payments'> {
  const id = ctx.world.newId();
  const now = ctx.clock.now();
  const resource = {
    id,
    profileId: card.resource.profileId,
    type: kind === 'PURCHASE' ? ('PURCHASE' as const) : ('REFUND' as const),
    card: { id: card.id, type: 'managed_cards' as const },
    merchant: defineMerchant(ctx.body),
    displayAmount: amount,
    status: 'COMPLETED' as const,
    creationTimestamp: now,
    lastUpdatedTimestamp: now,
  };
  const tx: TransactionOf<'card_payments'> = { type: 'card_payments', id, owner: card.owner, resource };
  ctx.world.transactions.set(id, tx);
  return tx;
}

/** The merchant as a card payment names it, from the simulator's merchant fields (those given). */
function defineMerchant(b: {
  merchantName?: string;
  merchantId?: string;
  merchantCategoryCode?: string;
  transactionCountry?: string;
}) {
  const m: { name?: string; id?: string; categoryCode?: string; country?: string } = {};
  if (b.merchantName) m.name = b.merchantName;
  if (b.merchantId) m.id = b.merchantId;
  if (b.merchantCategoryCode) m.categoryCode = b.merchantCategoryCode;
  if (b.transactionCountry) m.country = b.transactionCountry;
  return m;
}

/** Why a purchase is declined, checked again after a forwarded decision (the card may have changed meanwhile). */
function declined(ctx: CardCtx, card: Instrument | undefined) {
  const amount = amountOf(ctx.body.transactionAmount);
  if (card?.kind !== 'managed_cards') return 'DENIED_CARD_NOT_FOUND';
  if (card.resource.state.state !== 'ACTIVE') return 'DENIED_CARD_INACTIVE';
  if (!(amount.amount > 0)) return 'DENIED_AMOUNT_NOT_POSITIVE';
  if (amount.currency !== currencyOf(ctx.world, card)) return 'DENIED_OTHER';
  if (!allowedBySpendRules(ctx, card, amount.amount)) return 'DENIED_SPEND_CONTROL';
  if (available(ctx.world, card) < amount.amount) return 'DENIED_NOT_ENOUGH_FUNDS';
  return undefined;
}

/** The card authorisation request Weavr forwards (the Multi spec's `/managed_cards/authorisation_request`). */
function authorisationRequest(ctx: PurchaseCtx, card: CardInstrument, transactionId: string) {
  const b = ctx.body;
  const amount = { currency: b.transactionAmount.currency, amount: b.transactionAmount.amount };
  const funds = fundsOf(ctx.world, card);
  return {
    cardId: card.id,
    transactionId,
    authorisationType: 'AUTHORISED',
    sourceAmount: amount,
    transactionAmount: amount,
    totalTransactionCost: amount,
    transactionTimestamp: ctx.clock.now(),
    merchantData: {
      merchantName: b.merchantName ?? '',
      merchantCategoryCode: b.merchantCategoryCode ?? '',
      merchantId: b.merchantId ?? '',
    },
    owner: card.owner,
    mode: card.resource.mode,
    ...(card.resource.mode === 'DEBIT_MODE'
      ? { parentManagedAccountId: funds.id }
      : {
          currency: card.resource.currency,
          availableBalance: { currency: card.resource.currency, amount: available(ctx.world, card) },
        }),
  };
}

/** The authorisation webhook's decline reason for each of the simulator's decline codes. */
const DECLINE_REASONS: Record<string, Decline> = {
  DENIED_CARD_INACTIVE: { declineReason: 'CARD_STATUS_NOT_ALLOWED' },
  DENIED_AMOUNT_NOT_POSITIVE: { declineReason: 'TRANSACTION_NOT_PERMITTED' },
  DENIED_SPEND_CONTROL: {
    declineReason: 'AUTH_RULE_CHECKS_FAILED',
    authRuleFailedReason: 'SPEND_LIMIT_EXCEEDED',
  },
  DENIED_NOT_ENOUGH_FUNDS: { declineReason: 'INSUFFICIENT_BALANCE' },
  DENIED_OTHER: { declineReason: 'NO_REASON' },
  DENIED_FORWARDING: { declineReason: 'AUTH_RULE_CHECKS_FAILED', authRuleFailedReason: 'AUTH_FORWARDING' },
};

/** Reports a card transaction (`transactionId`) on `event`, with the funds left after it. */
function emitCard<E extends '/managed_cards/authorisations/watch' | '/managed_cards/settlements/watch'>(
  ctx: CardCtx,
  event: E,
  card: CardInstrument,
  transactionId: string,
  extra: Omit<Emitted[E], keyof CardEvent>,
): void {
  const payload = {
    card,
    transactionId,
    body: ctx.body,
    availableBalance: available(ctx.world, card),
    ...extra,
  };
  // The payload is `CardEvent` with this event's extra fields, `Emitted[E]` (TypeScript does not follow `E` here).
  ctx.emit(event, payload as Emitted[E]);
}

/** A declined purchase of a known card: the answer's code, and the authorisation webhook reporting it. */
/** The simulator's codes for a declined purchase. */
type Declined = NonNullable<ReturnType<typeof declined>> | 'DENIED_OTHER';

function decline(ctx: PurchaseCtx, card: CardInstrument, code: Declined, reason: string = code) {
  emitCard(
    ctx,
    '/managed_cards/authorisations/watch',
    card,
    ctx.world.newId(),
    DECLINE_REASONS[reason] ?? {},
  );
  return ok({ code });
}

function purchase(ctx: PurchaseCtx, card: Instrument | undefined) {
  const refused = declined(ctx, card);
  // `declined` answers DENIED_CARD_NOT_FOUND exactly when `card` is no card.
  if (card?.kind !== 'managed_cards' || refused === 'DENIED_CARD_NOT_FOUND') return ok({ code: refused });
  if (refused) return decline(ctx, card, refused);
  const url = ctx.programme.cardAuthorisationUrl;
  if (!url) return settlePurchase(ctx, card);
  // Forwarded: the programme decides within 1.5 s, else the card's default (DECLINE when it sets none).
  return askAuthorisation(url, ctx.programme.apiKey, authorisationRequest(ctx, card, ctx.world.newId())).then(
    (result) => {
      const decision =
        result ?? (card.resource.authForwardingDefaultTimeoutDecision === 'APPROVE' ? 'APPROVED' : 'DENIED');
      if (decision !== 'APPROVED') return decline(ctx, card, 'DENIED_OTHER', 'DENIED_FORWARDING');
      const now = declined(ctx, card);
      return now ? decline(ctx, card, now) : settlePurchase(ctx, card);
    },
  );
}

function settlePurchase(ctx: PurchaseCtx, card: CardInstrument) {
  const amount = amountOf(ctx.body.transactionAmount);
  const tx = cardPayment(ctx, card, amount, 'PURCHASE');
  post(ctx, card, -amount.amount, {
    transactionId: tx.id,
    txType: 'card_payments',
    entryType: 'SETTLEMENT',
    description: ctx.body.merchantName,
  });
  emitCard(ctx, '/managed_cards/authorisations/watch', card, tx.id, {});
  emitCard(ctx, '/managed_cards/settlements/watch', card, tx.id, { settlementType: 'SALE_PURCHASE' });
  ctx.emit('/managed_cards/payments/watch', { card, tx });
  return ok({ code: 'APPROVED' });
}

function refund(ctx: RefundCtx, card: Instrument | undefined) {
  const amount = amountOf(ctx.body.transactionAmount);
  if (card?.kind !== 'managed_cards') return ok({ code: 'DENIED_CARD_NOT_FOUND' });
  if (!(amount.amount > 0)) return ok({ code: 'DENIED_AMOUNT_NOT_POSITIVE' });
  if (amount.currency !== currencyOf(ctx.world, card)) return ok({ code: 'DENIED_OTHER' });
  const tx = cardPayment(ctx, card, amount, 'MERCHANT_REFUND');
  post(ctx, card, amount.amount, {
    transactionId: tx.id,
    txType: 'card_payments',
    entryType: 'MERCHANT_REFUND',
    description: ctx.body.merchantName,
  });
  emitCard(ctx, '/managed_cards/settlements/watch', card, tx.id, { settlementType: 'PURCHASE_REFUND' });
  ctx.emit('/managed_cards/payments/watch', { card, tx });
  return ok({ code: 'APPROVED' });
}

/** A card found by its number, CVV and expiry (MMYY), as a merchant presents it. */
function cardByNumber(
  ctx: TypedCtx<'simulator', 'cards_purchase'> | TypedCtx<'simulator', 'cards_merchant_refund'>,
): CardInstrument | undefined {
  const number = String(ctx.body.cardNumber).replace(/\s+/g, '');
  const card = [...ctx.world.instruments.values()].find(
    (i): i is CardInstrument => i.kind === 'managed_cards' && i.cardNumber === number,
  );
  if (!card || card.cvv !== String(ctx.body.cvv) || card.resource.expiryMmyy !== String(ctx.body.expiryDate))
    return undefined;
  return card;
}

const cardById = (ctx: Ctx) => ctx.world.instruments.get(ctx.path.card_id as string);

// --- KYB / KYC ---

function verify(param: string, event: '/corporates/kyb/watch' | '/consumers/kyc/watch') {
  return (ctx: Ctx) => {
    const identity = ctx.world.identities.get(ctx.path[param] as string);
    if (identity) {
      identity.verification = 'APPROVED';
      ctx.emit(event, identity);
    }
    return noContent();
  };
}

const expire = (ctx: Ctx) => {
  const card = cardById(ctx);
  if (card?.kind === 'managed_cards') {
    card.resource.state = { state: 'DESTROYED', destroyedReason: 'EXPIRED' };
    ctx.emit('/managed_cards/expiries/watch', card);
  }
  return noContent();
};

export const simulatorHandlers = area({
  simulator: {
    accounts_account_id_deposit: depositById,
    accounts_deposit: depositByIban,
    cards_card_id_purchase: (ctx) => purchase(ctx, cardById(ctx)),
    cards_purchase: (ctx) => purchase(ctx, cardByNumber(ctx)),
    cards_card_id_merchant_refund: (ctx) => refund(ctx, cardById(ctx)),
    cards_merchant_refund: (ctx) => refund(ctx, cardByNumber(ctx)),
    cards_card_id_expire: expire,
    corporates_corporate_id_verify: verify('corporate_id', '/corporates/kyb/watch'),
    consumers_consumer_id_verify: verify('consumer_id', '/consumers/kyc/watch'),
  },
});
