/**
 * Per-request cost on a loopback keep-alive server in another process: GET and POST at concurrency 1 (latency)
 * and 32 (the client's CPU per request once the pipe is full).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Contender, contenders } from './contenders.js';
import { interleaved, newScenario, perCall, pushCost, type ScenarioSamples } from './stats.js';

export interface HttpScenario {
  op: 'get' | 'post';
  concurrency: number;
}

export const HTTP_SCENARIOS: HttpScenario[] = [
  { op: 'get', concurrency: 1 },
  { op: 'post', concurrency: 1 },
  { op: 'get', concurrency: 32 },
  { op: 'post', concurrency: 32 },
];

export const scenarioName = (s: HttpScenario) => `${s.op.toUpperCase()} c=${s.concurrency}`;

export interface HttpResult {
  contenders: Pick<Contender, 'name' | 'role'>[];
  /** scenario name → metric → contender name → µs per request, one per round */
  samples: Map<string, ScenarioSamples>;
  calls: number;
  rounds: number;
}

async function startServerProcess() {
  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not start within 20 s')), 20_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve((m as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited early (${code})`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send('stop');
      setTimeout(() => child.kill(), 5000).unref();
    });
  return { base: `http://127.0.0.1:${port}`, stop };
}

export async function runHttp(opts: {
  calls: number;
  rounds: number;
  log: (l: string) => void;
}): Promise<HttpResult> {
  const server = await startServerProcess();
  try {
    const list = contenders(server.base);
    // Every contender must work before any is timed.
    for (const c of list) {
      await c.get();
      await c.post();
    }
    const samples = new Map<string, ScenarioSamples>();
    for (const s of HTTP_SCENARIOS) {
      const per = newScenario();
      samples.set(scenarioName(s), per);
      await interleaved(list, opts.rounds, async (c, round) => {
        const cost = await perCall(() => c[s.op](), opts.calls, s.concurrency);
        if (round > 0) pushCost(per, c.name, cost);
      });
      opts.log(`  ${scenarioName(s)} done`);
    }
    return {
      contenders: list.map(({ name, role }) => ({ name, role })),
      samples,
      calls: opts.calls,
      rounds: opts.rounds,
    };
  } finally {
    await server.stop();
  }
}
