import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSession } from '@weavr-sdk/multi';
import { afterAll, describe, expect, test } from 'vitest';
import { startEmulator } from '../src/index.js';
import { clients, onboardCorporate, PASSWORD } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'weavr-emulator-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('state', () => {
  test('reset() forgets identities, tokens and instruments; the programme stays', async () => {
    const emu = await startEmulator();
    try {
      const { email, session } = await onboardCorporate(emu);
      const token = await session.token();
      const key = emu.apiKey;
      emu.reset();
      expect(emu.apiKey).toBe(key);
      const { multi } = clients(emu);
      expect((await multi.GET('/managed_accounts', { token })).response.status).toBe(401);
      const login = await multi.POST('/login_with_password', {
        body: { email, password: { value: PASSWORD } },
      });
      expect(login.response.status).toBe(403);
      // The same email can onboard again.
      await onboardCorporate(emu);
    } finally {
      await emu.close();
    }
  });

  test('a state file persists across restarts (ids, balances, users, idempotency-refs) and is written atomically', async () => {
    const file = join(dir, 'state.json');
    const first = await startEmulator({ stateFile: file });
    const { corporate, email, user } = await onboardCorporate(first);
    const { data: account } = await user.POST('/managed_accounts', {
      body: { profileId: first.profiles.managedAccounts, friendlyName: 'Kept', currency: 'EUR' },
      idempotencyRef: 'open-kept',
      throwOnError: true,
    });
    await clients(first).simulator.POST('/accounts/{account_id}/deposit', {
      params: { path: { account_id: account?.id as unknown as number } },
      body: { depositAmount: { currency: 'EUR', amount: 4_200 } },
      throwOnError: true,
    });
    // While requests come in, every read of the file parses: it is never seen half-written.
    for (let i = 0; i < 20; i++) {
      await user.PATCH('/managed_accounts/{id}', {
        params: { path: { id: account?.id as string } },
        body: { friendlyName: `Kept ${i}` },
      });
      try {
        JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    const key = first.apiKey;
    await first.close();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const second = await startEmulator({ stateFile: file });
    try {
      expect(second.apiKey).toBe(key);
      const session = await createSession(clients(second).multi, {
        email,
        password: PASSWORD,
        identity: corporate.id,
      });
      const again = session.client;
      const { data: kept } = await again.GET('/managed_accounts/{id}', {
        params: { path: { id: account?.id as string } },
        throwOnError: true,
      });
      expect(kept).toMatchObject({ friendlyName: 'Kept 19', balances: { availableBalance: 4_200 } });
      // The same ref and payload replays the account created before the restart.
      const { data: replay } = await again.POST('/managed_accounts', {
        body: { profileId: second.profiles.managedAccounts, friendlyName: 'Kept', currency: 'EUR' },
        idempotencyRef: 'open-kept',
        throwOnError: true,
      });
      expect(replay?.id).toBe(account?.id);
      const { data: fresh } = await again.POST('/managed_accounts', {
        body: { profileId: second.profiles.managedAccounts, friendlyName: 'New', currency: 'EUR' },
        throwOnError: true,
      });
      expect(BigInt(fresh?.id as string) > BigInt(account?.id as string)).toBe(true);
    } finally {
      await second.close();
    }
  });
});
