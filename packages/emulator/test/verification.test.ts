import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { clients, onboardCorporate, problems } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu?.close());

test('by default (requireVerification), instruments wait for the simulator’s KYB approval', async () => {
  const { user, corporate } = await onboardCorporate(emu, undefined, { verified: false });
  const open = () =>
    user.POST('/managed_accounts', {
      body: { profileId: emu.profiles.managedAccounts, friendlyName: 'Main', currency: 'EUR' },
    });
  expect((await open()).error).toEqual({ errorCode: 'OWNER_IDENTITY_NOT_VERIFIED' });
  const { data: before } = await user.GET('/corporates/kyb', { throwOnError: true });
  expect(before?.kybStatus).toBe('NOT_STARTED');
  await clients(emu).simulator.POST('/corporates/{corporate_id}/verify', {
    params: { path: { corporate_id: corporate.id.id as unknown as number } },
    throwOnError: true,
  });
  const { data: after } = await user.GET('/corporates/kyb', { throwOnError: true });
  expect(after?.kybStatus).toBe('APPROVED');
  expect((await open()).response.status).toBe(200);
  expect(problems).toEqual([]);
});
