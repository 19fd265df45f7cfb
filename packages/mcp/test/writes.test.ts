import { describe, expect, test } from 'vitest';
import { backoffice } from '../src/generated/backoffice.js';
import { multi } from '../src/generated/multi.js';
import { simulator } from '../src/generated/simulator.js';
import { call, json, seen, stdioClient, useWorld } from './fixture.js';

const world = useWorld();

const all = [...multi.tools, ...backoffice.tools];
const names = (kinds: string[]) =>
  all
    .filter((t) => kinds.includes(t.kind))
    .map((t) => t.name)
    .sort();

/** A transfer of `amount` cents from the funded account to the empty one. */
function transferArgs(amount: number, idempotencyRef?: string) {
  return {
    body: {
      profileId: world.emu.profiles.transfers,
      source: { type: 'managed_accounts', id: world.accounts.funded },
      destination: { type: 'managed_accounts', id: world.accounts.empty },
      destinationAmount: { currency: 'EUR', amount },
    },
    ...(idempotencyRef ? { idempotencyRef } : {}),
  };
}

describe('writes and money moves, over stdio', () => {
  test('--allow-writes adds the writes, not the money moves; --allow-money adds those too', async () => {
    const writes = await stdioClient(world, ['--allow-writes']);
    const money = await stdioClient(world, ['--allow-writes', '--allow-money']);
    try {
      const w = (await writes.client.listTools()).tools;
      expect(w.map((t) => t.name).sort()).toEqual(names(['read', 'write']));
      const block = w.find((t) => t.name === 'backoffice_managedCardBlock');
      expect(block?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
      const create = w.find((t) => t.name === 'multi_managedAccountCreate');
      expect(create?.annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
      });
      const m = (await money.client.listTools()).tools;
      expect(m.map((t) => t.name).sort()).toEqual(names(['read', 'write', 'money']));
      expect(m.find((t) => t.name === 'multi_transferCreate')?.annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: true,
      });
    } finally {
      await writes.close();
      await money.close();
      seen.push(writes.stderr(), money.stderr());
    }
  });

  test('a transfer without --allow-money is refused and moves nothing; with it, it moves once, and a replay with its ref moves nothing', async () => {
    const before = await world.balance(world.accounts.funded);
    expect(before).toEqual({ availableBalance: 10_000, actualBalance: 10_000 });

    const writes = await stdioClient(world, ['--allow-writes']);
    try {
      const refused = await call(writes.client, 'multi_transferCreate', transferArgs(1_000));
      expect(refused.isError).toBe(true);
      expect(json(refused).error.type).toBe('UnknownTool');
      expect(json(refused).error.message).toMatch(/--allow-money/);
    } finally {
      await writes.close();
      seen.push(writes.stderr());
    }
    expect(await world.balance(world.accounts.funded)).toEqual(before);

    const money = await stdioClient(world, ['--allow-writes', '--allow-money']);
    try {
      const first = json(await call(money.client, 'multi_transferCreate', transferArgs(1_000)));
      expect(first.status).toBe(200);
      expect(first.data).toMatchObject({
        state: 'COMPLETED',
        destinationAmount: { currency: 'EUR', amount: 1_000 },
      });
      expect(first.idempotencyRef).toMatch(/^[0-9a-f-]{36}$/);
      expect(await world.balance(world.accounts.funded)).toEqual({
        availableBalance: 9_000,
        actualBalance: 9_000,
      });

      // The model repeats the call with the ref it was given: Weavr answers the first transfer again.
      const replay = json(
        await call(money.client, 'multi_transferCreate', transferArgs(1_000, first.idempotencyRef)),
      );
      expect(replay.status).toBe(200);
      expect(replay.idempotencyRef).toBe(first.idempotencyRef);
      expect(replay.data.id).toBe(first.data.id);
      expect(await world.balance(world.accounts.funded)).toEqual({
        availableBalance: 9_000,
        actualBalance: 9_000,
      });
      expect(await world.balance(world.accounts.empty)).toEqual({
        availableBalance: 1_000,
        actualBalance: 1_000,
      });

      // The same ref with another amount is Weavr's 400, as a tool error; still nothing moves.
      const mismatch = await call(
        money.client,
        'multi_transferCreate',
        transferArgs(2_000, first.idempotencyRef),
      );
      expect(mismatch.isError).toBe(true);
      expect(json(mismatch).error).toMatchObject({ status: 400, idempotencyRef: first.idempotencyRef });
      expect(json(mismatch).error.hint).toMatch(/leave idempotencyRef out to make a new call/);
      expect(await world.balance(world.accounts.funded)).toEqual({
        availableBalance: 9_000,
        actualBalance: 9_000,
      });
      expect(money.stderr()).toMatch(/multi_transferCreate: 200/);
    } finally {
      await money.close();
      seen.push(money.stderr());
    }
  });

  test('a Back-Office write acts for the identity named in the arguments', async () => {
    const writes = await stdioClient(world, ['--allow-writes', '--api', 'backoffice']);
    try {
      const identity = { type: 'CORPORATE', id: world.corporateId };
      const blocked = json(
        await call(writes.client, 'backoffice_managedCardBlock', { id: world.cardId, identity }),
      );
      expect(blocked.status).toBe(204);
      const card = json(
        await call(writes.client, 'backoffice_managedCardGet', { id: world.cardId, identity }),
      );
      expect(card.data.state).toMatchObject({ state: 'BLOCKED' });
      const missing = await call(writes.client, 'backoffice_managedCardGet', { id: world.cardId });
      expect(missing.isError).toBe(true);
      expect(json(missing).error).toMatchObject({
        type: 'InvalidArguments',
        fields: [{ field: 'identity', problem: 'is required' }],
      });
    } finally {
      await writes.close();
      seen.push(writes.stderr());
    }
  });

  test('--simulator, with --tools and --exclude-tools given as the CLI takes them: a deposit through the simulator', async () => {
    const flags = [
      '--simulator',
      '--allow-writes',
      '--allow-money',
      '--tools',
      'Managed Accounts',
      'accounts_*',
    ];
    const c = await stdioClient(world, [...flags, '--exclude-tools', 'managedAccountStatement*']);
    try {
      const expected = [...multi.tools, ...backoffice.tools, ...simulator.tools]
        .filter((t) => t.tags.includes('Managed Accounts') || /^accounts_/.test(t.operationId))
        .filter((t) => !t.operationId.startsWith('managedAccountStatement'))
        .map((t) => t.name)
        .sort();
      const { tools } = await c.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(expected);
      const before = (await world.balance(world.accounts.empty)) as { availableBalance: number };
      // The simulator's int64 path id is taken as a string of digits: 18-digit ids lose nothing.
      const deposit = json(
        await call(c.client, 'simulator_accounts_account_id_deposit', {
          account_id: world.accounts.empty,
          body: { depositAmount: { currency: 'EUR', amount: 500 } },
        }),
      );
      expect(deposit.status).toBeLessThan(300);
      expect(await world.balance(world.accounts.empty)).toMatchObject({
        availableBalance: before.availableBalance + 500,
      });
    } finally {
      await c.close();
      seen.push(c.stderr());
    }
  });
});
