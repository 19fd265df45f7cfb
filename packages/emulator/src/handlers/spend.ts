import type { Ctx } from '../context.js';
import type { ManagedCard } from '../resources.js';
import type { CardInstrument, Instrument, World } from '../world.js';

const PERIOD_START: Record<string, (d: Date) => void> = {
  DAILY: () => {},
  WEEKLY: (d) => d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)),
  MONTHLY: (d) => d.setUTCDate(1),
  QUARTERLY: (d) => d.setUTCMonth(d.getUTCMonth() - (d.getUTCMonth() % 3), 1),
  YEARLY: (d) => d.setUTCMonth(0, 1),
};

/** Where the spend-limit window of `interval` starts (`ALWAYS`: the beginning). */
export function windowStart(interval: string, now: number): number {
  const set = PERIOD_START[interval];
  if (!set) return 0;
  const d = new Date(now);
  d.setUTCHours(0, 0, 0, 0);
  set(d);
  return d.getTime();
}

/** What the card's purchases took since `from` (minor units, positive). */
export function spentSince(world: World, card: Instrument, from: number): number {
  return (world.ledger.get(card.id) ?? [])
    .filter((e) => e.entryType === 'SETTLEMENT' && e.timestamp >= from)
    .reduce((sum, e) => sum - e.amount, 0);
}

/**
 * A debit card's `availableToSpend`: per spend limit, the limit less what was spent in its window; a card without
 * limits shows `{ amount: 0, interval: 'ALWAYS' }` (QA: `CreateManagedCardTests.CreateManagedCard_DebitCorporate_Success`).
 * Prepaid cards carry none. Computed when the card is read, so it follows purchases and rule changes.
 */
export function withAvailableToSpend(ctx: Pick<Ctx, 'world' | 'clock'>, card: CardInstrument): ManagedCard {
  const r = card.resource;
  if (r.mode !== 'DEBIT_MODE') return r;
  const limits = card.spendRules?.spendLimit ?? [];
  const now = ctx.clock.now();
  r.availableToSpend = limits.length
    ? limits.map((l) => ({
        value: {
          currency: l.value.currency,
          amount: l.value.amount - spentSince(ctx.world, card, windowStart(l.interval, now)),
        },
        interval: l.interval,
      }))
    : [{ value: { currency: r.currency, amount: 0 }, interval: 'ALWAYS' }];
  return r;
}
