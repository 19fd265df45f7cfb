import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackofficeClient } from '@weavr-sdk/backoffice';
import { createMultiClient } from '@weavr-sdk/multi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realApiDefects } from '../../contract/real-api-defects.js';
import { API_KEY, readBody, sendJson, startServer, type TestServer } from './helpers.js';

// Issue 13 §5: each spec defect seen against the real API still shows in the spec, and the client neither
// refuses nor mangles the call the real API accepts. (The simulator's are tested in packages/simulator.)
const specs = join(__dirname, '..', '..', '..', 'specs');
// biome-ignore lint/suspicious/noExplicitAny: spec documents are read loosely
const spec = (name: string): any => JSON.parse(readFileSync(join(specs, `${name}.json`), 'utf8'));

let server: TestServer;
/** The URL and headers of each request the server saw. */
const seen: { url: string; headers: Record<string, string | string[] | undefined> }[] = [];
beforeAll(async () => {
  server = await startServer(async (req, res) => {
    await readBody(req);
    seen.push({ url: req.url ?? '', headers: req.headers });
    sendJson(res, 200, { token: 'impersonation-token', transfer: [], count: 0, responseCount: 0 });
  });
});
afterAll(() => server.close());

describe('the list of real-API spec defects', () => {
  it('names every defect once, with evidence and what the SDK does', () => {
    expect(new Set(realApiDefects.map((d) => d.id)).size).toBe(realApiDefects.length);
    for (const d of realApiDefects)
      for (const k of ['specSays', 'realApi', 'evidence', 'sdk'] as const) expect(d[k]).not.toBe('');
  });

  it('each still shows in the spec (a fix upstream fails here until its entry is removed)', () => {
    expect(spec('simulator').servers[0].url).toMatch(/"$/);
    expect(spec('webhooks').servers[0].url).toBe('""');
    const bo = spec('backoffice');
    expect(bo.paths['/impersonate_identity_login'].post.security ?? bo.security).toEqual([
      { auth_token: [], api_key: [] },
    ]);
    const sim = spec('simulator');
    const param = sim.paths['/cards/{card_id}/purchase'].post.parameters.find(
      (p: { name?: string }) => p.name === 'card_id',
    );
    expect(param.schema).toEqual({ type: 'integer', format: 'int64' });
    const purchase =
      sim.paths['/cards/{card_id}/purchase'].post.requestBody.content['application/json'].schema;
    const resolved = purchase.$ref ? sim.components.schemas[purchase.$ref.split('/').pop()] : purchase;
    expect(resolved.required).toContain('merchantName');
    const multi = spec('multi');
    expect(multi.components.parameters.instrumentId.schema).toEqual({
      $ref: '#/components/schemas/InstrumentId',
    });
    expect(multi.components.schemas.InstrumentId.type).toBe('object');
  });
});

describe('the client sends what the real API accepts', () => {
  it('POST /impersonate_identity_login goes out with the API key alone', async () => {
    seen.length = 0;
    const backoffice = createBackofficeClient({ apiKey: API_KEY, baseUrl: server.url });
    const r = await backoffice.POST('/impersonate_identity_login', {
      body: { identity: { type: 'CORPORATE', id: '110141186813853702' } } as never,
    });
    expect(r.response.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers['api-key']).toBe(API_KEY);
    expect(seen[0]?.headers.authorization).toBeUndefined();
  });

  it('GET /transfers?instrumentId=<id>: a plain id is sent as it is', async () => {
    seen.length = 0;
    const multi = createMultiClient({ apiKey: API_KEY, baseUrl: server.url, token: 'tok-1234' });
    const r = await multi.GET('/transfers', {
      params: { query: { instrumentId: '110141186813853702' as never } },
    });
    expect(r.response.status).toBe(200);
    expect(new URL(seen[0]?.url ?? '', server.url).search).toBe('?instrumentId=110141186813853702');
  });
});
