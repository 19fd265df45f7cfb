/**
 * For each missed target, what this run's own numbers say about why. The mechanisms named here were read from
 * the code and measured in this run's step table; the figures are recomputed every run.
 */
import { HTTP_SCENARIOS, scenarioName } from './http.js';
import { ABLATIONS } from './overhead.js';
import type { RunResults } from './report.js';
import { fmt, median, medianDiff, medianRatio } from './stats.js';
import { BASELINE, LIMITS, OURS, REFERENCE } from './targets.js';

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
        )} of bare openapi-fetch. openapi-fetch builds a \`Request\` object for every call and hands it to \`fetch\`, which makes a new \`Request\` from it again (undici's \`fetch\` always does); for a POST that copy also moves the body into a new stream, where raw \`fetch\` sends the string as it is. ${request !== undefined ? `Building one such POST \`Request\` alone costs ${fmt.us(request)} µs here (step table below). ` : ''}Ours, with the default \`fetch\` and no middleware, has openapi-fetch build a plain record of the URL and RequestInit instead and calls \`fetch(url, init)\` with it, as raw \`fetch\` is called: neither that \`Request\` nor its copy is made. What ours still adds over raw fetch is openapi-fetch's own per-call work (the URL, the merged \`Headers\`, the serialised body), a per-attempt timer and abort controller, a promise around each attempt, the header record and call context, and the result's \`requestRef\`/\`idempotencyRef\`.`,
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
            ? ': on Node, stripe sends through `node:http` with a keep-alive agent, not through `fetch` (undici), and that path is cheaper per request on this Node. No client built on `fetch` can beat it while raw `fetch` does not'
            : ''
        }.${stub ? ` With the network stubbed, where every client goes through \`fetch\`, ours costs ${stub} of ${p}'s own work.` : ''}`,
      );
    }
    if (lines.length) out.push(`**Peers.** ${lines.join(' ')}`);
  }

  if (r.overhead && missed('client-only overhead')) {
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
    const uuid = block(r, '`crypto.randomUUID()`');
    // Ours and the idempotencyRef-given variant make exactly the same GET: how far apart their GET figures land
    // is this run's noise.
    const getDiff = diffs.find((d) => d.op === 'GET');
    const noise = getDiff ? Math.abs(getDiff.ours - getDiff.ownRef) : 0;
    out.push(
      `**Client-only overhead.** Here every client is given the stub as its \`fetch\`, so ours takes its custom-\`fetch\` path (the stub receives openapi-fetch's \`Request\`), not the cheaper direct one it takes with the default \`fetch\` (which skips building that \`Request\`: see the per-request section). Over bare openapi-fetch ours adds ${diffs
        .map((d) => `${d.op} ${fmt.us(d.ours)} µs`)
        .join(
          ', ',
        )}; with \`maxRetries: 0\` ${diffs.map((d) => `${d.op} ${fmt.us(d.noRetries)} µs`).join(', ')}; with an \`idempotencyRef\` given ${diffs
        .map((d) => `${d.op} ${fmt.us(d.ownRef)} µs`)
        .join(
          ', ',
        )}. Two setups of ours make exactly the same GET (the default, and the one with an \`idempotencyRef\` given, which only changes the POST), yet their GET figures differ by ${fmt.us(noise)} µs: differences of that size are noise in this run, so the ablations do not single out either default. What ours does per call beyond openapi-fetch is fixed work: the per-attempt timer and abort controller (${timer !== undefined ? `${fmt.us(timer)} µs` : 'see the step table'}), the promise and closures around the attempt, the header record and call context, the \`fetch\` and body-serialiser closures handed to openapi-fetch, and reading \`request-ref\` into the result; a UUID costs ${uuid !== undefined ? `${fmt.us(uuid)} µs` : 'little'}. The budget is ${LIMITS.overheadUs} µs.`,
    );
  }

  if (r.bundles && missed('one call bundles')) {
    const ours = r.bundles.find((b) => b.name === OURS);
    const ref = r.bundles.find((b) => b.name === REFERENCE);
    if (ours) {
      const p = ours.parts;
      out.push(
        `**Bundle.** openapi-fetch alone bundles to ${ref ? fmt.kb(ref.gzip) : '?'} gzip, more than half the budget. Of our ${fmt.kb(ours.minified)} minified, openapi-fetch is ${fmt.kb(p['openapi-fetch'] ?? 0)}, \`@weavr-sdk/core\` ${fmt.kb(p['@weavr-sdk/core'] ?? 0)} (the client, retry loop, typed errors with their messages, redaction, logging) and \`@weavr-sdk/multi\` ${fmt.kb(p['@weavr-sdk/multi'] ?? 0)}, nearly all of it the runtime table: one entry per operation (flags and operationId), kept whole because any call may name any path.`,
      );
    }
  }
  return out;
}
