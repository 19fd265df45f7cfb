// Bulk processes move on by the emulator's clock, on its own scheduler: with no request arriving at all (real
// time), and when a test moves the clock over the admin API. No request does a bulk's work.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { submitBulk } from '@weavr-sdk/multi';
import { afterEach, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { onboardCorporate } from './helpers.js';

let emu: Emulator | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  await new Promise<void>((done) => (receiver ? receiver.close(() => done()) : done()));
  receiver = undefined;
});

const users = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    requestBody: { name: 'Bulk', surname: `User${i}`, email: `sched${i}+${Math.random()}@example.com` },
  }));

describe('bulk processes run on the emulator’s scheduler', () => {
  test('a running bulk completes with no request arriving (real time, bounded)', async () => {
    // The bulk's end is seen through its webhook, so after `execute` nothing is sent to the emulator.
    const ended: { bulkId: string; status: string }[] = [];
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.url === '/hook/bulk_process_end/watch') ended.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((ready) => receiver?.listen(0, '127.0.0.1', ready));
    const { port } = receiver.address() as AddressInfo;
    emu = await startEmulator({ bulkOperationsPerSecond: 100, webhookUrl: `http://127.0.0.1:${port}/hook` });
    const { user } = await onboardCorporate(emu);
    const bulk = await submitBulk(user, '/bulks/users', users(5));
    await bulk.execute({ mode: 'ON_FAILURE_CONTINUE' });
    const started = Date.now();
    // 5 operations at 100/s are due within about 50 ms; 5 s is the bound.
    while (!ended.length && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 10));
    expect(ended).toEqual([
      expect.objectContaining({ bulkId: bulk.bulkIds[0], status: 'COMPLETED', submittedItemsCount: 5 }),
    ]);
    const { data } = await user.GET('/users', { throwOnError: true });
    expect(data?.count).toBe(5);
  });

  test('with the clock stopped, a bulk waits; moving the clock over the admin API runs what fell due', async () => {
    const frozen = Date.now();
    emu = await startEmulator({ bulkOperationsPerSecond: 1, now: () => frozen });
    const { user } = await onboardCorporate(emu);
    const bulk = await submitBulk(user, '/bulks/users', users(3));
    await bulk.execute({ mode: 'ON_FAILURE_CONTINUE' });
    // Requests do no bulk work: however many arrive, nothing moves while the emulator's time stands still.
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 20));
      expect((await bulk.status()).operationStatusCounts).toEqual({ SUBMITTED: 3 });
    }
    const admin = (advanceMs: number) =>
      fetch(`${emu?.url}/_emulator/clock`, {
        method: 'POST',
        headers: { 'api-key': emu?.apiKey ?? '', 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs }),
      });
    expect((await admin(2_000)).status).toBe(200);
    expect((await bulk.status()).operationStatusCounts).toEqual({ COMPLETED: 2, SUBMITTED: 1 });
    emu.clock.advance(1_000);
    const done = await bulk.status();
    expect(done.status).toBe('COMPLETED');
    expect(done.operationStatusCounts).toEqual({ COMPLETED: 3 });
  });
});
