import type { Ctx, Programme } from './context.js';
import { conflict } from './http-error.js';
import type { TransactionFees } from './options.js';
import type { Balances } from './resources.js';
import type { Instrument, LedgerEntry, World } from './world.js';

/** The balances a movement on `inst` changes: its own, or a debit card's parent account's. */
export function fundsOf(world: World, inst: Instrument): Instrument {
  if (inst.kind === 'managed_cards' && inst.resource.mode === 'DEBIT_MODE') {
    const parent = world.instruments.get(inst.resource.parentManagedAccountId);
    if (parent) return parent;
  }
  return inst;
}

export function currencyOf(world: World, inst: Instrument): string {
  return fundsOf(world, inst).resource.currency ?? inst.resource.currency;
}

/** The balances an instrument holds: an account's and a prepaid card's; a debit card holds none of its own. */
function balancesOf(inst: Instrument): Balances | undefined {
  return 'balances' in inst.resource ? inst.resource.balances : undefined;
}

export function available(world: World, inst: Instrument): number {
  return balancesOf(fundsOf(world, inst))?.availableBalance ?? 0;
}

/** 409 unless `inst` can take part in a transaction (as source or destination). */
export function checkUsable(inst: Instrument, side: 'SOURCE' | 'DESTINATION'): void {
  const state = inst.resource.state?.state;
  if (state === 'DESTROYED') throw conflict(`${side}_INSTRUMENT_DESTROYED`);
  if (state === 'BLOCKED') throw conflict(`${side}_INSTRUMENT_BLOCKED`);
}

/**
 * Moves `amount` (minor units, signed) on the instrument's balances and writes the ledger entry. The available
 * and actual balances move together: after a completed transaction they agree. An account whose available
 * balance drops below its `lowBalanceThreshold` is reported (`/managed_accounts/low_balance/watch`).
 */
export function post(
  { world, emit }: Pick<Ctx, 'world' | 'emit'>,
  inst: Instrument,
  amount: number,
  entry: Pick<LedgerEntry, 'transactionId' | 'txType' | 'entryType'> &
    Partial<Pick<LedgerEntry, 'description' | 'fee'>>,
): LedgerEntry {
  const funds = fundsOf(world, inst);
  // A debit card whose parent account is gone keeps its own balances (as a prepaid card does).
  const balances = balancesOf(funds) ?? { availableBalance: 0, actualBalance: 0 };
  (funds.resource as { balances?: Balances }).balances = balances;
  const before = balances.availableBalance;
  balances.availableBalance += amount;
  balances.actualBalance += amount;
  if (funds.kind === 'managed_accounts') {
    const threshold = funds.resource.lowBalanceThreshold;
    // Compared as numbers are: an account without a threshold (`undefined`) is never low.
    if (threshold !== undefined && before >= threshold && balances.availableBalance < threshold)
      emit('/managed_accounts/low_balance/watch', funds);
  }
  return world.addEntry({
    instrumentId: inst.id,
    currency: funds.resource.currency,
    amount,
    balanceAfter: balances.availableBalance,
    timestamp: world.clock.now(),
    ...entry,
  });
}

/** 409 FUNDS_INSUFFICIENT unless `inst` can pay `amount`. */
export function checkFunds(
  world: World,
  inst: Instrument,
  amount: number,
  code = 'FUNDS_INSUFFICIENT',
): void {
  if (available(world, inst) < amount) throw conflict(code);
}

/** The amount of `fee` in `currency`: one amount for every currency, or one per currency. */
export function feeAmount(fee: number | Record<string, number>, currency: string): number | undefined {
  return typeof fee === 'number' ? fee : fee[currency];
}

/** The programme's fee on a transaction of `kind` in `currency` (`transactionFees`), 0 when none is set. */
export function transactionFee(
  programme: Pick<Programme, 'transactionFees'>,
  kind: keyof TransactionFees,
  currency: string,
): number {
  const fee = programme.transactionFees[kind];
  return fee === undefined ? 0 : (feeAmount(fee, currency) ?? 0);
}
