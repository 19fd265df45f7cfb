// The Back-Office helpers against Prism serving the Back-Office spec (`--dynamic`): Prism answers a request that
// breaks the spec with 400/422, so forIdentity's token request and every helper's requests are checked against it.
// The generic helpers (paginate, getDocument, bulks) run in the suite the Multi package shares
// (@weavr-sdk/testing describeWorkflowsOnPrism), on an identity's client.
import { join } from 'node:path';
import { describeWorkflowsOnPrism, usePrism } from '@weavr-sdk/testing';
import { expect, test } from 'vitest';
import {
  type BackofficeClient,
  createBackofficeClient,
  getDocument,
  openBulk,
  operations,
  paginatePages,
  submitBulk,
} from '../src/index.js';

const prism = usePrism(join(__dirname, '../../../specs/backoffice.json'));
const IDENTITY = { type: 'CORPORATE', id: '110141186813853702' } as const;

let client: BackofficeClient | undefined;
/** One client for the file, made once Prism is up: forIdentity keeps each identity's client on it. */
const backoffice = () =>
  (client ??= createBackofficeClient({ apiKey: 'sk_test_prism', baseUrl: prism.url(), maxRetries: 0 }));

test('control: Prism refuses a request that breaks the spec', async () => {
  const r = await backoffice().POST('/access_token', {
    body: { identity: { type: 'CORPORATE', id: 'not-a-number' } },
  });
  expect([400, 422]).toContain(r.response.status);
});

test('forIdentity gets a token Prism accepts and acts with it', async () => {
  const acme = await backoffice().forIdentity(IDENTITY);
  const r = await acme.POST('/managed_cards/{id}/block', { params: { path: { id: '110141187013853702' } } });
  expect(r.response.status).toBe(204);
  expect(await backoffice().forIdentity(IDENTITY)).toBe(acme);
});

describeWorkflowsOnPrism(prism, {
  client: () => backoffice().forIdentity(IDENTITY),
  operations,
  helpers: { paginatePages, getDocument, submitBulk, openBulk },
  counts: { lists: 5, bulks: 2 },
  execute: { mode: 'ON_FAILURE_STOP' },
});
