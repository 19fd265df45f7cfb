import { confirmChallenge, SANDBOX_VERIFICATION_CODE } from '@weavr-sdk/multi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { clients, onboardCorporate, problems } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu?.close());

type User = Awaited<ReturnType<typeof onboardCorporate>>['user'];

async function enrolled(user: User) {
  const channel = { params: { path: { channel: 'SMS' as const } } };
  await user.POST('/authentication_factors/otp/{channel}', { ...channel, throwOnError: true });
  await user.POST('/authentication_factors/otp/{channel}/verify', {
    ...channel,
    body: { verificationCode: SANDBOX_VERIFICATION_CODE },
    throwOnError: true,
  });
}

async function account(user: User, amount: number) {
  const { data } = await user.POST('/managed_accounts', {
    body: { profileId: emu.profiles.managedAccounts, friendlyName: 'SCA', currency: 'EUR' },
    throwOnError: true,
  });
  if (amount)
    await clients(emu).simulator.POST('/accounts/{account_id}/deposit', {
      params: { path: { account_id: data?.id as unknown as number } },
      body: { depositAmount: { currency: 'EUR', amount } },
      throwOnError: true,
    });
  return data?.id as string;
}

async function balance(user: User, id: string) {
  const { data } = await user.GET('/managed_accounts/{id}', { params: { path: { id } }, throwOnError: true });
  return data?.balances.availableBalance;
}

describe('sends and outgoing wire transfers with SCA', () => {
  test('a send over the threshold waits PENDING, in PENDING_CHALLENGE once its challenge is issued; confirmChallenge completes it', async () => {
    const alice = await onboardCorporate(emu);
    const bob = await onboardCorporate(emu);
    await enrolled(alice.user);
    const from = await account(alice.user, 10_000);
    const to = await account(bob.user, 0);
    const send = async (amount: number) => {
      const { data } = await alice.user.POST('/sends', {
        body: {
          profileId: emu.profiles.sends,
          source: { type: 'managed_accounts', id: from },
          destination: { type: 'managed_accounts', id: to },
          destinationAmount: { currency: 'EUR', amount },
        },
        throwOnError: true,
      });
      return data;
    };
    const state = async (id: string) =>
      (await alice.user.GET('/sends/{id}', { params: { path: { id } }, throwOnError: true })).data?.state;
    const first = await send(4_000);
    expect(first?.state).toBe('PENDING');
    expect(await balance(alice.user, from)).toBe(10_000);
    const issued = await alice.user.POST('/challenges/otp/{channel}', {
      params: { path: { channel: 'SMS' } },
      body: { resourceType: 'sends', resourceIds: [first?.id as string] },
      throwOnError: true,
    });
    expect(await state(first?.id as string)).toBe('PENDING_CHALLENGE');
    const verify = (verificationCode: string) =>
      alice.user.POST('/challenges/{scaChallengeId}/otp/{channel}/verify', {
        params: { path: { scaChallengeId: issued.data?.scaChallengeId as string, channel: 'SMS' } },
        body: { verificationCode, resourceType: 'sends' },
      });
    expect((await verify('000000')).error).toEqual({ errorCode: 'VERIFICATION_CODE_INVALID' });
    // Issued once: a second challenge for it is refused; the issued one is verified with the right code.
    const again = await alice.user.POST('/challenges/otp/{channel}', {
      params: { path: { channel: 'SMS' } },
      body: { resourceType: 'sends', resourceIds: [first?.id as string] },
    });
    expect(again.error).toEqual({ errorCode: 'STATE_INVALID' });
    expect((await verify(SANDBOX_VERIFICATION_CODE)).response.status).toBe(204);
    expect(await state(first?.id as string)).toBe('COMPLETED');
    const second = await send(3_000);
    await confirmChallenge(alice.user, {
      resourceType: 'sends',
      resourceIds: [second?.id as string],
      verificationCode: SANDBOX_VERIFICATION_CODE,
    });
    expect(await state(second?.id as string)).toBe('COMPLETED');
    expect(await balance(alice.user, from)).toBe(3_000);
    expect(await balance(bob.user, to)).toBe(7_000);
    expect(problems).toEqual([]);
  });

  test('an outgoing wire transfer: challenge per resource, SUBMITTED, then accepted or rejected by the simulator', async () => {
    const { user } = await onboardCorporate(emu);
    await enrolled(user);
    const source = await account(user, 20_000);
    const wire = async (amount: number) => {
      const { data } = await user.POST('/outgoing_wire_transfers', {
        body: {
          profileId: emu.profiles.outgoingWireTransfers,
          sourceInstrument: { type: 'managed_accounts', id: source },
          transferAmount: { currency: 'EUR', amount },
          destinationBeneficiary: {
            name: 'Charles Babbage',
            bankAccountDetails: { iban: 'DE89370400440532013000', bankIdentifierCode: 'COBADEFFXXX' },
          },
        } as never,
        throwOnError: true,
      });
      return data;
    };
    const big = await wire(5_000);
    expect(big?.state).toBe('PENDING_CHALLENGE');
    const path = { params: { path: { id: big?.id as string, channel: 'SMS' as const } } };
    await user.POST('/outgoing_wire_transfers/{id}/challenges/otp/{channel}', {
      ...path,
      throwOnError: true,
    });
    await user.POST('/outgoing_wire_transfers/{id}/challenges/otp/{channel}/verify', {
      ...path,
      body: { verificationCode: SANDBOX_VERIFICATION_CODE },
      throwOnError: true,
    });
    const { data: submitted } = await user.GET('/outgoing_wire_transfers/{id}', {
      params: { path: { id: big?.id as string } },
      throwOnError: true,
    });
    expect(submitted?.state).toBe('SUBMITTED');
    expect(await balance(user, source)).toBe(15_000);
    const { simulator } = clients(emu);
    const accept = await simulator.POST('/wiretransfers/outgoing/{outgoing_wire_transfer_id}/accept', {
      params: { path: { outgoing_wire_transfer_id: big?.id as unknown as number } },
      throwOnError: true,
    });
    expect(accept.data?.code).toBe('COMPLETED');
    const small = await wire(1_000);
    expect(small).toMatchObject({ state: 'SUBMITTED', challengeExemptionReason: 'LOW_VALUE' });
    await simulator.POST('/wiretransfers/outgoing/{outgoing_wire_transfer_id}/reject', {
      params: { path: { outgoing_wire_transfer_id: small?.id as unknown as number } },
      throwOnError: true,
    });
    const { data: rejected } = await user.GET('/outgoing_wire_transfers/{id}', {
      params: { path: { id: small?.id as string } },
      throwOnError: true,
    });
    expect(rejected?.state).toBe('REJECTED');
    // Rejected: the money is back.
    expect(await balance(user, source)).toBe(15_000);
    const { data: list } = await user.GET('/outgoing_wire_transfers', { throwOnError: true });
    expect(list?.transfer?.map((t) => t.state)).toEqual(['REJECTED', 'COMPLETED']);
    expect(problems).toEqual([]);
  });
});
