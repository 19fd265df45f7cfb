import type { Ctx } from '../context.js';
import { conflict } from '../http-error.js';
import { filterByQuery, page } from '../shape.js';
import { area, type TypedCtx } from '../typed.js';
import type { AccountInstrument, Instrument, InstrumentOf, InstrumentType } from '../world.js';
import { isKind } from '../world.js';
import { applyPatch, defined, identityOf, noContent, ok } from './common.js';
import { requireVerified } from './verification.js';

/** 409 `CURRENCY_NOT_SUPPORTED_BY_PROFILE` unless the programme's `profile` supports `currency`. */
export function checkCurrency(
  ctx: Ctx,
  profile: 'managedAccounts' | 'managedCards',
  currency: unknown,
): void {
  if (!ctx.programme.currencies[profile].has(String(currency)))
    throw conflict('CURRENCY_NOT_SUPPORTED_BY_PROFILE');
}

function account(ctx: Ctx): AccountInstrument {
  return ctx.world.instrument('managed_accounts', ctx.path.id as string, ctx.caller.identity);
}

const create = (ctx: TypedCtx<'multi', 'managedAccountCreate'>) => {
  const owner = identityOf(ctx);
  if (ctx.body.profileId !== ctx.programme.profiles.managedAccounts) throw conflict('PROFILE_NOT_FOUND');
  checkCurrency(ctx, 'managedAccounts', ctx.body.currency);
  requireVerified(ctx, owner);
  const id = ctx.world.newId();
  const resource = defined({
    id,
    profileId: ctx.body.profileId,
    tag: ctx.body.tag,
    friendlyName: ctx.body.friendlyName,
    currency: ctx.body.currency,
    balances: { availableBalance: 0, actualBalance: 0 },
    state: { state: 'ACTIVE' as const },
    creationTimestamp: ctx.clock.now(),
    lowBalanceThreshold: ctx.body.lowBalanceThreshold,
  });
  const account: Instrument = { kind: 'managed_accounts', id, owner, resource };
  ctx.world.instruments.set(id, account);
  ctx.emit('/managed_accounts/watch', { account, type: 'CREATED' });
  return ok(resource);
};

/** `GET /managed_accounts` and `GET /managed_cards`: the identity's instruments, newest first, filtered. */
export function listInstruments<K extends InstrumentType, F extends string, R extends object>(
  kind: K,
  field: F,
  view: (ctx: Ctx, i: InstrumentOf<K>) => R,
) {
  return (ctx: Ctx) => {
    const mine = ctx.world
      .ownedBy(ctx.world.instruments.values(), identityOf(ctx))
      .filter((i): i is InstrumentOf<K> => isKind(i, kind));
    const resources = mine.map((i) => view(ctx, i));
    return ok(page(field, filterByQuery(resources, ctx.query), ctx.query));
  };
}

const get = (ctx: Ctx) => ok(account(ctx).resource);

const update = (ctx: TypedCtx<'multi', 'managedAccountUpdate'>) => {
  const a = account(ctx);
  const { clearLowBalanceThreshold, ...patch } = ctx.body ?? {};
  applyPatch(a.resource, patch, ['tag', 'friendlyName', 'lowBalanceThreshold']);
  if (clearLowBalanceThreshold) delete a.resource.lowBalanceThreshold;
  ctx.emit('/managed_accounts/watch', { account: a, type: 'UPDATED' });
  return ok(a.resource);
};

/** Block, unblock and remove, shared by managed accounts and managed cards. */
export function stateChange(kind: InstrumentType, to: 'BLOCKED' | 'ACTIVE' | 'DESTROYED') {
  return (ctx: Ctx) => {
    const i: Instrument = ctx.world.instrument(kind, ctx.path.id as string, ctx.caller.identity);
    const state = i.resource.state.state;
    if (state === 'DESTROYED')
      throw conflict(to === 'DESTROYED' ? 'INSTRUMENT_ALREADY_REMOVED' : 'INSTRUMENT_DESTROYED');
    if (to === 'BLOCKED' && state === 'BLOCKED') throw conflict('INSTRUMENT_ALREADY_BLOCKED');
    if (to === 'ACTIVE' && state !== 'BLOCKED') throw conflict('INSTRUMENT_NOT_BLOCKED');
    if (to === 'DESTROYED') {
      const own = 'balances' in i.resource ? i.resource.balances : undefined;
      if (own && (own.availableBalance !== 0 || own.actualBalance !== 0)) throw conflict('BALANCE_NOT_ZERO');
      if (
        kind === 'managed_accounts' &&
        [...ctx.world.instruments.values()].some(
          (c) =>
            'parentManagedAccountId' in c.resource &&
            c.resource.parentManagedAccountId === i.id &&
            c.resource.state.state !== 'DESTROYED',
        )
      )
        throw conflict('INSTRUMENT_HAS_LINKED_CARDS');
    }
    i.resource.state =
      to === 'BLOCKED'
        ? { state: 'BLOCKED', blockedReason: 'USER' }
        : to === 'DESTROYED'
          ? { state: 'DESTROYED', destroyedReason: 'USER' }
          : { state: 'ACTIVE' };
    const type = to === 'ACTIVE' ? 'UNBLOCKED' : to;
    if (i.kind === 'managed_accounts') ctx.emit('/managed_accounts/watch', { account: i, type });
    else ctx.emit('/managed_cards/state_change/watch', { card: i, eventType: type });
    return noContent();
  };
}

/** A sandbox IBAN for the account: `GB`, check digits, a fixed bank code, then the account id's last digits. */
function ibanFor(a: AccountInstrument) {
  const tail = a.id.slice(-14);
  return {
    beneficiaryNameAndSurname: a.resource.friendlyName,
    beneficiaryBank: 'Weavr Emulator Bank',
    beneficiaryBankAddress: '1 Emulator Street, London',
    paymentReference: a.id.slice(-8),
    details: { iban: `GB00EMUL${tail}`, bankIdentifierCode: 'EMULGB2L' },
  };
}

const upgradeIban = (ctx: Ctx) => {
  const a = account(ctx);
  if (a.iban) throw conflict('INSTRUMENT_ALREADY_UPGRADED_TO_IBAN');
  if (a.resource.state.state !== 'ACTIVE') throw conflict('INSTRUMENT_IS_NOT_ACTIVE');
  a.iban = { state: 'ALLOCATED', bankAccountDetails: [ibanFor(a)] };
  return ok(a.iban);
};

const getIban = (ctx: Ctx) =>
  ok(account(ctx).iban ?? { state: 'UNALLOCATED' as const, bankAccountDetails: [] });

export const accountHandlers = area({
  multi: {
    managedAccountCreate: create,
    managedAccountsGet: listInstruments('managed_accounts', 'accounts', (_ctx, i) => i.resource),
    managedAccountGet: get,
    managedAccountUpdate: update,
    managedAccountBlock: stateChange('managed_accounts', 'BLOCKED'),
    managedAccountUnblock: stateChange('managed_accounts', 'ACTIVE'),
    managedAccountRemove: stateChange('managed_accounts', 'DESTROYED'),
    managedAccountsIBANUpgrade: upgradeIban,
    managedAccountIBANGet: getIban,
  },
  backoffice: { managedAccountGet: get },
});
