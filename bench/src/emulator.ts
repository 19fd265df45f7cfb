/**
 * The emulator's speed and memory: a mix of reads and writes, from 32 concurrent keep-alive clients, against the
 * emulator in a forked process; requests per second over the whole run, each request's latency (p50, p99), and
 * the emulator's heap after a full GC at each tenth of it. The writes leave the state the size it was
 * (idempotent replays, block/unblock pairs, password checks), so a growing heap would be a leak, not data.
 *
 * The load is driven with `node:http` and a keep-alive agent, not `fetch`: undici's fetch costs more CPU per
 * request than the emulator's own work (it capped this loop at 2,300–3,800/s on a 2-core machine), so a fetch
 * generator measured the generator.
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

export interface EmulatorResult {
  requests: number;
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
  /** Latency of one request as the client sees it, in milliseconds (absent in results from before it was measured). */
  latencyMs?: { p50: number; p99: number; max: number };
}

const CONCURRENCY = 32;

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

async function startProcess() {
  const child = fork(fileURLToPath(new URL('./emulator-process.ts', import.meta.url)), [], {
    stdio: 'inherit',
    execArgv: ['--expose-gc', '--import', 'tsx'],
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

/** One keep-alive connection per client. */
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function call(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers:
          payload === undefined
            ? headers
            : {
                ...headers,
                'content-type': 'application/json',
                'content-length': String(Buffer.byteLength(payload)),
              },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Signs the seeded corporate's root user in (the login token is the bearer, as on Weavr's default programme). */
async function signIn(s: Started) {
  const m = `${s.url}/multi`;
  const key = { 'api-key': s.apiKey };
  const login = (await call(`${m}/login_with_password`, 'POST', key, {
    email: 'bench@example.com',
    password: { value: 'Bench-Pass-123' },
  })) as { status: number; json: { token: string } };
  if (login.status !== 200) throw new Error(`bench: sign-in answered ${login.status}`);
  const auth = { ...key, authorization: `Bearer ${login.json.token}` };
  return {
    m,
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
  const emu = await startProcess();
  try {
    const { m, key, auth, accountId, cardId } = await signIn(emu);
    const transfer = {
      profileId: emu.profiles.transfers,
      source: { type: 'managed_accounts', id: accountId },
      destination: { type: 'managed_cards', id: cardId },
      destinationAmount: { currency: 'EUR', amount: 1 },
    };
    // The mix, one request each in turn: five reads, three state-neutral writes.
    const mix: ((i: number) => Promise<{ status: number }>)[] = [
      () => call(`${m}/managed_accounts/${accountId}`, 'GET', auth),
      () => call(`${m}/managed_cards?limit=10`, 'GET', auth),
      () => call(`${m}/transfers?limit=5`, 'GET', auth),
      () => call(`${m}/managed_accounts/${accountId}/statement?limit=10`, 'GET', auth),
      () => call(`${m}/identities`, 'GET', auth),
      (i) => call(`${m}/transfers`, 'POST', { ...auth, 'idempotency-ref': `bench-${i % 50}` }, transfer),
      (i) => call(`${m}/managed_cards/${cardId}/${i % 16 < 8 ? 'block' : 'unblock'}`, 'POST', auth),
      () => call(`${m}/passwords/validate`, 'POST', key, { password: { value: 'Bench-Pass-123' } }),
    ];
    const statuses: Record<string, number> = {};
    const latencies = new Float64Array(opts.requests);
    const first = await emu.heap();
    const heap = [first.heapUsed];
    const tenth = Math.max(1, Math.floor(opts.requests / 10));
    let next = 0;
    let done = 0;
    let paused: Promise<void> | undefined;
    const t0 = performance.now();
    let measuring = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < opts.requests; i = next++) {
          if (paused) await paused;
          const sent = performance.now();
          const { status } = await (mix[i % mix.length] as (i: number) => Promise<{ status: number }>)(i);
          latencies[i] = performance.now() - sent;
          statuses[status] = (statuses[status] ?? 0) + 1;
          done++;
          if (done % tenth === 0 && !paused) {
            // Stop the load while the heap is read, so the reading is not timed.
            const m0 = performance.now();
            paused = emu.heap().then((h) => {
              heap.push(h.heapUsed);
              measuring += performance.now() - m0;
              paused = undefined;
            });
          }
        }
      }),
    );
    if (paused) await paused;
    const seconds = (performance.now() - t0 - measuring) / 1000;
    const cpuMicrosPerRequest = ((await emu.heap()).cpuMicros - first.cpuMicros) / opts.requests;
    const perSecond = opts.requests / seconds;
    latencies.sort();
    const latencyMs = {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? 0,
    };
    opts.log(
      `  emulator: ${opts.requests} mixed requests, ${CONCURRENCY} clients (node:http, keep-alive): ${perSecond.toFixed(0)} requests/s; emulator CPU ${cpuMicrosPerRequest.toFixed(0)} µs/request; latency p50 ${latencyMs.p50.toFixed(2)} ms, p99 ${latencyMs.p99.toFixed(2)} ms, max ${latencyMs.max.toFixed(1)} ms; heap after GC ${heap.map((h) => (h / 1048576).toFixed(1)).join(' → ')} MB; statuses ${JSON.stringify(statuses)}`,
    );
    return {
      requests: opts.requests,
      concurrency: CONCURRENCY,
      seconds,
      perSecond,
      statuses,
      heap,
      latencyMs,
    };
  } finally {
    agent.destroy();
    await emu.stop();
  }
}
