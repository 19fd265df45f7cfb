import { conflict, notFound } from '../http-error.js';
import { checkFunds, currencyOf, feeAmount, post } from '../money.js';
import { area, type TypedCtx } from '../typed.js';
import { type IdentityRef, sameIdentity, type Transaction } from '../world.js';
import { identityOf, ok } from './common.js';

/**
 * Back-Office `POST /access_token` (and its deprecated twin): a token acting for the identity, on the same state
 * Multi users see. Weavr's Back-Office tokens were tested to last six months: they do not expire here.
 */
const accessToken = (
  ctx: TypedCtx<'backoffice', 'requestAccessToken'> | TypedCtx<'backoffice', 'impersonateIdentityLogin'>,
) => {
  const wanted: IdentityRef = ctx.body.identity;
  const identity = ctx.world.identities.get(wanted.id);
  // An unknown identity, another type's id or an authorised user's id are 404, not the spec's 409
  // (QA: ImpersonateIdentityTests.ImpersonateIdentity_UnknownIdentity_NotFound, ..._CrossIdentity_NotFound).
  if (!identity || identity.ref.type !== wanted.type) throw notFound();
  const token = ctx.world.newToken({ type: 'BACKOFFICE', identity: identity.ref });
  return ok({
    token: { token: token.value },
    identity: identity.ref,
    credentials: { type: 'ROOT', id: identity.rootUserId },
  });
};

/**
 * Charges one of the programme's custom fees to an instrument of the identity, as Weavr's QA suite sees it
 * (`backoffice/fees/ChargeFeeTests.ChargeFee_ConsumerManagedAccount_Success`): the transaction is `CHARGE_FEE`,
 * under the identity's profile; another identity's instrument is unresolved like an unknown one.
 */
type ChargeFee =
  | TypedCtx<'backoffice', 'chargeFee'>
  | TypedCtx<'backoffice', 'corporateChargeFee'>
  | TypedCtx<'backoffice', 'consumerChargeFee'>
  | TypedCtx<'multi', 'corporateChargeFee'>
  | TypedCtx<'multi', 'consumerChargeFee'>;

function chargeFee(ctx: ChargeFee) {
  const owner = identityOf(ctx);
  const { feeType, source } = ctx.body;
  const fee = ctx.programme.fees[feeType];
  if (fee === undefined) throw conflict('UNRESOLVED_FEE_TYPE');
  const inst = ctx.world.instruments.get(String(source.id));
  if (!inst || inst.kind !== source.type || !sameIdentity(inst.owner, owner))
    throw conflict('UNRESOLVED_INSTRUMENT');
  const currency = currencyOf(ctx.world, inst);
  const amount = feeAmount(fee, currency);
  if (amount === undefined) throw conflict('UNRESOLVED_FEE_TYPE');
  checkFunds(ctx.world, inst, amount);
  const id = ctx.world.newId();
  const resource = {
    transactionId: { type: 'CHARGE_FEE' as const, id },
    profileId: ctx.world.identities.get(owner.id)?.resource.profileId ?? inst.resource.profileId,
    feeType,
    source: { id: inst.id, type: inst.kind },
    // A debit card holds no balance: its parent account pays, and the card's own adjustment is 0 (QA:
    // `ChargeFee_ConsumerDebitCard_Success`).
    availableBalanceAdjustment: {
      currency,
      amount: inst.kind === 'managed_cards' && inst.resource.mode === 'DEBIT_MODE' ? 0 : -amount,
    },
    state: 'COMPLETED' as const,
    creationTimestamp: ctx.clock.now(),
  };
  const tx: Transaction = { type: 'fees', id, owner, resource };
  ctx.world.transactions.set(id, tx);
  post(ctx, inst, -amount, {
    transactionId: id,
    txType: 'fees',
    entryType: 'CHARGE_FEE',
    description: feeType,
  });
  ctx.emit('/fees/watch', tx);
  return ok(resource);
}

export const backofficeHandlers = area({
  backoffice: {
    requestAccessToken: accessToken,
    impersonateIdentityLogin: accessToken,
    chargeFee,
    corporateChargeFee: chargeFee,
    consumerChargeFee: chargeFee,
  },
  multi: { corporateChargeFee: chargeFee, consumerChargeFee: chargeFee },
});
