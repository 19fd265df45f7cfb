// Runs every example script as a user would (tsx, a child process) against the local emulator
// (@weavr-sdk/emulator): a stateful Weavr served from the same specs, so what one step creates the next one
// finds. The test seeds it (a corporate with a signed-up user, cards, money) with the emulator's seed, then
// checks that each example finishes with exit code 0 and says what it did. The contract tests keep Prism.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackofficeClient } from '@weavr-sdk/backoffice';
import { type Emulator, startEmulator } from '@weavr-sdk/emulator';
import { createSimulatorClient } from '@weavr-sdk/simulator';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsx = require.resolve('tsx/cli');
const tsc = require.resolve('typescript/bin/tsc');
const scratch = mkdtempSync(join(tmpdir(), 'weavr-examples-'));

const USER = { WEAVR_EMAIL: 'owner@example.com', WEAVR_PASSWORD: 'Correct-Horse-42!' };

let emu: Emulator;
/** A second corporate whose cards the Back-Office example blocks. */
let other: { id: string; cards: string[] };

const card = (ref: string, friendlyName: string, balance = 0) => ({
  ref,
  currency: 'EUR',
  friendlyName,
  nameOnCard: 'Ada Lovelace',
  balance,
});

beforeAll(async () => {
  // The emulator's seed onboards both corporates through the operations a client calls (create, verify the
  // email, set the password, KYB through the simulator), opens their instruments and moves their money.
  emu = await startEmulator({
    seed: {
      corporates: [
        {
          // The user the examples sign in as: two cards, the newest with money (a transfer in from its account)
          // and, below, a few purchases.
          ref: 'owner',
          email: USER.WEAVR_EMAIL,
          password: USER.WEAVR_PASSWORD,
          name: 'Analytical Engines Ltd',
          managedAccounts: [{ ref: 'main', currency: 'EUR', friendlyName: 'Main', balance: 5_000 }],
          managedCards: [card('older', 'Card 1'), card('newest', 'Card 2', 5_000)],
        },
        {
          ref: 'other',
          email: 'second@example.com',
          name: 'Difference Engines Ltd',
          managedCards: [card('other-1', 'Card 1'), card('other-2', 'Card 2'), card('other-3', 'Card 3')],
        },
      ],
    },
  });
  const { corporates, managedCards } = emu.seeded;
  const simulator = createSimulatorClient({
    programmeKey: emu.apiKey,
    baseUrl: `${emu.url}/simulate/api`,
    throwOnError: true,
  });
  for (const amount of [1_250, 310, 99])
    await simulator.POST('/cards/{card_id}/purchase', {
      params: { path: { card_id: managedCards.newest as unknown as number } },
      body: { merchantName: 'Tea Shop', transactionAmount: { currency: 'EUR', amount } },
    });
  other = {
    id: corporates.other?.id as string,
    cards: ['other-1', 'other-2', 'other-3'].map((ref) => managedCards[ref] as string),
  };
});
afterAll(async () => {
  await emu?.close();
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
        env: { PATH: process.env.PATH ?? '', WEAVR_API_KEY: emu.apiKey, ...env },
      },
      (error, stdout, stderr) =>
        done({ code: error ? Number(child.exitCode ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe('examples run against the emulator', () => {
  test('onboard-corporate: corporate, password, session, step-up, card', async () => {
    const { code, out } = await run('onboard-corporate.ts', {
      WEAVR_BASE_URL: `${emu.url}/multi`,
      WEAVR_SIMULATOR_URL: `${emu.url}/simulate/api`,
      WEAVR_CORPORATE_PROFILE_ID: emu.profiles.corporates,
      WEAVR_CARD_PROFILE_ID: emu.profiles.managedCards,
    });
    expect(out).toMatch(/corporate \d+ created/);
    expect(out).toMatch(/card \d+ issued/);
    expect(code, out).toBe(0);
  });

  test('bulk-block-cards: submit, execute, follow, report (cards listed by paginate)', async () => {
    const { code, out } = await run('bulk-block-cards.ts', {
      WEAVR_BASE_URL: `${emu.url}/multi`,
      WEAVR_WAIT_MS: '30000',
      ...USER,
    });
    expect(out).toMatch(/submitted 2 block operations as bulk \d{18}/);
    expect(out).toContain('finished: COMPLETED');
    expect(code, out).toBe(0);
  });

  test('bulk-block-cards: card ids given on the command line', async () => {
    const { code, out } = await run(
      'bulk-block-cards.ts',
      { WEAVR_BASE_URL: `${emu.url}/multi`, WEAVR_WAIT_MS: '30000', ...USER },
      ['110141187013853702', '110141187013853703'],
    );
    // Ids of no card of this identity: both operations fail, and the example lists them.
    expect(out).toMatch(/submitted 2 block operations/);
    expect(out).toContain('finished: FAILED');
    expect(out).toContain('card #1 failed:');
    expect(code, out).toBe(0);
  });

  test('backoffice-block-cards: forIdentity, then a block per card', async () => {
    const { code, out } = await run('backoffice-block-cards.ts', {
      WEAVR_BASE_URL: `${emu.url}/multi/backoffice`,
      WEAVR_IDENTITY_ID: other.id,
      WEAVR_CARD_IDS: other.cards.join(','),
    });
    expect(out).toContain('blocked 3, already blocked 0, failed 0 of 3 cards');
    // The Back-Office acted on the state Multi users see.
    const backoffice = createBackofficeClient({ apiKey: emu.apiKey, baseUrl: `${emu.url}/multi/backoffice` });
    const acme = await backoffice.forIdentity({ type: 'CORPORATE', id: other.id });
    const { data } = await acme.GET('/managed_cards/{id}', {
      params: { path: { id: other.cards[0] as string } },
    });
    expect(data?.state.state).toBe('BLOCKED');
    expect(code, out).toBe(0);
  });

  test('card-transactions: pages through transactions, downloads the PDF statement', async () => {
    const file = join(scratch, 'statement.pdf');
    const { code, out } = await run('card-transactions.ts', {
      WEAVR_BASE_URL: `${emu.url}/multi`,
      WEAVR_STATEMENT_FILE: file,
      ...USER,
    });
    // The newest card: a transfer in and three purchases.
    expect(out).toMatch(/card \d{18}: 4 transactions/);
    expect(out).toContain('card_payments: 3');
    expect(out).toMatch(/statement: \d+ bytes of PDF/);
    expect(readFileSync(file, 'latin1').startsWith('%PDF-')).toBe(true);
    expect(code, out).toBe(0);
  });

  test('a missing setting is a one-line error and exit code 1', async () => {
    const { code, out } = await run('backoffice-block-cards.ts', {
      WEAVR_BASE_URL: `${emu.url}/multi/backoffice`,
    });
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
