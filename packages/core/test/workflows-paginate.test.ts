import { afterEach, describe, expect, test } from 'vitest';
import { paginate, paginatePages, WeavrConfigError, WeavrNotFoundError } from '../src/internal.js';
import { type Answer, fakeApi, fakeClient, type Hit, listPage, ops } from './workflows-fake.js';

let api: Awaited<ReturnType<typeof fakeApi>> | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function serve(route: (hit: Hit) => Answer) {
  api = await fakeApi(route);
  return { api, client: fakeClient(api.url, { token: 'tok_abcdefgh' }) };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('paginate', () => {
  test('walks every page at the cap from the map and stops when offset reaches count', async () => {
    const { api, client } = await serve((h) => listPage(h, 'cards', 250));
    const items = (await collect(paginate(client, ops, '/cards'))) as { id: string }[];
    expect(items.map((i) => i.id)).toEqual(Array.from({ length: 250 }, (_, i) => String(i + 1)));
    expect(api.hits.map((h) => [h.query.get('offset'), h.query.get('limit')])).toEqual([
      ['0', '100'],
      ['100', '100'],
      ['200', '100'],
    ]);
    // The bearer token goes on every page.
    expect(api.hits.every((h) => h.headers.authorization === 'Bearer tok_abcdefgh')).toBe(true);
  });

  test('an exact multiple of the page size ends on count, without asking for an empty page', async () => {
    const { api, client } = await serve((h) => listPage(h, 'cards', 200));
    expect(await collect(paginate(client, ops, '/cards'))).toHaveLength(200);
    expect(api.hits).toHaveLength(2);
  });

  test('without count, a short page is the last one', async () => {
    const { api, client } = await serve((h) => listPage(h, 'transfer', 130, false));
    expect(await collect(paginate(client, ops, '/transfers'))).toHaveLength(130);
    expect(api.hits).toHaveLength(2);
  });

  test('without count, a full page is followed by one more request, and an empty page stops', async () => {
    const { api, client } = await serve((h) => listPage(h, 'transfer', 100, false));
    expect(await collect(paginate(client, ops, '/transfers'))).toHaveLength(100);
    expect(api.hits.map((h) => h.query.get('offset'))).toEqual(['0', '100']);
  });

  test('an empty list makes one request', async () => {
    const { api, client } = await serve(() => ({ body: { cards: [], count: 0, responseCount: 0 } }));
    expect(await collect(paginate(client, ops, '/cards'))).toEqual([]);
    expect(api.hits).toHaveLength(1);
  });

  test('break stops the requests: nothing is fetched after the page being read', async () => {
    const { api, client } = await serve((h) => listPage(h, 'cards', 10_000));
    let n = 0;
    for await (const _ of paginate(client, ops, '/cards')) {
      if (++n === 150) break;
    }
    expect(n).toBe(150);
    expect(api.hits).toHaveLength(2);
    // Give a prefetch (if there were one) the chance to show up.
    await new Promise((r) => setTimeout(r, 50));
    expect(api.hits).toHaveLength(2);
  });

  test('pages are fetched lazily, one in memory at a time', async () => {
    const { api, client } = await serve((h) => listPage(h, 'cards', 1000));
    const it = paginatePages(client, ops, '/cards');
    const first = await it.next();
    expect(api.hits).toHaveLength(1);
    expect(first.value).toMatchObject({ offset: 0, count: 1000 });
    expect((first.value as { items: unknown[] }).items).toHaveLength(100);
    await it.return(undefined);
    expect(api.hits).toHaveLength(1);
  });

  test('the caller’s query, offset and smaller limit are kept; path params pass through', async () => {
    const { api, client } = await serve((h) => listPage(h, 'entries', 60));
    const pages = await collect(
      paginatePages(client, ops, '/accounts/{id}/statement', {
        params: { path: { id: '42' }, query: { offset: 10, limit: 20, orderByTimestamp: 'ASC' } },
      }),
    );
    expect(pages.map((p) => [p.offset, p.items.length, p.count])).toEqual([
      [10, 20, 60],
      [30, 20, 60],
      [50, 10, 60],
    ]);
    expect(api.hits[0]?.path).toBe('/accounts/42/statement');
    expect(api.hits[0]?.query.get('orderByTimestamp')).toBe('ASC');
  });

  test('statements page at their own cap of 500, read from the map', async () => {
    const { api, client } = await serve((h) => listPage(h, 'entries', 700));
    const items = await collect(
      paginate(client, ops, '/accounts/{id}/statement', { params: { path: { id: '1' } } }),
    );
    expect(items).toHaveLength(700);
    expect(api.hits.map((h) => h.query.get('limit'))).toEqual(['500', '500']);
  });

  test('maxItems shortens the last page so nothing is fetched in vain', async () => {
    const { api, client } = await serve((h) => listPage(h, 'cards', 1000));
    const items = await collect(paginate(client, ops, '/cards', { maxItems: 130 }));
    expect(items).toHaveLength(130);
    expect(api.hits.map((h) => h.query.get('limit'))).toEqual(['100', '30']);
  });

  test('a server sending more than asked never yields more than maxItems', async () => {
    const { client } = await serve(() => ({
      body: { cards: Array.from({ length: 9 }, (_, i) => ({ id: String(i) })), count: 9 },
    }));
    expect(await collect(paginate(client, ops, '/cards', { maxItems: 3 }))).toHaveLength(3);
  });

  test('bad input fails before any request, naming what was wrong', async () => {
    const { api, client } = await serve((h) => listPage(h, 'cards', 1));
    await expect(collect(paginate(client, ops, '/cards/{id}'))).rejects.toThrow(
      /GET \/cards\/\{id\} is not an offset\/limit list operation/,
    );
    await expect(
      collect(paginate(client, ops, '/cards', { params: { query: { limit: 101 } } })),
    ).rejects.toThrow(WeavrConfigError);
    await expect(
      collect(paginate(client, ops, '/cards', { params: { query: { limit: 101 } } })),
    ).rejects.toThrow(/limit must be a whole number between 1 and 100 \(got 101\)/);
    await expect(
      collect(paginate(client, ops, '/cards', { params: { query: { offset: -1 } } })),
    ).rejects.toThrow(/offset/);
    await expect(collect(paginate(client, ops, '/cards', { maxItems: 0 }))).rejects.toThrow(/maxItems/);
    expect(api.hits).toHaveLength(0);
  });

  test('an error response is thrown as a typed error, even from a non-throwing client', async () => {
    const { client } = await serve(() => ({ status: 404, body: { errorCode: 'NOT_FOUND' } }));
    const err = await collect(paginate(client, ops, '/cards')).catch((e) => e);
    expect(err).toBeInstanceOf(WeavrNotFoundError);
    expect(err.errorCode).toBe('NOT_FOUND');
  });

  test('the caller’s signal aborts the walk', async () => {
    const { client } = await serve((h) => listPage(h, 'cards', 1000));
    const controller = new AbortController();
    const seen: unknown[] = [];
    const run = (async () => {
      for await (const c of paginate(client, ops, '/cards', { signal: controller.signal })) {
        seen.push(c);
        if (seen.length === 100) controller.abort();
      }
    })();
    await expect(run).rejects.toThrow(/abort/i);
    expect(seen).toHaveLength(100);
  });
});
