// Runs every example script as a user would (tsx, a child process) against Prism mocks of the Multi and
// Back-Office specs, and checks that it finishes with exit code 0. Prism answers a request that breaks the spec
// with 400/422, so the examples' requests are checked too; its `--dynamic` answers are random but schema-valid,
// which the examples must cope with.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PrismServer, startPrism } from '@weavr-sdk/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const require = createRequire(import.meta.url);
const tsx = require.resolve('tsx/cli');
const tsc = require.resolve('typescript/bin/tsc');
const scratch = mkdtempSync(join(tmpdir(), 'weavr-examples-'));

// biome-ignore lint/suspicious/noExplicitAny: a JSON document walked by hand
type Json = any;

/**
 * The Multi spec with two defects fixed that would stop any client from following a bulk process on the mock:
 * the bulk submit responses give `bulkId` no pattern while the `bulk_id` path parameter must be numeric (Prism
 * invents ids it then rejects), and `BulkProcess.status` is a free string instead of the `BulkProcessStatus`
 * enum (Prism invents states that never end). Everything else is served as published.
 */
function multiSpecForBulks(): string {
  const spec: Json = JSON.parse(readFileSync(join(root, 'specs/multi.json'), 'utf8'));
  for (const [path, item] of Object.entries<Json>(spec.paths)) {
    if (!path.startsWith('/bulks/') || path.includes('{')) continue;
    for (const op of Object.values<Json>(item)) {
      const bulkId = op?.responses?.['201']?.content?.['application/json']?.schema?.properties?.bulkId;
      if (bulkId) bulkId.pattern = '^[0-9]+$';
    }
  }
  const schemas = spec.components.schemas;
  schemas.BulkProcess.properties.status = { $ref: '#/components/schemas/BulkProcessStatus' };
  const file = join(scratch, 'multi.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

let multi: PrismServer;
let backoffice: PrismServer;
beforeAll(async () => {
  [multi, backoffice] = await Promise.all([
    startPrism({ spec: multiSpecForBulks() }),
    startPrism({ spec: join(root, 'specs/backoffice.json') }),
  ]);
});
afterAll(async () => {
  await Promise.all([multi?.stop(), backoffice?.stop()]);
  rmSync(scratch, { recursive: true, force: true });
});

function run(script: string, env: Record<string, string>, args: string[] = []) {
  return new Promise<{ code: number; out: string }>((done) => {
    const child = execFile(
      process.execPath,
      [tsx, join(here, '../src', script), ...args],
      {
        cwd: join(here, '..'),
        timeout: 90_000,
        // Only what the example needs: no inherited WEAVR_* from the developer's shell.
        env: { PATH: process.env.PATH ?? '', WEAVR_API_KEY: 'sk_test_examples', ...env },
      },
      (error, stdout, stderr) =>
        done({ code: error ? Number(child.exitCode ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

const USER = { WEAVR_EMAIL: 'owner@example.com', WEAVR_PASSWORD: 'Correct-Horse-42!' };

describe('examples run against the mock', () => {
  test('onboard-corporate: corporate, password, session, step-up, card', async () => {
    const { code, out } = await run('onboard-corporate.ts', {
      WEAVR_BASE_URL: multi.url,
      WEAVR_CORPORATE_PROFILE_ID: '110141186813853702',
      WEAVR_CARD_PROFILE_ID: '110141187013853702',
    });
    expect(out).toMatch(/corporate \d+ created/);
    expect(out).toMatch(/card \d+ issued/);
    expect(code, out).toBe(0);
  });

  test('bulk-block-cards: submit, execute, follow, report (cards listed by paginate)', async () => {
    const { code, out } = await run('bulk-block-cards.ts', {
      WEAVR_BASE_URL: multi.url,
      WEAVR_WAIT_MS: '3000',
      ...USER,
    });
    expect(out).toMatch(/submitted \d+ block operations as bulk \d+/);
    expect(out).toMatch(/finished: |still /);
    expect(code, out).toBe(0);
  });

  test('bulk-block-cards: card ids given on the command line', async () => {
    const { code, out } = await run(
      'bulk-block-cards.ts',
      { WEAVR_BASE_URL: multi.url, WEAVR_WAIT_MS: '3000', ...USER },
      ['110141187013853702', '110141187013853703'],
    );
    expect(out).toMatch(/submitted \d+ block operations/);
    expect(code, out).toBe(0);
  });

  test('backoffice-block-cards: forIdentity, then a block per card', async () => {
    const { code, out } = await run('backoffice-block-cards.ts', {
      WEAVR_BASE_URL: backoffice.url,
      WEAVR_IDENTITY_ID: '110141186813853702',
      WEAVR_CARD_IDS: '110141187013853702,110141187013853703,110141187013853704',
    });
    expect(out).toContain('blocked 3, already blocked 0, failed 0 of 3 cards');
    expect(code, out).toBe(0);
  });

  test('card-transactions: pages through transactions, downloads the PDF statement', async () => {
    const file = join(scratch, 'statement.pdf');
    const { code, out } = await run('card-transactions.ts', {
      WEAVR_BASE_URL: multi.url,
      WEAVR_STATEMENT_FILE: file,
      ...USER,
    });
    expect(out).toMatch(/card \d+: \d+ transactions/);
    expect(out).toMatch(/statement: \d+ bytes of PDF/);
    expect(code, out).toBe(0);
  });

  test('a missing setting is a one-line error and exit code 1', async () => {
    const { code, out } = await run('backoffice-block-cards.ts', { WEAVR_BASE_URL: backoffice.url });
    expect(out.trim()).toBe('Set WEAVR_IDENTITY_ID (see examples/README.md).');
    expect(code).toBe(1);
  });
});

test('the examples type-check against the built packages', async () => {
  const { code, out } = await new Promise<{ code: number; out: string }>((done) =>
    execFile(process.execPath, [tsc, '-p', join(here, '../tsconfig.json')], { timeout: 120_000 }, (e, o, s) =>
      done({ code: e ? 1 : 0, out: o + s }),
    ),
  );
  expect(out).toBe('');
  expect(code).toBe(0);
});
