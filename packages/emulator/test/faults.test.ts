import { createMultiClient, createSession } from '@weavr-sdk/multi';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { PASSWORD } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      corporates: [
        {
          ref: 'acme',
          email: 'owner@acme.test',
          password: PASSWORD,
          managedAccounts: [{ ref: 'main', currency: 'EUR', balance: 10_000 }],
          managedCards: [{ ref: 'card', currency: 'EUR' }],
        },
      ],
    },
  });
});
afterAll(() => emu?.close());
beforeEach(() => emu.reset());

/** A signed-in client of the seeded corporate that retries quickly (the SDK's own rules decide what). */
async function signedIn() {
  const multi = createMultiClient({
    apiKey: emu.apiKey,
    baseUrl: `${emu.url}/multi`,
    maxRetries: 2,
    backoff: { initialDelayMs: 100, maxDelayMs: 200 },
    logLevel: 'off',
  });
  const acme = emu.seeded.corporates.acme;
  const session = await createSession(multi, {
    email: 'owner@acme.test',
    password: PASSWORD,
    identity: { type: 'CORPORATE', id: acme?.id as string },
  });
  return session.client;
}

const transfer = () => ({
  profileId: emu.profiles.transfers,
  source: { type: 'managed_accounts' as const, id: emu.seeded.managedAccounts.main as string },
  destination: { type: 'managed_cards' as const, id: emu.seeded.managedCards.card as string },
  destinationAmount: { currency: 'EUR', amount: 250 },
});

async function transfers(user: Awaited<ReturnType<typeof signedIn>>) {
  const { data } = await user.GET('/transfers', { throwOnError: true });
  return data.transfer ?? [];
}

describe('fault injection', () => {
  test('a 503 then success: the SDK retries with the same idempotency-ref, and the money moves once', async () => {
    const user = await signedIn();
    const fault = emu.fault({ operationId: 'transferCreate', status: 503, body: { message: 'try again' } });
    const { data, response } = await user.POST('/transfers', { body: transfer(), throwOnError: true });
    expect(response.status).toBe(200);
    expect(fault.remaining).toBe(0);
    const ref = fault.hits[0]?.idempotencyRef as string;
    expect(ref).toMatch(/\S{8,}/);
    // The retry carried that ref: sending it again replays the transfer the retry made.
    const { data: replay } = await user.POST('/transfers', {
      body: transfer(),
      idempotencyRef: ref,
      throwOnError: true,
    });
    expect(replay.id).toBe(data.id);
    expect((await transfers(user)).map((t) => t.id)).toEqual([data.id]);
    const { data: account } = await user.GET('/managed_accounts/{id}', {
      params: { path: { id: emu.seeded.managedAccounts.main as string } },
      throwOnError: true,
    });
    expect(account.balances?.availableBalance).toBe(10_000 - 250);
  });

  test('a connection dropped after the transfer ran: the retry with its ref replays it, nothing moves twice', async () => {
    const user = await signedIn();
    const fault = emu.fault({ operationId: 'transferCreate', drop: 'after' });
    const { data } = await user.POST('/transfers', {
      body: transfer(),
      idempotencyRef: 'drop-after-1',
      throwOnError: true,
    });
    expect(fault.hits).toEqual([{ at: expect.any(Number), idempotencyRef: 'drop-after-1' }]);
    expect((await transfers(user)).map((t) => t.id)).toEqual([data.id]);
  });

  test('a dropped connection on a POST without a ref is not sent again', async () => {
    const user = await signedIn();
    // `POST /managed_cards/{id}/remove` declares no idempotency-ref: the SDK cannot know whether it ran.
    const fault = emu.fault({ operationId: 'managedCardRemove', drop: 'before', times: 3 });
    await expect(
      user.POST('/managed_cards/{id}/remove', {
        params: { path: { id: emu.seeded.managedCards.card as string } },
      }),
    ).rejects.toMatchObject({ name: 'WeavrConnectionError' });
    expect(fault.hits).toEqual([{ at: expect.any(Number) }]);
    expect(fault.remaining).toBe(2);
    // Dropped before it ran: the card is still active.
    const { data: card } = await user.GET('/managed_cards/{id}', {
      params: { path: { id: emu.seeded.managedCards.card as string } },
      throwOnError: true,
    });
    expect(card.state.state).toBe('ACTIVE');
  });

  test('status, body and headers for the next N calls, then the real answer; api narrows the match', async () => {
    const fault = emu.fault({
      operationId: 'managedAccountsGet',
      api: 'multi',
      times: 2,
      status: 418,
      body: { errorCode: 'TEAPOT' },
      headers: { 'x-fault': 'yes' },
    });
    const user = await signedIn();
    const first = await user.GET('/managed_accounts', { maxRetries: 0 });
    expect(first.response.status).toBe(418);
    expect(first.response.headers.get('x-fault')).toBe('yes');
    expect((await user.GET('/managed_accounts', { maxRetries: 0 })).response.status).toBe(418);
    const third = await user.GET('/managed_accounts', { throwOnError: true });
    expect(third.data.accounts?.map((a) => a.id)).toEqual([emu.seeded.managedAccounts.main]);
    expect(fault.remaining).toBe(0);
    expect(emu.faults).toEqual([fault]);
  });

  test('a delay holds the answer that long; the client times out on it', async () => {
    emu.fault({ operationId: 'managedAccountsGet', delayMs: 400 });
    const user = await signedIn();
    const t0 = performance.now();
    const { response } = await user.GET('/managed_accounts', { throwOnError: true });
    expect(response.status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
    emu.fault({ operationId: 'managedAccountsGet', delayMs: 1000 });
    await expect(user.GET('/managed_accounts', { timeoutMs: 150, maxRetries: 0 })).rejects.toMatchObject({
      name: 'WeavrTimeoutError',
    });
  });

  test('reset() and clearFaults() disarm; bad faults are refused naming the field', async () => {
    emu.fault({ operationId: 'managedAccountsGet', status: 500, times: 5 });
    emu.reset();
    expect(emu.faults).toEqual([]);
    const user = await signedIn();
    expect((await user.GET('/managed_accounts', { maxRetries: 0 })).response.status).toBe(200);
    emu.fault({ operationId: 'managedAccountsGet', status: 500 });
    emu.clearFaults();
    expect((await user.GET('/managed_accounts', { maxRetries: 0 })).response.status).toBe(200);
    expect(() => emu.fault({ operationId: 'noSuchOperation', status: 500 })).toThrow(
      "fault: no operation 'noSuchOperation'",
    );
    expect(() => emu.fault({ operationId: 'managedAccountsGet', api: 'simulator', status: 500 })).toThrow(
      'in the simulator API',
    );
    expect(() => emu.fault({ operationId: 'managedAccountsGet', status: 99 })).toThrow('status');
    expect(() => emu.fault({ operationId: 'managedAccountsGet', times: 0, status: 500 })).toThrow('times');
    expect(() => emu.fault({ operationId: 'managedAccountsGet', drop: 'before', status: 500 })).toThrow(
      'not both',
    );
    expect(() => emu.fault({ operationId: 'managedAccountsGet' })).toThrow('at least one of');
    expect(() => emu.fault({ operationId: 'managedAccountsGet', stauts: 500 } as never)).toThrow(
      "unknown field 'stauts'",
    );
  });
});
