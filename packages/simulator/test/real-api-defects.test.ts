import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatorClient, WeavrConfigError } from '../src/index.js';
import { startRecorder } from './server.js';

// Issue 13 §5 (tests/contract/real-api-defects.ts): the simulator calls the real API accepts go out as given.
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('simulator spec defects', () => {
  it('an 18-digit id (typed int64 by the spec) is sent as the string given, digit for digit', async () => {
    const rec = await startRecorder();
    close = rec.close;
    const simulator = createSimulatorClient({ programmeKey: 'pk-1234', baseUrl: rec.baseUrl });
    const id = '110141186813853702';
    await simulator.POST('/cards/{card_id}/purchase', {
      params: { path: { card_id: id } },
      body: { transactionAmount: { currency: 'EUR', amount: 100 } } as never,
    });
    expect(rec.last().path).toBe(`/cards/${id}/purchase`);
    // …whereas the same id as a number has already lost digits: refused before sending.
    const err = await simulator
      .POST('/cards/{card_id}/purchase', {
        params: { path: { card_id: Number(id) } },
        body: { transactionAmount: { currency: 'EUR', amount: 100 } } as never,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeavrConfigError);
    expect(rec.seen).toHaveLength(1);
  });

  it('a purchase without merchantName (required by the spec, not by the real API) is sent as given', async () => {
    const rec = await startRecorder();
    close = rec.close;
    const simulator = createSimulatorClient({ programmeKey: 'pk-1234', baseUrl: rec.baseUrl });
    const body = { transactionAmount: { currency: 'EUR', amount: 100 } };
    const r = await simulator.POST('/cards/{card_id}/purchase', {
      params: { path: { card_id: '110141186813853702' } },
      body: body as never,
    });
    expect(r.response.status).toBe(200);
    expect(JSON.parse(rec.last().body)).toEqual(body);
  });
});
