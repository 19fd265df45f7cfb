import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../src/index.js';
import { API_KEY, OTHER_KEY } from './helpers.js';

const example = join(__dirname, '../../../examples/webhook-receiver.ts');
const tsx = pathToFileURL(createRequire(__filename).resolve('tsx')).href;

let child: ChildProcess;
let url: string;
let output = '';

/** Waits until the example's output matches, or fails after `ms`. */
async function waitForOutput(pattern: RegExp, ms = 20_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const match = output.match(pattern);
    if (match) return match;
    if (Date.now() > deadline || child.exitCode !== null) {
      throw new Error(`example output never matched ${pattern} (exit code ${child.exitCode}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', tsx, example], {
    cwd: join(__dirname, '../../../examples'),
    env: { ...process.env, WEAVR_API_KEY: API_KEY, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c) => (output += c));
  child.stderr?.on('data', (c) => (output += c));
  const [, listening] = await waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
  url = listening as string;
}, 30_000);

afterAll(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
});

async function deliver(path: string, payload: object, options: { apiKey?: string; callRef?: string } = {}) {
  const signed = await signWebhook({ payload, apiKey: options.apiKey ?? API_KEY, callRef: options.callRef });
  return fetch(`${url}/weavr${path}`, { method: 'POST', headers: signed.headers, body: signed.body });
}

describe('examples/webhook-receiver.ts', () => {
  it('accepts a signed event with 204 and handles it by type, once per call-ref', async () => {
    const transfer = {
      eventType: 'COMPLETED',
      publishedTimestamp: '1',
      transfer: { id: { type: 'transfers', id: 'T-778' } },
    };
    const res = await deliver('/transfers/watch', transfer, { callRef: 'call-1' });
    expect(res.status).toBe(204);
    await waitForOutput(/transfer T-778 is COMPLETED/);
    const again = await deliver('/transfers/watch', transfer, { callRef: 'call-1' });
    expect(again.status).toBe(204);
    await waitForOutput(/duplicate \/transfers\/watch \(call-1\)/);
    expect(output.match(/transfer T-778 is COMPLETED/g)).toHaveLength(1);
  });

  it('de-duplicates a delivery without call-ref on what is signed, whatever request-ref it carries', async () => {
    // request-ref is not covered by signature-v2: a replay with a fresh one must not look like a new event.
    const low = { id: 'MA-5', availableBalance: 10, currency: 'EUR', publishedTimestamp: '2' };
    const signed = await signWebhook({ payload: low, apiKey: API_KEY });
    const send = (requestRef: string) =>
      fetch(`${url}/weavr/managed_accounts/low_balance/watch`, {
        method: 'POST',
        headers: { ...signed.headers, 'request-ref': requestRef },
        body: signed.body,
      });
    expect((await send('req-1')).status).toBe(204);
    expect((await send('req-2')).status).toBe(204);
    expect((await send('req-3')).status).toBe(204);
    await waitForOutput(/(duplicate \/managed_accounts\/low_balance\/watch \(no call-ref\)[\s\S]*){2}/);
    expect(output.match(/event \/managed_accounts\/low_balance\/watch/g)).toHaveLength(1);
  });

  it('rejects a delivery signed with another key, without logging secrets', async () => {
    const res = await deliver(
      '/transfers/watch',
      { eventType: 'PENDING', transfer: { id: { type: 'transfers', id: 'T-9' } } },
      { apiKey: OTHER_KEY },
    );
    expect(res.status).toBe(401);
    await waitForOutput(/rejected a delivery to \/weavr\/transfers\/watch: BAD_SIGNATURE/);
    expect(output).not.toContain('T-9');
    expect(output).not.toContain(API_KEY);
  });

  it('answers card authorisations with a decision', async () => {
    // Every field the spec requires of an authorisation request: anything less is not that event (WRONG_EVENT).
    const auth = (amount: number) => ({
      cardId: '110141187013853702',
      transactionId: '5',
      authorisationType: 'AUTHORISED',
      transactionAmount: { currency: 'EUR', amount },
      sourceAmount: { currency: 'EUR', amount },
      totalTransactionCost: { currency: 'EUR', amount },
      transactionTimestamp: 1_767_225_600_000,
      merchantData: { merchantName: 'Corner Shop' },
      owner: { type: 'consumers', id: '110141186613853702' },
    });
    const small = await deliver('/managed_cards_authorisation_forwarding', auth(1_200));
    expect([small.status, await small.json()]).toEqual([200, { result: 'APPROVED' }]);
    const large = await deliver('/managed_cards_authorisation_forwarding', auth(900_000));
    expect([large.status, await large.json()]).toEqual([200, { result: 'DENIED' }]);
  });
});
