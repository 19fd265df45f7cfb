import { authenticate } from './auth.js';
import type { Clock } from './clock.js';
import type { Answer, Caller, Ctx, Handlers, Programme } from './context.js';
import type { Fault, Faults } from './faults.js';
import { HttpError } from './http-error.js';
import { IdempotencyStore, REMEMBERS_FAILURES } from './idempotency.js';
import { dropUndeclared, parseJson } from './json-body.js';
import { oncePer } from './once-per.js';
import { textPdf } from './pdf.js';
import type { ApiName, Match, Router } from './router.js';
import type { Schemas } from './schemas.js';
import { completeWith } from './shape.js';
import type { OperationSpec } from './spec-types.js';
import { checkBody, checkParams } from './validate.js';
import type { World } from './world.js';

/** What the dispatcher reads of a request's URL (a `URL` is one). */
export type Target = Pick<URL, 'pathname' | 'searchParams'>;

/** One HTTP request as the dispatcher needs it. */
export interface Incoming {
  method: string;
  url: Target;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body (empty when none was sent). */
  body: Buffer;
}

/** What goes back on the wire. */
export interface Outgoing {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string;
  /** Close the connection without answering (an injected fault). */
  drop?: boolean;
}

export interface Engine {
  world: World;
  programme: Programme;
  schemas: Schemas;
  router: Router;
  handlers: Handlers;
  idempotency: IdempotencyStore;
  /** Faults armed by a test (`emu.fault`, `POST /_emulator/faults`). */
  faults: Faults;
  clock: Clock;
  emit: Ctx['emit'];
  /** Every operation, by `<api> <METHOD> <path>`. */
  operations: Map<string, OperationSpec>;
  /** Asks the scheduler to look at time-driven work again (a bulk process started running); never does it here. */
  wake(): void;
  /** Called after every request that may have changed the state (to save the state file). */
  changed(): void;
}

function json(status: number, body: unknown, extra: Record<string, string> = {}): Outgoing {
  if (body === undefined) return { status, headers: extra };
  return {
    status,
    headers: { 'content-type': 'application/json', ...extra },
    body: JSON.stringify(body),
  };
}

/** An answer for a request that matched no operation (404, or 405 with `Allow`). */
export function unmatched(req: Pick<Incoming, 'method' | 'url'>, match: Match): Outgoing | undefined {
  if (match.kind === 'none')
    return json(404, { code: 'NOT_FOUND', message: `No operation at ${req.method} ${req.url.pathname}` });
  if (match.kind === 'method')
    return json(
      405,
      {
        code: 'METHOD_NOT_ALLOWED',
        message: `${req.method} is not allowed here (allowed: ${match.allowed.join(', ')})`,
      },
      { allow: match.allowed.join(', ') },
    );
  return undefined;
}

/**
 * Routes, authenticates, checks and answers one request; never throws. The answer is returned as it is when every
 * step is synchronous (nearly every call: only a delayed fault or a forwarded card authorisation waits), so the
 * common call makes no promise and waits for no microtask.
 */
export function dispatch(
  engine: Engine,
  req: Incoming,
  match: Match = engine.router.match(req.method, req.url.pathname),
): Outgoing | Promise<Outgoing> {
  if (match.kind !== 'found') return unmatched(req, match) as Outgoing;
  const ref = req.headers['idempotency-ref'];
  const fault = engine.faults.take(
    match.api,
    match.op.operationId,
    engine.clock.now(),
    Array.isArray(ref) ? ref[0] : ref,
  );
  return fault ? faulted(fault, () => guarded(engine, req, match)) : guarded(engine, req, match);
}

/** What an injected fault makes of a call: a wait, then its answer, a lost connection, or the real answer. */
async function faulted(fault: Fault, run: () => Outgoing | Promise<Outgoing>): Promise<Outgoing> {
  if (fault.delayMs) await new Promise((wake) => setTimeout(wake, fault.delayMs).unref());
  if (fault.drop === 'before') return { status: 0, headers: {}, drop: true };
  if (fault.status !== undefined) {
    const text = typeof fault.body === 'string' ? fault.body : undefined;
    return {
      status: fault.status,
      headers: {
        ...(fault.body === undefined
          ? {}
          : { 'content-type': text === undefined ? 'application/json' : 'text/plain' }),
        ...fault.headers,
      },
      ...(fault.body === undefined ? {} : { body: text ?? JSON.stringify(fault.body) }),
    };
  }
  const out = await run();
  return fault.drop === 'after' ? { ...out, drop: true } : out;
}

/** An `HttpError` as `api` puts it on the wire. */
export const errorAnswer = (e: HttpError, api: ApiName): Outgoing =>
  json(e.status, e.bodyFor(api), e.headers);

function guarded(engine: Engine, req: Incoming, match: Found): Outgoing | Promise<Outgoing> {
  try {
    const out = answer(engine, req, match);
    return out instanceof Promise ? out.catch((e) => failed(e, match.api)) : out;
  } catch (e) {
    return failed(e, match.api);
  }
}

/** A thrown refusal as its answer; anything else is a fault of the emulator itself. */
function failed(e: unknown, api: ApiName): Outgoing {
  if (e instanceof HttpError) return errorAnswer(e, api);
  // Weavr's 500 has no body; the stack goes to stderr for whoever runs it.
  console.error('weavr-emulator: internal error', e);
  return { status: 500, headers: {} };
}

type Found = Extract<Match, { kind: 'found' }>;

/** What the dispatcher reads of an operation's declaration on every call, worked out once per operation. */
interface OperationFacts {
  /** The handler's key: `<api> <METHOD> <path>`. */
  handlerKey: string;
  /** The body is JSON (or there is none): parsed and checked against the spec. */
  wantsJson: boolean;
  /** The operation declares an `idempotency-ref` header. */
  takesIdempotencyRef: boolean;
}

const factsOf = oncePer(
  (op: OperationSpec, api: ApiName): OperationFacts => ({
    handlerKey: `${api} ${op.method} ${op.path}`,
    wantsJson: !op.body || /json/i.test(op.body.mediaType),
    takesIdempotencyRef: op.params.some(
      (p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-ref',
    ),
  }),
);

function answer(engine: Engine, req: Incoming, match: Found): Outgoing | Promise<Outgoing> {
  const { api, op } = match;
  const caller = authenticate(engine.world, engine.programme, api, op, req.headers);
  const params = checkParams(engine.schemas, op, match.path, req.url.searchParams, req.headers);
  const facts = factsOf(op, api);
  const body = facts.wantsJson ? parseJson(req.body) : req.body;
  if (facts.wantsJson) checkedBody(engine, op, body);

  const ref = facts.takesIdempotencyRef ? params.header['idempotency-ref'] : undefined;
  let key: string | undefined;
  let fingerprint = '';
  if (ref !== undefined) {
    IdempotencyStore.check(ref);
    const who = caller.identity
      ? `${caller.identity.type}:${caller.identity.id}`
      : (caller.user?.id ?? 'programme');
    key = IdempotencyStore.key(api, op.operationId, who, ref);
    fingerprint = IdempotencyStore.fingerprint(params.path, body);
    const hit = engine.idempotency.replay(key, fingerprint);
    if (hit) return json(hit.status, hit.body, { 'idempotency-ref': ref });
  }

  const ctx = contextFor(engine, api, op, caller, params.path, body, params.query, params.header);
  let result: Performed | Promise<Performed>;
  try {
    result = perform(engine, ctx);
  } catch (e) {
    return refused(engine, op, key, fingerprint, e);
  }
  if (result instanceof Promise)
    return result.then(
      (r) => answered(engine, req, op, key, fingerprint, r),
      (e) => refused(engine, op, key, fingerprint, e),
    );
  return answered(engine, req, op, key, fingerprint, result);
}

/** Rethrows a refusal, remembering it first for the creates whose failed idempotency-ref stays taken. */
function refused(
  engine: Engine,
  op: OperationSpec,
  key: string | undefined,
  fingerprint: string,
  e: unknown,
): never {
  if (key && e instanceof HttpError && REMEMBERS_FAILURES.has(op.operationId))
    engine.idempotency.remember(key, fingerprint, e.status, e.body);
  throw e;
}

/** A performed operation's answer: remembered for its idempotency-ref, the state saved after a change. */
function answered(
  engine: Engine,
  req: Incoming,
  op: OperationSpec,
  key: string | undefined,
  fingerprint: string,
  result: Performed,
): Outgoing {
  if (result.raw)
    return { status: result.status, headers: { 'content-type': result.raw.type }, body: result.raw.data };
  const ok = result.status >= 200 && result.status < 300;
  if (key && (ok || REMEMBERS_FAILURES.has(op.operationId)))
    engine.idempotency.remember(key, fingerprint, result.status, result.body);
  if (req.method !== 'GET') engine.changed();
  return json(result.status, result.body);
}

function contextFor(
  engine: Engine,
  api: ApiName,
  op: OperationSpec,
  caller: Caller,
  path: Record<string, string>,
  body: unknown,
  query: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Ctx {
  return {
    world: engine.world,
    programme: engine.programme,
    schemas: engine.schemas,
    clock: engine.clock,
    api,
    op,
    path,
    query,
    headers,
    body,
    caller,
    emit: engine.emit,
    wake: engine.wake,
  };
}

/** Runs one checked request through its handler (or its sample) and completes a JSON answer from the spec. */
interface Performed {
  status: number;
  body?: unknown;
  raw?: Answer['raw'];
}

function perform(engine: Engine, ctx: Ctx): Performed | Promise<Performed> {
  const { op } = ctx;
  const handler = engine.handlers[factsOf(op, ctx.api).handlerKey];
  const result = handler ? handler(ctx) : sampleAnswer(op);
  return result instanceof Promise ? result.then((r) => finish(engine, ctx, r)) : finish(engine, ctx, result);
}

function finish(engine: Engine, { op }: Ctx, result: Answer): Performed {
  const status = result.status ?? op.success.status;
  if (result.raw) return { status, raw: result.raw };
  let out = result.body;
  if (out !== undefined && status >= 200 && status < 300)
    out = completeWith(engine.schemas, op.response, out, op.sample);
  return { status, body: out };
}

/**
 * Runs an operation for a caller as if it had been requested (a bulk process's items): the body is checked
 * against the spec, then the same handler answers. Errors come back as their status and Weavr-shaped body.
 */
export function runOperation(
  engine: Engine,
  api: ApiName,
  method: string,
  template: string,
  caller: Caller,
  path: Record<string, string>,
  body: unknown,
): { status: number; body?: unknown } {
  const op = engine.operations.get(`${api} ${method} ${template}`);
  if (!op) return { status: 404, body: { code: 'NOT_FOUND', message: `No operation ${method} ${template}` } };
  try {
    checkedBody(engine, op, body);
    const result = perform(engine, contextFor(engine, api, op, caller, path, body));
    // Bulk items run synchronously: no bulk operation forwards anything.
    if (result instanceof Promise) throw new Error(`${method} ${template} cannot run inside a bulk process`);
    return { status: result.status, body: result.body };
  } catch (e) {
    if (e instanceof HttpError) return { status: e.status, body: e.bodyFor(api) };
    throw e;
  }
}

/** Checks a JSON body against the spec; a PATCH then loses the fields the spec does not declare (ignored, never stored). */
function checkedBody(engine: Engine, op: OperationSpec, body: unknown): void {
  checkBody(engine.schemas, op, body);
  if (op.method === 'PATCH' && op.body) dropUndeclared(engine.schemas, op.body.schema, body);
}

/** The deterministic spec sample, for operations the emulator does not model. */
function sampleAnswer(op: OperationSpec): Answer {
  const media = op.success.media;
  if (!media.length) return { body: undefined };
  if (op.sample !== undefined) return { body: structuredClone(op.sample) };
  const type = media[0] as string;
  return {
    raw: {
      type,
      data: type.includes('pdf') ? textPdf(op.operationId, ['(not modelled by the emulator)']) : '',
    },
  };
}
