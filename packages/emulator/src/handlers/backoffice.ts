import type { Ctx, Handler, Handlers } from '../context.js';
import { conflict, notFound } from '../http-error.js';
import { checkFunds, currencyOf, post } from '../money.js';
import type { IdentityRef } from '../world.js';
import { identityOf, ok } from './common.js';

/**
 * Back-Office `POST /access_token` (and its deprecated twin): a token acting for the identity, on the same state
 * Multi users see. Weavr's Back-Office tokens were tested to last six months: they do not expire here.
 */
const accessToken: Handler = (ctx) => {
  const wanted = ctx.body.identity as IdentityRef;
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

/** Charges one of the programme's custom fees to an instrument of the identity. */
function chargeFee(ctx: Ctx) {
  const owner = identityOf(ctx);
  const { feeType, source } = ctx.body;
  const fee = ctx.programme.fees[feeType];
  if (fee === undefined) throw conflict('UNRESOLVED_FEE_TYPE');
  const inst = ctx.world.instruments.get(String(source.id));
  if (!inst || inst.kind !== source.type) throw conflict('UNRESOLVED_INSTRUMENT');
  if (inst.owner.id !== owner.id) throw conflict('IDENTITY_NOT_OWNER_OF_INSTRUMENT');
  checkFunds(ctx.world, inst, fee);
  const id = ctx.world.newId();
  const currency = currencyOf(ctx.world, inst);
  const resource = {
    transactionId: { type: 'MANUAL_TRANSACTION', id },
    profileId: inst.resource.profileId,
    feeType,
    source: { id: inst.id, type: inst.kind },
    availableBalanceAdjustment: { currency, amount: -fee },
    state: 'COMPLETED',
    creationTimestamp: ctx.clock.now(),
  };
  const tx = { type: 'fees', id, owner, resource };
  ctx.world.transactions.set(id, tx);
  post(ctx, inst, -fee, {
    transactionId: id,
    txType: 'fees',
    entryType: 'CHARGE_FEE',
    description: feeType,
  });
  ctx.emit('/fees/watch', tx);
  return ok(resource);
}

export const backofficeHandlers: Handlers = {
  'backoffice POST /access_token': accessToken,
  'backoffice POST /impersonate_identity_login': accessToken,
  'backoffice POST /fees/charge': chargeFee,
  'backoffice POST /corporates/fees/charge': chargeFee,
  'backoffice POST /consumers/fees/charge': chargeFee,
  'multi POST /corporates/fees/charge': chargeFee,
  'multi POST /consumers/fees/charge': chargeFee,
};
