/**
 * `pnpm bench`: every measure in one run, checked against the targets, written to RESULTS.md and results.svg.
 *
 *   BENCH_ONLY=http,overhead,bundle,typecheck,codegen   run some sections only (prints, writes nothing)
 *   BENCH_QUICK=1                                        few rounds and calls: proves the scripts work (prints the targets only)
 *   BENCH_RENDER=1                                       rewrite RESULTS.md and results.svg from results.json, measuring nothing
 *   BENCH_ROUNDS, BENCH_CALLS, BENCH_STUB_CALLS, BENCH_CODEGEN_ROUNDS, BENCH_EMULATOR_REQUESTS   override the defaults below
 *   BENCH_EMULATOR_CPU_PROFILE=<dir>                     write the emulator process's CPU profile (.cpuprofile) there
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { runBundles } from './bundle.js';
import { runCodegen } from './codegen.js';
import { runEmulator } from './emulator.js';
import { inFreshProcess } from './fresh-process.js';
import { describeMachine } from './machine.js';
import { chart, markdown, type RunResults } from './report.js';
import { checkTargets } from './targets.js';
import { runTypecheck } from './typecheck.js';
import { explainMisses } from './why.js';

const SECTIONS = ['http', 'overhead', 'bundle', 'typecheck', 'codegen', 'emulator'] as const;

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a whole number ≥ 1 (got ${JSON.stringify(raw)})`);
  return n;
}

const dir = fileURLToPath(new URL('..', import.meta.url));

/** Samples are Maps; JSON keeps them as `{ "$map": [[key, value], …] }`. */
const toJson = (_k: string, v: unknown) => (v instanceof Map ? { $map: [...v.entries()] } : v);
const fromJson = (k: string, v: unknown) => {
  if (v && typeof v === 'object' && '$map' in v) return new Map((v as { $map: [string, unknown][] }).$map);
  return k === 'started' ? new Date(v as string) : v;
};

function render(results: RunResults, log: (l: string) => void): void {
  results.targets = checkTargets(results);
  results.why = explainMisses(results);
  const svg = chart(results);
  writeFileSync(`${dir}/RESULTS.md`, markdown(results, svg ? 'results.svg' : undefined));
  if (svg) writeFileSync(`${dir}/results.svg`, svg);
  log('wrote bench/RESULTS.md and bench/results.svg');
}

async function main(): Promise<void> {
  if (process.env.BENCH_RENDER === '1') {
    const saved = JSON.parse(readFileSync(`${dir}/results.json`, 'utf8'), fromJson) as RunResults;
    render(saved, console.log);
    return;
  }
  const quick = process.env.BENCH_QUICK === '1';
  const only = process.env.BENCH_ONLY?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of only ?? []) {
    if (!(SECTIONS as readonly string[]).includes(s))
      throw new Error(`BENCH_ONLY: unknown section ${JSON.stringify(s)} (known: ${SECTIONS.join(', ')})`);
  }
  const run = (s: (typeof SECTIONS)[number]) => !only || only.includes(s);
  const rounds = intEnv('BENCH_ROUNDS', quick ? 2 : 15);
  const calls = intEnv('BENCH_CALLS', quick ? 100 : 400);
  const stubCalls = intEnv('BENCH_STUB_CALLS', quick ? 500 : 4000);
  const codegenRounds = intEnv('BENCH_CODEGEN_ROUNDS', quick ? 1 : 3);
  const emulatorRequests = intEnv('BENCH_EMULATOR_REQUESTS', quick ? 2_000 : 100_000);
  const write = !quick && !only;

  const log = (l: string) => console.log(l);
  const started = new Date();
  const t0 = performance.now();
  const machine = describeMachine();
  log(
    `bench: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadStart[0]?.toFixed(2)}`,
  );

  const results: Partial<RunResults> = { machine, started };
  if (run('http')) {
    log(`per-request cost on loopback (${rounds} rounds × ${calls} calls)`);
    results.http = await inFreshProcess('http', calls, rounds);
  }
  if (run('overhead')) {
    log(`client-only overhead, stubbed fetch (${rounds} rounds × ${stubCalls} calls)`);
    results.overhead = await inFreshProcess('overhead', stubCalls, rounds);
  }
  if (run('bundle')) {
    log('bundle size');
    results.bundles = await runBundles();
  }
  if (run('typecheck')) {
    log(`type-check time (${rounds} rounds)`);
    results.typecheck = await runTypecheck({ rounds: Math.min(rounds, 5), log });
  }
  if (run('codegen')) {
    log(`codegen + build time (${codegenRounds} rounds)`);
    results.codegen = await runCodegen({ rounds: codegenRounds, log });
  }
  if (run('emulator')) {
    log(`emulator throughput and memory (${emulatorRequests} mixed requests)`);
    results.emulator = await runEmulator({ requests: emulatorRequests, log });
  }
  results.loadEnd = os.loadavg();
  results.seconds = (performance.now() - t0) / 1000;
  results.targets = checkTargets(results);
  results.why = explainMisses(results as RunResults);
  const full = results as RunResults;

  log('\ntargets:');
  for (const t of full.targets)
    log(`  ${t.pass ? 'PASS' : 'MISS'}  ${t.target}: ${t.measured}${t.miss ? ` — missed by ${t.miss}` : ''}`);

  if (write) {
    writeFileSync(`${dir}/results.json`, `${JSON.stringify({ ...full, targets: [], why: [] }, toJson, 1)}\n`);
    render(full, log);
  } else if (quick) {
    log('\nBENCH_QUICK: too few rounds to mean anything; RESULTS.md left as it was');
  } else {
    log(`\n${markdown(full, undefined)}`);
    log('BENCH_ONLY: RESULTS.md left as it was');
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
