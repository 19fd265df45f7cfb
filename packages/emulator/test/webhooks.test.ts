import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { submitBulk } from '@weavr-sdk/multi';
import { verifyNodeWebhook, WebhookVerificationError } from '@weavr-sdk/webhooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { webhooks as webhookTable } from '../src/generated/webhooks.js';
import { type Emulator, startEmulator } from '../src/index.js';
import { Schemas } from '../src/schemas.js';
import { BILLING, clients, consumerBody, onboardCorporate, problems } from './helpers.js';

/** Every payload is checked with Ajv against its event's schema in the Webhooks spec, as it arrives. */
const schemas = new Schemas([webhookTable]);
const invalid: { event: string; errors: unknown }[] = [];
function checkPayload(event: string | undefined, payload: unknown): void {
  const schema = webhookTable.events.find((e) => e.event === event)?.schema;
  if (!schema) return void invalid.push({ event: String(event), errors: 'not an event of the spec' });
  const errors = schemas.errors(schema, payload);
  if (errors.length) invalid.push({ event: String(event), errors });
}

/** A receiver that verifies every delivery with @weavr-sdk/webhooks; it fails the first one it gets. */
let receiver: Server;
let emu: Emulator;
const verified: {
  name: string | undefined;
  payload: unknown;
  callRef: string | undefined;
  signed: boolean;
}[] = [];
const rejected: string[] = [];
let failNext = true;

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    if (failNext) {
      failNext = false;
      req.resume();
      res.writeHead(503).end();
      return;
    }
    try {
      const signed = req.headers['signature-v2'] !== undefined;
      // allowUnsigned only lets through the events the spec declares unsigned (bulk_process_end).
      const event = await verifyNodeWebhook(req, { apiKey: emu.apiKey, allowUnsigned: true });
      checkPayload(event.name, event.payload);
      // An unsigned event carries its reference as `request-ref`, the header its spec declares.
      const callRef = event.callRef ?? (req.headers['request-ref'] as string | undefined);
      verified.push({ name: event.name, payload: event.payload, callRef, signed });
      res.writeHead(204).end();
    } catch (e) {
      rejected.push(e instanceof WebhookVerificationError ? e.code : String(e));
      res.writeHead(e instanceof WebhookVerificationError ? e.status : 500).end();
    }
  });
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
  const { port } = receiver.address() as AddressInfo;
  emu = await startEmulator({ webhookUrl: `http://127.0.0.1:${port}/weavr` });
});
afterAll(async () => {
  await emu?.close();
  receiver.closeAllConnections();
  await new Promise((ok) => receiver.close(ok));
});

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for webhook deliveries');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('webhooks', () => {
  test('a deposit, a transfer and a send are delivered signed as Weavr signs them, retried when the receiver fails', async () => {
    const alice = await onboardCorporate(emu);
    const bob = await onboardCorporate(emu);
    const account = async (user: typeof alice.user) =>
      (
        await user.POST('/managed_accounts', {
          body: { profileId: emu.profiles.managedAccounts, friendlyName: 'Hooks', currency: 'EUR' },
          throwOnError: true,
        })
      ).data?.id as string;
    const a1 = await account(alice.user);
    const a2 = await account(alice.user);
    const b1 = await account(bob.user);
    await clients(emu).simulator.POST('/accounts/{account_id}/deposit', {
      params: { path: { account_id: a1 as unknown as number } },
      body: { depositAmount: { currency: 'EUR', amount: 1_000 }, senderName: 'Payroll' },
      throwOnError: true,
    });
    const move = (profileId: string, to: string) => ({
      profileId,
      source: { type: 'managed_accounts' as const, id: a1 },
      destination: { type: 'managed_accounts' as const, id: to },
      destinationAmount: { currency: 'EUR', amount: 100 },
    });
    const { data: transfer } = await alice.user.POST('/transfers', {
      body: move(emu.profiles.transfers, a2),
      throwOnError: true,
    });
    await alice.user.POST('/sends', { body: move(emu.profiles.sends, b1), throwOnError: true });

    await until(() => emu.webhooks.length === 8 && emu.webhooks.every((d) => d.state !== 'pending'));
    expect(rejected).toEqual([]);
    expect(invalid).toEqual([]);
    expect(emu.webhooks.map((d) => [d.event, d.state])).toEqual([
      // Onboarding approves each corporate's KYB (instruments need it), which is an event too.
      ['/corporates/kyb/watch', 'delivered'],
      ['/corporates/kyb/watch', 'delivered'],
      ['/managed_accounts/watch', 'delivered'],
      ['/managed_accounts/watch', 'delivered'],
      ['/managed_accounts/watch', 'delivered'],
      ['/managed_accounts/deposits/watch', 'delivered'],
      ['/transfers/watch', 'delivered'],
      ['/send/watch', 'delivered'],
    ]);
    // The receiver failed the first attempt: the first KYB approval was delivered on the retry.
    expect(emu.webhooks[0]?.attempts.map((a) => a.status)).toEqual([503, 204]);
    expect(emu.webhooks[5]?.url).toMatch(/\/weavr\/managed_accounts\/deposits\/watch$/);
    expect(verified.map((v) => v.name).sort()).toEqual(emu.webhooks.map((d) => d.event).sort());
    expect(new Set(verified.map((v) => v.callRef)).size).toBe(8);
    expect(verified.find((v) => v.name === '/managed_accounts/watch')?.payload).toMatchObject({
      type: 'CREATED',
      account: { friendlyName: 'Hooks', currency: 'EUR', balances: { availableBalance: '0' } },
    });
    const byName = (name: string) => verified.filter((v) => v.name === name);
    expect(byName('/managed_accounts/deposits/watch')[0]?.payload).toMatchObject({
      id: { id: a1, type: 'managed_accounts' },
      transactionAmount: { currency: 'EUR', amount: '1000' },
      senderName: 'Payroll',
    });
    expect(byName('/transfers/watch')[0]?.payload).toMatchObject({
      eventType: 'COMPLETED',
      transfer: { id: { type: 'transfers', id: transfer?.id }, destinationAmount: { amount: '100' } },
    });
  });

  test('every modelled state change is delivered as its Webhooks-spec event, valid against its schema and verified', async () => {
    const from = emu.webhooks.length;
    const { user, corporate } = await onboardCorporate(emu);
    const { simulator, backoffice, multi } = clients(emu);
    const post = <T>(p: Promise<{ data?: T }>) => p.then((r) => r.data as T);
    const EUR = 'EUR';
    const account = await post(
      user.POST('/managed_accounts', {
        body: { profileId: emu.profiles.managedAccounts, friendlyName: 'Main', currency: EUR },
        throwOnError: true,
      }),
    );
    const id = { params: { path: { id: account.id } }, throwOnError: true as const };
    await user.PATCH('/managed_accounts/{id}', {
      ...id,
      body: { friendlyName: 'Main account', lowBalanceThreshold: 49_500 },
    });
    await user.POST('/managed_accounts/{id}/block', id);
    await user.POST('/managed_accounts/{id}/unblock', id);
    const spare = await post(
      user.POST('/managed_accounts', {
        body: { profileId: emu.profiles.managedAccounts, friendlyName: 'Spare', currency: EUR },
        throwOnError: true,
      }),
    );
    await user.POST('/managed_accounts/{id}/remove', {
      params: { path: { id: spare.id } },
      throwOnError: true,
    });
    await simulator.POST('/accounts/{account_id}/deposit', {
      params: { path: { account_id: account.id as unknown as number } },
      body: { depositAmount: { currency: EUR, amount: 50_000 } },
      throwOnError: true,
    });
    // (The corporate's KYB approval, /corporates/kyb/watch, came with onboardCorporate.)

    // Cards: a purchase (authorised, settled), a declined one, a refund; block, unblock, remove, expiry.
    const newCard = () =>
      post(
        user.POST('/managed_cards', {
          body: {
            profileId: emu.profiles.managedCards,
            mode: 'DEBIT_MODE',
            parentManagedAccountId: account.id,
            friendlyName: 'Card',
            nameOnCard: 'Ada Lovelace',
            billingAddress: BILLING,
          } as never,
          throwOnError: true,
        }),
      ) as Promise<{ id: string }>;
    const card = await newCard();
    const onCard = {
      params: { path: { card_id: card.id as unknown as number } },
      throwOnError: true as const,
    };
    const shop = { merchantName: 'Shop', merchantCategoryCode: '5411', merchantId: '123' };
    await simulator.POST('/cards/{card_id}/purchase', {
      ...onCard,
      body: { ...shop, transactionAmount: { currency: EUR, amount: 1_000 } },
    });
    const tooMuch = await simulator.POST('/cards/{card_id}/purchase', {
      ...onCard,
      body: { ...shop, transactionAmount: { currency: EUR, amount: 1_000_000 } },
    });
    expect(tooMuch.data?.code).toBe('DENIED_NOT_ENOUGH_FUNDS');
    await simulator.POST('/cards/{card_id}/merchant_refund', {
      ...onCard,
      body: { ...shop, transactionAmount: { currency: EUR, amount: 300 } },
    });
    const onCardId = { params: { path: { id: card.id } }, throwOnError: true as const };
    await user.POST('/managed_cards/{id}/block', onCardId);
    await user.POST('/managed_cards/{id}/unblock', onCardId);
    await user.POST('/managed_cards/{id}/remove', onCardId);
    const old = await newCard();
    await simulator.POST('/cards/{card_id}/expire', {
      params: { path: { card_id: old.id as unknown as number } },
      throwOnError: true,
    });

    // Outgoing wire transfers: submitted and accepted, submitted and rejected, waiting for a challenge, cancelled.
    const wire = (amount: number) =>
      post(
        user.POST('/outgoing_wire_transfers', {
          body: {
            profileId: emu.profiles.outgoingWireTransfers,
            sourceInstrument: { type: 'managed_accounts', id: account.id },
            transferAmount: { currency: EUR, amount },
            destinationBeneficiary: {
              name: 'Charles Babbage',
              bankAccountDetails: { iban: 'DE89370400440532013000', bankIdentifierCode: 'COBADEFFXXX' },
            },
          } as never,
          throwOnError: true,
        }),
      ) as Promise<{ id: string }>;
    const owt = (w: { id: string }) => ({
      params: { path: { outgoing_wire_transfer_id: w.id as unknown as number } },
      throwOnError: true as const,
    });
    await simulator.POST('/wiretransfers/outgoing/{outgoing_wire_transfer_id}/accept', owt(await wire(100)));
    await simulator.POST('/wiretransfers/outgoing/{outgoing_wire_transfer_id}/reject', owt(await wire(200)));
    const big = await wire(5_000);
    await user.POST('/outgoing_wire_transfers/{id}/cancel', {
      params: { path: { id: big.id } },
      body: {},
      throwOnError: true,
    } as never);

    // An authorised user deactivated, a fee charged, a bulk process that ends.
    const clerk = await post(
      user.POST('/users', {
        body: { name: 'Charles', surname: 'Babbage', email: `clerk+${Date.now()}@example.com` },
        throwOnError: true,
      }),
    );
    await user.POST('/users/{user_id}/deactivate', {
      params: { path: { user_id: clerk.id } },
      throwOnError: true,
    });
    const acme = await backoffice.forIdentity(corporate.id);
    await acme.POST('/corporates/fees/charge', {
      body: {
        feeType: 'PRINTED_CARD_ACCOUNT_STATEMENT',
        source: { type: 'managed_accounts', id: account.id },
      },
      throwOnError: true,
    });
    const bulk = await submitBulk(user, '/bulks/managed_cards/_id_/block', [
      { pathParams: { _id_: old.id } },
    ]);
    await bulk.execute({ mode: 'ON_FAILURE_CONTINUE' });
    await bulk.done({ intervalMs: 20, maxIntervalMs: 50 });

    // A consumer's KYC.
    const email = `kyc+${Date.now()}@example.com`;
    const consumer = await post(
      multi.POST('/consumers', {
        body: consumerBody(emu, email),
        throwOnError: true,
      }),
    );
    await simulator.POST('/consumers/{consumer_id}/verify', {
      params: { path: { consumer_id: (consumer as { id: { id: string } }).id.id as unknown as number } },
      throwOnError: true,
    });

    await until(() => emu.webhooks.slice(from).every((d) => d.state !== 'pending'), 15_000);
    const sent = emu.webhooks.slice(from);
    expect(rejected).toEqual([]);
    expect(invalid).toEqual([]);
    expect(sent.filter((d) => d.state !== 'delivered')).toEqual([]);
    const got = (name: string) =>
      verified
        .filter((v) => v.name === name && sent.some((d) => d.callRef === v.callRef))
        .map((v) => v.payload);
    const field = (name: string, pick: (p: Json) => unknown) => got(name).map(pick);
    // biome-ignore lint/suspicious/noExplicitAny: the payloads were checked against their schemas above
    type Json = Record<string, any>;
    expect(field('/managed_accounts/watch', (p) => p.type)).toEqual([
      'CREATED',
      'UPDATED',
      'BLOCKED',
      'UNBLOCKED',
      'CREATED',
      'DESTROYED',
    ]);
    // 50,000 deposited, then a purchase of 1,000: below the threshold once (later debits start below it).
    expect(field('/managed_accounts/low_balance/watch', (p) => [p.id.id, p.availableBalance])).toEqual([
      [account.id, 49_000],
    ]);
    expect(field('/managed_cards/state_change/watch', (p) => p.eventType)).toEqual([
      'BLOCKED',
      'UNBLOCKED',
      'DESTROYED',
    ]);
    expect(field('/managed_cards/expiries/watch', (p) => [p.eventType, p.state.destroyedReason])).toEqual([
      ['CARD_EXPIRED', 'EXPIRED'],
    ]);
    expect(
      field('/managed_cards/authorisations/watch', (p) => [
        p.authorisationType,
        p.declineReason,
        p.transactionAmount.amount,
      ]),
    ).toEqual([
      ['AUTHORISED', undefined, '1000'],
      ['DECLINED', 'INSUFFICIENT_BALANCE', '1000000'],
    ]);
    expect(
      field('/managed_cards/settlements/watch', (p) => [p.settlementType, p.transactionAmount.amount]),
    ).toEqual([
      ['SALE_PURCHASE', '1000'],
      ['PURCHASE_REFUND', '300'],
    ]);
    expect(
      field('/managed_cards/payments/watch', (p) => [
        p.eventType,
        p.cardPayment.type,
        p.cardPayment.displayAmount.amount,
        p.cardPayment.events.map((e: Json) => e.type),
      ]),
    ).toEqual([
      ['SETTLEMENT', 'PURCHASE', 1_000, ['AUTHORISATION', 'SETTLEMENT']],
      ['REFUND', 'REFUND', 300, ['REFUND']],
    ]);
    expect(
      field('/outgoing_wire_transfers/watch', (p) => [p.eventType, p.transfer.transferAmount.amount]),
    ).toEqual([
      ['SUBMITTED', '100'],
      ['COMPLETED', '100'],
      ['SUBMITTED', '200'],
      ['REJECTED', '200'],
      ['PENDING_CHALLENGE', '5000'],
      ['CANCELLED', '5000'],
    ]);
    expect(got('/corporates/kyb/watch')).toEqual([
      {
        corporateId: corporate.id.id,
        corporateEmail: expect.any(String),
        status: 'APPROVED',
        ongoingStatus: 'APPROVED',
      },
    ]);
    expect(field('/consumers/kyc/watch', (p) => [p.consumerEmail, p.status])).toEqual([[email, 'APPROVED']]);
    expect(field('/auth/users/user_deactivated/watch', (p) => p.emailAddress)).toEqual([clerk.email]);
    expect(field('/fees/watch', (p) => p.chargeFee.feeSpec.flatAmount)).toEqual([
      [{ currency: EUR, amount: '250' }],
    ]);
    expect(got('/bulk_process_end/watch')).toEqual([
      {
        bulkId: bulk.bulkIds[0],
        // Its one operation blocks the expired (destroyed) card: it fails, so the bulk process ends FAILED.
        status: 'FAILED',
        submittedItemsCount: 1,
        operationStatusCounts: [{ status: 'FAILED', count: 1 }],
      },
    ]);
    // bulk_process_end is the one event the spec declares unsigned; everything else carries signature-v2.
    const unsigned = verified.filter((v) => !v.signed && sent.some((d) => d.callRef === v.callRef));
    expect(unsigned.map((v) => v.name)).toEqual(['/bulk_process_end/watch']);
    expect(problems).toEqual([]);
  });
});
