/** The root README's install commands for users, as written (the release test runs them verbatim). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-copy.js';

/** How the paragraph the block follows begins, in README.md's "Install" section ("After the first release"). */
export const README_MARKER = '**After the first ';

/** Each `npm install …` line of the first sh block after the marker, comments dropped. */
export function readmeInstallCommands(): string[][] {
  const text = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const at = text.indexOf(README_MARKER);
  if (at < 0)
    throw new Error(`README.md: no "${README_MARKER}" paragraph (the release test runs its commands)`);
  const block = /```sh\n([\s\S]*?)```/.exec(text.slice(at));
  if (!block) throw new Error(`README.md: no sh block after "${README_MARKER}"`);
  const lines = (block[1] as string)
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean);
  const commands = lines.map((l) => l.split(/\s+/));
  for (const c of commands)
    if (c[0] !== 'npm' || c[1] !== 'install')
      throw new Error(`README.md: "${c.join(' ')}" after "${README_MARKER}" is not an npm install line`);
  return commands;
}
