/**
 * A package's CHANGELOG.md lists only versions that reached the registry. `pnpm release` moves the entry of
 * each version it is about to publish out of CHANGELOG.md into CHANGELOG.unpublished.md beside it, and moves
 * it back once that version is on the registry; an entry whose version was refused stays there until a later
 * run publishes it. Entries move byte for byte (a moved-back entry is exactly what `changeset version` wrote,
 * at the place it had), each file is written whole (temp + rename), and every move can be repeated: a run cut
 * short between the two writes leaves the entry in both files, which the next move of it resolves.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from './project.js';

export const CHANGELOG = 'CHANGELOG.md';
export const HELD = 'CHANGELOG.unpublished.md';

interface Entry {
  version: string;
  /** from its `## version` line up to the next entry, as written */
  text: string;
}

/** A changesets changelog: the title, then one `## version` entry per version, newest first. */
function parseChangelog(text: string): { head: string; entries: Entry[] } {
  const starts = [...text.matchAll(/^## (.+)$/gm)].map((m) => ({
    at: m.index ?? 0,
    version: (m[1] as string).trim(),
  }));
  return {
    head: text.slice(0, starts[0]?.at ?? text.length),
    entries: starts.map((s, i) => ({ version: s.version, text: text.slice(s.at, starts[i + 1]?.at) })),
  };
}

const MARK = /^<!-- held: (\S+) above: (\S+) -->\n/gm;
/** `above` of the entry that was the last (oldest) of its changelog */
const END = '(end)';

interface Held extends Entry {
  /** the version of the entry it was written above in CHANGELOG.md, or END */
  above: string;
}

function parseHeld(text: string): Held[] {
  const marks = [...text.matchAll(MARK)];
  return marks.map((m, i) => ({
    version: m[1] as string,
    above: m[2] as string,
    text: text.slice((m.index ?? 0) + m[0].length, marks[i + 1]?.index),
  }));
}

function heldText(name: string, held: Held[]): string {
  return `# ${name}: not published yet

\`pnpm release\` keeps here the changelog entries of versions that did not reach the registry, and moves each
back into CHANGELOG.md when a run publishes its version (docs/releasing.md). Do not edit the markers.

${held.map((h) => `<!-- held: ${h.version} above: ${h.above} -->\n${h.text}`).join('')}`;
}

function read(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** The versions whose entries are held for the package in `dir`. */
export function heldVersions(dir: string): string[] {
  return parseHeld(read(join(dir, HELD)) ?? '').map((h) => h.version);
}

/** Moves the entry of `version` from CHANGELOG.md to CHANGELOG.unpublished.md. Returns whether it moved. */
export function holdBack(dir: string, name: string, version: string): boolean {
  const changelogFile = join(dir, CHANGELOG);
  const text = read(changelogFile);
  if (text === undefined) return false;
  const log = parseChangelog(text);
  const i = log.entries.findIndex((e) => e.version === version);
  if (i < 0) return false;
  const entry = log.entries[i] as Entry;
  const held = parseHeld(read(join(dir, HELD)) ?? '').filter((h) => h.version !== version);
  held.push({ ...entry, above: log.entries[i + 1]?.version ?? END });
  // the held copy first: cut short here, the entry is in both files, never in neither
  writeAtomic(join(dir, HELD), heldText(name, held));
  writeAtomic(changelogFile, log.head + log.entries.map((e, j) => (j === i ? '' : e.text)).join(''));
  return true;
}

/** Moves the held entry of `version` back into CHANGELOG.md, above the entry it was above. Returns whether it moved. */
export function putBack(dir: string, version: string): boolean {
  const heldFile = join(dir, HELD);
  const held = parseHeld(read(heldFile) ?? '');
  const entry = held.find((h) => h.version === version);
  if (!entry) return false;
  const changelogFile = join(dir, CHANGELOG);
  const log = parseChangelog(read(changelogFile) ?? '');
  if (!log.entries.some((e) => e.version === version)) {
    const at = entry.above === END ? -1 : log.entries.findIndex((e) => e.version === entry.above);
    // the entry it was above is gone (should not happen): newest first, so on top
    const index = at >= 0 ? at : entry.above === END ? log.entries.length : 0;
    log.entries.splice(index, 0, entry);
    writeAtomic(changelogFile, log.head + log.entries.map((e) => e.text).join(''));
  }
  const rest = held.filter((h) => h !== entry);
  if (rest.length) {
    const name = /^# (.+): not published yet/.exec(read(heldFile) ?? '')?.[1] ?? '';
    writeAtomic(heldFile, heldText(name, rest));
  } else rmSync(heldFile, { force: true });
  return true;
}
