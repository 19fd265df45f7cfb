import { describe, expect, test } from 'vitest';
import type { SpecOperation } from './spec.js';
import type { PrismSpec } from './use-prism.js';

// biome-ignore lint/suspicious/noExplicitAny: cases are driven by the map, so paths are not literal types here
type Loose = any;

/** An operation of a package's generated map, as far as the workflow helpers care. */
interface MapOperation {
  method: string;
  path: string;
  list?: unknown;
  media?: readonly string[];
}

/** What the shared workflow tests need of one client package (Multi, Back-Office). */
export interface WorkflowsOnPrism {
  /** The client the helpers run with, on Prism (Back-Office: an identity's, from forIdentity). */
  client(): Promise<unknown> | unknown;
  /** The package's generated operation map. */
  operations: Record<string, MapOperation>;
  /** The package's helpers, bound to its types. */
  helpers: { paginatePages: Loose; getDocument: Loose; submitBulk: Loose; openBulk: Loose };
  /** How many list and bulk-submit operations the spec declares (a change in the spec shows here first). */
  counts: { lists: number; bulks: number };
  /**
   * Bulk operations whose body the spec makes impossible to send (tests/contract/known-defects.ts): no valid
   * sample, so nothing to submit.
   */
  unsendableBulks?: string[];
  /** The options of the bulk lifecycle's `execute`. */
  execute: Record<string, unknown>;
}

/**
 * The generic workflow helpers against Prism serving a package's spec (`--dynamic`: a request that breaks the
 * spec is answered 400/422), for every list, document and bulk operation of the package's map: the helpers'
 * requests (paging parameters, accept headers, bulk bodies) are checked against the spec itself. Registered
 * in the calling test file, next to the package's own (API-specific) Prism tests.
 */
export function describeWorkflowsOnPrism(prism: PrismSpec, o: WorkflowsOnPrism): void {
  const ops = Object.values(o.operations);
  const { paginatePages, getDocument, submitBulk, openBulk } = o.helpers;

  describe('paginate: every list operation of the map', () => {
    const lists = ops.filter((op) => op.list);
    test(`the map has the ${o.counts.lists} list operations the spec declares`, () => {
      expect(lists).toHaveLength(o.counts.lists);
    });

    test.each(lists.map((op) => op.path))('GET %s', async (path) => {
      const client = await o.client();
      const { params } = await prism.sampled(`GET ${path}`);
      // Paging is the helper's job: drop sampled paging values so the defaults (the map's cap) go out.
      const { offset: _o, limit: _l, statementLimit: _s, ...query } = params.query;
      const pages = [];
      for await (const page of paginatePages(client, path, {
        params: { path: params.path, query },
        maxItems: 300,
      })) {
        expect(Array.isArray(page.items)).toBe(true);
        pages.push(page);
      }
      expect(pages.length).toBeGreaterThanOrEqual(1);
      expect(pages.length).toBeLessThanOrEqual(300);
    });
  });

  describe('getDocument: every operation with documents, every type it offers', () => {
    const cases = ops
      .filter((op) => op.media)
      .flatMap((op) => {
        const offered = (prism.byKey.get(`GET ${op.path}`) as SpecOperation).successes.flatMap(
          (s) => s.media,
        );
        return offered
          .filter((m) => m !== 'text/csv') // see the skipped case below
          .map((accept) => [op.path, accept] as const);
      });

    test.each(cases)('GET %s as %s', async (path, accept) => {
      const client = await o.client();
      const { params } = await prism.sampled(`GET ${path}`);
      const r = await getDocument(client, path, { params: { path: params.path }, accept });
      expect(r.contentType.split(';')[0]).toBe(accept);
      if (accept === 'application/json') expect(typeof r.data).toBe('object');
      else expect(r.data).toBeInstanceOf(Blob);
    });

    // Prism cannot serialise the spec's CSV schema (an object) as text: it answers 500 NO_COMPLEX_OBJECT_TEXT for
    // every text/csv request, so CSV is covered by the local-server tests in @weavr-sdk/core instead.
    test.skip('text/csv statements (Prism cannot produce CSV from an object schema)', () => {});
  });

  describe('submitBulk: every bulk operation of the map', () => {
    const bulks = ops.filter(
      (op) =>
        (op.method === 'POST' || op.method === 'PATCH') &&
        op.path.startsWith('/bulks/') &&
        !op.path.includes('{'),
    );
    test(`the spec declares ${o.counts.bulks} bulk submit operations`, () => {
      expect(bulks).toHaveLength(o.counts.bulks);
    });

    test.each(bulks.map((op) => [op.method, op.path] as const))('%s %s', async (method, path) => {
      const sample = await prism.sampled(`${method} ${path}`);
      if (sample.problems.length && o.unsendableBulks?.includes(path)) return;
      expect(sample.problems).toEqual([]);
      const items = (sample.body as unknown[]).slice(0, 3);
      const bulk = await submitBulk(await o.client(), path, items);
      expect(bulk.bulkIds).toHaveLength(1);
    });

    test('execute, pause, resume, status, failures and cancel send requests the spec accepts', async () => {
      // Prism's submit response carries a random, non-numeric bulkId (the spec gives it no pattern, while the
      // bulk_id path parameter must be numeric), so the lifecycle runs on a numeric id.
      const bulk = openBulk(await o.client(), '110141186813853702');
      await bulk.execute(o.execute);
      await bulk.pause();
      await bulk.resume();
      const status = await bulk.status();
      expect(typeof status.status).toBe('string');
      for await (const f of bulk.failures()) expect(typeof f).toBe('object');
      await bulk.cancel();
    });
  });
}
