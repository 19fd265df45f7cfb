/**
 * The emulator's time and its scheduler: wall-clock milliseconds plus whatever a test has advanced it by, and the
 * time-driven work (running bulk processes, forgetting idle tokens) that runs when it falls due, never on the
 * path of a request.
 */
export interface Clock {
  /** Milliseconds since the epoch, as the emulator sees them. */
  now(): number;
  /** Moves the emulator's time forward (token expiry, step-up re-issue windows, bulk progress), then runs what fell due. */
  advance(ms: number): void;
}

/** The clock as the emulator itself holds it: with the scheduler its housekeeping runs on. */
export interface SchedulingClock extends Clock {
  /**
   * Runs `task` once the emulator's time reaches `time`: on a real-time timer that never keeps the process alive,
   * or at once when `advance` moves past it. Returns a function that cancels it.
   */
  at(time: number, task: () => void): () => void;
  /** Drops every pending task and its timer (the emulator is closing). */
  stop(): void;
}

/** The longest wait a Node timer takes (about 24.8 days); a later task is looked at again then. */
const MAX_WAIT_MS = 2 ** 31 - 1;

interface Pending {
  time: number;
  task: () => void;
}

export function createClock(base: () => number = Date.now): SchedulingClock {
  let offset = 0;
  let pending: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  const now = () => base() + offset;

  /** One timer, for the earliest pending task. */
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!pending.length) return;
    const first = Math.min(...pending.map((p) => p.time));
    timer = setTimeout(runDue, Math.min(MAX_WAIT_MS, Math.max(0, first - now()))).unref();
  };

  /** Runs every task due now, earliest first; tasks they schedule wait for the next timer or move of the clock. */
  function runDue(): void {
    const t = now();
    const due = pending.filter((p) => p.time <= t).sort((a, b) => a.time - b.time);
    pending = pending.filter((p) => p.time > t);
    for (const p of due) {
      try {
        p.task();
      } catch (e) {
        // A fault of the emulator's own housekeeping must not stop the clock: say so and carry on.
        console.error('weavr-emulator: a scheduled task failed', e);
      }
    }
    arm();
  }

  return {
    now,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError('clock.advance: ms must be a finite number ≥ 0');
      offset += ms;
      runDue();
    },
    at(time, task) {
      const entry: Pending = { time, task };
      pending.push(entry);
      arm();
      return () => {
        pending = pending.filter((p) => p !== entry);
        arm();
      };
    },
    stop() {
      pending = [];
      arm();
    },
  };
}
