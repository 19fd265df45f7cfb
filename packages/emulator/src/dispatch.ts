import { authenticate } from './auth.js';
import type { Clock } from './clock.js';
import type { Answer, Ctx, Handlers, Programme } from './context.js';
import { badRequest, HttpError } from './http-error.js';
import { IdempotencyStore } from './idempotency.js';
import { textPdf } from './pdf.js';
import type { Router } from './router.js';
import type { Schemas } from './schemas.js';
import { completeWith } from './shape.js';
import type { OperationSpec } from './spec-types.js';
import { checkBody, checkParams } from './validate.js';
import type { Json, World } from './world.js';

/** One HTTP request as the dispatcher needs it. */
export interface Incoming {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body (empty when none was sent). */
  body: Buffer;
}

/** What goes back on the wire. */
export interface Outgoing {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string;
}

export interface Engine {
  world: World;
  programme: Programme;
  schemas: Schemas;
  router: Router;
  handlers: Handlers;
  idempotency: IdempotencyStore;
  clock: Clock;
  emit(event: string, payload: Json): void;
  /** Called after every answered request that changed nothing it could not replay (to save the state file). */
  changed(): void;
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw badRequest(`Malformed JSON request body: ${(e as Error).message}`);
  }
}

function json(status: number, body: unknown, extra: Record<string, string> = {}): Outgoing {
  if (body === undefined) return { status, headers: extra };
  return {
    status,
    headers: { 'content-type': 'application/json', ...extra },
    body: JSON.stringify(body),
  };
}

/** Routes, authenticates, checks and answers one request; never throws. */
export function dispatch(engine: Engine, req: Incoming): Outgoing {
  try {
    return answer(engine, req);
  } catch (e) {
    if (e instanceof HttpError) return json(e.status, e.body, e.headers);
    // A fault of the emulator itself: Weavr's 500 has no body; the stack goes to stderr for whoever runs it.
    console.error('weavr-emulator: internal error', e);
    return { status: 500, headers: {} };
  }
}

function answer(engine: Engine, req: Incoming): Outgoing {
  const match = engine.router.match(req.method, req.url.pathname);
  if (match.kind === 'none')
    throw new HttpError(404, {
      code: 'NOT_FOUND',
      message: `No operation at ${req.method} ${req.url.pathname}`,
    });
  if (match.kind === 'method')
    throw new HttpError(
      405,
      {
        code: 'METHOD_NOT_ALLOWED',
        message: `${req.method} is not allowed here (allowed: ${match.allowed.join(', ')})`,
      },
      { allow: match.allowed.join(', ') },
    );
  const { api, op } = match;
  const caller = authenticate(engine.world, engine.programme, api, op, req.headers);
  const params = checkParams(engine.schemas, op, match.path, req.url.searchParams, req.headers);
  const wantsJson = !op.body || /json/i.test(op.body.mediaType);
  const body = wantsJson ? parseJson(req.body) : req.body;
  if (wantsJson) checkBody(engine.schemas, op, body);

  const ref = op.params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-ref')
    ? params.header['idempotency-ref']
    : undefined;
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

  const ctx: Ctx = {
    world: engine.world,
    programme: engine.programme,
    schemas: engine.schemas,
    clock: engine.clock,
    api,
    op,
    path: params.path,
    query: params.query,
    headers: params.header,
    body,
    caller,
    emit: engine.emit,
  };
  const handler = engine.handlers[`${api} ${op.method} ${op.path}`];
  const result: Answer = handler ? handler(ctx) : sampleAnswer(op);
  const status = result.status ?? op.success.status;
  if (result.raw) return { status, headers: { 'content-type': result.raw.type }, body: result.raw.data };
  let out = result.body;
  if (out !== undefined && status >= 200 && status < 300)
    out = completeWith(engine.schemas, op.response, out, op.sample);
  if (key && status >= 200 && status < 300) engine.idempotency.remember(key, fingerprint, status, out);
  if (handler && req.method !== 'GET') engine.changed();
  return json(status, out);
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
