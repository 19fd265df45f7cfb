/** The issue's four targets, checked against this run's numbers (never in timed tests). */

import type { BundleRow } from './bundle.js';
import type { EmulatorResult } from './emulator.js';
import { HTTP_SCENARIOS, type HttpResult, scenarioName } from './http.js';
import type { OverheadResult } from './overhead.js';
import { fmt, medianDiff, medianRatio } from './stats.js';

export const OURS = '@weavr-sdk/multi';
export const BASELINE = 'fetch';
export const REFERENCE = 'openapi-fetch';

export const LIMITS = {
  /** Per-request client CPU at most this ratio to raw fetch. */
  perRequestRatio: 1.1,
  /** Client-only overhead at most this many µs above bare openapi-fetch (issue 21: at or under it). */
  overheadUs: 0,
  /** One call's browser bundle, gzip bytes (5 KB = 5,000 bytes). */
  bundleGzip: 5000,
  /** The emulator's mixed requests per second from 32 clients, rules on (issue 20: at least 10,000). */
  emulatorPerSecond: 10_000,
  /** The emulator's 99th-percentile latency per request under that load, in milliseconds (issue 20). */
  emulatorP99Ms: 10,
  /** The emulator's heap growth (after GC) over the run, in bytes, that still counts as flat. */
  emulatorHeapGrowth: 8 * 1024 * 1024,
};

export interface TargetCheck {
  target: string;
  pass: boolean;
  /** What was measured, per case. */
  measured: string;
  /** By how much it was missed (empty on a pass). */
  miss: string;
}

export function checkTargets(r: {
  http?: HttpResult;
  overhead?: OverheadResult;
  bundles?: BundleRow[];
  emulator?: EmulatorResult;
}): TargetCheck[] {
  const checks: TargetCheck[] = [];
  if (r.emulator) {
    const e = r.emulator;
    checks.push({
      target: `emulator: at least ${LIMITS.emulatorPerSecond} mixed requests per second`,
      pass: e.perSecond >= LIMITS.emulatorPerSecond,
      measured: `${e.perSecond.toFixed(0)}/s over ${e.requests} requests, ${e.concurrency} clients${e.warmup ? `, after ${e.warmup} warm-up requests` : ''}${
        e.cpuMicrosPerRequest !== undefined && e.generatorMicrosPerRequest !== undefined
          ? ` (CPU per request: emulator ${e.cpuMicrosPerRequest.toFixed(0)} µs, load generator ${e.generatorMicrosPerRequest.toFixed(0)} µs)`
          : ''
      }`,
      miss:
        e.perSecond >= LIMITS.emulatorPerSecond
          ? ''
          : `${(LIMITS.emulatorPerSecond - e.perSecond).toFixed(0)}/s short`,
    });
    if (e.latencyMs)
      checks.push({
        target: `emulator: p99 latency under ${LIMITS.emulatorP99Ms} ms at that load`,
        pass: e.latencyMs.p99 < LIMITS.emulatorP99Ms,
        measured: `p50 ${e.latencyMs.p50.toFixed(2)} ms, p99 ${e.latencyMs.p99.toFixed(2)} ms, max ${e.latencyMs.max.toFixed(1)} ms`,
        miss:
          e.latencyMs.p99 < LIMITS.emulatorP99Ms
            ? ''
            : `${(e.latencyMs.p99 - LIMITS.emulatorP99Ms).toFixed(2)} ms over`,
      });
    const growth = (e.heap.at(-1) ?? 0) - (e.heap[1] ?? e.heap[0] ?? 0);
    const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
    checks.push({
      target: `emulator: heap flat over ${e.requests} requests (growth after GC under ${mb(LIMITS.emulatorHeapGrowth)})`,
      pass: growth < LIMITS.emulatorHeapGrowth,
      measured: `${e.heap.map(mb).join(' → ')} (from the first tenth: ${growth >= 0 ? '+' : ''}${mb(growth)})`,
      miss: growth < LIMITS.emulatorHeapGrowth ? '' : `${mb(growth - LIMITS.emulatorHeapGrowth)} over`,
    });
  }
  if (r.http) {
    const cases = HTTP_SCENARIOS.map((s) => {
      const name = scenarioName(s);
      const ratio = medianRatio(r.http?.samples.get(name)?.cpu ?? new Map(), OURS, BASELINE);
      return { name, ratio };
    });
    const worst = cases.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    checks.push({
      target: `per-request cost within ${fmt.pct(LIMITS.perRequestRatio - 1)} of raw fetch (client CPU, loopback)`,
      pass: cases.every((c) => c.ratio <= LIMITS.perRequestRatio),
      measured: cases.map((c) => `${c.name} ${fmt.pct(c.ratio - 1)}`).join(', '),
      miss:
        worst.ratio <= LIMITS.perRequestRatio
          ? ''
          : `worst ${worst.name}: ${fmt.pct(worst.ratio - 1)}, ${((worst.ratio - LIMITS.perRequestRatio) * 100).toFixed(0)} points over`,
    });

    const peers = r.http.contenders.filter((c) => c.role === 'peer').map((c) => c.name);
    const losses: string[] = [];
    const wins: string[] = [];
    for (const s of HTTP_SCENARIOS) {
      const cpu = r.http.samples.get(scenarioName(s))?.cpu ?? new Map();
      for (const p of peers) {
        const ratio = medianRatio(cpu, OURS, p);
        (ratio < 1 ? wins : losses).push(`${scenarioName(s)} vs ${p} ${fmt.ratio(ratio)}`);
      }
    }
    checks.push({
      target: 'cheaper per request than every peer (client CPU, loopback)',
      pass: losses.length === 0,
      measured: `${wins.length} of ${wins.length + losses.length} cases cheaper`,
      miss: losses.length ? `dearer in: ${losses.join('; ')} (ours ÷ peer)` : '',
    });
  }
  if (r.overhead) {
    const cases = ['GET', 'POST'].map((op) => ({
      op,
      diff: medianDiff(r.overhead?.samples.get(op)?.cpu ?? new Map(), OURS, REFERENCE),
    }));
    const worst = cases.reduce((a, b) => (b.diff > a.diff ? b : a));
    checks.push({
      target: 'client-only overhead at or under bare openapi-fetch’s (stubbed fetch)',
      pass: cases.every((c) => c.diff <= LIMITS.overheadUs),
      measured: cases.map((c) => `${c.op} ${c.diff >= 0 ? '+' : ''}${fmt.us(c.diff)} µs`).join(', '),
      miss:
        worst.diff <= LIMITS.overheadUs
          ? ''
          : `worst ${worst.op}: ${fmt.us(worst.diff - LIMITS.overheadUs)} µs over bare openapi-fetch`,
    });
  }
  if (r.bundles) {
    const ours = r.bundles.find((b) => b.name === OURS);
    if (ours) {
      checks.push({
        target: `one call bundles under ${fmt.kb(LIMITS.bundleGzip)} gzip (esbuild, browser, minified)`,
        pass: ours.gzip < LIMITS.bundleGzip,
        measured: `${fmt.kb(ours.gzip)} gzip (${fmt.kb(ours.minified)} minified)`,
        miss: ours.gzip < LIMITS.bundleGzip ? '' : `${fmt.kb(ours.gzip - LIMITS.bundleGzip)} over`,
      });
    }
  }
  return checks;
}
