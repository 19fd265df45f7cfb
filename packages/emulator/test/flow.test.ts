import { SANDBOX_VERIFICATION_CODE, stepUp } from '@weavr-sdk/multi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { BILLING, clients, onboardCorporate, problems } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu?.close());

describe('a corporate, end to end through the SDK clients', () => {
  test('onboard, open an account, deposit, issue a card, transfer, replay, run short', async () => {
    const { multi: _m, simulator } = clients(emu);
    const { corporate, user, session } = await onboardCorporate(emu);
    expect(corporate.id.id).toMatch(/^\d{18}$/);

    const { data: account } = await user.POST('/managed_accounts', {
      body: { profileId: emu.profiles.managedAccounts, friendlyName: 'Main', currency: 'EUR' },
      throwOnError: true,
    });
    expect(account.balances).toEqual({ availableBalance: 0, actualBalance: 0 });

    const { data: deposit } = await simulator.POST('/accounts/{account_id}/deposit', {
      params: { path: { account_id: account.id as unknown as number } },
      body: { depositAmount: { currency: 'EUR', amount: 10_000 } },
      throwOnError: true,
    });
    expect(deposit.code).toBe('COMPLETED');

    const { data: card } = await user.POST('/managed_cards', {
      body: {
        profileId: emu.profiles.managedCards,
        mode: 'PREPAID_MODE',
        currency: 'EUR',
        friendlyName: 'Travel',
        nameOnCard: 'Ada Lovelace',
        billingAddress: BILLING,
      },
      throwOnError: true,
    });
    expect(card.state.state).toBe('ACTIVE');

    const transfer = {
      profileId: emu.profiles.transfers,
      source: { type: 'managed_accounts' as const, id: account.id },
      destination: { type: 'managed_cards' as const, id: card.id },
      destinationAmount: { currency: 'EUR', amount: 2_500 },
    };
    const first = await user.POST('/transfers', {
      body: transfer,
      idempotencyRef: 'move-1',
      throwOnError: true,
    });
    expect(first.data.state).toBe('COMPLETED');
    // The same ref and payload: the same transfer, nothing moves twice.
    const again = await user.POST('/transfers', {
      body: transfer,
      idempotencyRef: 'move-1',
      throwOnError: true,
    });
    expect(again.data.id).toBe(first.data.id);
    // The same ref, another payload.
    const mismatch = await user.POST('/transfers', {
      body: { ...transfer, destinationAmount: { currency: 'EUR', amount: 1 } },
      idempotencyRef: 'move-1',
    });
    expect(mismatch.response.status).toBe(400);
    expect(mismatch.error).toEqual({ message: 'Payloads do not match for the same idempotency-ref.' });

    const { data: acc } = await user.GET('/managed_accounts/{id}', {
      params: { path: { id: account.id } },
      throwOnError: true,
    });
    expect(acc.balances).toEqual({ availableBalance: 7_500, actualBalance: 7_500 });
    const { data: c } = await user.GET('/managed_cards/{id}', {
      params: { path: { id: card.id } },
      throwOnError: true,
    });
    expect((c as { balances?: unknown }).balances).toEqual({ availableBalance: 2_500, actualBalance: 2_500 });

    const short = await user.POST('/transfers', {
      body: { ...transfer, destinationAmount: { currency: 'EUR', amount: 1_000_000 } },
    });
    expect(short.response.status).toBe(409);
    expect(short.error).toEqual({ errorCode: 'FUNDS_INSUFFICIENT' });

    const { data: list } = await user.GET('/transfers', { throwOnError: true });
    expect(list.count).toBe(1);

    // A card purchase against the card's balance.
    const { data: bought } = await simulator.POST('/cards/{card_id}/purchase', {
      params: { path: { card_id: card.id as unknown as number } },
      body: { merchantName: 'Tea Shop', transactionAmount: { currency: 'EUR', amount: 500 } },
      throwOnError: true,
    });
    expect(bought.code).toBe('APPROVED');
    const { data: after } = await user.GET('/managed_cards/{id}', {
      params: { path: { id: card.id } },
      throwOnError: true,
    });
    expect((after as { balances?: unknown }).balances).toEqual({
      availableBalance: 2_000,
      actualBalance: 2_000,
    });

    // Step-up: a protected operation answers 403 until the token is stepped up.
    const locked = await user.GET('/managed_accounts/{id}/iban', { params: { path: { id: account.id } } });
    expect(locked.response.status).toBe(403);
    expect(locked.error).toEqual({ errorCode: 'STEP_UP_REQUIRED' });
    await user.POST('/authentication_factors/otp/{channel}', {
      params: { path: { channel: 'SMS' } },
      throwOnError: true,
    });
    await user.POST('/authentication_factors/otp/{channel}/verify', {
      params: { path: { channel: 'SMS' } },
      body: { verificationCode: SANDBOX_VERIFICATION_CODE },
      throwOnError: true,
    });
    await stepUp(user, { verificationCode: SANDBOX_VERIFICATION_CODE });
    const unlocked = await user.GET('/managed_accounts/{id}/iban', { params: { path: { id: account.id } } });
    expect(unlocked.response.status).toBe(200);
    await session.logout();
    expect(problems).toEqual([]);
  });
});
