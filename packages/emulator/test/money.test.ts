import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { clients, onboardCorporate, problems } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu?.close());

type User = Awaited<ReturnType<typeof onboardCorporate>>['user'];

async function fundedAccount(user: User, currency = 'EUR', amount = 10_000) {
  const { data } = await user.POST('/managed_accounts', {
    body: { profileId: emu.profiles.managedAccounts, friendlyName: `${currency} account`, currency },
    throwOnError: true,
  });
  if (amount)
    await clients(emu).simulator.POST('/accounts/{account_id}/deposit', {
      params: { path: { account_id: data.id as unknown as number } },
      body: { depositAmount: { currency, amount } },
      throwOnError: true,
    });
  return data.id;
}

/** The body of a transfer or send of `amount` between two managed accounts. */
function between(profileId: string, from: string, to: string, amount: number, currency = 'EUR') {
  return {
    profileId,
    source: { type: 'managed_accounts' as const, id: from },
    destination: { type: 'managed_accounts' as const, id: to },
    destinationAmount: { currency, amount },
  };
}

async function balance(user: User, id: string) {
  const { data } = await user.GET('/managed_accounts/{id}', { params: { path: { id } }, throwOnError: true });
  return data.balances;
}

describe('transfers', () => {
  test('currency mismatch, blocked instruments, another identity’s instrument, a bad amount', async () => {
    const { user } = await onboardCorporate(emu);
    const eur = await fundedAccount(user);
    const gbp = await fundedAccount(user, 'GBP', 0);
    const eur2 = await fundedAccount(user, 'EUR', 0);
    const transfer = (source: string, destination: string, amount = 100, currency = 'EUR') =>
      user.POST('/transfers', {
        body: between(emu.profiles.transfers, source, destination, amount, currency),
      });
    expect((await transfer(eur, gbp)).error).toEqual({ errorCode: 'CURRENCY_MISMATCH' });
    expect((await transfer(eur, eur2, 0)).error).toEqual({ errorCode: 'AMOUNT_INVALID' });
    await user.POST('/managed_accounts/{id}/block', { params: { path: { id: eur2 } }, throwOnError: true });
    expect((await transfer(eur, eur2)).error).toEqual({ errorCode: 'DESTINATION_INSTRUMENT_BLOCKED' });
    expect((await transfer(eur2, eur)).error).toEqual({ errorCode: 'SOURCE_INSTRUMENT_BLOCKED' });
    const other = await onboardCorporate(emu);
    const theirs = await fundedAccount(other.user, 'EUR', 0);
    expect((await transfer(eur, theirs)).error).toEqual({ errorCode: 'DESTINATION_NOT_FOUND' });
    expect(await balance(user, eur)).toEqual({ availableBalance: 10_000, actualBalance: 10_000 });
    expect(problems).toEqual([]);
  });

  test('a failed call is not remembered: its idempotency-ref can be used again with another payload', async () => {
    const { user, session } = await onboardCorporate(emu);
    const source = await fundedAccount(user, 'EUR', 100);
    const destination = await fundedAccount(user, 'EUR', 0);
    const body = (amount: number) => between(emu.profiles.transfers, source, destination, amount);
    const failed = await user.POST('/transfers', { body: body(500), idempotencyRef: 'retry-me' });
    expect(failed.error).toEqual({ errorCode: 'FUNDS_INSUFFICIENT' });
    const ok = await user.POST('/transfers', { body: body(60), idempotencyRef: 'retry-me' });
    expect(ok.response.status).toBe(200);
    expect(await balance(user, destination)).toEqual({ availableBalance: 60, actualBalance: 60 });
    // The client refuses such a ref before sending it: ask the emulator directly.
    const long = await fetch(`${emu.url}/multi/transfers`, {
      method: 'POST',
      headers: {
        'api-key': emu.apiKey,
        authorization: `Bearer ${await session.token()}`,
        'content-type': 'application/json',
        'idempotency-ref': 'x'.repeat(8_000),
      },
      body: JSON.stringify(body(1)),
    });
    expect(long.status).toBe(413);
  });

  test('lists filter by instrument (form-exploded object and the plain id Weavr’s QA suite sends)', async () => {
    const { user, session } = await onboardCorporate(emu);
    const a = await fundedAccount(user, 'EUR', 1_000);
    const b = await fundedAccount(user, 'EUR', 0);
    const c = await fundedAccount(user, 'EUR', 0);
    for (const destination of [b, c, b])
      await user.POST('/transfers', {
        body: between(emu.profiles.transfers, a, destination, 10),
        throwOnError: true,
      });
    const { data } = await user.GET('/transfers', {
      params: { query: { instrumentId: { id: b, type: 'managed_accounts' } } },
      throwOnError: true,
    });
    expect(data).toMatchObject({ count: 2, responseCount: 2 });
    const plain = await fetch(`${emu.url}/multi/transfers?instrumentId=${c}`, {
      headers: { 'api-key': emu.apiKey, authorization: `Bearer ${await session.token()}` },
    });
    expect(await plain.json()).toMatchObject({ count: 1, responseCount: 1 });
  });
});

describe('sends between identities', () => {
  test('below the challenge threshold they complete at once and move both balances', async () => {
    const alice = await onboardCorporate(emu);
    const bob = await onboardCorporate(emu);
    const from = await fundedAccount(alice.user, 'EUR', 5_000);
    const to = await fundedAccount(bob.user, 'EUR', 0);
    const { data: send } = await alice.user.POST('/sends', {
      body: between(emu.profiles.sends, from, to, 1_200),
      throwOnError: true,
    });
    expect(send).toMatchObject({ state: 'COMPLETED', challengeExemptionReason: 'LOW_VALUE' });
    expect(await balance(alice.user, from)).toEqual({ availableBalance: 3_800, actualBalance: 3_800 });
    expect(await balance(bob.user, to)).toEqual({ availableBalance: 1_200, actualBalance: 1_200 });
    // The send is the sender's: the receiver does not see it.
    expect((await bob.user.GET('/sends/{id}', { params: { path: { id: send.id } } })).response.status).toBe(
      404,
    );
    const { data: listed } = await alice.user.GET('/sends', { throwOnError: true });
    expect(listed.send?.map((s) => s.id)).toEqual([send.id]);
    expect(problems).toEqual([]);
  });
});
