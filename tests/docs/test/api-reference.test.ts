import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { operations as backoffice } from '@weavr-sdk/backoffice';
import type { OperationInfo } from '@weavr-sdk/core';
import { operations as multi } from '@weavr-sdk/multi';
import { operations as simulator } from '@weavr-sdk/simulator';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../src/blocks.js';
import { anchorsOf, linksOf } from '../src/links.js';

/**
 * The api.md each client package is built with (scripts/src/generate.ts): every operation of the package's
 * operation map is there once, with what the map says of it, and every link inside it lands on an anchor.
 */
const PACKAGES: Array<[string, Record<string, OperationInfo>]> = [
  ['multi', multi],
  ['backoffice', backoffice],
  ['simulator', simulator],
];

/** The section of one operation: from its heading to the next heading. */
function sectionOf(reference: string, key: string): string {
  const start = reference.indexOf(`### \`${key}\`\n`);
  const end = reference.indexOf('\n#', start + 4);
  return reference.slice(start, end < 0 ? undefined : end);
}

describe.each(PACKAGES)('packages/%s/api.md', (name, map) => {
  const reference = readFileSync(join(repoRoot, 'packages', name, 'api.md'), 'utf8');
  const anchors = anchorsOf(reference);

  test('is published with the package', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'packages', name, 'package.json'), 'utf8'));
    expect(manifest.files).toContain('api.md');
  });

  test('has every operation of the map once, and no other', () => {
    const headings = [...reference.matchAll(/^### `([A-Z]+ [^`]+)`$/gm)].map((m) => m[1]);
    expect(headings.sort()).toEqual(Object.keys(map).sort());
  });

  test('says per operation what the map says: operationId, token, idempotency-ref, pages, documents', () => {
    for (const [key, op] of Object.entries(map)) {
      const section = sectionOf(reference, key);
      expect(section, key).toContain(`| operationId | \`${op.operationId}\` |`);
      expect(section.includes('| idempotency-ref | yes'), key).toBe(op.idempotencyRef);
      expect(section.includes('| pages | yes'), key).toBe(op.list !== undefined);
      expect(section.includes('| bulk | yes'), key).toBe(op.bulk !== undefined);
      expect(section.includes('| documents |'), key).toBe(op.media !== undefined);
      expect(section.includes('API key only'), key).toBe(op.bearer === 'none');
      if (op.list) expect(section, key).toContain(`up to ${op.list.maxLimit} per page`);
    }
  });

  test('every link lands on an anchor of the page, and the contents reach every operation', () => {
    const links = linksOf(reference).map((l) => l.target);
    const inPage = links.filter((t) => t.startsWith('#')).map((t) => t.slice(1));
    expect(inPage.filter((a) => !anchors.has(a))).toEqual([]);
    expect(links.filter((t) => !t.startsWith('#'))).toEqual([]);
    for (const op of Object.values(map))
      expect(inPage, op.operationId).toContain(
        `op-${op.operationId.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}`,
      );
  });
});

test('the Multi reference marks the operations that document STEP_UP_REQUIRED', () => {
  const reference = readFileSync(join(repoRoot, 'packages', 'multi', 'api.md'), 'utf8');
  const stepUp = reference.match(/\| step-up \| may answer 403 `STEP_UP_REQUIRED`/g) ?? [];
  expect(stepUp.length).toBeGreaterThan(10);
  expect(sectionOf(reference, 'GET /managed_accounts/{id}/statement')).toContain('| step-up |');
  expect(sectionOf(reference, 'POST /login_with_password')).not.toContain('| step-up |');
});
