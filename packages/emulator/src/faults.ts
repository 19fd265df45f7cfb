/**
 * Fault injection per test (msw's `server.use` is the model): the next N calls of one operation answer a given
 * status and body, wait, or lose their connection. Set from `emu.fault(...)` or `POST /_emulator/faults`;
 * `reset()` clears them.
 */
import type { ApiName } from './router.js';

/** What to do to the next calls of one operation. */
export interface FaultSpec {
  /** The operation, by its `operationId` in the spec (e.g. `transferCreate`). */
  operationId: string;
  /**
   * Which API's operation, where two APIs share an `operationId`.
   * @default every API that has it
   */
  api?: ApiName;
  /**
   * How many calls it applies to; after that the operation answers as usual again.
   * @default 1
   */
  times?: number;
  /**
   * Answer this status instead of running the operation (nothing changes, nothing is remembered for the
   * idempotency-ref).
   * @default undefined (the operation runs)
   */
  status?: number;
  /**
   * The body of that answer: JSON, or a string sent as it is.
   * @default none
   */
  body?: unknown;
  /**
   * Headers of that answer (e.g. `retry-after`).
   * @default none
   */
  headers?: Record<string, string>;
  /**
   * Wait this long (real milliseconds, at most 60,000) once the request is read, before answering or running it.
   * @default 0
   */
  delayMs?: number;
  /**
   * Close the connection without an answer once the request is read: `'before'` without running the operation,
   * `'after'` once it has run (its effects stay; the answer is lost, as when a connection breaks on the way back).
   * @default undefined (an answer is sent)
   */
  drop?: 'before' | 'after';
}

/** A fault as the emulator keeps it: what it does, how many calls are left, and the calls it met. */
export interface Fault extends Readonly<FaultSpec> {
  readonly id: string;
  /** Calls it still applies to. */
  remaining: number;
  /** The calls it applied to, oldest first, with the `idempotency-ref` each carried (if any). */
  readonly hits: { at: number; idempotencyRef?: string }[];
}

const MAX_DELAY_MS = 60_000;
const DROPS = ['before', 'after'];

function fail(message: string): never {
  throw new TypeError(`fault: ${message}`);
}

/**
 * Checks a fault from a test or the admin API: every field named when wrong, before anything is armed.
 * `known(api, operationId)` says whether an operation exists.
 */
export function checkFault(
  spec: unknown,
  known: (api: ApiName | undefined, id: string) => boolean,
): FaultSpec {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) fail('expected an object');
  const s = spec as Record<string, unknown>;
  const allowed = ['operationId', 'api', 'times', 'status', 'body', 'headers', 'delayMs', 'drop'];
  for (const k of Object.keys(s))
    if (!allowed.includes(k)) fail(`unknown field '${k}' (fields: ${allowed.join(', ')})`);
  if (typeof s.operationId !== 'string' || !s.operationId) fail('operationId must be a non-empty string');
  if (s.api !== undefined && !['multi', 'backoffice', 'simulator'].includes(s.api as string))
    fail("api must be 'multi', 'backoffice' or 'simulator'");
  if (!known(s.api as ApiName | undefined, s.operationId))
    fail(`no operation '${s.operationId}'${s.api ? ` in the ${s.api} API` : ''}`);
  if (s.times !== undefined && !(Number.isInteger(s.times) && (s.times as number) >= 1))
    fail('times must be a whole number ≥ 1');
  if (
    s.status !== undefined &&
    !(Number.isInteger(s.status) && (s.status as number) >= 200 && (s.status as number) <= 599)
  )
    fail('status must be a whole number from 200 to 599');
  if (
    s.delayMs !== undefined &&
    !(typeof s.delayMs === 'number' && s.delayMs >= 0 && s.delayMs <= MAX_DELAY_MS)
  )
    fail(`delayMs must be a number from 0 to ${MAX_DELAY_MS}`);
  if (s.drop !== undefined && !DROPS.includes(s.drop as string)) fail("drop must be 'before' or 'after'");
  if (s.drop !== undefined && (s.status !== undefined || s.body !== undefined))
    fail('drop sends no answer: give drop or status/body, not both');
  if (s.body !== undefined && s.status === undefined) fail('body needs a status');
  if (
    s.headers !== undefined &&
    (!s.headers ||
      typeof s.headers !== 'object' ||
      Object.values(s.headers).some((v) => typeof v !== 'string'))
  )
    fail('headers must be an object of strings');
  if (s.status === undefined && s.delayMs === undefined && s.drop === undefined)
    fail('give at least one of status, delayMs or drop');
  return s as unknown as FaultSpec;
}

/** The armed faults, in the order they were set: the oldest one that matches a call applies to it. */
export class Faults {
  private list: Fault[] = [];
  private next = 1;

  add(spec: FaultSpec): Fault {
    const fault: Fault = {
      ...structuredClone(spec),
      id: `fault_${this.next++}`,
      remaining: spec.times ?? 1,
      hits: [],
    };
    this.list.push(fault);
    return fault;
  }

  /** The fault for this call, counted as used; undefined when none is armed for it. */
  take(api: ApiName, operationId: string, at: number, idempotencyRef: string | undefined): Fault | undefined {
    if (this.list.length === 0) return undefined;
    const fault = this.list.find(
      (f) => f.remaining > 0 && f.operationId === operationId && (f.api === undefined || f.api === api),
    );
    if (!fault) return undefined;
    fault.remaining--;
    fault.hits.push(idempotencyRef === undefined ? { at } : { at, idempotencyRef });
    return fault;
  }

  /** Every fault set since the last clear, used up or not. */
  all(): readonly Fault[] {
    return this.list;
  }

  clear(): void {
    this.list = [];
  }
}
