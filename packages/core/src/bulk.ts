import { sleep } from './abort.js';
import { WeavrAbortError, WeavrConfigError, WeavrError } from './errors.js';
import { WeavrBulkStateError } from './helper-errors.js';
import type { HelperCallOptions, HelperClient, OperationMap, RequestBodyOf } from './helper-types.js';
import type { OperationInfo } from './operations.js';
import { paginate } from './paginate.js';

/**
 * The most operations one bulk process takes when the spec gives no `maxItems` for the submit body (Weavr's
 * specs give 10,000, which the generated map carries and `submitBulk` uses).
 */
export const BULK_MAX_OPERATIONS = 10_000;

/** Bulk process states after which nothing changes. */
export const BULK_FINAL_STATES = ['COMPLETED', 'PARTIALLY_COMPLETED', 'FAILED', 'CANCELLED'] as const;

export type BulkMode = 'ON_FAILURE_STOP' | 'ON_FAILURE_CONTINUE';

/** What `GET /bulks/{bulk_id}` returns (the shape both APIs share). */
export interface BulkDetails {
  bulkId?: string;
  status?: string;
  submittedItemsCount?: number;
  operationStatusCounts?: { status?: string; count?: number }[];
  [key: string]: unknown;
}

/** One operation of a bulk process, from `GET /bulks/{bulk_id}/operations`. */
export interface BulkOperation {
  operationId?: string;
  sequence?: number;
  method?: string;
  path?: string;
  status?: string;
  requestPayload?: string;
  responsePayload?: string;
  [key: string]: unknown;
}

/** Progress reported while waiting: the last known state of every bulk of the submission. */
export interface BulkProgress<Details = BulkDetails> {
  /** The combined state (see `BulkResult.status`). Not final while any bulk is still to run. */
  status: string;
  /** Operations per status over every bulk, e.g. `{ COMPLETED: 9000, RUNNING: 1, SUBMITTED: 999 }`. */
  operationStatusCounts: Record<string, number>;
  /** The last details fetched for each bulk, in submission order (`undefined` when not fetched yet). */
  bulks: (Details | undefined)[];
}

/** The outcome once every bulk reached a final state (or was left unexecuted after an `ON_FAILURE_STOP` failure). */
export interface BulkResult<Details = BulkDetails> extends BulkProgress<Details> {
  /**
   * `COMPLETED`, `PARTIALLY_COMPLETED`, `FAILED` or `CANCELLED`. For one bulk, its own state; for several, the
   * shared state when all agree, else `PARTIALLY_COMPLETED` when some operation completed.
   */
  status: string;
}

export interface BulkExecuteOptions extends HelperCallOptions {
  /** `ON_FAILURE_STOP` stops at the first failed operation; `ON_FAILURE_CONTINUE` runs every one. */
  mode: BulkMode;
  /** Send a progress webhook after this many operations (Weavr's minimum is 25 % of them). */
  webhookInterval?: number;
}

export interface BulkWaitOptions<Details = BulkDetails> {
  /** Called after every status poll. */
  onProgress?: (progress: BulkProgress<Details>) => void;
  /** Stops waiting (the bulk keeps running on Weavr's side: `cancel()` stops it). */
  signal?: AbortSignal;
  /**
   * First wait between polls, in milliseconds; each poll waits 1.5× longer, up to `maxIntervalMs`.
   * @default 1000
   */
  intervalMs?: number;
  /**
   * Longest wait between polls, in milliseconds.
   * @default 15000
   */
  maxIntervalMs?: number;
}

/**
 * A submitted bulk process (or several, when more than 10,000 items were submitted). `Status` is the operation
 * states the API's `GET /bulks/{bulk_id}/operations` filters on (each client package passes its spec's enum).
 */
export interface BulkHandle<
  Details = BulkDetails,
  Operation = BulkOperation,
  Status extends string = string,
> {
  /** One id per bulk process, in submission order. */
  readonly bulkIds: readonly string[];
  /** How many operations were submitted in total. */
  readonly operationCount: number;
  /**
   * Launches the execution (`POST /bulks/{bulk_id}/execute`). With several bulks, the first starts now and
   * `done()` starts each next one when the previous ends (with `ON_FAILURE_STOP`, only if it `COMPLETED`).
   */
  execute(options: BulkExecuteOptions): Promise<void>;
  /** Pauses the running bulk (RUNNING → PAUSED). */
  pause(options?: HelperCallOptions): Promise<void>;
  /** Resumes a paused bulk (PAUSED → RUNNING). */
  resume(options?: HelperCallOptions): Promise<void>;
  /** Cancels the running or paused bulk and every bulk not yet run (final: CANCELLED). */
  cancel(options?: HelperCallOptions): Promise<void>;
  /** The current details of every bulk (`GET /bulks/{bulk_id}` each). */
  status(options?: HelperCallOptions): Promise<BulkProgress<Details>>;
  /** Polls with backoff until every bulk has run to a final state, reporting progress. */
  done(options?: BulkWaitOptions<Details>): Promise<BulkResult<Details>>;
  /** Operations of every bulk, optionally only those in one state (paginated `GET /bulks/{bulk_id}/operations`). */
  operations(
    filter?: { status?: Status } & HelperCallOptions,
  ): AsyncGenerator<Operation & { bulkId: string }>;
  /** The failed operations of every bulk, with their request and response payloads. */
  failures(options?: HelperCallOptions): AsyncGenerator<Operation & { bulkId: string }>;
}

type ArrayBody<Op> = [RequestBodyOf<Op>] extends [never]
  ? never
  : RequestBodyOf<Op> extends readonly unknown[]
    ? RequestBodyOf<Op>
    : never;
type BulkBody<Paths, P extends keyof Paths> =
  | ArrayBody<Paths[P] extends { post: infer O } ? O : never>
  | ArrayBody<Paths[P] extends { patch: infer O } ? O : never>;

/** Paths whose operation takes an array of `{ pathParams, requestBody }`: the bulk submit operations. */
export type BulkPath<Paths> = {
  [P in keyof Paths]: [BulkBody<Paths, P>] extends [never] ? never : P;
}[keyof Paths] &
  string;

/** One item of a bulk submission: the `pathParams` and `requestBody` of the single operation it runs. */
export type BulkItem<Paths, P extends keyof Paths> = BulkBody<Paths, P>[number];

/** Part of a submission was accepted before a later part failed. Nothing has been executed. */
export class WeavrBulkSubmitError extends WeavrError {
  override name = 'WeavrBulkSubmitError';
  /** Bulks already submitted (state SUBMITTED, not executed): `openBulk` them to execute or cancel. */
  readonly submittedBulkIds: string[];
  constructor(message: string, submittedBulkIds: string[], cause: unknown) {
    super(message, { cause });
    this.submittedBulkIds = submittedBulkIds;
  }
}

export interface SubmitBulkOptions extends HelperCallOptions {
  /**
   * Operations per bulk process; more items are split into several bulks. At most the operation's cap.
   * @default the submit body's `maxItems` in the spec (10000 in Weavr's specs)
   */
  maxOperationsPerBulk?: number;
  /**
   * `idempotency-ref` for the submission. With several bulks each gets `<ref>-<n>` (n from 1).
   * @default a random UUID per bulk
   */
  idempotencyRef?: string;
}

/** The bulk submit operation at `path`, as the generated map flags it (`bulk`), with its item cap. */
function bulkOperation(ops: OperationMap, path: string) {
  const match = Object.values(ops).find((o) => o.path === path && o.bulk);
  if (!match) {
    const bulks = Object.values(ops)
      .filter((o) => o.bulk)
      .map((o) => `${o.method} ${o.path}`);
    throw new WeavrConfigError(
      `submitBulk: ${String(path)} is not a bulk submit operation (bulk operations: ${bulks.join(', ')})`,
    );
  }
  return match as OperationInfo & { method: 'POST' | 'PATCH'; bulk: { maxItems?: number } };
}

/**
 * Submits one bulk operation for every item (`{ pathParams, requestBody }`), in bulks of at most 10,000.
 * Nothing runs until `execute()`.
 */
export async function submitBulk<Details = BulkDetails, Operation = BulkOperation>(
  client: HelperClient,
  ops: OperationMap,
  path: string,
  items: readonly unknown[],
  options: SubmitBulkOptions = {},
): Promise<BulkHandle<Details, Operation>> {
  const op = bulkOperation(ops, path);
  if (!Array.isArray(items) || items.length === 0)
    throw new WeavrConfigError(`submitBulk ${path}: items must be a non-empty array`);
  const bad = items.findIndex((i) => !i || typeof i !== 'object' || Array.isArray(i));
  if (bad !== -1)
    throw new WeavrConfigError(
      `submitBulk ${path}: item ${bad} must be an object like { pathParams, requestBody }`,
    );
  const cap = op.bulk.maxItems ?? BULK_MAX_OPERATIONS;
  const { maxOperationsPerBulk = cap, idempotencyRef, ...call } = options;
  if (!Number.isInteger(maxOperationsPerBulk) || maxOperationsPerBulk < 1 || maxOperationsPerBulk > cap) {
    throw new WeavrConfigError(
      `submitBulk ${path}: maxOperationsPerBulk must be a whole number between 1 and ${cap} (got ${String(maxOperationsPerBulk)})`,
    );
  }
  const chunks = Math.ceil(items.length / maxOperationsPerBulk);
  const ids: string[] = [];
  let operationCount = 0;
  for (let n = 0; n < chunks; n++) {
    const body = items.slice(n * maxOperationsPerBulk, (n + 1) * maxOperationsPerBulk);
    const ref = idempotencyRef && chunks > 1 ? `${idempotencyRef}-${n + 1}` : idempotencyRef;
    try {
      const { data } = await client[op.method](path, {
        ...call,
        body,
        ...(ref ? { idempotencyRef: ref } : {}),
        throwOnError: true,
      });
      const bulkId = (data as { bulkId?: unknown } | undefined)?.bulkId;
      if (typeof bulkId !== 'string' || bulkId === '') throw new TypeError('the response carries no bulkId');
      ids.push(bulkId);
      const count = (data as { operationCount?: unknown }).operationCount;
      operationCount += typeof count === 'number' ? count : body.length;
    } catch (e) {
      if (n === 0) throw e;
      throw new WeavrBulkSubmitError(
        `submitBulk ${path}: bulk ${n + 1} of ${chunks} failed after ${n} were submitted (${ids.join(', ')}); nothing was executed: ${e instanceof Error ? e.message : String(e)}`,
        ids,
        e,
      );
    }
  }
  return bulkHandle<Details, Operation>(client, ops, ids, operationCount);
}

/** A handle on an existing bulk process, e.g. one submitted by another process. */
export function openBulk<Details = BulkDetails, Operation = BulkOperation>(
  client: HelperClient,
  ops: OperationMap,
  bulkId: string,
): BulkHandle<Details, Operation> {
  if (typeof bulkId !== 'string' || bulkId === '')
    throw new WeavrConfigError('openBulk: bulkId must be a non-empty string');
  return bulkHandle<Details, Operation>(client, ops, [bulkId], Number.NaN);
}

const FINAL = new Set<string>(BULK_FINAL_STATES);
/** Every state the spec's `BulkProcessStatus` defines (tests/runtime-integration/test/bulk-states.test.ts checks it). */
export const BULK_STATES = ['SUBMITTED', 'RUNNING', 'PAUSED', ...BULK_FINAL_STATES] as const;
const KNOWN = new Set<string>(BULK_STATES);

function countsOf(details: readonly (BulkDetails | undefined)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of details) {
    for (const c of d?.operationStatusCounts ?? []) {
      if (typeof c?.status === 'string' && typeof c.count === 'number')
        out[c.status] = (out[c.status] ?? 0) + c.count;
    }
  }
  return out;
}

function combinedStatus(details: readonly (BulkDetails | undefined)[]): string {
  const states = details.map((d) => d?.status ?? 'SUBMITTED');
  const first = states[0] ?? 'SUBMITTED';
  if (states.every((s) => s === first)) return first;
  const live = states.find((s) => s === 'RUNNING' || s === 'PAUSED');
  if (live) return live;
  const someDone = states.some((s) => s === 'COMPLETED' || s === 'PARTIALLY_COMPLETED');
  if (someDone) return 'PARTIALLY_COMPLETED';
  return states.includes('CANCELLED') ? 'CANCELLED' : 'FAILED';
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return sleep(ms, signal, () => abortError(signal as AbortSignal));
}

function abortError(signal: AbortSignal): WeavrAbortError {
  return new WeavrAbortError(
    'Waiting for the bulk process was aborted by the caller',
    { method: 'GET', path: '/bulks/{bulk_id}' },
    { cause: signal.reason },
  );
}

function positive(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))
    throw new WeavrConfigError(
      `bulk.done: ${name} must be a positive number of milliseconds (got ${String(v)})`,
    );
  return v;
}

function bulkHandle<Details, Operation>(
  client: HelperClient,
  ops: OperationMap,
  bulkIds: string[],
  operationCount: number,
): BulkHandle<Details, Operation> {
  /** Index of the bulk that execute/pause/resume/cancel act on. */
  let current = 0;
  let mode: BulkMode | undefined;
  let webhookInterval: number | undefined;
  let cancelled = false;
  const last: (BulkDetails | undefined)[] = bulkIds.map(() => undefined);

  const action = async (verb: string, i: number, init: Record<string, unknown> = {}) => {
    await client.POST(`/bulks/{bulk_id}/${verb}`, {
      ...init,
      params: { path: { bulk_id: bulkIds[i] } },
      throwOnError: true,
    });
  };
  const fetchDetails = async (i: number, call: HelperCallOptions = {}) => {
    const { data } = await client.GET('/bulks/{bulk_id}', {
      ...call,
      params: { path: { bulk_id: bulkIds[i] } },
      throwOnError: true,
    });
    last[i] = (data ?? {}) as BulkDetails;
    return last[i] as BulkDetails;
  };
  const progress = (): BulkProgress<Details> => ({
    status: combinedStatus(last),
    operationStatusCounts: countsOf(last),
    bulks: [...last] as (Details | undefined)[],
  });
  const startBulk = (i: number, call: HelperCallOptions = {}) =>
    action('execute', i, {
      ...call,
      body: { mode, ...(webhookInterval !== undefined ? { webhookInterval } : {}) },
    });

  async function* operationsOf(filter: { status?: string } & HelperCallOptions = {}) {
    const { status, ...call } = filter;
    for (const bulkId of bulkIds) {
      const items = paginate(client, ops, '/bulks/{bulk_id}/operations', {
        ...call,
        params: { path: { bulk_id: bulkId }, query: status ? { status } : {} },
      });
      for await (const op of items) yield { ...(op as Operation), bulkId };
    }
  }

  return {
    bulkIds,
    get operationCount() {
      return Number.isNaN(operationCount) ? (last[0]?.submittedItemsCount ?? Number.NaN) : operationCount;
    },
    async execute(options) {
      if (!options || (options.mode !== 'ON_FAILURE_STOP' && options.mode !== 'ON_FAILURE_CONTINUE'))
        throw new WeavrConfigError(
          `bulk.execute: mode must be ON_FAILURE_STOP or ON_FAILURE_CONTINUE (got ${String(options?.mode)})`,
        );
      const { mode: m, webhookInterval: w, ...call } = options;
      mode = m;
      webhookInterval = w;
      current = 0;
      await startBulk(0, call);
    },
    pause: (call) => action('pause', current, call),
    resume: (call) => action('resume', current, call),
    async cancel(call) {
      cancelled = true;
      let firstError: unknown;
      // The current bulk, then every later one that has not run (a SUBMITTED bulk can be cancelled too).
      for (let i = current; i < bulkIds.length; i++) {
        try {
          await action('cancel', i, call);
        } catch (e) {
          firstError ??= e;
        }
      }
      if (firstError) throw firstError;
    },
    async status(call) {
      for (let i = 0; i < bulkIds.length; i++) await fetchDetails(i, call);
      return progress();
    },
    async done(options = {}) {
      const initial = positive('intervalMs', options.intervalMs, 1000);
      const max = positive('maxIntervalMs', options.maxIntervalMs, 15_000);
      const { signal, onProgress } = options;
      let delay = initial;
      for (;;) {
        const details = await fetchDetails(current, { signal });
        const state = details.status ?? '';
        if (state === 'SUBMITTED' && mode === undefined)
          throw new WeavrConfigError(
            `bulk.done: bulk ${bulkIds[current]} has not been executed: call execute({ mode }) first`,
          );
        if (!KNOWN.has(state))
          throw new WeavrBulkStateError(
            `bulk.done: bulk ${bulkIds[current]} reported state ${JSON.stringify(state)}, which the spec does not define (${[...KNOWN].join(', ')}); stopped instead of polling for ever`,
            { bulkId: bulkIds[current] as string, state },
          );
        if (FINAL.has(state)) {
          const next = current + 1;
          const goOn =
            next < bulkIds.length &&
            !cancelled &&
            mode !== undefined &&
            (mode === 'ON_FAILURE_CONTINUE' || state === 'COMPLETED');
          if (!goOn) {
            // Bulks that never ran (after a stop or a cancel): report their real state too.
            for (let i = next; i < bulkIds.length; i++) await fetchDetails(i, { signal });
            const result = progress();
            onProgress?.(result);
            return result;
          }
          current = next;
          await startBulk(current, { signal });
          delay = initial;
          onProgress?.(progress());
          continue;
        }
        onProgress?.(progress());
        await wait(delay, signal);
        delay = Math.min(max, delay * 1.5);
      }
    },
    operations: (filter) => operationsOf(filter),
    failures: (call) => operationsOf({ ...call, status: 'FAILED' }),
  } as BulkHandle<Details, Operation>;
}
