import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { admin, type Controls } from './admin.js';
import { type Clock, createClock } from './clock.js';
import type { Programme } from './context.js';
import { type Engine, runOperation } from './dispatch.js';
import { checkFault, type Fault, type FaultSpec, Faults } from './faults.js';
import { backoffice } from './generated/backoffice.js';
import { multi } from './generated/multi.js';
import { simulator } from './generated/simulator.js';
import { webhooks as webhookTable } from './generated/webhooks.js';
import { handlers } from './handlers/index.js';
import { startHousekeeping } from './housekeeping.js';
import { IdempotencyStore } from './idempotency.js';
import { transactionFee } from './money.js';
import {
  DEFAULT_CURRENCIES,
  DEFAULT_PROFILES,
  DEFAULT_STEP_UP_OPERATIONS,
  type EmulatorOptions,
  type Profiles,
} from './options.js';
import { Router } from './router.js';
import { Schemas } from './schemas.js';
import { applySeed, checkSeed, emptySeeded, readSeed, type Seed, type Seeded } from './seed.js';
import { createEmulatorServer } from './server.js';
import { readState, restore, snapshot, writeState } from './state-file.js';
import { type WebhookDelivery, WebhookSender } from './webhooks.js';
import { World } from './world.js';

export { ADMIN_PREFIX } from './admin.js';
export type { Clock } from './clock.js';
export type { Fault, FaultSpec } from './faults.js';
export {
  DEFAULT_CURRENCIES,
  DEFAULT_PROFILES,
  DEFAULT_STEP_UP_OPERATIONS,
  type EmulatorOptions,
  type Profiles,
  type TransactionFees,
} from './options.js';
export type { Seed, SeedAccount, SeedCard, Seeded, SeedIdentity } from './seed.js';
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
  /**
   * Forgets every identity, instrument, transaction, token, idempotency-ref and fault, back to the state right
   * after the last seed (empty without one); the programme stays.
   */
  reset(): void;
  /**
   * Arms a fault: the next `times` calls of the operation answer `status` and `body`, wait `delayMs`, or lose
   * their connection (`drop`). Returns the live record: `remaining` and `hits` (with each call's
   * `idempotency-ref`) change as calls arrive.
   * @throws TypeError naming the field that is wrong (an unknown operationId too)
   */
  fault(spec: FaultSpec): Fault;
  /** Every fault armed since the last `reset()` or `clearFaults()`, used up or not. */
  readonly faults: readonly Fault[];
  /** Disarms every fault. */
  clearFaults(): void;
  /**
   * Makes the identities, instruments and balances a seed describes (see `Seed`), through the same operations
   * a client calls; `reset()` then returns to the state after it. All or nothing: a refused step undoes the seed.
   * @throws Error naming the seed entry and the answer that refused it
   */
  seed(seed: Seed): Seeded;
  /** The ids every seed so far made, by ref. */
  readonly seeded: Seeded;
  /** The whole state as JSON (the state file's format): identities, tokens, instruments, ledger, idempotency-refs. */
  exportState(): string;
  /**
   * Replaces the whole state with one from `exportState()` (the API key stays this emulator's).
   * @throws SyntaxError or Error when it is not such a state; the current state is then left as it was
   */
  importState(state: string): void;
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
/** `<api> <operationId>` of every operation, for checking faults. */
const operationIds = new Set(
  [multi, backoffice, simulator].flatMap((t) => t.operations.map((o) => `${t.name} ${o.operationId}`)),
);
const knownOperation = (api: string | undefined, id: string) =>
  api
    ? operationIds.has(`${api} ${id}`)
    : ['multi', 'backoffice', 'simulator'].some((a) => operationIds.has(`${a} ${id}`));

const DEFAULT_CHALLENGE_THRESHOLD = 3000;

function thresholds(option: EmulatorOptions['challengeThreshold']): Programme['challengeThreshold'] {
  const each = typeof option === 'object' ? option : { sends: option, outgoingWireTransfers: option };
  return {
    sends: each.sends ?? DEFAULT_CHALLENGE_THRESHOLD,
    outgoing_wire_transfers: each.outgoingWireTransfers ?? DEFAULT_CHALLENGE_THRESHOLD,
  };
}

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
    challengeThreshold: thresholds(options.challengeThreshold),
    fees: options.fees ?? { PRINTED_CARD_ACCOUNT_STATEMENT: 250 },
    transactionFees: options.transactionFees ?? {},
    requireVerification: options.requireVerification ?? true,
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
    faults: new Faults(),
    clock,
    operations,
    emit: (event, payload) => webhooks.emit(event, payload),
    wake: () => housekeeping.wake(),
    changed: () => {
      // Saved shortly after a change (a burst of requests costs one write), and on close.
      if (options.stateFile && !saveTimer) saveTimer = setTimeout(save, SAVE_DELAY_MS);
    },
  };
  const housekeeping = startHousekeeping(engine, clock);
  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    if (!options.stateFile) return;
    try {
      writeState(options.stateFile, snapshot(engine.world, engine.idempotency, programme.apiKey));
    } catch (e) {
      // A state that cannot be saved must not stop the emulator (it runs from a timer): say so and carry on.
      console.error(`weavr-emulator: the state file was not written: ${(e as Error).message}`);
    }
  };
  const runAs: Parameters<typeof applySeed>[1] = (...args) => runOperation(engine, ...args);
  const seeded = emptySeeded();
  /** The state `reset()` returns to: right after the last seed. */
  let baseline: string | undefined;
  const state = () => snapshot(engine.world, engine.idempotency, programme.apiKey);
  /** Replaces the world with `text` (a snapshot), or with an empty one; the old one stays if `text` is bad. */
  const replace = (text: string | undefined) => {
    const world = new World(clock, programme.profiles);
    const idempotency = new IdempotencyStore();
    if (text !== undefined) restore(text, world, idempotency);
    engine.world = world;
    engine.idempotency = idempotency;
    // A restored state may hold running bulk processes.
    housekeeping.wake();
  };
  const controls: Controls = {
    apiKey: programme.apiKey,
    reset() {
      replace(baseline);
      engine.faults.clear();
      if (options.stateFile) save();
    },
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    webhooks: () => webhooks.log,
    exportState: state,
    importState(text) {
      replace(text);
      engine.changed();
    },
    seed(seed) {
      const checked = checkSeed(seed);
      const before = state();
      const made = emptySeeded();
      try {
        applySeed(
          checked,
          runAs,
          { ...programme.profiles },
          (id) => engine.world.users.get(id),
          made,
          (kind, currency) => transactionFee(programme, kind, currency),
        );
      } catch (e) {
        replace(before);
        throw e;
      }
      for (const k of Object.keys(made) as (keyof Seeded)[]) Object.assign(seeded[k], made[k]);
      baseline = state();
      engine.changed();
      return made;
    },
    seeded: () => seeded,
    fault: (spec) => engine.faults.add(checkFault(spec, knownOperation)),
    faults: () => engine.faults.all(),
    clearFaults: () => engine.faults.clear(),
  };
  // A saved state wins over the seed: the seed made it the first time.
  if (options.seed !== undefined && saved === undefined)
    controls.seed(typeof options.seed === 'string' ? readSeed(options.seed) : options.seed);
  const server = createEmulatorServer(engine, options.maxBodyBytes ?? 16 * 1024 * 1024, (req) =>
    admin(controls, req.method, req.url.pathname, req.headers, req.body),
  );
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail);
      ready();
    });
  });
  // Saved state may hold running bulk processes: they go on where they were.
  housekeeping.wake();
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    apiKey: programme.apiKey,
    profiles: programme.profiles,
    clock,
    webhooks: webhooks.log,
    reset: controls.reset,
    fault: controls.fault as (spec: FaultSpec) => Fault,
    get faults() {
      return engine.faults.all();
    },
    clearFaults: controls.clearFaults,
    seed: controls.seed as (seed: Seed) => Seeded,
    seeded,
    exportState: controls.exportState,
    importState: controls.importState,
    close: () =>
      new Promise<void>((done) => {
        if (saveTimer) save();
        clock.stop();
        webhooks.close();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
