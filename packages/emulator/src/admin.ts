/**
 * The admin API: what `startEmulator`'s handle gives JavaScript, over HTTP for the CLI, containers and tests in
 * any language (Firebase's emulators are the model). Served under `/_emulator/`, a prefix no Weavr API uses, and
 * refused without the emulator's API key in `api-key`.
 */
import type { Outgoing } from './dispatch.js';
import type { Fault } from './faults.js';
import { MAX_DEPTH, tooDeep } from './json-body.js';
import type { Seeded } from './seed.js';
import type { WebhookDelivery } from './webhooks.js';

/** Where the admin API is served. */
export const ADMIN_PREFIX = '/_emulator';

/** What the admin API controls: the handle's own methods. */
export interface Controls {
  apiKey: string;
  reset(): void;
  now(): number;
  advance(ms: number): void;
  webhooks(): readonly WebhookDelivery[];
  exportState(): string;
  importState(text: string): void;
  seed(seed: unknown): Seeded;
  seeded(): Seeded;
  fault(spec: unknown): Fault;
  faults(): readonly Fault[];
  clearFaults(): void;
}

function json(status: number, body?: unknown): Outgoing {
  if (body === undefined) return { status, headers: {} };
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

const error = (status: number, code: string, message: string) => json(status, { code, message });

function parse(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  return JSON.parse(raw.toString('utf8'));
}

type Route = (c: Controls, body: () => unknown, raw: Buffer) => Outgoing;

/** Each endpoint by `METHOD path` (after the prefix). */
const ROUTES: Record<string, Route> = {
  'POST /reset': (c) => {
    c.reset();
    return json(204);
  },
  'GET /clock': (c) => json(200, { now: c.now() }),
  'POST /clock': (c, body) => {
    const b = body() as { advanceMs?: unknown } | undefined;
    if (typeof b?.advanceMs !== 'number')
      throw new TypeError('clock: the body must be { "advanceMs": number }');
    c.advance(b.advanceMs);
    return json(200, { now: c.now() });
  },
  'GET /webhooks': (c) => json(200, { deliveries: c.webhooks() }),
  'GET /state': (c) => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: c.exportState(),
  }),
  'PUT /state': (c, _body, raw) => {
    c.importState(raw.toString('utf8'));
    return json(204);
  },
  'GET /seed': (c) => json(200, c.seeded()),
  'POST /seed': (c, body) => json(200, c.seed(body())),
  'GET /faults': (c) => json(200, { faults: c.faults() }),
  'POST /faults': (c, body) => json(201, c.fault(body())),
  'DELETE /faults': (c) => {
    c.clearFaults();
    return json(204);
  },
};

/** Answers one admin request; never throws. */
export function admin(
  c: Controls,
  method: string,
  pathname: string,
  headers: Record<string, string | string[] | undefined>,
  raw: Buffer,
): Outgoing {
  const key = headers['api-key'];
  if (key !== c.apiKey)
    return error(401, 'UNAUTHORIZED', "The admin API needs the emulator's API key in the api-key header");
  if (tooDeep(raw)) return error(400, 'BAD_REQUEST', `the body is nested deeper than ${MAX_DEPTH} levels`);
  const path = pathname.slice(ADMIN_PREFIX.length) || '/';
  const route = ROUTES[`${method} ${path}`];
  if (!route) {
    const allowed = Object.keys(ROUTES)
      .filter((k) => k.endsWith(` ${path}`))
      .map((k) => k.split(' ')[0] as string);
    if (allowed.length)
      return {
        ...error(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here (allowed: ${allowed.join(', ')})`),
        headers: { 'content-type': 'application/json', allow: allowed.join(', ') },
      };
    return error(
      404,
      'NOT_FOUND',
      `No admin endpoint at ${method} ${pathname} (endpoints: ${Object.keys(ROUTES)
        .map((k) => k.replace(' ', ` ${ADMIN_PREFIX}`))
        .join(', ')})`,
    );
  }
  try {
    return route(
      c,
      () => {
        try {
          return parse(raw);
        } catch (e) {
          throw new TypeError(`the body is not JSON: ${(e as Error).message}`);
        }
      },
      raw,
    );
  } catch (e) {
    // Bad input from the caller (a wrong fault, seed or state): named, never a stack.
    if (e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError)
      return error(400, 'BAD_REQUEST', e.message);
    if (e instanceof Error && /^(seed|state|fault)/.test(e.message)) return error(409, 'CONFLICT', e.message);
    console.error('weavr-emulator: admin error', e);
    return { status: 500, headers: {} };
  }
}
