import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCardAuthorisationHandler } from '@weavr-sdk/webhooks';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { clients, onboardCorporate } from './helpers.js';

/**
 * The programme's side of card authorisation forwarding, written with @weavr-sdk/webhooks: it verifies each
 * request and approves up to 1,000; 666 it never answers in time.
 */
const API_KEY = 'forwarding-test-key';
let receiver: Server;
let emu: Emulator;
const seen: number[] = [];

beforeAll(async () => {
  const cards = createCardAuthorisationHandler({
    apiKey: API_KEY,
    deadlineMs: 1_400,
    fallback: { result: 'DENIED' },
    decide: async (auth) => {
      seen.push(auth.transactionAmount.amount);
      return { result: auth.transactionAmount.amount <= 1_000 ? 'APPROVED' : 'DENIED' };
    },
  });
  receiver = createServer((req, res) => {
    if (req.url?.endsWith('/managed_cards/authorisation_request') && seen.at(-1) !== 666) {
      void cards.handleNode(req, res);
      return;
    }
    // Too slow: Weavr's 1.5 s deadline passes first.
    setTimeout(() => res.writeHead(200).end('{"result":"APPROVED"}'), 2_500).unref();
  });
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
  const { port } = receiver.address() as AddressInfo;
  emu = await startEmulator({ apiKey: API_KEY, cardAuthorisationUrl: `http://127.0.0.1:${port}/auth` });
});
afterAll(async () => {
  await emu?.close();
  receiver?.closeAllConnections();
  await new Promise((ok) => receiver.close(ok));
});

test('simulator purchases are forwarded for a decision within 1.5 s; late answers get the card’s default', async () => {
  const { user } = await onboardCorporate(emu);
  const card = async (authForwardingDefaultTimeoutDecision: 'APPROVE' | 'DECLINE') =>
    (
      await user.POST('/managed_cards', {
        body: {
          profileId: emu.profiles.managedCards,
          mode: 'PREPAID_MODE',
          currency: 'EUR',
          friendlyName: 'Forwarded',
          nameOnCard: 'Ada Lovelace',
          billingAddress: { addressLine1: '1 Road', city: 'London', postCode: 'N1 9GU', country: 'GB' },
          authForwardingDefaultTimeoutDecision,
        },
        throwOnError: true,
      })
    ).data?.id as string;
  const approveByDefault = await card('APPROVE');
  const declineByDefault = await card('DECLINE');
  const { data: account } = await user.POST('/managed_accounts', {
    body: { profileId: emu.profiles.managedAccounts, friendlyName: 'Funding', currency: 'EUR' },
    throwOnError: true,
  });
  const { simulator } = clients(emu);
  await simulator.POST('/accounts/{account_id}/deposit', {
    params: { path: { account_id: account?.id as unknown as number } },
    body: { depositAmount: { currency: 'EUR', amount: 10_000 } },
    throwOnError: true,
  });
  for (const id of [approveByDefault, declineByDefault])
    await user.POST('/transfers', {
      body: {
        profileId: emu.profiles.transfers,
        source: { type: 'managed_accounts', id: account?.id as string },
        destination: { type: 'managed_cards', id },
        destinationAmount: { currency: 'EUR', amount: 5_000 },
      },
      throwOnError: true,
    });
  const buy = async (id: string, amount: number) =>
    (
      await simulator.POST('/cards/{card_id}/purchase', {
        params: { path: { card_id: id as unknown as number } },
        body: { merchantName: 'Shop', transactionAmount: { currency: 'EUR', amount } },
        throwOnError: true,
      })
    ).data?.code;
  expect(await buy(approveByDefault, 900)).toBe('APPROVED');
  expect(await buy(approveByDefault, 1_500)).toBe('DENIED_OTHER');
  // The card's own checks come first: nothing is forwarded for a purchase it cannot pay.
  expect(await buy(approveByDefault, 50_000)).toBe('DENIED_NOT_ENOUGH_FUNDS');
  expect(seen).toEqual([900, 1_500]);
  seen.push(666);
  const t0 = Date.now();
  expect(await buy(approveByDefault, 666)).toBe('APPROVED');
  expect(await buy(declineByDefault, 666)).toBe('DENIED_OTHER');
  const waited = Date.now() - t0;
  expect(waited).toBeGreaterThanOrEqual(2 * 1_400);
  expect(waited).toBeLessThan(2 * 2_400);
  const { data } = await user.GET('/managed_cards/{id}', {
    params: { path: { id: approveByDefault } },
    throwOnError: true,
  });
  expect((data as { balances?: { availableBalance: number } }).balances?.availableBalance).toBe(
    5_000 - 900 - 666,
  );
});
