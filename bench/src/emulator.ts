/**
 * The emulator's speed and memory: a mix of reads and writes, from 32 concurrent keep-alive clients, against the
 * emulator in a forked process; requests per second over the whole run, each request's latency (p50, p99), and
 * the emulator's heap after a full GC at each tenth of it. The writes leave the state the size it was
 * (idempotent replays, block/unblock pairs, password checks), so a growing heap would be a leak, not data.
 *
 * The load is driven with `undici.request` over a pool of 32 keep-alive connections, not `fetch`: the generator
 * shares the machine's cores with the emulator, and undici's fetch costs more CPU per request than the emulator's
 * own work (it capped this loop at 2,300–3,800/s on a 2-core machine), so a fetch generator measured the
 * generator. A `node:http` client with a keep-alive agent cost 66 µs of CPU per request against undici.request's
 * 36 µs (measured apart on 2026-12-05, 32 clients reading one account); the issue allows either.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

export interface EmulatorResult {
  requests: number;
  /** Requests made before the measured ones, not counted (absent in results from before there was a warm-up). */
  warmup?: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  /** Answers by status. */
  statuses: Record<string, number>;
  /** The emulator's heap (bytes, after GC) at 0 %, 10 %, … 100 % of the run. */
  heap: number[];
  /**
   * The emulator process's CPU time per request (user + system, µs, GCs for the heap readings included): what
   * the rate would be bounded by on one free core, whatever else the machine is running.
   */
  cpuMicrosPerRequest?: number;
  /**
   * The load generator's own CPU time per request (this process, µs): it shares the machine's cores with the
   * emulator, so the two together bound the rate (2 cores ÷ their sum).
   */
  generatorMicrosPerRequest?: number;
  /** Latency of one request as the client sees it, in milliseconds (absent in results from before it was measured). */
  latencyMs?: { p50: number; p99: number; max: number };
}

const CONCURRENCY = 32;
/** Requests before the measured run (at most a tenth of it). */
const WARMUP = 5_000;

interface Started {
  url: string;
  apiKey: string;
  profiles: Record<string, string>;
  seeded: {
    corporates: Record<string, { id: string }>;
    managedAccounts: Record<string, string>;
    managedCards: Record<string, string>;
  };
}

async function startProcess(profileDir: string | undefined) {
  const child = fork(fileURLToPath(new URL('./emulator-process.ts', import.meta.url)), [], {
    stdio: 'inherit',
    execArgv: [
      '--expose-gc',
      '--import',
      'tsx',
      // Where the emulator's time goes under this load (open the file in Chrome's DevTools or speedscope).
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ],
  });
  const started = await new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the emulator did not start within 30 s')), 30_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as Started);
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited early (${code})`)));
  });
  const heap = () =>
    new Promise<{ heapUsed: number; cpuMicros: number }>((resolve) => {
      child.once('message', (m) => resolve(m as { heapUsed: number; cpuMicros: number }));
      child.send('heap');
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send('stop');
      setTimeout(() => child.kill(), 5000).unref();
    });
  return { ...started, heap, stop };
}

/**
 * One request of the mix with its headers and body made before the run: the generator shares the machine's cores
 * with the emulator, so per request it does only what any client must (send, read the whole answer).
 */
interface Prepared {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function prepare(method: string, path: string, headers: Record<string, string>, body?: unknown): Prepared {
  if (body === undefined) return { method, path, headers };
  return {
    method,
    path,
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

/** Sends one request; its status, and its body when `read` (otherwise the body is read to its end and dropped). */
async function call(pool: Pool, r: Prepared, read = false): Promise<{ status: number; text: string }> {
  const res = await pool.request({
    method: r.method as 'GET' | 'POST',
    path: r.path,
    headers: r.headers,
    body: r.body,
  });
  if (read) return { status: res.statusCode, text: await res.body.text() };
  await res.body.dump({ limit: Number.POSITIVE_INFINITY });
  return { status: res.statusCode, text: '' };
}

/** Signs the seeded corporate's root user in (the login token is the bearer, as on Weavr's default programme). */
async function signIn(s: Started, pool: Pool) {
  const key = { 'api-key': s.apiKey };
  const login = await call(
    pool,
    prepare('POST', '/multi/login_with_password', key, {
      email: 'bench@example.com',
      password: { value: 'Bench-Pass-123' },
    }),
    true,
  );
  if (login.status !== 200) throw new Error(`bench: sign-in answered ${login.status}`);
  const auth = { ...key, authorization: `Bearer ${(JSON.parse(login.text) as { token: string }).token}` };
  return {
    key,
    auth,
    accountId: s.seeded.managedAccounts.account as string,
    cardId: s.seeded.managedCards.card as string,
  };
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export async function runEmulator(opts: {
  requests: number;
  log: (l: string) => void;
}): Promise<EmulatorResult> {
  const emu = await startProcess(process.env.BENCH_EMULATOR_CPU_PROFILE);
  let pool: Pool | undefined;
  try {
    // One keep-alive connection per client, answers read in full by each request.
    const connections = new Pool(new URL(emu.url).origin, { connections: CONCURRENCY });
    pool = connections;
    const { key, auth, accountId, cardId } = await signIn(emu, connections);
    const transfer = {
      profileId: emu.profiles.transfers,
      source: { type: 'managed_accounts', id: accountId },
      destination: { type: 'managed_cards', id: cardId },
      destinationAmount: { currency: 'EUR', amount: 1 },
    };
    const m = '/multi';
    const transfers = Array.from({ length: 50 }, (_, n) =>
      prepare('POST', `${m}/transfers`, { ...auth, 'idempotency-ref': `bench-${n}` }, transfer),
    );
    const block = prepare('POST', `${m}/managed_cards/${cardId}/block`, auth);
    const unblock = prepare('POST', `${m}/managed_cards/${cardId}/unblock`, auth);
    // The mix, one request each in turn: five reads, three state-neutral writes.
    const mix: (Prepared | ((i: number) => Prepared))[] = [
      prepare('GET', `${m}/managed_accounts/${accountId}`, auth),
      prepare('GET', `${m}/managed_cards?limit=10`, auth),
      prepare('GET', `${m}/transfers?limit=5`, auth),
      prepare('GET', `${m}/managed_accounts/${accountId}/statement?limit=10`, auth),
      prepare('GET', `${m}/identities`, auth),
      (i) => transfers[i % 50] as Prepared,
      (i) => (i % 16 < 8 ? block : unblock),
      prepare('POST', `${m}/passwords/validate`, key, { password: { value: 'Bench-Pass-123' } }),
    ];
    const send = (i: number) => {
      const entry = mix[i % mix.length] as Prepared | ((i: number) => Prepared);
      return call(connections, typeof entry === 'function' ? entry(i) : entry);
    };
    // Warm-up, not counted (as in the other sections): the first few thousand requests of a fresh process run
    // before V8 has optimised the request path and Ajv has compiled each operation's validators, at several times
    // the steady cost; left in, they alone were about 2 % of the latencies, over p99.
    const warmup = Math.min(WARMUP, Math.floor(opts.requests / 10));
    const warmLatencies = new Float64Array(warmup);
    let w = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = w++; i < warmup; i = w++) {
          const sent = performance.now();
          await send(i);
          warmLatencies[i] = performance.now() - sent;
        }
      }),
    );
    warmLatencies.sort();
    const statuses: Record<string, number> = {};
    const latencies = new Float64Array(opts.requests);
    const first = await emu.heap();
    const heap = [first.heapUsed];
    const tenth = Math.max(1, Math.floor(opts.requests / 10));
    let next = 0;
    let done = 0;
    let inFlight = 0;
    let idle: (() => void) | undefined;
    let paused: Promise<void> | undefined;
    let measuring = 0;
    /**
     * Reads the heap with nothing in flight: the full GCs it forces would otherwise land in the latencies of the
     * requests waiting behind them (about 0.3 % of them, enough to move p99). The paused time is not counted.
     */
    const readHeap = async () => {
      if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
      idle = undefined;
      const m0 = performance.now();
      heap.push((await emu.heap()).heapUsed);
      measuring += performance.now() - m0;
      paused = undefined;
    };
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < opts.requests; i = next++) {
          while (paused) await paused;
          inFlight++;
          const sent = performance.now();
          const { status } = await send(warmup + i);
          latencies[i] = performance.now() - sent;
          inFlight--;
          statuses[status] = (statuses[status] ?? 0) + 1;
          done++;
          if (done % tenth === 0 && !paused) paused = readHeap();
          if (inFlight === 0) idle?.();
        }
      }),
    );
    if (paused) await paused;
    const seconds = (performance.now() - t0 - measuring) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const generatorMicrosPerRequest = (cpu.user + cpu.system) / opts.requests;
    const cpuMicrosPerRequest = ((await emu.heap()).cpuMicros - first.cpuMicros) / opts.requests;
    const perSecond = opts.requests / seconds;
    latencies.sort();
    const latencyMs = {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? 0,
    };
    opts.log(
      `  emulator: ${opts.requests} mixed requests, ${CONCURRENCY} clients (undici.request, keep-alive pool), after ${warmup} warm-up requests (p99 ${percentile(warmLatencies, 99).toFixed(2)} ms, not counted): ${perSecond.toFixed(0)} requests/s; emulator CPU ${cpuMicrosPerRequest.toFixed(0)} µs/request, load generator CPU ${generatorMicrosPerRequest.toFixed(0)} µs/request; latency p50 ${latencyMs.p50.toFixed(2)} ms, p99 ${latencyMs.p99.toFixed(2)} ms, max ${latencyMs.max.toFixed(1)} ms; heap after GC ${heap.map((h) => (h / 1048576).toFixed(1)).join(' → ')} MB; statuses ${JSON.stringify(statuses)}`,
    );
    return {
      requests: opts.requests,
      warmup,
      concurrency: CONCURRENCY,
      seconds,
      perSecond,
      statuses,
      heap,
      latencyMs,
      cpuMicrosPerRequest,
      generatorMicrosPerRequest,
    };
  } finally {
    await pool?.destroy();
    await emu.stop();
  }
}
