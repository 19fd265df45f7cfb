import { onAbort } from './abort.js';
import { WeavrConfigError } from './errors.js';

/**
 * A client-side cap on requests, per window (see `createRateLimiter`). Weavr's default programme limits are 100 requests a minute,
 * 1,000 an hour and 10,000 a day; going over answers 429.
 */
export interface RateLimitOptions {
  /** Most requests in any 60 s. @default no limit (Weavr's default programme limit is 100) */
  perMinute?: number;
  /** Most requests in any hour. @default no limit (Weavr's default programme limit is 1,000) */
  perHour?: number;
  /** Most requests in any 24 h. @default no limit (Weavr's default programme limit is 10,000) */
  perDay?: number;
}

const WINDOWS = [
  ['perMinute', 60_000],
  ['perHour', 3_600_000],
  ['perDay', 86_400_000],
] as const;

interface Waiter {
  resolve: () => void;
}

/**
 * A sliding-window limiter: a request may start when, in every window, fewer than its limit started within
 * the window's length before now. Requests over the limit wait in order (first come, first served); an
 * aborted one leaves the queue.
 */
export class RateLimiter {
  private readonly windows: { ms: number; limit: number }[];
  private readonly longest: number;
  /** Start times of the requests let through, oldest first, pruned past the longest window. */
  private readonly started: number[] = [];
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(windows: { ms: number; limit: number }[]) {
    this.windows = windows;
    this.longest = Math.max(...windows.map((w) => w.ms));
  }

  /** Resolves when a request may start (counting it), or rejects with `onAborted()` if `signal` aborts first. */
  take(signal: AbortSignal | undefined, onAborted: () => unknown): Promise<void> {
    if (signal?.aborted) return Promise.reject(onAborted());
    if (!this.queue.length && this.wait() === 0) {
      this.started.push(Date.now());
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: () => {
          unsubscribe();
          resolve();
        },
      };
      const unsubscribe = onAbort(signal, () => {
        const i = this.queue.indexOf(waiter);
        if (i !== -1) this.queue.splice(i, 1);
        // Nobody left to wake: a timer armed for them would hold the process open for up to the window.
        if (!this.queue.length) this.disarm();
        reject(onAborted());
      });
      this.queue.push(waiter);
      this.schedule();
    });
  }

  /** Milliseconds until one more request fits in every window (0: now). */
  private wait(): number {
    const now = Date.now();
    const s = this.started;
    while (s.length && (s[0] as number) <= now - this.longest) s.shift();
    let wait = 0;
    for (const { ms, limit } of this.windows) {
      // The limit-th most recent start must leave the window before another request fits.
      const blocking = s.length >= limit ? (s[s.length - limit] as number) : undefined;
      if (blocking !== undefined && blocking > now - ms) wait = Math.max(wait, blocking + ms - now);
    }
    return wait;
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      while (this.queue.length && this.wait() === 0) {
        this.started.push(Date.now());
        this.queue.shift()?.resolve();
      }
      if (this.queue.length) this.schedule();
    }, this.wait());
  }
}

/**
 * A rate limit to pass as a client's `rateLimit`: requests over it wait their turn. Every client given the
 * same limiter shares its budget (clients derived with `withOptions` or `intercept` keep their parent's).
 * Built only when asked for, so a bundle that never limits does not carry it.
 *
 * @example
 * const rateLimit = createRateLimiter({ perMinute: 100, perHour: 1_000, perDay: 10_000 }); // Weavr's defaults
 * const weavr = createMultiClient({ apiKey, rateLimit });
 */
export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const where = 'createRateLimiter';
  if (options === null || typeof options !== 'object')
    throw new WeavrConfigError(`${where}: options must be an object, e.g. { perMinute: 100 }`);
  const windows: { ms: number; limit: number }[] = [];
  for (const [name, ms] of WINDOWS) {
    const limit = options[name];
    if (limit === undefined) continue;
    if (!(Number.isSafeInteger(limit) && limit > 0))
      throw new WeavrConfigError(
        `${where}: ${name} must be a whole number of requests above 0 (got ${String(limit)})`,
      );
    windows.push({ ms, limit });
  }
  if (!windows.length)
    throw new WeavrConfigError(`${where}: give perMinute, perHour or perDay, e.g. { perMinute: 100 }`);
  return new RateLimiter(windows);
}
