import type http from 'node:http';
import { readBody, sendJson, startServer, type TestServer } from './server.js';

/**
 * What the server does to one attempt:
 * - `503`, `429`: refuse before anything happens (429 says `x-ratelimit-reset: 0`);
 * - `drop`: apply the create, then destroy the connection without answering;
 * - `hang`: apply the create, then never answer (the client's timeout fires);
 * - `ok`: apply the create (once per idempotency-ref) and answer 200.
 */
export type Fault = 'ok' | '503' | '429' | 'drop' | 'hang';

export interface Ledger extends TestServer {
  /**
   * Creates applied, per request number `n` (the business object). A client that sent a new ref on a retry
   * would apply the same create twice: exactly-once means every value is 1.
   */
  effectsByN: Map<number, number>;
  /** Every idempotency-ref seen for each request number `n` in the body (should be one). */
  refsByN: Map<number, Set<string>>;
  /** Attempts per request number `n`. */
  attemptsByN: Map<number, number>;
  /** How many times each fault was injected. */
  injected: Record<Fault, number>;
}

/**
 * A server that records creates like Weavr does: keyed by `idempotency-ref`, so a repeated ref returns the
 * first result instead of applying it again. `plan(n, attempt)` says which fault attempt `attempt` (1-based)
 * of request number `n` (the body's `n`) meets.
 */
export async function startLedger(plan: (n: number, attempt: number) => Fault): Promise<Ledger> {
  const effectsByN = new Map<number, number>();
  const results = new Map<string, { id: string; n: number }>();
  const refsByN = new Map<number, Set<string>>();
  const attemptsByN = new Map<number, number>();
  const injected: Record<Fault, number> = { ok: 0, '503': 0, '429': 0, drop: 0, hang: 0 };
  let nextId = 1;

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = JSON.parse((await readBody(req)) || '{}') as { n?: number };
    const n = Number(body.n);
    const ref = req.headers['idempotency-ref'];
    if (typeof ref !== 'string' || !Number.isInteger(n))
      return sendJson(res, 400, { message: 'no ref or n' });
    const attempt = (attemptsByN.get(n) ?? 0) + 1;
    attemptsByN.set(n, attempt);
    const refs = refsByN.get(n) ?? new Set<string>();
    refsByN.set(n, refs);
    refs.add(ref);

    const fault = plan(n, attempt);
    injected[fault]++;
    if (fault === '503') return sendJson(res, 503, undefined);
    if (fault === '429') return sendJson(res, 429, undefined, { 'x-ratelimit-reset': '0' });

    // The effect: applied once per idempotency-ref; a repeat gets the first result back.
    let result = results.get(ref);
    if (!result) {
      result = { id: String(nextId++), n };
      results.set(ref, result);
      effectsByN.set(n, (effectsByN.get(n) ?? 0) + 1);
    }

    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault === 'hang') return; // never answered; the server closes it at the end
    sendJson(res, 200, { ...result, state: 'COMPLETED' }, { 'request-ref': `rr-${n}-${attempt}` });
  };
  const server = await startServer((req, res) => {
    void handler(req, res);
  });
  return { ...server, effectsByN, refsByN, attemptsByN, injected };
}
