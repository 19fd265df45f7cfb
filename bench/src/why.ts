/**
 * For each missed target, what this run's own numbers say about why. The mechanisms named here were read from
 * the code and measured in this run's step table; the figures are recomputed every run.
 */
import { HTTP_SCENARIOS, scenarioName } from './http.js';
import { ABLATIONS } from './overhead.js';
import type { RunResults } from './report.js';
import { fmt, median, medianDiff, medianRatio } from './stats.js';
import { BASELINE, OURS, REFERENCE } from './targets.js';

const block = (r: RunResults, starts: string) => r.overhead?.blocks.find((b) => b.name.includes(starts))?.us;

export function explainMisses(r: RunResults): string[] {
  const out: string[] = [];
  const missed = (prefix: string) => r.targets.some((t) => !t.pass && t.target.startsWith(prefix));

  if (r.http && missed('per-request cost')) {
    const cases = HTTP_SCENARIOS.map((s) => {
      const cpu = r.http?.samples.get(scenarioName(s))?.cpu ?? new Map();
      return {
        name: scenarioName(s),
        ref: medianRatio(cpu, REFERENCE, BASELINE),
        ours: medianRatio(cpu, OURS, BASELINE),
        oursOverRef: medianRatio(cpu, OURS, REFERENCE),
      };
    });
    const request = block(r, '`new Request(url, { method: "POST"');
    out.push(
      `**Per-request cost.** openapi-fetch, which we build on, is itself at ${cases
        .map((c) => `${fmt.pct(c.ref - 1)} (${c.name})`)
        .join(
          ', ',
        )} over raw fetch; ours is at ${cases.map((c) => fmt.pct(c.ours - 1)).join(', ')}, that is ${cases
        .map((c) => fmt.ratio(c.oursOverRef))
        .join(
          ', ',
        )} of bare openapi-fetch. openapi-fetch builds a \`Request\` object for every call and hands it to \`fetch\`, which makes a new \`Request\` from it again (undici's \`fetch\` always does); for a POST that copy also moves the body into a new stream, where raw \`fetch\` sends the string as it is. ${request !== undefined ? `Building one such POST \`Request\` alone costs ${fmt.us(request)} µs here (step table below). ` : ''}Ours no longer calls openapi-fetch at run time: \`@weavr-sdk/core\` plans the URL, headers and body with openapi-fetch's exported serialisers and, on plain Node with the default \`fetch\`, sends through \`node:http\` (elsewhere it calls \`fetch(url, init)\` as raw \`fetch\` is called). What it still adds per call is its own safety work: a per-attempt timer and, through \`fetch\`, an \`AbortSignal\` that \`fetch\` listens on, with the attempt settled at once when it is cut (so that a \`fetch\` or body ignoring the signal still ends), the body read under a byte budget, the checks on path parameters and header values, a generated \`idempotency-ref\` on the POST, and the result's \`requestRef\`/\`idempotencyRef\`.`,
    );
  }

  if (r.http && missed('cheaper per request')) {
    const peers = r.http.contenders.filter((c) => c.role === 'peer').map((c) => c.name);
    const lines: string[] = [];
    for (const p of peers) {
      const lost = HTTP_SCENARIOS.filter(
        (s) => medianRatio(r.http?.samples.get(scenarioName(s))?.cpu ?? new Map(), OURS, p) >= 1,
      );
      if (!lost.length) continue;
      const fetchVsPeer = lost.map((s) => {
        const cpu = r.http?.samples.get(scenarioName(s))?.cpu ?? new Map();
        return `${scenarioName(s)} ${fmt.ratio(medianRatio(cpu, BASELINE, p))}`;
      });
      const stub = r.overhead
        ? ['GET', 'POST']
            .map((op) => {
              const cpu = r.overhead?.samples.get(op)?.cpu ?? new Map();
              return `${op} ${fmt.us(median(cpu.get(OURS) ?? []))} µs vs ${fmt.us(median(cpu.get(p) ?? []))} µs`;
            })
            .join(', ')
        : '';
      lines.push(
        `${p} is cheaper in ${lost.map(scenarioName).join(', ')}. Raw fetch itself costs ${fetchVsPeer.join(', ')} of ${p}'s CPU there${
          p === 'stripe'
            ? ': on Node, stripe sends through `node:http` with a keep-alive agent, not through `fetch` (undici). Ours does too on plain Node (with the default `fetch`, no middleware, a string body), which is why it is now under raw fetch; what it still does per call that stripe does not is build a WHATWG `Headers` and `Response` for the result (the `response` users hold), arm a timer per attempt, parse the URL, check path parameters and header values, and generate an `idempotency-ref` for the POST'
            : ''
        }.${stub ? ` With the network stubbed, where every client goes through \`fetch\`, ours costs ${stub} of ${p}'s own work.` : ''}`,
      );
    }
    if (lines.length) out.push(`**Peers.** ${lines.join(' ')}`);
  }

  if (r.overhead) {
    const diffs = ['GET', 'POST'].map((op) => {
      const cpu = r.overhead?.samples.get(op)?.cpu ?? new Map();
      return {
        op,
        ours: medianDiff(cpu, OURS, REFERENCE),
        noRetries: medianDiff(cpu, ABLATIONS.noRetries, REFERENCE),
        ownRef: medianDiff(cpu, ABLATIONS.ownRef, REFERENCE),
      };
    });
    const timer = block(r, 'one attempt timer');
    const signal = block(r, 'an `AbortSignal`');
    const uuid = block(r, '`crypto.randomUUID()`');
    // Setups doing the same work land apart by this run's noise: ours and `maxRetries: 0` make the same calls
    // (a retry budget costs nothing on a success), and ours and the idempotencyRef-given variant the same GET.
    const noise = Math.max(
      ...diffs.map((d) => Math.abs(d.ours - d.noRetries)),
      ...diffs.filter((d) => d.op === 'GET').map((d) => Math.abs(d.ours - d.ownRef)),
    );
    const signed = (x: number) => `${x >= 0 ? '+' : ''}${fmt.us(x)} µs`;
    // Explained when missed, and when a pass is within this run's noise (a pass by less than the noise is not
    // a measured win).
    const nearLine = diffs.some((d) => Math.abs(d.ours) <= noise);
    if (missed('client-only overhead') || nearLine)
      out.push(
        `**Client-only overhead.** Here every client is given the stub as its \`fetch\`, so ours builds a \`Request\` for it (a custom \`fetch\` is documented to receive one). Against bare openapi-fetch ours is at ${diffs
          .map((d) => `${d.op} ${signed(d.ours)}`)
          .join(
            ', ',
          )}; with \`maxRetries: 0\` ${diffs.map((d) => `${d.op} ${signed(d.noRetries)}`).join(', ')}; with an \`idempotencyRef\` given ${diffs
          .map((d) => `${d.op} ${signed(d.ownRef)}`)
          .join(
            ', ',
          )}. Setups that do the same work (ours and \`maxRetries: 0\`; ours and a given \`idempotencyRef\` on the GET) land up to ${fmt.us(noise)} µs apart in this run: that is its noise, and a difference to openapi-fetch smaller than it is a tie, not a win or a loss. Per call ours does fixed work openapi-fetch does not: a per-attempt timer (${timer !== undefined ? `${fmt.us(timer)} µs` : 'see the step table'}), the checks on the request, the secret values of the body collected for scrubbing, the body read under a byte budget, and \`request-ref\` read into the result; a UUID costs ${uuid !== undefined ? `${fmt.us(uuid)} µs` : 'little'}. An \`AbortSignal\` (${signal !== undefined ? `${fmt.us(signal)} µs` : 'see the step table'}) is made only when the custom \`fetch\` reads \`init.signal\` (this stub does not; \`fetch\` itself always does).`,
      );
  }

  if (r.bundles && missed('one call bundles')) {
    const ours = r.bundles.find((b) => b.name === OURS);
    const ref = r.bundles.find((b) => b.name === REFERENCE);
    if (ours) {
      const p = ours.parts;
      const bare = `bare openapi-fetch bundles to ${ref ? fmt.kb(ref.gzip) : '?'} gzip`;
      const openapiFetch = p['openapi-fetch']
        ? `openapi-fetch is ${fmt.kb(p['openapi-fetch'])} (${bare})`
        : `none is openapi-fetch (core writes the query and body the way its serialisers do and uses only its types and middleware contract; ${bare})`;
      out.push(
        `**Bundle.** Of our ${fmt.kb(ours.minified)} minified, ${openapiFetch}, \`@weavr-sdk/core\` ${fmt.kb(p['@weavr-sdk/core'] ?? 0)} and \`@weavr-sdk/multi\` ${fmt.kb(p['@weavr-sdk/multi'] ?? 0)}, nearly all of it the runtime table (one entry per operation: flags and operationId, kept whole because any call may name any path; encoded as one string instead of JSON it gzips only about 0.1 KB smaller, so it stays readable). Core's share is what every call runs: the plan (path, header and base-URL checks), the attempt loop with its timer, byte-budgeted body reads and stream limiter, the retry rules, typed errors with their messages and hints, redaction of echoed secrets and logging; this bundle is core's browser build (the \`browser\` export condition), in which the node:http transport and the undici proxy loader are stubs, so it holds no Node-only code, and tracing is its own entry point (\`@weavr-sdk/multi/tracing\`), bundled only by apps that trace. Reaching 5 KB would mean dropping messages or checks, which we chose not to do.`,
      );
    }
  }
  const e = r.emulator;
  if (e && (missed('emulator: at least') || missed('emulator: p99'))) {
    const cores = r.machine.cores;
    const emu = e.cpuMicrosPerRequest;
    const gen = e.generatorMicrosPerRequest;
    const bound = emu !== undefined && gen !== undefined ? (cores * 1e6) / (emu + gen) : undefined;
    out.push(
      `**Emulator.** The load generator and the emulator run on the same ${cores} cores. ${
        emu !== undefined && gen !== undefined && bound !== undefined
          ? `The emulator spent ${emu.toFixed(0)} µs of CPU per request and the generator ${gen.toFixed(0)} µs, so together they could make at most ${bound.toFixed(0)} requests/s even with the machine to themselves (this run started at load average ${r.machine.loadStart[0]?.toFixed(1)}). `
          : ''
      }The generator is \`undici.request\` over a pool of ${e.concurrency} keep-alive connections and does per request only what any client must: each request's headers and body are made once before the run, and answers are read to their end but not parsed. A \`node:http\` client with a keep-alive agent costs more (measured apart on 2026-12-05, 32 clients reading one account: 66 µs of generator CPU per request against 36 µs for \`undici.request\`), and on ${cores} shared cores what the generator spends the emulator cannot. Of the emulator's own CPU, a profile under this load (\`BENCH_EMULATOR_CPU_PROFILE\`, 2026-12-05, load average 14) put about 31 % in the loopback socket writes (one per answer), 30 % in Node's HTTP parsing and response code, 6 % in GC, and 30 % in the emulator's own code: routing, authentication, parameter and body checks (Ajv validators compiled once per schema), idempotency fingerprints, the handlers, completing answers from the spec's samples and \`JSON.stringify\`; the first two are paid by any \`node:http\` server, whatever it answers. With ${e.concurrency} requests always in flight, the mean latency is ${e.concurrency} ÷ the rate (Little's law: ${((e.concurrency / e.perSecond) * 1000).toFixed(2)} ms at ${e.perSecond.toFixed(0)}/s), so p99 follows the rate, and any pause of either process (a GC, the scheduler giving a core to another program) lands in the tail.`,
    );
  }
  return out;
}
