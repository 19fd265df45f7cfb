// The Back-Office helpers against Prism serving the Back-Office spec (`--dynamic`): Prism answers a request that
// breaks the spec with 400/422, so forIdentity's token request and every helper's requests are checked against it.
import { join } from 'node:path';
import {
  type PrismServer,
  readSpec,
  type SpecOperation,
  sampleRequest,
  specOperations,
  startPrism,
} from '@weavr-sdk/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type BackofficeClient,
  createBackofficeClient,
  getDocument,
  openBulk,
  operations,
  paginatePages,
  submitBulk,
} from '../src/index.js';

const SPEC = join(__dirname, '../../../specs/backoffice.json');
const doc = readSpec(SPEC);
const byKey = new Map(specOperations(doc).map((o) => [o.key, o]));
const ops = Object.values(operations) as { method: string; path: string; list?: unknown; media?: string[] }[];
const IDENTITY = { type: 'CORPORATE', id: '110141186813853702' } as const;

let prism: PrismServer;
let backoffice: BackofficeClient;
beforeAll(async () => {
  prism = await startPrism({ spec: SPEC });
  backoffice = createBackofficeClient({ apiKey: 'sk_test_prism', baseUrl: prism.url, maxRetries: 0 });
}, 180_000);
afterAll(() => prism?.stop());

const sampled = (key: string) =>
  sampleRequest(doc, byKey.get(key) as SpecOperation, { skipHeaders: ['idempotency-ref', 'accept'] });

// biome-ignore lint/suspicious/noExplicitAny: cases are driven by the map, so paths are not literal types here
type Loose = any;

test('control: Prism refuses a request that breaks the spec', async () => {
  const r = await backoffice.POST('/access_token', {
    body: { identity: { type: 'CORPORATE', id: 'not-a-number' } },
  });
  expect([400, 422]).toContain(r.response.status);
});

test('forIdentity gets a token Prism accepts and acts with it', async () => {
  const acme = await backoffice.forIdentity(IDENTITY);
  const r = await acme.POST('/managed_cards/{id}/block', { params: { path: { id: '110141187013853702' } } });
  expect(r.response.status).toBe(204);
  expect(await backoffice.forIdentity(IDENTITY)).toBe(acme);
});

describe('paginate: every list operation of the map', () => {
  const lists = ops.filter((o) => o.list);
  test('the map has the 5 list operations the spec declares', () => expect(lists).toHaveLength(5));

  test.each(lists.map((o) => o.path))('GET %s', async (path) => {
    const acme = await backoffice.forIdentity(IDENTITY);
    const { params } = await sampled(`GET ${path}`);
    const { offset: _o, limit: _l, statementLimit: _s, ...query } = params.query;
    let pages = 0;
    for await (const page of paginatePages(
      acme,
      path as Loose,
      {
        params: { path: params.path, query },
        maxItems: 300,
      } as Loose,
    )) {
      expect(Array.isArray(page.items)).toBe(true);
      pages++;
    }
    expect(pages).toBeGreaterThanOrEqual(1);
  });
});

describe('getDocument: the statements as JSON and PDF', () => {
  const cases = ops
    .filter((o) => o.media)
    .flatMap((o) => ['application/json', 'application/pdf'].map((accept) => [o.path, accept] as const));

  test.each(cases)('GET %s as %s', async (path, accept) => {
    const acme = await backoffice.forIdentity(IDENTITY);
    const { params } = await sampled(`GET ${path}`);
    const r = await getDocument(acme, path as Loose, { params: { path: params.path }, accept } as Loose);
    expect(r.contentType.split(';')[0]).toBe(accept);
  });

  // Prism answers every text/csv request with 500 NO_COMPLEX_OBJECT_TEXT (the spec's CSV schema is an object);
  // CSV is covered against a local server in @weavr-sdk/core.
  test.skip('text/csv statements (Prism cannot produce CSV from an object schema)', () => {});
});

describe('bulk processes', () => {
  const bulks = ops.filter(
    (o) =>
      (o.method === 'POST' || o.method === 'PATCH') && o.path.startsWith('/bulks/') && !o.path.includes('{'),
  );
  test('the spec declares 2 bulk submit operations', () => expect(bulks).toHaveLength(2));

  test.each(bulks.map((o) => [o.method, o.path] as const))('%s %s', async (method, path) => {
    const acme = await backoffice.forIdentity(IDENTITY);
    const sample = await sampled(`${method} ${path}`);
    expect(sample.problems).toEqual([]);
    const bulk = await submitBulk(acme, path as Loose, (sample.body as unknown[]).slice(0, 3) as Loose);
    expect(bulk.bulkIds).toHaveLength(1);
  });

  test('the lifecycle calls are accepted (on a numeric id: Prism’s random bulkId has no pattern)', async () => {
    const bulk = openBulk(await backoffice.forIdentity(IDENTITY), '110141186813853702');
    await bulk.execute({ mode: 'ON_FAILURE_STOP' });
    await bulk.pause();
    await bulk.resume();
    await bulk.status();
    for await (const f of bulk.failures()) expect(typeof f).toBe('object');
    await bulk.cancel();
  });
});
