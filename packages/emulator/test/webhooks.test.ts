import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyNodeWebhook, WebhookVerificationError } from '@weavr-sdk/webhooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { clients, onboardCorporate } from './helpers.js';

/** A receiver that verifies every delivery with @weavr-sdk/webhooks; it fails the first one it gets. */
let receiver: Server;
let emu: Emulator;
const verified: { name: string | undefined; payload: unknown; callRef: string | undefined }[] = [];
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
      const event = await verifyNodeWebhook(req, { apiKey: emu.apiKey });
      verified.push({ name: event.name, payload: event.payload, callRef: event.callRef });
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

    await until(() => emu.webhooks.length === 3 && emu.webhooks.every((d) => d.state !== 'pending'));
    expect(rejected).toEqual([]);
    expect(emu.webhooks.map((d) => [d.event, d.state])).toEqual([
      ['/managed_accounts/deposits/watch', 'delivered'],
      ['/transfers/watch', 'delivered'],
      ['/send/watch', 'delivered'],
    ]);
    // The receiver failed the first attempt: the deposit was delivered on the retry.
    expect(emu.webhooks[0]?.attempts.map((a) => a.status)).toEqual([503, 204]);
    expect(emu.webhooks[0]?.url).toMatch(/\/weavr\/managed_accounts\/deposits\/watch$/);
    // The retried deposit arrives last.
    expect(verified.map((v) => v.name)).toEqual([
      '/transfers/watch',
      '/send/watch',
      '/managed_accounts/deposits/watch',
    ]);
    expect(new Set(verified.map((v) => v.callRef)).size).toBe(3);
    expect(verified[2]?.payload).toMatchObject({
      id: { id: a1, type: 'managed_accounts' },
      transactionAmount: { currency: 'EUR', amount: '1000' },
      senderName: 'Payroll',
    });
    expect(verified[0]?.payload).toMatchObject({
      eventType: 'COMPLETED',
      transfer: { id: { type: 'transfers', id: transfer?.id }, destinationAmount: { amount: '100' } },
    });
  });
});
