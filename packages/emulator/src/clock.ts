/** The emulator's time: wall-clock milliseconds plus whatever a test has advanced it by. */
export interface Clock {
  /** Milliseconds since the epoch, as the emulator sees them. */
  now(): number;
  /** Moves the emulator's time forward (token expiry, step-up re-issue windows, bulk progress). */
  advance(ms: number): void;
}

export function createClock(base: () => number = Date.now): Clock {
  let offset = 0;
  return {
    now: () => base() + offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError('clock.advance: ms must be a finite number ≥ 0');
      offset += ms;
    },
  };
}
