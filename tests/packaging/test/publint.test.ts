import { readFileSync } from 'node:fs';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { describe, expect, inject, test } from 'vitest';

/** publint on the tarball that would be published, strict: a warning fails like an error. */
describe('publint on each packed package', () => {
  for (const p of inject('packed')) {
    test(p.name, async () => {
      const tarball = readFileSync(p.tarball);
      const { messages, pkg } = await publint({
        pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
        level: 'suggestion',
        strict: true,
      });
      const text = (m: (typeof messages)[number]) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`;
      // Suggestions are printed for a maintainer to weigh; errors and warnings (strict) fail the gate.
      for (const m of messages.filter((x) => x.type === 'suggestion'))
        console.log(`publint ${p.name} ${text(m)}`);
      expect(messages.filter((m) => m.type !== 'suggestion').map(text)).toEqual([]);
    });
  }
});
