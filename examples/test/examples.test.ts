// Runs every example script as a user would (tsx, a child process) against the local emulator
// (@weavr-sdk/emulator): a stateful Weavr served from the same specs, so what one step creates the next one
// finds. The test seeds it through the public clients (a corporate with a signed-up user, cards, money), then
// checks that each example finishes with exit code 0 and says what it did. The contract tests keep Prism.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackofficeClient } from '@weavr-sdk/backoffice';
import { type Emulator, startEmulator } from '@weavr-sdk/emulator';
import { createMultiClient, createSession, SANDBOX_VERIFICATION_CODE } from '@weavr-sdk/multi';
import { createSimulatorClient } from '@weavr-sdk/simulator';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsx = require.resolve('tsx/cli');
const tsc = require.resolve('typescript/bin/tsc');
const scratch = mkdtempSync(join(tmpdir(), 'weavr-examples-'));

const USER = { WEAVR_EMAIL: 'owner@example.com', WEAVR_PASSWORD: 'Correct-Horse-42!' };
const BILLING = { addressLine1: '1 Engine Street', city: 'London', postCode: 'N1 9GU', country: 'GB' };

let emu: Emulator;
/** A second corporate whose cards the Back-Office example blocks. */
let other: { id: string; cards: string[] };

/** Onboards a corporate through the public client and returns its signed-in client. */
async function corporate(email: string, password: string) {
  const weavr = createMultiClient({ apiKey: emu.apiKey, baseUrl: `${emu.url}/multi`, throwOnError: true });
  const { data } = await weavr.POST('/corporates', {
    body: {
      profileId: emu.profiles.corporates,
      rootUser: {
        name: 'Ada',
        surname: 'Lovelace',
        email,
        mobile: { countryCode: '+44', number: '7700900123' },
        companyPosition: 'DIRECTOR',
      },
      company: { name: 'Analytical Engines Ltd', type: 'LLC', registrationCountry: 'GB' },
      ipAddress: '192.0.2.10',
      baseCurrency: 'EUR',
    },
  });
  await weavr.POST('/corporates/verification/email/send', { body: { email } });
  await weavr.POST('/corporates/verification/email/verify', {
    body: { email, verificationCode: SANDBOX_VERIFICATION_CODE },
  });
  await weavr.POST('/passwords/{user_id}/create', {
    params: { path: { user_id: data.rootUser.id.id } },
    body: { password: { value: password } },
  });
  const session = await createSession(weavr, { email, password, identity: data.id });
  // Instruments wait for the corporate's KYB, as on the sandbox: the simulator approves it.
  await createSimulatorClient({
    programmeKey: emu.apiKey,
    baseUrl: `${emu.url}/simulate/api`,
    throwOnError: true,
  }).POST('/corporates/{corporate_id}/verify', { params: { path: { corporate_id: data.id.id } } });
  return { id: data.id.id, client: session.client, session };
}

async function prepaidCards(client: Awaited<ReturnType<typeof corporate>>['client'], n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { data } = await client.POST('/managed_cards', {
      body: {
        profileId: emu.profiles.managedCards,
        mode: 'PREPAID_MODE',
        currency: 'EUR',
        friendlyName: `Card ${i + 1}`,
        nameOnCard: 'Ada Lovelace',
        billingAddress: BILLING,
      },
    });
    ids.push(data.id);
  }
  return ids;
}

beforeAll(async () => {
  emu = await startEmulator();
  // The user the examples sign in as: two cards, the newest with money and a few purchases.
  const owner = await corporate(USER.WEAVR_EMAIL, USER.WEAVR_PASSWORD);
  const [, newest] = await prepaidCards(owner.client, 2);
  const { data: account } = await owner.client.POST('/managed_accounts', {
    body: { profileId: emu.profiles.managedAccounts, friendlyName: 'Main', currency: 'EUR' },
  });
  const simulator = createSimulatorClient({
    programmeKey: emu.apiKey,
    baseUrl: `${emu.url}/simulate/api`,
    throwOnError: true,
  });
  await simulator.POST('/accounts/{account_id}/deposit', {
    params: { path: { account_id: account.id as unknown as number } },
    body: { depositAmount: { currency: 'EUR', amount: 10_000 } },
  });
  await owner.client.POST('/transfers', {
    body: {
      profileId: emu.profiles.transfers,
      source: { type: 'managed_accounts', id: account.id },
      destination: { type: 'managed_cards', id: newest as string },
      destinationAmount: { currency: 'EUR', amount: 5_000 },
    },
  });
  for (const amount of [1_250, 310, 99])
    await simulator.POST('/cards/{card_id}/purchase', {
      params: { path: { card_id: newest as unknown as number } },
      body: { merchantName: 'Tea Shop', transactionAmount: { currency: 'EUR', amount } },
    });
  await owner.session.logout();
  const second = await corporate('second@example.com', USER.WEAVR_PASSWORD);
  other = { id: second.id, cards: await prepaidCards(second.client, 3) };
  await second.session.logout();
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
