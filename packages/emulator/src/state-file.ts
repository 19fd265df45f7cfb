import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IdempotencyStore } from './idempotency.js';
import type { World } from './world.js';

/** Bumped when the saved shape changes; a file of another version is refused rather than half-read. */
const VERSION = 1;

/** The state as saved: every table of the world, the id counter, the idempotency records, the API key. */
interface Saved {
  version: number;
  apiKey: string;
  lastId: string;
  tables: Record<string, [string, unknown][]>;
  extra: Record<string, [string, unknown][]>;
  idempotency: ReturnType<IdempotencyStore['entries']>;
}

const TABLES = ['identities', 'users', 'tokens', 'instruments', 'transactions', 'ledger'] as const;

export function snapshot(world: World, idempotency: IdempotencyStore, apiKey: string): string {
  const saved: Saved = {
    version: VERSION,
    apiKey,
    lastId: world.ids.current,
    tables: Object.fromEntries(TABLES.map((t) => [t, [...(world[t] as Map<string, unknown>)]])),
    extra: Object.fromEntries([...world.extra].map(([k, m]) => [k, [...m]])),
    idempotency: idempotency.entries(),
  };
  return JSON.stringify(saved);
}

/** Fills an empty world from a saved snapshot. Returns the saved API key. */
export function restore(text: string, world: World, idempotency: IdempotencyStore): string {
  const saved = JSON.parse(text) as Saved;
  if (saved.version !== VERSION)
    throw new Error(`state file version ${saved.version} is not ${VERSION}: start without it or remove it`);
  for (const t of TABLES) {
    const map = world[t] as Map<string, unknown>;
    for (const [k, v] of saved.tables[t] ?? []) map.set(k, v);
  }
  for (const user of world.users.values()) world.usersByEmail.set(user.email.toLowerCase(), user);
  for (const [kind, entries] of Object.entries(saved.extra ?? {})) {
    const table = world.table(kind);
    for (const [k, v] of entries) table.set(k, v);
  }
  world.ids.skipPast(saved.lastId);
  idempotency.load(saved.idempotency ?? []);
  return saved.apiKey;
}

/** The saved text of `file`, or undefined when there is none yet. */
export function readState(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * Writes through a temporary file in the same folder, then renames it over the old one: a crash leaves either
 * the previous file or the new one whole, never half of one.
 */
export function writeState(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
