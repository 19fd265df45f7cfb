import { randomBytes } from 'node:crypto';
import type { Ctx } from '../context.js';
import { badRequest, conflict, notFound, unauthorized } from '../http-error.js';
import type { ManagedCard } from '../resources.js';
import { area, type RequestOf, type TypedCtx } from '../typed.js';
import { type CardInstrument, sameIdentity } from '../world.js';
import { checkCurrency, listInstruments, stateChange } from './accounts.js';
import { applyPatch, defined, identityOf, noContent, ok } from './common.js';
import { withAvailableToSpend } from './spend.js';
import { requireVerified } from './verification.js';

/** Cards the emulator issues: virtual Mastercards, valid for three years. */
const EXPIRY_MONTHS = 36;
const BIN = '522093';

function card(ctx: Ctx): CardInstrument {
  return ctx.world.instrument('managed_cards', ctx.path.id as string, ctx.caller.identity);
}

function mmyy(ms: number, addMonths = 0): string {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + addMonths);
  return `${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCFullYear() % 100).padStart(2, '0')}`;
}

/** A card number passing the Luhn check, from the BIN and the card id. */
function cardNumber(id: string): string {
  const body = `${BIN}${id.slice(-9)}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

const create = (ctx: TypedCtx<'multi', 'managedCardCreate'>) => {
  const owner = identityOf(ctx);
  // The spec's body is a prepaid or a debit shape; a body mixing their fields is refused below with Weavr's 400,
  // so both shapes' fields are read here.
  const b = ctx.body as typeof ctx.body & {
    currency?: string;
    parentManagedAccountId?: string;
    userCurrency?: string;
  };
  // A prepaid card names its currency and no parent; a debit card its parent and no currency (Weavr answers 400,
  // QA: `CreateManagedCard_PrepaidNoCurrency_BadRequest`, `…_DebitWithCurrencyNoParentManagedAccountId_BadRequest`).
  if (b.mode === 'PREPAID_MODE' ? !b.currency || b.parentManagedAccountId : !b.parentManagedAccountId)
    throw badRequest(
      b.mode === 'PREPAID_MODE'
        ? 'A prepaid mode card needs a currency and no parentManagedAccountId'
        : 'A debit mode card needs a parentManagedAccountId',
    );
  if (b.profileId !== ctx.programme.profiles.managedCards) throw conflict('PROFILE_NOT_FOUND');
  requireVerified(ctx, owner);
  let currency: string;
  if (b.mode === 'DEBIT_MODE') {
    const parent = ctx.world.instruments.get(String(b.parentManagedAccountId));
    if (parent?.kind !== 'managed_accounts' || parent.owner.id !== owner.id)
      throw conflict('PARENT_MANAGED_ACCOUNT_NOT_FOUND');
    if (parent.resource.state.state !== 'ACTIVE') throw conflict('PARENT_MANAGED_ACCOUNT_NOT_ACTIVE');
    currency = parent.resource.currency;
  } else if (b.mode !== 'PREPAID_MODE') {
    throw conflict('MODEL_CONSTRAINTS_VIOLATED');
  } else {
    // The spec lets any string through; Weavr answers 400 to one that is not an ISO code (QA:
    // `CreateManagedCard_PrepaidInvalidCurrency_BadRequest`).
    if (!/^[A-Z]{3}$/.test(String(b.currency)))
      throw badRequest('request.currency: must be a 3-letter ISO code');
    currency = String(b.currency);
    checkCurrency(ctx, 'managedCards', currency);
  }
  const id = ctx.world.newId();
  const number = cardNumber(id);
  const now = ctx.clock.now();
  const head = {
    id,
    profileId: b.profileId,
    externalHandle: randomBytes(8).toString('hex'),
    tag: b.tag,
    friendlyName: b.friendlyName,
    currency,
    state: { state: 'ACTIVE' as const },
    type: 'VIRTUAL' as const,
    cardBrand: 'MASTERCARD' as const,
    cardNumberFirstSix: number.slice(0, 6),
    cardNumberLastFour: number.slice(-4),
    nameOnCard: b.nameOnCard,
    nameOnCardLine2: b.nameOnCardLine2,
    startMmyy: mmyy(now),
    expiryMmyy: mmyy(now, EXPIRY_MONTHS),
    cardLevelClassification: owner.type,
    expiryPeriodMonths: EXPIRY_MONTHS,
    // QA: `CreateManagedCardTests.assertCommonResponseDetails` sees NO_RENEW when none is asked for.
    renewalType: b.renewalType ?? 'NO_RENEW',
    creationTimestamp: now,
    cardholderMobileNumber: b.cardholderMobileNumber,
    billingAddress: b.billingAddress,
    digitalWallets: b.digitalWallets ?? { pushProvisioningEnabled: false, walletsEnabled: false },
    authForwardingDefaultTimeoutDecision: b.authForwardingDefaultTimeoutDecision,
    threeDSecureAuthConfig: b.threeDSecureAuthConfig,
  };
  const tail = { externalData: b.externalData, userId: b.userId };
  // The fields in the order they have always been answered in: `mode`, then the mode's own fields last.
  const resource: ManagedCard =
    b.mode === 'DEBIT_MODE'
      ? defined({
          ...head,
          mode: b.mode,
          ...tail,
          parentManagedAccountId: String(b.parentManagedAccountId),
          userCurrency: b.userCurrency,
        })
      : defined({ ...head, mode: b.mode, ...tail, balances: { availableBalance: 0, actualBalance: 0 } });
  const cvv = String(100 + (Number(id.slice(-6)) % 900));
  const inst: CardInstrument = { kind: 'managed_cards', id, owner, resource, cardNumber: number, cvv };
  ctx.world.instruments.set(id, inst);
  return ok(withAvailableToSpend(ctx, inst));
};

const get = (ctx: Ctx) => ok(withAvailableToSpend(ctx, card(ctx)));

/**
 * Back-Office reads another identity's card as 401, not 404 (QA: `backoffice/managedcards/GetManagedCardTests.
 * GetManagedCard_CrossIdentityImpersonation_Unauthorised`; its account twin stays 404).
 */
const backofficeGet = (ctx: Ctx) => {
  const i = ctx.world.instruments.get(ctx.path.id as string);
  const acting = ctx.caller.identity;
  if (i?.kind === 'managed_cards' && acting && !sameIdentity(i.owner, acting)) throw unauthorized();
  return get(ctx);
};

const update = (ctx: TypedCtx<'multi', 'managedCardUpdate'>) => {
  const c = card(ctx);
  if (c.resource.state.state === 'DESTROYED') throw conflict('INSTRUMENT_DESTROYED');
  // Only a physical card is delivered (QA: `PatchManagedCard_PatchDeliveryAddressCardNotPhysical_InstrumentNotPhysical`).
  if (ctx.body?.deliveryAddress && c.resource.type !== 'PHYSICAL') throw conflict('INSTRUMENT_NOT_PHYSICAL');
  applyPatch(c.resource, ctx.body, [
    'tag',
    'friendlyName',
    'nameOnCard',
    'nameOnCardLine2',
    'cardholderMobileNumber',
    'billingAddress',
    'digitalWallets',
    'authForwardingDefaultTimeoutDecision',
    'threeDSecureAuthConfig',
    'externalData',
  ]);
  return ok(withAvailableToSpend(ctx, c));
};

const renewal = (ctx: TypedCtx<'backoffice', 'managedCardRenewalTypeUpdate'>) => {
  const c = card(ctx);
  c.resource.renewalType = ctx.body.renewalType;
  return noContent();
};

// --- spend rules ---

/** One spend limit as the spec's spend rules carry it. */
type SpendLimit = NonNullable<RequestOf<'multi', 'managedCardSpendRulesCreate'>['spendLimit']>[number];

function checkRules(c: CardInstrument, rules: { spendLimit?: readonly SpendLimit[] }): void {
  const limits = rules.spendLimit ?? [];
  if (limits.length && c.resource.mode === 'PREPAID_MODE')
    throw conflict('SPEND_LIMIT_NOT_SUPPORTED_FOR_PREPAID_MODE_CARD');
  const intervals = new Set<string>();
  for (const l of limits) {
    if (l.value.currency !== c.resource.currency)
      throw conflict('SPEND_LIMIT_CURRENCY_DIFFERENT_FROM_CARD_CURRENCY');
    // A zero limit is accepted; a negative one is not (QA: `PostManagedCardSpendRules_InvalidLimitAmount_…`).
    if (!(l.value.amount >= 0)) throw conflict('SPEND_LIMIT_AMOUNT_INVALID');
    if (intervals.has(l.interval)) throw conflict('SPEND_LIMIT_DUPLICATE_INTERVAL');
    intervals.add(l.interval);
  }
}

/**
 * The rules as set, at the top level and as `cardLevelSpendRules`; `rolloverPolicy` only in the latter, where the
 * spec's answer has it (its top level does not).
 */
const getRules = (ctx: Ctx) => {
  const rules = card(ctx).spendRules ?? {};
  const { rolloverPolicy: _inCardLevelOnly, ...top } = rules;
  return ok({ ...top, cardLevelSpendRules: rules });
};

type RulesBody =
  | TypedCtx<'multi', 'managedCardSpendRulesCreate'>
  | TypedCtx<'backoffice', 'managedCardSpendRulesCreate'>;

const createRules = (ctx: RulesBody) => {
  const c = card(ctx);
  if (c.spendRules) throw conflict('SPEND_RULE_ALREADY_SET');
  checkRules(c, ctx.body);
  c.spendRules = structuredClone(ctx.body);
  return noContent();
};

/** Rules that were never set (or were deleted) cannot be patched or deleted: 404 (QA: `…_NoRulesSet_NotFound`). */
function rulesOf(c: CardInstrument): NonNullable<CardInstrument['spendRules']> {
  if (!c.spendRules) throw notFound();
  return c.spendRules;
}

type RulesPatch =
  | TypedCtx<'multi', 'managedCardSpendRulesUpdate'>
  | TypedCtx<'backoffice', 'managedCardSpendRulesUpdate'>;

const updateRules = (ctx: RulesPatch) => {
  const c = card(ctx);
  rulesOf(c);
  const next = { ...(c.spendRules ?? {}), ...ctx.body };
  checkRules(c, next);
  c.spendRules = next;
  return noContent();
};

const deleteRules = (ctx: Ctx) => {
  const c = card(ctx);
  rulesOf(c);
  c.spendRules = undefined;
  return noContent();
};

export const cardHandlers = area({
  multi: {
    managedCardCreate: create,
    managedCardsGet: listInstruments('managed_cards', 'cards', withAvailableToSpend),
    managedCardGet: get,
    managedCardUpdate: update,
    managedCardBlock: stateChange('managed_cards', 'BLOCKED'),
    managedCardUnblock: stateChange('managed_cards', 'ACTIVE'),
    managedCardRemove: stateChange('managed_cards', 'DESTROYED'),
    managedCardSpendRulesGet: getRules,
    managedCardSpendRulesCreate: createRules,
    managedCardSpendRulesUpdate: updateRules,
    managedCardSpendRulesDelete: deleteRules,
  },
  backoffice: {
    managedCardGet: backofficeGet,
    managedCardRenewalTypeUpdate: renewal,
    managedCardBlock: stateChange('managed_cards', 'BLOCKED'),
    managedCardUnblock: stateChange('managed_cards', 'ACTIVE'),
    managedCardRemove: stateChange('managed_cards', 'DESTROYED'),
    managedCardSpendRulesGet: getRules,
    managedCardSpendRulesCreate: createRules,
    managedCardSpendRulesUpdate: updateRules,
    managedCardSpendRulesDelete: deleteRules,
  },
});
