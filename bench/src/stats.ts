/** Medians and the interleaved-rounds loop every timed section shares. */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Samples keyed by contender name, one number per round. */
export type Samples = Map<string, number[]>;

/** Both metrics of one scenario. */
export interface ScenarioSamples {
  wall: Samples;
  cpu: Samples;
}

export const newScenario = (): ScenarioSamples => ({ wall: new Map(), cpu: new Map() });

export function pushCost(s: ScenarioSamples, key: string, cost: { wall: number; cpu: number }): void {
  push(s.wall, key, cost.wall);
  push(s.cpu, key, cost.cpu);
}

/** `push` into the Samples of `group`, creating them on first use. */
export function pushIn(groups: Map<string, Samples>, group: string, key: string, value: number): void {
  let per = groups.get(group);
  if (!per) {
    per = new Map();
    groups.set(group, per);
  }
  push(per, key, value);
}

export function push(samples: Samples, key: string, value: number): void {
  const list = samples.get(key);
  if (list) list.push(value);
  else samples.set(key, [value]);
}

/** A small seeded PRNG (mulberry32), so a run's order is random but reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The items in a shuffled order, different for every round (Fisher-Yates). */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const next = random(0x9e3779b9 ^ round);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Runs `measure` for every item, `rounds` times, in a new shuffled order each round, so no contender always
 * goes first or always follows the same one (warm caches, JIT state, GC debt and CPU frequency drift then
 * spread over all of them). Round 0 is a warm-up and is dropped by the callers.
 */
export async function interleaved<T>(
  items: readonly T[],
  rounds: number,
  measure: (item: T, round: number) => Promise<void>,
): Promise<void> {
  for (let round = 0; round <= rounds; round++) {
    for (const item of roundOrder(items, round)) await measure(item, round);
  }
}

/** Median over rounds of (sample / baseline sample of the same round): robust to drift between rounds. */
export function medianRatio(samples: Samples, key: string, baseline: string): number {
  const a = samples.get(key) ?? [];
  const b = samples.get(baseline) ?? [];
  return median(a.map((x, i) => x / (b[i] as number)));
}

/** Median over rounds of (sample − baseline sample of the same round). */
export function medianDiff(samples: Samples, key: string, baseline: string): number {
  const a = samples.get(key) ?? [];
  const b = samples.get(baseline) ?? [];
  return median(a.map((x, i) => x - (b[i] as number)));
}

export interface Cost {
  /** Wall-clock microseconds per call. */
  wall: number;
  /** This process's CPU microseconds (user + system) per call: the client's own cost, unaffected by other load. */
  cpu: number;
}

/** Runs `n` calls of `fn` with `concurrency` in flight and returns the cost per call. */
export async function perCall(fn: () => Promise<unknown>, n: number, concurrency: number): Promise<Cost> {
  let started = 0;
  const lane = async () => {
    while (started < n) {
      started++;
      await fn();
    }
  };
  // No forced GC before a batch: a fresh heap makes the next few thousand calls 2–3× dearer for every client
  // (allocation sites re-warm), which inflated every figure; interleaved rounds spread the GC debt instead.
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  const wall = ((performance.now() - t0) * 1000) / n;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / n };
}

export const fmt = {
  us: (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1)),
  ratio: (x: number) => `${x.toFixed(2)}×`,
  pct: (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)}%`,
  kb: (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`,
  s: (ms: number) => `${(ms / 1000).toFixed(2)} s`,
};
