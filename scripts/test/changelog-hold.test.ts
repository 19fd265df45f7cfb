/**
 * Holding a changelog entry back and putting it back: byte for byte, at its place, repeatable, and whole files
 * only. The release test (tests/release) runs the same through `pnpm release` against a registry.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { CHANGELOG, HELD, heldVersions, holdBack, putBack } from '../src/lib/changelog-hold.js';

const root = mkdtempSync(join(tmpdir(), 'weavr-changelog-hold-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const WRITTEN = `# @weavr-sdk/core

## 0.2.0

### Minor Changes

- abc1234: A new thing.

## 0.1.1

### Patch Changes

- A fix.

## 0.1.0

### Minor Changes

- The first release.
`;

function pkg(name: string, text = WRITTEN): string {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  writeFileSync(join(dir, CHANGELOG), text);
  return dir;
}
const changelog = (dir: string) => readFileSync(join(dir, CHANGELOG), 'utf8');

test('the newest entry goes to CHANGELOG.unpublished.md and comes back as it was', () => {
  const dir = pkg('newest');
  expect(holdBack(dir, '@weavr-sdk/core', '0.2.0')).toBe(true);
  expect(changelog(dir)).not.toContain('## 0.2.0');
  expect(changelog(dir)).toBe(WRITTEN.replace(/## 0\.2\.0[\s\S]*?(?=## 0\.1\.1)/, ''));
  expect(heldVersions(dir)).toEqual(['0.2.0']);
  expect(readFileSync(join(dir, HELD), 'utf8')).toContain('- abc1234: A new thing.');
  expect(putBack(dir, '0.2.0')).toBe(true);
  expect(changelog(dir)).toBe(WRITTEN);
  expect(existsSync(join(dir, HELD))).toBe(false);
  // only the two files, never a temporary one left behind
  expect(readdirSync(dir)).toEqual([CHANGELOG]);
});

test('several entries, held in any order, each return to its place; the first release leaves the title', () => {
  const dir = pkg('several');
  for (const v of ['0.1.0', '0.2.0', '0.1.1']) expect(holdBack(dir, '@weavr-sdk/core', v)).toBe(true);
  expect(changelog(dir)).toBe('# @weavr-sdk/core\n\n');
  expect(heldVersions(dir)).toEqual(['0.1.0', '0.2.0', '0.1.1']);
  for (const v of ['0.1.1', '0.1.0']) expect(putBack(dir, v)).toBe(true);
  expect(changelog(dir)).toBe(WRITTEN.replace(/## 0\.2\.0[\s\S]*?(?=## 0\.1\.1)/, ''));
  expect(heldVersions(dir)).toEqual(['0.2.0']);
  expect(putBack(dir, '0.2.0')).toBe(true);
  expect(changelog(dir)).toBe(WRITTEN);
});

test('a version released after the held one: the held entry returns below it', () => {
  const dir = pkg('later');
  holdBack(dir, '@weavr-sdk/core', '0.2.0');
  // `changeset version` writes 0.2.1 on top while 0.2.0 is held
  writeFileSync(join(dir, CHANGELOG), changelog(dir).replace('## 0.1.1', '## 0.2.1\n\n- Later.\n\n## 0.1.1'));
  putBack(dir, '0.2.0');
  expect([...changelog(dir).matchAll(/^## (\S+)/gm)].map((m) => m[1])).toEqual([
    '0.2.1',
    '0.2.0',
    '0.1.1',
    '0.1.0',
  ]);
});

test('repeatable: a move cut short (the entry in both files) and moves of what is not there', () => {
  const dir = pkg('repeat');
  expect(putBack(dir, '0.2.0')).toBe(false); // nothing held
  expect(holdBack(dir, '@weavr-sdk/core', '9.9.9')).toBe(false); // no such entry
  holdBack(dir, '@weavr-sdk/core', '0.2.0');
  // as if a put-back stopped after writing CHANGELOG.md: the entry is in both
  writeFileSync(join(dir, CHANGELOG), WRITTEN);
  expect(holdBack(dir, '@weavr-sdk/core', '0.2.0')).toBe(true);
  expect(heldVersions(dir)).toEqual(['0.2.0']);
  writeFileSync(join(dir, CHANGELOG), WRITTEN);
  expect(putBack(dir, '0.2.0')).toBe(true);
  expect(changelog(dir)).toBe(WRITTEN);
  expect(existsSync(join(dir, HELD))).toBe(false);
  expect(holdBack(join(root, 'no-such-package'), '@weavr-sdk/x', '0.1.0')).toBe(false);
});
