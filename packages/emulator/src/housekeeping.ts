/**
 * Time-driven work, on the emulator's scheduler (`clock.ts`): running bulk processes move on and idle tokens are
 * forgotten when their time comes, on a real-time timer or when a test moves the clock, never while a request
 * is being answered (no caller does someone else's work or waits for it).
 */
import { TOKEN_IDLE_MS } from './auth.js';
import type { SchedulingClock } from './clock.js';
import { type Engine, runOperation } from './dispatch.js';
import { advanceBulks } from './handlers/bulks.js';

/** How often tokens idle past their expiry are forgotten (emulated time; they answer 401 on use anyway). */
const PURGE_EVERY_MS = 60_000;

export interface Housekeeping {
  /** Looks at running bulk processes on the next turn of the scheduler (one has started or resumed). */
  wake(): void;
}

export function startHousekeeping(engine: Engine, clock: SchedulingClock): Housekeeping {
  let cancelBulks: (() => void) | undefined;
  const moveBulks = () => {
    cancelBulks = undefined;
    const next = advanceBulks(
      engine.world,
      clock.now(),
      engine.programme.bulkOperationsPerSecond,
      (...args) => runOperation(engine, ...args),
      engine.emit,
    );
    engine.changed();
    if (next !== undefined) cancelBulks = clock.at(next, moveBulks);
  };
  const purge = () => {
    engine.world.purgeTokens(clock.now(), TOKEN_IDLE_MS);
    clock.at(clock.now() + PURGE_EVERY_MS, purge);
  };
  clock.at(clock.now() + PURGE_EVERY_MS, purge);
  return {
    wake() {
      cancelBulks?.();
      cancelBulks = clock.at(clock.now(), moveBulks);
    },
  };
}
