/** Turns one run's numbers into bench/RESULTS.md and bench/results.svg. */

import type { BundleRow } from './bundle.js';
import { chartSvg, type Panel } from './chart.js';
import { type CodegenResult, SPECS, STEPS } from './codegen.js';
import type { EmulatorResult } from './emulator.js';
import { HTTP_SCENARIOS, type HttpResult, scenarioName } from './http.js';
import type { Machine } from './machine.js';
import type { OverheadResult } from './overhead.js';
import { fmt, median, medianDiff, medianRatio, type Samples } from './stats.js';
import { BASELINE, OURS, REFERENCE, type TargetCheck } from './targets.js';
import type { TypecheckResult } from './typecheck.js';

export interface RunResults {
  machine: Machine;
  loadEnd: number[];
  started: Date;
  seconds: number;
  http?: HttpResult;
  overhead?: OverheadResult;
  bundles?: BundleRow[];
  typecheck?: TypecheckResult;
  codegen?: CodegenResult;
  emulator?: EmulatorResult;
  targets: TargetCheck[];
  why: string[];
}

const bold = (name: string, s: string) => (name === OURS ? `**${s}**` : s);
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
const header = (cells: string[]) => `${row(cells)}\n${row(cells.map(() => '---'))}`;

function costCell(samples: Samples, name: string, baseline: string): string {
  const m = median(samples.get(name) ?? []);
  return name === baseline
    ? `${fmt.us(m)} µs`
    : `${fmt.us(m)} µs (${fmt.ratio(medianRatio(samples, name, baseline))})`;
}

function httpSection(h: HttpResult): string {
  const names = h.contenders.map((c) => c.name);
  const table = (metric: 'cpu' | 'wall') =>
    [
      header(['client', ...HTTP_SCENARIOS.map(scenarioName)]),
      ...names.map((n) =>
        row([
          bold(n, n),
          ...HTTP_SCENARIOS.map((s) =>
            bold(n, costCell(h.samples.get(scenarioName(s))?.[metric] ?? new Map(), n, BASELINE)),
          ),
        ]),
      ),
    ].join('\n');
  return `## Per-request cost on a loopback server

A keep-alive \`node:http\` server in its own process on 127.0.0.1 answers every request with the same ~500-byte
JSON body. Each client makes a GET of one resource and a POST creating one (ours: \`GET /managed_cards/{id}\` and
\`POST /transfers\`, which carries a generated \`idempotency-ref\`), ${h.calls} calls per batch, at concurrency 1
and 32, in ${h.rounds} interleaved rounds after a warm-up round. Cells are medians; the ratio is to raw \`fetch\`
in the same round.

**Client CPU per request** (this process's user + system time ÷ calls: the client's own cost plus the socket work
every client does, unaffected by other load on the machine; the targets use this):

${table('cpu')}

**Wall time per request** (latency at c=1, inverse throughput at c=32; includes the server's time, and whatever
else the machine was doing):

${table('wall')}
`;
}

function overheadSection(o: OverheadResult): string {
  const names = o.contenders.map((c) => c.name);
  const cell = (op: string, n: string) => {
    const s = o.samples.get(op)?.cpu ?? new Map();
    const m = median(s.get(n) ?? []);
    if (n === BASELINE) return `${fmt.us(m)} µs`;
    const d = medianDiff(s, n, REFERENCE);
    return n === REFERENCE
      ? `${fmt.us(m)} µs (ref.)`
      : `${fmt.us(m)} µs (${d >= 0 ? '+' : '−'}${fmt.us(Math.abs(d))})`;
  };
  return `## Client-only overhead (stubbed fetch)

The same calls with the network replaced by an injected \`fetch\` that returns a canned \`Response\` at once (it does
not read the request body), ${o.calls} calls per batch, concurrency 1, ${o.rounds} interleaved rounds. CPU µs per
call, median; in brackets the difference to bare openapi-fetch in the same round. \`fetch\` here is the stub
called directly plus \`res.json()\`: the floor. Stripe is given its fetch-based HTTP client (\`createFetchHttpClient\`)
for this section. The last rows are ours with one default changed, to show where our overhead goes; the tracer row gives
the client \`tracing: openTelemetry(tracer)\` with a tracer whose spans do nothing: what tracing costs when it is on (without it,
as in the "ours" row, tracing is one check per call).

${header(['client', 'GET', 'POST'])}
${names.map((n) => row([bold(n, n), bold(n, cell('GET', n)), bold(n, cell('POST', n))])).join('\n')}

What single steps cost on this machine (CPU µs each, measured alone, median of ${o.rounds} rounds):

${header(['step', 'µs'])}
${o.blocks.map((b) => row([b.name, fmt.us(b.us)])).join('\n')}
`;
}

function bundleSection(rows: BundleRow[]): string {
  const ref = rows.find((r) => r.name === REFERENCE)?.gzip ?? 1;
  return `## What one call bundles

Each fixture in [\`fixtures/bundle/\`](fixtures/bundle) creates a client and makes one GET. esbuild bundles it for the
browser (ESM, minified, \`platform: 'browser'\`, so stripe's worker build is picked), and the output is gzipped at
level 9. 1 KB = 1,000 bytes.

${header(['client', 'minified', 'gzip', 'gzip ÷ openapi-fetch'])}
${rows.map((r) => row([bold(r.name, r.name), fmt.kb(r.minified), bold(r.name, fmt.kb(r.gzip)), fmt.ratio(r.gzip / ref)])).join('\n')}
${(() => {
  const ours = rows.find((r) => r.name === OURS);
  if (!ours) return '';
  const parts = Object.entries(ours.parts).sort((a, b) => b[1] - a[1]);
  return `\nOur bundle by package (minified bytes in the output): ${parts.map(([p, b]) => `${p} ${fmt.kb(b)}`).join(', ')}.\n`;
})()}`;
}

function typecheckSection(t: TypecheckResult): string {
  const compilers = [...t.samples.keys()];
  const cell = (c: string, n: string) => {
    const s = t.samples.get(c) ?? new Map();
    const m = median(s.get(n) ?? []);
    return n === REFERENCE ? `${fmt.s(m)}` : `${fmt.s(m)} (${fmt.ratio(medianRatio(s, n, REFERENCE))})`;
  };
  return `## Type-check time of a consumer

\`tsc --noEmit --strict --skipLibCheck --module nodenext\` of one consumer file in a fresh process (wall time, median
of ${t.rounds} interleaved rounds). Ours and bare openapi-fetch make the same ten Multi calls
([\`fixtures/typecheck/\`](fixtures/typecheck)), so the ratio shows what our client's types add over the generated
\`paths\`; the peers' files make six calls of their own APIs, for scale. ${compilers.map((c) => `${c} is ${t.versions[c]}`).join(', ')}.

${header(['consumer', ...compilers])}
${t.files.map((f) => row([bold(f.name, f.name), ...compilers.map((c) => bold(f.name, cell(c, f.name)))])).join('\n')}
`;
}

function codegenSection(c: CodegenResult): string {
  const steps = Object.values(STEPS);
  return `## Codegen and build time

For each spec, in a scratch copy of the package: the openapi-typescript CLI alone (what a bare openapi-fetch user
runs: the baseline), then our \`generate\` (the same types plus the operation maps and runtime table) and our
\`tsup\` build (ESM + CJS + \`.d.ts\`). Wall time, median of ${c.rounds} rounds.

${header(['spec', ...steps, 'generate + build ÷ baseline'])}
${SPECS.map(({ spec }) => {
  const s = c.samples.get(spec) ?? new Map();
  const m = (step: string) => median(s.get(step) ?? []);
  const total = m(STEPS.generate) + m(STEPS.build);
  return row([spec, ...steps.map((st) => fmt.s(m(st))), fmt.ratio(total / m(STEPS.baseline))]);
}).join('\n')}
`;
}

export function chart(r: RunResults): string | undefined {
  const panels: Panel[] = [];
  const shown = ['openapi-fetch', OURS, 'openai', 'stripe'];
  if (r.http) {
    const h = r.http;
    panels.push({
      title: 'Client CPU per request on loopback, ÷ raw fetch (lower is better)',
      groups: HTTP_SCENARIOS.map((s) => {
        const cpu = h.samples.get(scenarioName(s))?.cpu ?? new Map();
        return {
          label: scenarioName(s),
          bars: shown.map((n) => {
            const v = medianRatio(cpu, n, BASELINE);
            return { name: n, value: v, label: fmt.ratio(v) };
          }),
        };
      }),
      marks: [
        { at: 1, label: 'fetch' },
        { at: 1.1, label: '+10%' },
      ],
    });
  }
  if (r.overhead) {
    const o = r.overhead;
    panels.push({
      title: 'Client-only CPU per call with a stubbed fetch, µs (lower is better)',
      groups: ['GET', 'POST'].map((op) => {
        const cpu = o.samples.get(op)?.cpu ?? new Map();
        return {
          label: `${op} (stub)`,
          bars: shown.map((n) => {
            const v = median(cpu.get(n) ?? []);
            return { name: n, value: v, label: `${fmt.us(v)} µs` };
          }),
        };
      }),
    });
  }
  if (r.bundles) {
    panels.push({
      title: 'One call, browser bundle gzip, KB (log scale, lower is better)',
      log: true,
      groups: [
        {
          label: 'gzip',
          bars: r.bundles
            .filter((b) => b.name !== BASELINE)
            .map((b) => ({ name: b.name, value: b.gzip / 1000, label: fmt.kb(b.gzip) })),
        },
      ],
      marks: [{ at: 5, label: '5 KB' }],
    });
  }
  return panels.length ? chartSvg(panels, shown) : undefined;
}

export function markdown(r: RunResults, chartFile: string | undefined): string {
  const m = r.machine;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const sections = [
    r.http && httpSection(r.http),
    r.overhead && overheadSection(r.overhead),
    r.bundles && bundleSection(r.bundles),
    r.typecheck && typecheckSection(r.typecheck),
    r.codegen && codegenSection(r.codegen),
  ].filter(Boolean);
  return `# Benchmark results

Written by \`pnpm bench\` (see [README.md](README.md) for the method); do not edit by hand. Run on
${r.started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${Math.round(r.seconds)} s in all.

## Machine

${header(['', ''])}
${row(['CPU', `${m.cpu}, ${m.cores} cores`])}
${row(['memory', `${m.memoryGiB} GiB`])}
${row(['OS', m.os])}
${row(['Node', m.node])}
${row(['load average (1/5/15 min) at start', load(m.loadStart)])}
${row(['load average at end', load(r.loadEnd)])}
${Object.entries(m.versions)
  .map(([k, v]) => row([k, v]))
  .join('\n')}

## Targets

${header(['target', 'verdict', 'measured', 'missed by'])}
${r.targets.map((t) => row([t.target, t.pass ? 'pass' : '**miss**', t.measured, t.miss || '—'])).join('\n')}
${r.why.length ? `\n### Why the misses\n\n${r.why.join('\n\n')}\n` : ''}
${chartFile ? `\n![Benchmark chart](${chartFile})\n` : ''}
${sections.join('\n')}`;
}
