/**
 * Client-only overhead: the same calls with the network replaced by an injected `fetch` that returns a canned
 * Response at once, so what remains is each client's own work per call (building the request, headers, body
 * serialisation, retry/timeout bookkeeping, parsing). Extra rows switch single defaults of ours off to show
 * where our overhead goes.
 */

import { openTelemetry } from '@weavr-sdk/multi/tracing';
import { type Contender, contenders, weavr } from './contenders.js';
import { BODY } from './server.js';
import { interleaved, median, newScenario, perCall, pushCost, type ScenarioSamples } from './stats.js';

const HEADERS = { 'content-type': 'application/json', 'request-ref': 'bench-ref' };

/** The injected fetch: ignores the request (as a network would, it does not read the body) and answers 200. */
const stubFetch = async (_input: Request | string | URL, _init?: RequestInit) =>
  new Response(BODY, { status: 200, headers: HEADERS });

export interface OverheadResult {
  contenders: Pick<Contender, 'name' | 'role'>[];
  /** GET or POST → metric → contender name → µs per call, one per round */
  samples: Map<string, ScenarioSamples>;
  calls: number;
  rounds: number;
  /** CPU µs of single steps a client may take per call (median of rounds), to explain the rows above. */
  blocks: { name: string; us: number }[];
}

/** Steps measured alone: what a per-call timer, a UUID or a `Request` object costs on this machine. */
const BLOCKS: { name: string; run: () => void }[] = [
  {
    name: 'one attempt timer: `setTimeout` + `clearTimeout`',
    run: () => clearTimeout(setTimeout(() => {}, 30_000)),
  },
  {
    // `new AbortController()` alone is nearly free: Node makes the signal when `.signal` is first read.
    name: 'an `AbortSignal`: `new AbortController().signal` (what fetch is handed to abort a request)',
    run: () => new AbortController().signal,
  },
  { name: '`crypto.randomUUID()` (an idempotency-ref)', run: () => crypto.randomUUID() },
  {
    name: '`new Request(url, { method: "POST", headers, body })` (openapi-fetch builds one per call)',
    run: () =>
      new Request('http://127.0.0.1:9/transfers', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'api-key': 'k', authorization: 'Bearer t' },
        body: BODY,
      }),
  },
  {
    name: '`request.clone()` of that POST (a body copy kept for a retry)',
    run: () => new Request('http://127.0.0.1:9/transfers', { method: 'POST', body: BODY }).clone(),
  },
  {
    name: '`new Request(url, { headers })` (a GET)',
    run: () => new Request('http://127.0.0.1:9/managed_cards/1', { headers: { 'api-key': 'k' } }),
  },
];

function measureBlock(run: () => void, n: number): number {
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) run();
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / n;
}

export const ABLATIONS = {
  noRetries: 'ours, maxRetries: 0',
  ownRef: 'ours, idempotencyRef given',
  tracer: 'ours, with a tracer (no-op spans)',
} as const;

/** A tracer whose spans do nothing: what the tracing hook itself costs, against "ours" (no tracer: one check). */
const noopSpan = {
  setAttribute: () => noopSpan,
  addEvent: () => noopSpan,
  setStatus: () => noopSpan,
  end: () => {},
};
const noopTracer = { startSpan: () => noopSpan };

export async function runOverhead(opts: {
  calls: number;
  rounds: number;
  log: (l: string) => void;
}): Promise<OverheadResult> {
  const base = 'http://127.0.0.1:9';
  const list = [
    ...contenders(base, stubFetch),
    // Ablations: ours with one default off, to attribute the overhead.
    weavr(base, stubFetch, { name: ABLATIONS.noRetries, options: { maxRetries: 0 } }),
    weavr(base, stubFetch, { name: ABLATIONS.ownRef, ownRef: true }),
    weavr(base, stubFetch, { name: ABLATIONS.tracer, options: { tracing: openTelemetry(noopTracer) } }),
  ];
  for (const c of list) {
    await c.get();
    await c.post();
  }
  const samples = new Map<string, ScenarioSamples>();
  for (const op of ['get', 'post'] as const) {
    const per = newScenario();
    samples.set(op.toUpperCase(), per);
    await interleaved(list, opts.rounds, async (c, round) => {
      const cost = await perCall(() => c[op](), opts.calls, 1);
      if (round > 0) pushCost(per, c.name, cost);
    });
    opts.log(`  stubbed ${op.toUpperCase()} done`);
  }
  const blockSamples = new Map<string, number[]>();
  await interleaved(BLOCKS, opts.rounds, async (b, round) => {
    const us = measureBlock(b.run, opts.calls);
    if (round > 0) blockSamples.set(b.name, [...(blockSamples.get(b.name) ?? []), us]);
  });
  // Subtract the cost of an empty loop iteration calling a function, so each block shows its own cost.
  const empty = median(Array.from({ length: 5 }, () => measureBlock(() => {}, opts.calls)));
  return {
    contenders: list.map(({ name, role }) => ({ name, role })),
    samples,
    calls: opts.calls,
    rounds: opts.rounds,
    blocks: BLOCKS.map((b) => ({
      name: b.name,
      us: Math.max(0, median(blockSamples.get(b.name) ?? []) - empty),
    })),
  };
}
