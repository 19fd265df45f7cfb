import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IdempotencyStore } from './idempotency.js';
import type { ExtraKind, World } from './world.js';

/** Bumped when the saved shape changes; a file of another version is refused rather than half-read. */
const VERSION = 1;

/** The state as saved: every table of the world, the id counter, the idempotency records, the API key. */
interface Saved {
  version: number;
  apiKey: string;
  lastId: string;
  tables: Record<string, unknown>;
  extra: Record<string, unknown>;
  idempotency: ReturnType<IdempotencyStore['entries']>;
}

const TABLES = ['identities', 'users', 'tokens', 'instruments', 'transactions', 'ledger'] as const;
const EXTRA_KINDS: readonly string[] = ['bulks', 'challenges'] satisfies ExtraKind[];

/**
 * A saved table's entries, checked to be `[id, record]` pairs before they are stored. The records themselves are
 * the resources this version saved (the file's `version` says so) and are taken as they are.
 */
function entriesOf(what: string, value: unknown): [string, never][] {
  if (value === undefined) return [];
  const pairs =
    Array.isArray(value) &&
    value.every(
      (e) =>
        Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && e[1] && typeof e[1] === 'object',
    );
  if (!pairs)
    throw new Error(`state file: ${what} is not a list of [id, record] pairs: start without it or remove it`);
  // `never`: a saved record goes into its own table, whatever that table holds (see above).
  return value as [string, never][];
}

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
    const map = world[t];
    for (const [k, v] of entriesOf(t, saved.tables?.[t])) map.set(k, v);
  }
  for (const user of world.users.values()) world.usersByEmail.set(user.email.toLowerCase(), user);
  for (const [kind, entries] of Object.entries(saved.extra ?? {})) {
    if (!EXTRA_KINDS.includes(kind))
      throw new Error(`state file: unknown table '${kind}': start without it or remove it`);
    const table = world.table(kind as ExtraKind);
    for (const [k, v] of entriesOf(kind, entries)) table.set(k, v);
  }
  world.ids.skipPast(saved.lastId);
  idempotency.load(saved.idempotency ?? []);
  return saved.apiKey;
}

/** Refuses a state file that is a symbolic link: the state (tokens, card numbers) is never written through one. */
function notALink(file: string): boolean {
  try {
    if (lstatSync(file).isSymbolicLink())
      throw new Error(`state file ${file} is a symbolic link: give the path of the file itself`);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** The saved text of `file`, or undefined when there is none yet. */
export function readState(file: string): string | undefined {
  return notALink(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * Writes through a new temporary file in the same folder (an exclusive create, mode 0600: it holds tokens and
 * card numbers; a file or link already at that name makes it fail rather than be written through), then renames
 * it over the old one: a crash leaves either the previous file or the new one whole, never half of one. The
 * rename replaces a link at `file` rather than writing where it points, and a link there is refused anyway.
 */
export function writeState(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  notALink(file);
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, text, { flag: 'wx', mode: 0o600 });
  try {
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
