import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSimulatorClient,
  defaultSimulatorUrl,
  operations,
  spec,
  WeavrConfigError,
  WeavrUnauthorizedError,
} from '../src/index.js';
import { pathParams, startRecorder } from './server.js';

const specsDir = join(__dirname, '../../../specs');
const lock = JSON.parse(readFileSync(join(specsDir, 'lock.json'), 'utf8'));
const doc = JSON.parse(readFileSync(join(specsDir, 'simulator.json'), 'utf8'));
const KEY = 'programme-secret-key-7d1e';

let server: Awaited<ReturnType<typeof startRecorder>>;
beforeAll(async () => {
  server = await startRecorder((s) =>
    s.path.includes('/factors/') && !s.headers.authorization ? { status: 401 } : { status: 200, body: {} },
  );
});
afterAll(() => server.close());

type AnyCall = (path: string, init?: unknown) => Promise<{ response: Response }>;
const call = (client: unknown, method: string) => (client as Record<string, AnyCall>)[method] as AnyCall;

describe('credentials follow the simulator spec, for every operation', () => {
  it('programme-key on all 18; a bearer token only on the operations whose security asks for one', async () => {
    const simulator = createSimulatorClient({
      programmeKey: KEY,
      baseUrl: server.baseUrl,
      token: 'user-token',
    });
    const entries = Object.values(operations);
    expect(entries).toHaveLength(lock.simulator.operations);
    expect(entries).toHaveLength(18);
    for (const op of entries) {
      const params = pathParams(op.path);
      const where = `${op.method} ${op.path}`;
      const { response } = await call(simulator, op.method)(op.path, {
        params: { path: params },
        body: {},
      });
      expect(response.status, where).toBe(200);
      const s = server.last();
      expect(s.method, where).toBe(op.method);
      expect(s.path, where).toBe(op.path.replace(/\{([^}]+)\}/g, (_, n) => params[n] as string));
      expect(s.headers['programme-key'], where).toBe(KEY);
      expect(s.headers['api-key'], where).toBeUndefined();
      // Read straight from the spec, not from the generated map the client uses.
      const security = doc.paths[op.path][op.method.toLowerCase()].security as Record<string, unknown>[];
      const wantsBearer = security.every((alt) => 'Auth_Token' in alt);
      expect(s.headers.authorization, where).toBe(wantsBearer ? 'Bearer user-token' : undefined);
    }
    expect(entries.filter((op) => op.bearer !== 'none').map((op) => op.operationId)).toEqual([
      'factors_credentials_id_challenges_challenge_id_verify_invalid',
      'factors_credentials_id_challenges_challenge_id_verify_expired',
      'factors_credentials_id_challenges_challenge_id_verify_success',
    ]);
  });

  it('sends a typed deposit body as JSON', async () => {
    const simulator = createSimulatorClient({ programmeKey: KEY, baseUrl: server.baseUrl });
    await simulator.POST('/accounts/{account_id}/deposit', {
      params: { path: { account_id: '110141186813853702' } },
      body: { depositAmount: { currency: 'EUR', amount: 10_000 }, senderName: 'Test' },
    });
    const s = server.last();
    expect(s.path).toBe('/accounts/110141186813853702/deposit');
    expect(s.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(s.body)).toEqual({
      depositAmount: { currency: 'EUR', amount: 10_000 },
      senderName: 'Test',
    });
  });

  it('explains a 401 on a challenge operation called without a token', async () => {
    const simulator = createSimulatorClient({
      programmeKey: KEY,
      baseUrl: server.baseUrl,
      throwOnError: true,
    });
    const attempt = simulator.POST('/factors/{credentials_id}/challenges/{challenge_id}/verify_success', {
      params: { path: { credentials_id: '1', challenge_id: '2' } },
    });
    await expect(attempt).rejects.toThrow(WeavrUnauthorizedError);
    await expect(attempt).rejects.toThrow(/needs a bearer token/);
    expect(server.last().headers.authorization).toBeUndefined();
  });

  it('accepts the key as apiKey too', async () => {
    const simulator = createSimulatorClient({ apiKey: KEY, baseUrl: server.baseUrl });
    await simulator.POST('/cards/{card_id}/expire', { params: { path: { card_id: '1' } } });
    expect(server.last().headers['programme-key']).toBe(KEY);
  });
});

describe('createSimulatorClient options', () => {
  it('refuses a missing or empty key with a message naming programmeKey', () => {
    for (const options of [{}, { programmeKey: '' }, { programmeKey: '  ' }, { apiKey: undefined }]) {
      expect(() => createSimulatorClient(options as never)).toThrow(WeavrConfigError);
      expect(() => createSimulatorClient(options as never)).toThrow(/programmeKey is required/);
    }
    expect(() => createSimulatorClient(undefined as never)).toThrow(/options are required/);
  });

  it('refuses two different keys without showing either', () => {
    let error: unknown;
    try {
      createSimulatorClient({ programmeKey: 'key-one-secret', apiKey: 'key-two-secret' } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WeavrConfigError);
    const shown = `${String(error)}\n${inspect(error)}\n${JSON.stringify(error)}`;
    expect(shown).not.toContain('key-one-secret');
    expect(shown).not.toContain('key-two-secret');
  });

  it('records the spec it was generated from in the README', () => {
    expect(spec.sha256).toBe(lock.simulator.sha256);
    expect(readFileSync(join(__dirname, '../README.md'), 'utf8')).toContain(
      `Generated from the ${spec.title} spec ${spec.version} (sha256 \`${spec.sha256}\`).`,
    );
  });

  it('defaults to the sandbox simulator URL read from the spec, its stray quote dropped at generation', () => {
    expect(spec.server).toBe('https://sandbox.weavr.io/simulate/api');
    expect(defaultSimulatorUrl).toBe('https://sandbox.weavr.io/simulate/api');
  });

  it('sends requests to the default URL when no baseUrl is given', async () => {
    const urls: string[] = [];
    const simulator = createSimulatorClient({
      programmeKey: KEY,
      fetch: async (request) => {
        urls.push(request.url);
        return new Response(null, { status: 204 });
      },
    });
    await simulator.POST('/consumers/{consumer_id}/verify', { params: { path: { consumer_id: '42' } } });
    expect(urls).toEqual(['https://sandbox.weavr.io/simulate/api/consumers/42/verify']);
  });
});

describe('ids in paths', () => {
  it('sends a string id unchanged, and refuses a number that already lost digits', async () => {
    const simulator = createSimulatorClient({ programmeKey: KEY, baseUrl: server.baseUrl });
    await simulator.POST('/cards/{card_id}/purchase', {
      params: { path: { card_id: '110141187013853702' } },
      body: { merchantName: 'Shop', transactionAmount: { currency: 'EUR', amount: 100 } },
    });
    expect(server.last().path).toBe('/cards/110141187013853702/purchase');
    const count = server.seen.length;
    const lossy = simulator.POST('/cards/{card_id}/purchase', {
      // biome-ignore lint/correctness/noPrecisionLoss: the point of the test
      params: { path: { card_id: 110141187013853702 } },
      body: { merchantName: 'Shop', transactionAmount: { currency: 'EUR', amount: 100 } },
    });
    await expect(lossy).rejects.toThrow(WeavrConfigError);
    await expect(lossy).rejects.toThrow(/card_id .* pass the id as a string/);
    expect(server.seen.length).toBe(count);
    // Clients made by withOptions keep the check.
    const other = simulator.withOptions({ maxRetries: 0 });
    await expect(
      other.POST('/cards/{card_id}/renew', { params: { path: { card_id: 2 ** 60 } } }),
    ).rejects.toThrow(WeavrConfigError);
  });
});
