import { createSession } from '@weavr-sdk/multi';
import { afterEach, describe, expect, test } from 'vitest';
import { type Emulator, type Seed, startEmulator } from '../src/index.js';
import { clients, PASSWORD, problems } from './helpers.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  expect(problems.splice(0)).toEqual([]);
});

const SEED: Seed = {
  corporates: [
    {
      ref: 'acme',
      email: 'owner@acme.test',
      password: PASSWORD,
      name: 'Acme Ltd',
      managedAccounts: [
        { ref: 'eur', currency: 'EUR', balance: 10_000 },
        { ref: 'gbp', currency: 'GBP', friendlyName: 'Pounds' },
      ],
      managedCards: [
        { ref: 'prepaid', currency: 'EUR', balance: 2_500 },
        { ref: 'debit', mode: 'DEBIT_MODE', parentAccount: 'eur' },
      ],
    },
  ],
  consumers: [
    { ref: 'grace', email: 'grace@example.test', password: PASSWORD, name: 'Grace Hopper', verified: false },
  ],
};

async function signIn(e: Emulator, email: string, identity: { type: 'CORPORATE' | 'CONSUMER'; id: string }) {
  return (await createSession(clients(e).multi, { email, password: PASSWORD, identity })).client;
}

describe('seed', () => {
  test('identities, instruments and balances exist at start, made as the API makes them', async () => {
    emu = await startEmulator({ seed: SEED, requireVerification: true });
    const { acme } = emu.seeded.corporates;
    expect(acme).toEqual({
      id: expect.stringMatching(/^\d{18}$/),
      rootUserId: expect.any(String),
      email: 'owner@acme.test',
    });
    const user = await signIn(emu, 'owner@acme.test', { type: 'CORPORATE', id: acme?.id as string });
    const { data: eur } = await user.GET('/managed_accounts/{id}', {
      params: { path: { id: emu.seeded.managedAccounts.eur as string } },
      throwOnError: true,
    });
    // The card's 2,500 came from the EUR account by transfer after a deposit of the same: the account keeps its 10,000.
    expect(eur.balances).toEqual({ availableBalance: 10_000, actualBalance: 10_000 });
    const { data: cards } = await user.GET('/managed_cards', { throwOnError: true });
    const byId = new Map(
      cards.cards?.map((c) => [c.id, c as typeof c & { balances?: { availableBalance: number } }]),
    );
    expect(byId.get(emu.seeded.managedCards.prepaid as string)?.balances?.availableBalance).toBe(2_500);
    expect(byId.get(emu.seeded.managedCards.debit as string)).toMatchObject({ mode: 'DEBIT_MODE' });
    const { data: company } = await user.GET('/corporates', { throwOnError: true });
    expect(company.company.name).toBe('Acme Ltd');
    // Unverified: the consumer exists and signs in; KYC was not approved.
    const grace = await signIn(emu, 'grace@example.test', {
      type: 'CONSUMER',
      id: emu.seeded.consumers.grace?.id as string,
    });
    const { data: consumer } = await grace.GET('/consumers', { throwOnError: true });
    expect(consumer.rootUser.name).toBe('Grace');
    expect(consumer.rootUser.surname).toBe('Hopper');
  });

  test('reset() returns to the seeded state, same ids; export and import carry everything', async () => {
    emu = await startEmulator({ seed: SEED });
    const { acme } = emu.seeded.corporates;
    const user = await signIn(emu, 'owner@acme.test', { type: 'CORPORATE', id: acme?.id as string });
    await user.POST('/managed_accounts', {
      body: { profileId: emu.profiles.managedAccounts, friendlyName: 'Later', currency: 'EUR' },
      throwOnError: true,
    });
    const exported = emu.exportState();
    emu.reset();
    const again = await signIn(emu, 'owner@acme.test', { type: 'CORPORATE', id: acme?.id as string });
    const listed = async (u: typeof user) =>
      (await u.GET('/managed_accounts', { throwOnError: true })).data.accounts?.map((a) => a.friendlyName);
    expect((await listed(again))?.sort()).toEqual(['Pounds', 'eur']);
    emu.importState(exported);
    expect(
      (
        await listed(await signIn(emu, 'owner@acme.test', { type: 'CORPORATE', id: acme?.id as string }))
      )?.sort(),
    ).toEqual(['Later', 'Pounds', 'eur']);
    expect(() => emu?.importState('{"version":2}')).toThrow('state file version 2');
    expect(() => emu?.importState('nope')).toThrow(SyntaxError);
  });

  test('a bad seed is refused naming the field, before anything is made; a refused step undoes the whole seed', async () => {
    emu = await startEmulator();
    const e = emu;
    expect(() =>
      e.seed({ corporates: [{ email: 'a@b.test', managedAccounts: [{ currency: 'EUR', balance: -1 }] }] }),
    ).toThrow('seed: corporates[0].managedAccounts[0].balance must be a whole number ≥ 0 (minor units)');
    expect(() => e.seed({ corporates: [{ email: 'a@b.test', pasword: 'x' } as never] })).toThrow(
      'seed: corporates[0].pasword is not a seed field',
    );
    expect(() =>
      e.seed({
        consumers: [{ email: 'a@b.test', managedCards: [{ mode: 'DEBIT_MODE', parentAccount: 'none' }] }],
      }),
    ).toThrow(
      'seed: consumers[0].managedCards[0].parentAccount must be the ref of one of consumers[0].managedAccounts',
    );
    expect(() =>
      e.seed({ corporates: [{ email: 'a@b.test', managedCards: [{ currency: 'GBP', balance: 5 }] }] }),
    ).toThrow(
      'seed: corporates[0].managedCards[0].balance: the card is funded by a transfer from a seeded GBP account',
    );
    // Nothing of the refused seed stayed: the same email seeds cleanly now.
    expect(e.seed({ corporates: [{ ref: 'ok', email: 'a@b.test' }] }).corporates.ok?.email).toBe('a@b.test');
    expect(() => e.seed({ corporates: [{ email: 'A@b.test' }] })).toThrow(
      /seed: corporates\[0\] create: POST \/corporates answered 409/,
    );
  });

  test('a state file wins over the seed on restart', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'weavr-emulator-seed-'));
    try {
      const file = join(dir, 'state.json');
      const first = await startEmulator({ seed: SEED, stateFile: file });
      const id = first.seeded.corporates.acme?.id;
      await first.close();
      emu = await startEmulator({ seed: SEED, stateFile: file });
      // Not seeded twice (the email would clash): the saved corporate is there.
      expect(emu.seeded).toEqual({ corporates: {}, consumers: {}, managedAccounts: {}, managedCards: {} });
      await signIn(emu, 'owner@acme.test', { type: 'CORPORATE', id: id as string });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
