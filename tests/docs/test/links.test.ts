import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { documentedFiles, repoRoot } from '../src/blocks.js';
import { anchorsOf, linksOf } from '../src/links.js';

/**
 * Every relative link of the root README and docs/ leads somewhere: the file or folder exists, and an anchor
 * names a heading of the target. (The package READMEs link nowhere relative: scripts/test/readme.test.ts.)
 */
test('the README and the guides link only to files and headings that exist', () => {
  const files = documentedFiles().filter((f) => !f.startsWith('packages/'));
  const broken: string[] = [];
  let checked = 0;
  for (const file of files) {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    for (const { target, line } of linksOf(text)) {
      if (/^(?:https?|mailto):/.test(target)) continue;
      checked++;
      const [path = '', anchor] = target.split('#');
      const resolved = path ? join(repoRoot, dirname(file), path) : join(repoRoot, file);
      const where = `${file}:${line} → ${target}`;
      if (!existsSync(resolved)) {
        broken.push(`${where}: no ${relative(repoRoot, resolved)}`);
        continue;
      }
      if (anchor !== undefined) {
        if (statSync(resolved).isDirectory() || !resolved.endsWith('.md'))
          broken.push(`${where}: an anchor on a non-Markdown target`);
        else if (!anchorsOf(readFileSync(resolved, 'utf8')).has(anchor))
          broken.push(`${where}: no such heading`);
      }
    }
  }
  expect(broken).toEqual([]);
  expect(checked).toBeGreaterThan(40);
});
