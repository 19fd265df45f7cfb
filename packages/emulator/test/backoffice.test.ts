import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { clients, consumerBody, onboardCorporate, prepaidCardBody, problems } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu?.close());

describe('Back-Office on the state Multi users see', () => {
  // No QA test calls the renewal PATCH; the Back-Office spec decides: 204, no content.
  test('PATCH managed_cards/{id}/renewal: a bare 204 (no body, no content headers), and Multi sees the new renewalType', async () => {
    const { user, corporate } = await onboardCorporate(emu);
    const { backoffice } = clients(emu);
    const { data: card } = await user.POST('/managed_cards', {
      body: prepaidCardBody(emu),
      throwOnError: true,
    });
    const path = { params: { path: { id: card?.id as string } } };
    const acme = await backoffice.forIdentity(corporate.id);
    const { response } = await acme.PATCH('/managed_cards/{id}/renewal', {
      ...path,
      body: { renewalType: 'RENEW' },
      throwOnError: true,
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('content-type')).toBeNull();
    expect(response.headers.get('content-length')).toBeNull();
    expect(await response.text()).toBe('');
    const { data: seen } = await user.GET('/managed_cards/{id}', { ...path, throwOnError: true });
    expect(seen?.renewalType).toBe('RENEW');
  });

  test('forIdentity: fees, account and card details, block/unblock/remove, spend rules, transfers, users', async () => {
    const { user, corporate } = await onboardCorporate(emu);
    const { backoffice, simulator } = clients(emu);
    const { data: account } = await user.POST('/managed_accounts', {
      body: { profileId: emu.profiles.managedAccounts, friendlyName: 'Main', currency: 'EUR' },
      throwOnError: true,
    });
    const accountId = account?.id as string;
    await simulator.POST('/accounts/{account_id}/deposit', {
      params: { path: { account_id: accountId as unknown as number } },
      body: { depositAmount: { currency: 'EUR', amount: 5_000 } },
      throwOnError: true,
    });
    const { data: card } = await user.POST('/managed_cards', {
      body: prepaidCardBody(emu),
      throwOnError: true,
    });
    const cardId = card?.id as string;

    const acme = await backoffice.forIdentity(corporate.id);
    // A fee the programme charges, from the back office.
    const { data: fee } = await acme.POST('/corporates/fees/charge', {
      body: {
        feeType: 'PRINTED_CARD_ACCOUNT_STATEMENT',
        source: { type: 'managed_accounts', id: accountId },
      },
      throwOnError: true,
    });
    expect(fee?.availableBalanceAdjustment).toEqual({ currency: 'EUR', amount: -250 });
    const unknownFee = await acme.POST('/fees/charge', {
      body: { feeType: 'NO_SUCH_FEE', source: { type: 'managed_accounts', id: accountId } },
    });
    expect(unknownFee.error).toEqual({ errorCode: 'UNRESOLVED_FEE_TYPE' });
    // A transfer from the back office; Multi sees both.
    const { data: transfer } = await acme.POST('/transfers', {
      body: {
        profileId: emu.profiles.transfers,
        source: { type: 'managed_accounts', id: accountId },
        destination: { type: 'managed_cards', id: cardId },
        destinationAmount: { currency: 'EUR', amount: 1_000 },
      },
      throwOnError: true,
    });
    const { data: seen } = await user.GET('/transfers/{id}', {
      params: { path: { id: transfer?.id as string } },
      throwOnError: true,
    });
    expect(seen?.state).toBe('COMPLETED');
    const { data: details } = await acme.GET('/managed_accounts/{id}', {
      params: { path: { id: accountId } },
      throwOnError: true,
    });
    expect(details?.balances).toEqual({ availableBalance: 3_750, actualBalance: 3_750 });

    const path = { params: { path: { id: cardId } } };
    await acme.POST('/managed_cards/{id}/block', { ...path, throwOnError: true });
    const { data: blocked } = await user.GET('/managed_cards/{id}', { ...path, throwOnError: true });
    expect(blocked?.state.state).toBe('BLOCKED');
    await acme.POST('/managed_cards/{id}/unblock', { ...path, throwOnError: true });
    await acme.POST('/managed_cards/{id}/spend_rules', {
      ...path,
      body: { maxTransactionAmount: 400 },
      throwOnError: true,
    });
    const { data: rules } = await user.GET('/managed_cards/{id}/spend_rules', {
      ...path,
      throwOnError: true,
    });
    expect(rules?.maxTransactionAmount).toBe(400);
    const { data: declined } = await simulator.POST('/cards/{card_id}/purchase', {
      params: { path: { card_id: cardId as unknown as number } },
      body: { merchantName: 'Shop', transactionAmount: { currency: 'EUR', amount: 500 } },
      throwOnError: true,
    });
    expect(declined?.code).toBe('DENIED_SPEND_CONTROL');
    const { data: cardDetails } = await acme.GET('/managed_cards/{id}', { ...path, throwOnError: true });
    expect(cardDetails?.id).toBe(cardId);

    const { data: clerk } = await acme.POST('/users', {
      body: { name: 'Back', surname: 'Office', email: `bo+${Date.now()}@example.com` },
      throwOnError: true,
    });
    const { data: users } = await user.GET('/users', { throwOnError: true });
    expect(users?.users?.map((u) => u.id)).toEqual([clerk?.id]);
    await acme.POST('/users/{user_id}/deactivate', {
      params: { path: { user_id: clerk?.id as string } },
      throwOnError: true,
    });
    const { data: inactive } = await user.GET('/users/{user_id}', {
      params: { path: { user_id: clerk?.id as string } },
      throwOnError: true,
    });
    expect(inactive?.active).toBe(false);
    expect(problems).toEqual([]);
  });

  test('an unknown identity is 404 (as Weavr answers; the spec says 409); a consumer’s token acts only for it', async () => {
    const { backoffice, multi } = clients(emu);
    const unknown = await backoffice.POST('/access_token', {
      body: { identity: { type: 'CORPORATE', id: '999999999999999999' } },
    });
    expect(unknown.response.status).toBe(404);
    const { user } = await onboardCorporate(emu);
    const { data: account } = await user.POST('/managed_accounts', {
      body: { profileId: emu.profiles.managedAccounts, friendlyName: 'Theirs', currency: 'EUR' },
      throwOnError: true,
    });
    const email = `consumer+${Date.now()}@example.com`;
    const { data: consumer } = await multi.POST('/consumers', {
      body: consumerBody(emu, email),
      throwOnError: true,
    });
    const grace = await backoffice.forIdentity(consumer?.id as { type: 'CONSUMER'; id: string });
    const other = await grace.GET('/managed_accounts/{id}', {
      params: { path: { id: account?.id as string } },
    });
    expect(other.response.status).toBe(404);
    const fee = await grace.POST('/consumers/fees/charge', {
      body: {
        feeType: 'PRINTED_CARD_ACCOUNT_STATEMENT',
        source: { type: 'managed_accounts', id: account?.id as string },
      },
    });
    expect(fee.error).toEqual({ errorCode: 'UNRESOLVED_INSTRUMENT' });
  });
});
