import type { Caller, Ctx } from '../context.js';
import type { runOperation } from '../dispatch.js';
import { backoffice } from '../generated/backoffice.js';
import { multi } from '../generated/multi.js';
import { conflict, notFound } from '../http-error.js';
import type { ApiName } from '../router.js';
import { page } from '../shape.js';
import type { ApiTable } from '../spec-types.js';
import { type AreaHandlers, area, type TypedCtx, type TypedHandlers } from '../typed.js';
import type { World } from '../world.js';
import { identityOf, noContent, ok } from './common.js';

type AfterEngine<T> = T extends [unknown, ...infer Rest] ? Rest : never;
/** Runs one operation for a caller: `runOperation` of dispatch.ts with its engine bound. */
export type Runner = (
  ...args: AfterEngine<Parameters<typeof runOperation>>
) => ReturnType<typeof runOperation>;

interface BulkOperation {
  sequence: number;
  status: 'SUBMITTED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
  method: string;
  path: string;
  params: Record<string, string>;
  requestPayload?: string;
  responsePayload?: string;
}

export interface Bulk {
  bulkId: string;
  api: ApiName;
  owner: string;
  /** Who submitted it: the identity, and the user by id (kept by reference, so saved state stays small). */
  caller: { identity?: Caller['identity']; userId?: string };
  /** The bulk path (`/bulks/managed_cards/_id_/block`) and the single operation each item runs. */
  path: string;
  single: { method: string; template: string };
  status: 'SUBMITTED' | 'RUNNING' | 'PARTIALLY_COMPLETED' | 'COMPLETED' | 'FAILED' | 'PAUSED' | 'CANCELLED';
  mode?: 'ON_FAILURE_STOP' | 'ON_FAILURE_CONTINUE';
  submittedAt: number;
  executionStart?: number;
  executionFinish?: number;
  /** Operations done when the bulk last started or resumed, and when that was (progress is paced by time). */
  doneAtResume: number;
  runningSince: number;
  next: number;
  operations: BulkOperation[];
}

/** `/bulks/managed_cards/_id_/block` runs `/managed_cards/{id}/block` per item (`_x_` is literal path text). */
function singleOf(bulkPath: string): string {
  return bulkPath.replace(/^\/bulks/, '').replace(/_([a-z_]+?)_(?=\/|$)/g, '{$1}');
}

function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => params[name] ?? `{${name}}`);
}

/** The items every bulk submit operation takes (its schema, checked before: an array of these). */
type BulkItems = { pathParams?: Record<string, string>; requestBody?: unknown }[];

const submit = (ctx: Ctx) => {
  const owner = identityOf(ctx);
  const items = ctx.body as BulkItems;
  const template = singleOf(ctx.op.path);
  const bulkId = ctx.world.newId();
  const now = ctx.clock.now();
  const bulk: Bulk = {
    bulkId,
    api: ctx.api,
    owner: owner.id,
    caller: {
      ...(ctx.caller.identity ? { identity: ctx.caller.identity } : {}),
      ...(ctx.caller.user ? { userId: ctx.caller.user.id } : {}),
    },
    path: ctx.op.path,
    single: { method: ctx.op.method, template },
    status: 'SUBMITTED',
    submittedAt: now,
    doneAtResume: 0,
    runningSince: now,
    next: 0,
    operations: items.map((item, i) => {
      // `_id_` in the bulk's pathParams is `{id}` of the single operation.
      const params = Object.fromEntries(
        Object.entries(item.pathParams ?? {}).map(([k, v]) => [k.replace(/^_|_$/g, ''), String(v)]),
      );
      return {
        sequence: i + 1,
        status: 'SUBMITTED',
        method: ctx.op.method,
        path: fillPath(template, params),
        params,
        ...(item.requestBody !== undefined ? { requestPayload: JSON.stringify(item.requestBody) } : {}),
      };
    }),
  };
  ctx.world.table('bulks').set(bulkId, bulk);
  return ok({ bulkId, operationCount: items.length, path: ctx.op.path });
};

function bulkOf(ctx: Ctx): Bulk {
  const bulk = ctx.world.table('bulks').get(ctx.path.bulk_id as string);
  if (!bulk || bulk.owner !== identityOf(ctx).id || bulk.api !== ctx.api) throw notFound();
  return bulk;
}

function summary(b: Bulk) {
  return {
    bulkId: b.bulkId,
    status: b.status,
    submittedItemsCount: b.operations.length,
    ...(b.executionStart !== undefined ? { executionStart: b.executionStart } : {}),
    ...(b.executionFinish !== undefined ? { executionFinish: b.executionFinish } : {}),
    operation: `${b.single.method} ${b.path}`,
    ...(b.mode ? { mode: b.mode } : {}),
  };
}

function counts(b: Bulk) {
  const by = new Map<BulkOperation['status'], number>();
  for (const o of b.operations) by.set(o.status, (by.get(o.status) ?? 0) + 1);
  return [...by].map(([status, count]) => ({ status, count }));
}

/** The `bulk_process_end` event of a bulk that has just ended. */
function endEvent(b: Bulk) {
  return {
    bulkId: b.bulkId,
    // Sent once the bulk has ended (cancelled, or its last operation done): it is no longer SUBMITTED.
    status: b.status as Exclude<Bulk['status'], 'SUBMITTED'>,
    submittedItemsCount: b.operations.length,
    operationStatusCounts: counts(b),
  };
}

function transition(from: Bulk['status'][], to: Bulk['status'], extra?: (b: Bulk) => void) {
  return (ctx: Ctx) => {
    const bulk = bulkOf(ctx);
    if (!from.includes(bulk.status)) throw conflict('INVALID_STATE');
    extra?.(bulk);
    if (to === 'RUNNING') {
      bulk.doneAtResume = bulk.next;
      bulk.runningSince = ctx.clock.now();
    }
    bulk.status = to;
    // Its operations run on the emulator's scheduler, never on the path of a request.
    if (to === 'RUNNING') ctx.wake();
    if (to === 'CANCELLED') {
      finishRest(bulk, 'CANCELLED', ctx.clock.now());
      ctx.emit('/bulk_process_end/watch', endEvent(bulk));
    }
    return noContent();
  };
}

function finishRest(b: Bulk, status: 'CANCELLED', now: number): void {
  for (const o of b.operations) if (o.status === 'SUBMITTED' || o.status === 'RUNNING') o.status = status;
  b.next = b.operations.length;
  b.executionFinish = now;
}

const list = (ctx: Ctx) => {
  const owner = identityOf(ctx).id;
  const mine = [...ctx.world.table('bulks').values()]
    .filter((b: Bulk) => b.owner === owner && b.api === ctx.api)
    .reverse();
  return ok(page('bulkProcesses', mine.map(summary), ctx.query));
};

const listOperations = (ctx: Ctx) => {
  const bulk = bulkOf(ctx);
  const status = ctx.query.status as string[] | string | undefined;
  const wanted = status === undefined ? undefined : Array.isArray(status) ? status : [status];
  const ops = bulk.operations
    .filter((o) => !wanted || wanted.includes(o.status))
    .map(({ params: _params, ...o }) => ({ operationId: `${bulk.bulkId}-${o.sequence}`, ...o }));
  return ok(page('operations', ops, ctx.query));
};

/** When the next operation of `b` (a running bulk) falls due at `rate` operations per second. */
function nextDue(b: Bulk, rate: number): number {
  return b.runningSince + Math.ceil(((b.next + 1 - b.doneAtResume) * 1000) / rate);
}

/**
 * Executes what is due of every running bulk: `rate` operations per second of emulated time since it started or
 * resumed, each through the same handler as a single call. Run by the emulator's scheduler (`housekeeping.ts`),
 * never by a request. Returns when the next operation of a still-running bulk falls due (`undefined`: none).
 */
export function advanceBulks(
  world: World,
  now: number,
  rate: number,
  run: Runner,
  emit: Ctx['emit'],
): number | undefined {
  let next: number | undefined;
  for (const b of world.table('bulks').values()) {
    if (b.status !== 'RUNNING') continue;
    while (b.next < b.operations.length && b.status === 'RUNNING' && nextDue(b, rate) <= now) {
      const op = b.operations[b.next] as BulkOperation;
      b.next++;
      const body = op.requestPayload === undefined ? undefined : JSON.parse(op.requestPayload);
      const user = b.caller.userId ? world.users.get(b.caller.userId) : undefined;
      const caller: Caller = {
        ...(b.caller.identity ? { identity: b.caller.identity } : {}),
        ...(user ? { user } : {}),
      };
      const result = run(b.api, op.method, b.single.template, caller, op.params, body);
      op.status = result.status >= 200 && result.status < 300 ? 'COMPLETED' : 'FAILED';
      op.responsePayload = result.body === undefined ? `${result.status}` : JSON.stringify(result.body);
      if (op.status === 'FAILED' && b.mode === 'ON_FAILURE_STOP') finishRest(b, 'CANCELLED', now);
    }
    if (b.next >= b.operations.length) {
      const failed = b.operations.filter((o) => o.status === 'FAILED').length;
      const completed = b.operations.filter((o) => o.status === 'COMPLETED').length;
      b.status = failed === 0 ? 'COMPLETED' : completed === 0 ? 'FAILED' : 'PARTIALLY_COMPLETED';
      b.executionFinish = now;
      emit('/bulk_process_end/watch', endEvent(b));
    } else if (b.status === 'RUNNING') {
      const at = nextDue(b, rate);
      next = next === undefined ? at : Math.min(next, at);
    }
  }
  return next;
}

const execute = (ctx: TypedCtx<'multi', 'bulkIdExecute'> | TypedCtx<'backoffice', 'bulkIdExecute'>) =>
  transition(['SUBMITTED'], 'RUNNING', (b) => {
    b.mode = ctx.body?.mode ?? 'ON_FAILURE_CONTINUE';
    b.executionStart = ctx.clock.now();
  })(ctx);

/** The operations of a bulk process, the same in both APIs. */
const lifecycle = {
  bulks: list,
  bulkId: (ctx: Ctx) => {
    const b = bulkOf(ctx);
    return ok({ ...summary(b), operationStatusCounts: counts(b) });
  },
  bulkIdOperations: listOperations,
  bulkIdExecute: execute,
  bulkIdPause: transition(['RUNNING'], 'PAUSED'),
  bulkIdResume: transition(['PAUSED'], 'RUNNING'),
  bulkIdCancel: transition(['RUNNING', 'PAUSED'], 'CANCELLED'),
};

/**
 * The bulk submit operations of an API, read off its spec (`/bulks/...` paths without a `{bulk_id}`), by their
 * operationIds. Being read at run time, their ids are not known to the compiler (byOperationId still finds each
 * in the spec); each takes the items `submit` reads, and answers `{ bulkId, operationCount, path }`.
 */
function submitsOf<A extends 'multi' | 'backoffice'>(table: ApiTable): TypedHandlers<A> {
  return Object.fromEntries(
    table.operations
      .filter((o) => o.path.startsWith('/bulks/') && !o.path.includes('{'))
      .map((o) => [o.operationId, submit]),
    // Ids known only at run time: the compiler cannot match them to their operations' types.
  ) as unknown as TypedHandlers<A>;
}

const checked = area({ multi: lifecycle, backoffice: lifecycle });

export const bulkHandlers: AreaHandlers = {
  multi: { ...checked.multi, ...submitsOf<'multi'>(multi) },
  backoffice: { ...checked.backoffice, ...submitsOf<'backoffice'>(backoffice) },
};
