import { afterEach, describe, expect, test } from 'vitest';
import {
  BULK_STATES,
  openBulk,
  paginate,
  WeavrBulkStateError,
  WeavrPaginationError,
} from '../src/internal.js';
import { type Answer, fakeApi, fakeClient, type Hit, listPage, ops } from './workflows-fake.js';

// Issue 13 §9: helpers that used to trust the server end with a typed error instead of looping for ever.
let api: Awaited<ReturnType<typeof fakeApi>> | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function serve(route: (hit: Hit) => Answer) {
  api = await fakeApi(route);
  return { api, client: fakeClient(api.url, { token: 'tok_abcdefgh' }) };
}

describe('paginate against a server that ignores offset', () => {
  test('without count: stops at the second page with WeavrPaginationError', async () => {
    // Always the first page, whatever the offset: a loop without an end before the fix.
    const { api, client } = await serve((h) => {
      const first = listPage(
        { ...h, query: new URLSearchParams({ limit: h.query.get('limit') ?? '100' }) },
        'transfer',
        500,
        false,
      );
      return { ...first, headers: { 'request-ref': `rr-${h.query.get('offset')}` } };
    });
    const seen: unknown[] = [];
    const err = await (async () => {
      for await (const item of paginate(client, ops, '/transfers')) seen.push(item);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeavrPaginationError);
    expect(err).toMatchObject({ path: '/transfers', offset: 100, requestRef: 'rr-100' });
    expect((err as Error).message).toMatch(/repeats the previous page \(the server ignored offset\)/);
    expect(seen).toHaveLength(100);
    expect(api.hits).toHaveLength(2);
  });

  test('with a count that the server never reaches: stops the same way', async () => {
    const { api, client } = await serve(() => ({
      body: { cards: Array.from({ length: 100 }, (_, i) => ({ id: String(i) })), count: 10_000 },
    }));
    await expect(
      (async () => {
        for await (const _ of paginate(client, ops, '/cards'));
      })(),
    ).rejects.toBeInstanceOf(WeavrPaginationError);
    expect(api.hits).toHaveLength(2);
  });

  test('pages that differ are never mistaken for a repeat', async () => {
    const { client } = await serve((h) => listPage(h, 'cards', 300));
    let n = 0;
    for await (const _ of paginate(client, ops, '/cards')) n++;
    expect(n).toBe(300);
  });
});

describe('bulk.done() against a state the spec does not define', () => {
  test.each(['EXPLODED', ''])('state %j stops polling with WeavrBulkStateError', async (state) => {
    const { api, client } = await serve((h) =>
      h.method === 'GET' && h.path === '/bulks/77'
        ? { body: { id: '77', ...(state ? { status: state } : {}), submittedItemsCount: 1 } }
        : { status: 404 },
    );
    const bulk = openBulk(client, ops, '77');
    const err = await bulk
      .done({ intervalMs: 1, signal: AbortSignal.timeout(5_000) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeavrBulkStateError);
    expect(err).toMatchObject({ bulkId: '77', state });
    expect((err as Error).message).toMatch(/which the spec does not define/);
    expect(api.hits).toHaveLength(1);
  });

  test('every defined state is known', () => {
    expect([...BULK_STATES].sort()).toEqual(
      ['CANCELLED', 'COMPLETED', 'FAILED', 'PARTIALLY_COMPLETED', 'PAUSED', 'RUNNING', 'SUBMITTED'].sort(),
    );
  });
});
