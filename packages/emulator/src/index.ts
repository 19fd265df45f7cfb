import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { TOKEN_IDLE_MS } from './auth.js';
import { type Clock, createClock } from './clock.js';
import type { Programme } from './context.js';
import { type Engine, runOperation } from './dispatch.js';
import { backoffice } from './generated/backoffice.js';
import { multi } from './generated/multi.js';
import { simulator } from './generated/simulator.js';
import { webhooks as webhookTable } from './generated/webhooks.js';
import { advanceBulks } from './handlers/bulks.js';
import { handlers } from './handlers/index.js';
import { IdempotencyStore } from './idempotency.js';
import {
  DEFAULT_CURRENCIES,
  DEFAULT_PROFILES,
  DEFAULT_STEP_UP_OPERATIONS,
  type EmulatorOptions,
  type Profiles,
} from './options.js';
import { Router } from './router.js';
import { Schemas } from './schemas.js';
import { createEmulatorServer } from './server.js';
import { readState, restore, snapshot, writeState } from './state-file.js';
import { type WebhookDelivery, WebhookSender } from './webhooks.js';
import { World } from './world.js';

export type { Clock } from './clock.js';
export {
  DEFAULT_CURRENCIES,
  DEFAULT_PROFILES,
  DEFAULT_STEP_UP_OPERATIONS,
  type EmulatorOptions,
  type Profiles,
} from './options.js';
export type { WebhookDelivery } from './webhooks.js';

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:PORT`: Multi at `${url}/multi`, Back-Office at `${url}/multi/backoffice`, simulator at `${url}/simulate/api`. */
  readonly url: string;
  /** The programme's API key (also the simulator's `programme-key`). */
  readonly apiKey: string;
  /** The programme's profile ids. */
  readonly profiles: Profiles;
  /** The emulator's time: `clock.advance(ms)` expires tokens and moves bulks on. */
  readonly clock: Clock;
  /** Webhook deliveries, oldest first (the newest 1,000; empty without `webhookUrl`). */
  readonly webhooks: readonly WebhookDelivery[];
  /** Forgets every identity, instrument, transaction, token and idempotency-ref (the programme stays). */
  reset(): void;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** The specs the emulator serves, as generated into `src/generated/`. */
export const specs = Object.fromEntries(
  [multi, backoffice, simulator, webhookTable].map((t) => [
    t.name,
    { title: t.title, version: t.version, sha256: t.sha256 },
  ]),
) as Record<
  'multi' | 'backoffice' | 'simulator' | 'webhooks',
  { title: string; version: string; sha256: string }
>;

/** How long after a change the state file is written. */
const SAVE_DELAY_MS = 50;

let schemas: Schemas | undefined;
let router: Router | undefined;
const operations = new Map(
  [multi, backoffice, simulator].flatMap((t) =>
    t.operations.map((o) => [`${t.name} ${o.method} ${o.path}`, o] as const),
  ),
);

/** Starts an emulator on 127.0.0.1 (by default on a free port). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  schemas ??= new Schemas([multi, backoffice, simulator, webhookTable]);
  router ??= new Router({ multi, backoffice, simulator });
  const clock = createClock(options.now);
  const profiles = { ...DEFAULT_PROFILES, ...options.profiles };
  const world = new World(clock, profiles);
  const idempotency = new IdempotencyStore();
  const saved = options.stateFile ? readState(options.stateFile) : undefined;
  const savedKey = saved === undefined ? undefined : restore(saved, world, idempotency);
  const programme: Programme = {
    // A restarted emulator keeps the key its saved state was made with, so clients keep working.
    apiKey: options.apiKey ?? savedKey ?? `emu_${randomBytes(18).toString('base64url')}`,
    profiles,
    currencies: Object.fromEntries(
      Object.keys(profiles).map((k) => [
        k,
        new Set(options.currencies?.[k as keyof Profiles] ?? DEFAULT_CURRENCIES),
      ]),
    ) as unknown as Programme['currencies'],
    stepUpOperations: new Set(options.stepUpOperations ?? DEFAULT_STEP_UP_OPERATIONS),
    loginTokenType: options.loginTokenType ?? 'ACCESS',
    scaWindowMs: options.scaWindowMs ?? 60_000,
    challengeThreshold: options.challengeThreshold ?? 3000,
    fees: options.fees ?? { PRINTED_CARD_ACCOUNT_STATEMENT: 250 },
    requireVerification: options.requireVerification ?? false,
    bulkOperationsPerSecond: options.bulkOperationsPerSecond ?? 1000,
    ...(options.cardAuthorisationUrl ? { cardAuthorisationUrl: options.cardAuthorisationUrl } : {}),
  };
  if (!programme.apiKey) throw new TypeError('startEmulator: apiKey must not be empty');
  if (options.webhookUrl !== undefined && !/^https?:\/\//.test(options.webhookUrl))
    throw new TypeError('startEmulator: webhookUrl must be an http(s) URL');
  const webhooks = new WebhookSender(options.webhookUrl, programme.apiKey, Date.now, webhookTable.events);
  const engine: Engine = {
    world,
    programme,
    schemas,
    router,
    handlers,
    idempotency,
    clock,
    operations,
    emit: (event, payload) => webhooks.emit(event, payload),
    tick: () => {
      const now = clock.now();
      if (now - lastPurge > TOKEN_IDLE_MS) {
        engine.world.purgeTokens(now, TOKEN_IDLE_MS);
        lastPurge = now;
      }
      advanceBulks(
        engine.world,
        now,
        programme.bulkOperationsPerSecond,
        (api, method, template, caller, path, body) =>
          runOperation(engine, api, method, template, caller, path, body),
        engine.emit,
      );
    },
    changed: () => {
      // Saved shortly after a change (a burst of requests costs one write), and on close.
      if (options.stateFile && !saveTimer) saveTimer = setTimeout(save, SAVE_DELAY_MS);
    },
  };
  let saveTimer: NodeJS.Timeout | undefined;
  let lastPurge = clock.now();
  const save = () => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    if (options.stateFile)
      writeState(options.stateFile, snapshot(engine.world, engine.idempotency, programme.apiKey));
  };
  const server = createEmulatorServer(engine, options.maxBodyBytes ?? 16 * 1024 * 1024);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail);
      ready();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    apiKey: programme.apiKey,
    profiles: programme.profiles,
    clock,
    webhooks: webhooks.log,
    reset() {
      engine.world = new World(clock, programme.profiles);
      engine.idempotency.clear();
      if (options.stateFile) save();
    },
    close: () =>
      new Promise<void>((done) => {
        if (saveTimer) save();
        webhooks.close();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
