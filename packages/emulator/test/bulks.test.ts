import { openBulk, submitBulk } from '@weavr-sdk/multi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { BILLING, clients, onboardCorporate, problems } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu?.close());

type User = Awaited<ReturnType<typeof onboardCorporate>>['user'];

async function cards(user: User, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { data } = await user.POST('/managed_cards', {
      body: {
        profileId: emu.profiles.managedCards,
        mode: 'PREPAID_MODE',
        currency: 'EUR',
        friendlyName: `Card ${i}`,
        nameOnCard: 'Ada Lovelace',
        billingAddress: BILLING,
      },
      throwOnError: true,
    });
    ids.push(data?.id as string);
  }
  return ids;
}

/** Spend rules can be patched (one by one or in a bulk) only once they are set: Weavr answers 404 before. */
async function setRules(user: User, id: string): Promise<void> {
  await user.POST('/managed_cards/{id}/spend_rules', {
    params: { path: { id } },
    body: { maxTransactionAmount: 50 },
    throwOnError: true,
  });
}

const FAST = { intervalMs: 20, maxIntervalMs: 50 };

describe('bulk processes', () => {
  test('submitBulk, execute ON_FAILURE_CONTINUE, done, failures: the same handlers as single calls', async () => {
    const { user } = await onboardCorporate(emu);
    const [a, b] = await cards(user, 2);
    await user.POST('/managed_cards/{id}/block', {
      params: { path: { id: b as string } },
      throwOnError: true,
    });
    const bulk = await submitBulk(user, '/bulks/managed_cards/_id_/block', [
      { pathParams: { _id_: a as string } },
      { pathParams: { _id_: b as string } },
      { pathParams: { _id_: '123456789012345678' } },
    ]);
    expect(bulk.operationCount).toBe(3);
    const { bulkIds } = bulk;
    expect(bulkIds[0]).toMatch(/^\d{18}$/);
    const before = await bulk.status();
    expect(before.status).toBe('SUBMITTED');
    await bulk.execute({ mode: 'ON_FAILURE_CONTINUE' });
    const result = await bulk.done(FAST);
    expect(result.status).toBe('PARTIALLY_COMPLETED');
    const failed = [];
    for await (const op of bulk.failures()) failed.push(op);
    expect(failed.map((f) => f.sequence)).toEqual([2, 3]);
    expect(JSON.parse(failed[0]?.responsePayload ?? '{}')).toEqual({
      errorCode: 'INSTRUMENT_ALREADY_BLOCKED',
    });
    const { data: card } = await user.GET('/managed_cards/{id}', {
      params: { path: { id: a as string } },
      throwOnError: true,
    });
    expect(card?.state.state).toBe('BLOCKED');
    const { data: listed } = await user.GET('/bulks', { throwOnError: true });
    expect(listed?.bulkProcesses?.[0]).toMatchObject({ bulkId: bulkIds[0], status: 'PARTIALLY_COMPLETED' });
    expect(problems).toEqual([]);
  });

  test('ON_FAILURE_STOP cancels what follows the first failure; invalid items fail with a 400 payload', async () => {
    const { user } = await onboardCorporate(emu);
    const [a] = await cards(user, 1);
    await setRules(user, a as string);
    const bulk = await submitBulk(user, '/bulks/managed_cards/_id_/spend_rules', [
      { pathParams: { _id_: a as string }, requestBody: { maxTransactionAmount: 100 } },
      {
        pathParams: { _id_: a as string },
        requestBody: { allowedMerchantCountries: ['not a country'] } as never,
      },
      { pathParams: { _id_: a as string }, requestBody: { maxTransactionAmount: 200 } },
    ]);
    await bulk.execute({ mode: 'ON_FAILURE_STOP' });
    const result = await bulk.done(FAST);
    expect(result.status).toBe('PARTIALLY_COMPLETED');
    const statuses: string[] = [];
    for await (const op of bulk.operations()) statuses.push(op.status ?? '');
    expect(statuses).toEqual(['COMPLETED', 'FAILED', 'CANCELLED']);
    for await (const op of bulk.failures())
      expect(JSON.parse(op.responsePayload ?? '{}').syntaxErrors.invalidFields[0].fieldName).toMatch(
        /^allowedMerchantCountries/,
      );
  });

  test('pause, resume, cancel follow the spec’s transitions (emulated time)', async () => {
    const slow = await startEmulator({ bulkOperationsPerSecond: 1 });
    try {
      const { user } = await onboardCorporate(slow);
      const items = Array.from({ length: 5 }, () => ({
        requestBody: { name: 'Bulk', surname: 'User', email: `bulk+${Math.random()}@example.com` },
      }));
      const bulk = await submitBulk(user, '/bulks/users', items);
      const cancelEarly = await user.POST('/bulks/{bulk_id}/pause', {
        params: { path: { bulk_id: bulk.bulkIds[0] as string } },
      });
      expect(cancelEarly.error).toEqual({ errorCode: 'INVALID_STATE' });
      await bulk.execute({ mode: 'ON_FAILURE_CONTINUE' });
      slow.clock.advance(2_000);
      const running = await bulk.status();
      expect(running.status).toBe('RUNNING');
      expect(running.operationStatusCounts).toEqual({ COMPLETED: 2, SUBMITTED: 3 });
      await bulk.pause();
      slow.clock.advance(10_000);
      expect((await bulk.status()).status).toBe('PAUSED');
      await bulk.resume();
      slow.clock.advance(1_000);
      expect((await bulk.status()).operationStatusCounts).toMatchObject({ COMPLETED: 3 });
      await bulk.cancel();
      const done = await bulk.done(FAST);
      expect(done.status).toBe('CANCELLED');
      const { data: users } = await user.GET('/users', { throwOnError: true });
      expect(users?.count).toBe(3);
      const again = await openBulk(user, bulk.bulkIds[0] as string).status();
      expect(again.status).toBe('CANCELLED');
    } finally {
      await slow.close();
    }
  });

  test('more than 10,000 items: the documented 400 on one bulk; submitBulk splits them', async () => {
    const fast = await startEmulator({ bulkOperationsPerSecond: 1_000_000 });
    try {
      const { user } = await onboardCorporate(fast);
      const [id] = await cards(user, 1);
      const items = Array.from({ length: 10_001 }, () => ({ pathParams: { _id_: id as string } }));
      const direct = await user.POST('/bulks/managed_cards/_id_/unblock', { body: items });
      expect(direct.response.status).toBe(400);
      expect(direct.error).toMatchObject({ syntaxErrors: { invalidFields: [{ error: 'SIZE' }] } });
      const bulk = await submitBulk(user, '/bulks/managed_cards/_id_/unblock', items);
      expect(bulk.bulkIds).toHaveLength(2);
      expect(bulk.operationCount).toBe(10_001);
      await bulk.execute({ mode: 'ON_FAILURE_CONTINUE' });
      const result = await bulk.done(FAST);
      // The card is active: every unblock fails with INSTRUMENT_NOT_BLOCKED.
      expect(result.status).toBe('FAILED');
    } finally {
      await fast.close();
    }
  });

  test('Back-Office bulks act on the identity’s state', async () => {
    const { user, corporate } = await onboardCorporate(emu);
    const [a] = await cards(user, 1);
    await setRules(user, a as string);
    const acme = await clients(emu).backoffice.forIdentity(corporate.id);
    const { submitBulk: boSubmit } = await import('@weavr-sdk/backoffice');
    const bulk = await boSubmit(acme, '/bulks/managed_cards/_id_/spend_rules', [
      { pathParams: { _id_: a as string }, requestBody: { maxTransactionAmount: 300 } },
    ]);
    await bulk.execute({ mode: 'ON_FAILURE_CONTINUE' });
    expect((await bulk.done(FAST)).status).toBe('COMPLETED');
    const { data: rules } = await user.GET('/managed_cards/{id}/spend_rules', {
      params: { path: { id: a as string } },
      throwOnError: true,
    });
    expect(rules?.maxTransactionAmount).toBe(300);
    expect(problems).toEqual([]);
  });
});
