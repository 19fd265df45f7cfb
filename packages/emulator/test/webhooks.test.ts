import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyNodeWebhook, WebhookVerificationError } from '@weavr-sdk/webhooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { webhooks as webhookTable } from '../src/generated/webhooks.js';
import { type Emulator, startEmulator } from '../src/index.js';
import { Schemas } from '../src/schemas.js';
import { clients, onboardCorporate, problems } from './helpers.js';

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
      verified.push({ name: event.name, payload: event.payload, callRef: event.callRef, signed });
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

    await until(() => emu.webhooks.length === 6 && emu.webhooks.every((d) => d.state !== 'pending'));
    expect(rejected).toEqual([]);
    expect(invalid).toEqual([]);
    expect(emu.webhooks.map((d) => [d.event, d.state])).toEqual([
      ['/managed_accounts/watch', 'delivered'],
      ['/managed_accounts/watch', 'delivered'],
      ['/managed_accounts/watch', 'delivered'],
      ['/managed_accounts/deposits/watch', 'delivered'],
      ['/transfers/watch', 'delivered'],
      ['/send/watch', 'delivered'],
    ]);
    // The receiver failed the first attempt: the first account's creation was delivered on the retry.
    expect(emu.webhooks[0]?.attempts.map((a) => a.status)).toEqual([503, 204]);
    expect(emu.webhooks[3]?.url).toMatch(/\/weavr\/managed_accounts\/deposits\/watch$/);
    expect(verified.map((v) => v.name).sort()).toEqual(emu.webhooks.map((d) => d.event).sort());
    expect(new Set(verified.map((v) => v.callRef)).size).toBe(6);
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
});
