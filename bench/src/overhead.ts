/**
 * Client-only overhead: the same calls with the network replaced by an injected `fetch` that returns a canned
 * Response at once, so what remains is each client's own work per call (building the request, headers, body
 * serialisation, retry/timeout bookkeeping, parsing). Extra rows switch single defaults of ours off to show
 * where our overhead goes.
 */

import { type Contender, contenders, weavr } from './contenders.js';
import { BODY } from './server.js';
import { interleaved, newScenario, perCall, pushCost, type ScenarioSamples } from './stats.js';

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
}

export const ABLATIONS = {
  noRetries: 'ours, maxRetries: 0',
  ownRef: 'ours, idempotencyRef given',
} as const;

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
  return {
    contenders: list.map(({ name, role }) => ({ name, role })),
    samples,
    calls: opts.calls,
    rounds: opts.rounds,
  };
}
