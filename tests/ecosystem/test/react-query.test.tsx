/**
 * TanStack Query over the Weavr clients through openapi-react-query: the real hooks, rendered by React's
 * DOM-less test renderer, against a local node:http server. What is proven: typed useQuery, useMutation and
 * useInfiniteQuery over Weavr paths; the client's own retries (the same idempotency-ref on every attempt)
 * under one TanStack attempt; typed errors (`throwOnError`) as the query's error; cancellation.
 */
import { QueryClient, QueryClientProvider, type UseQueryResult } from '@tanstack/react-query';
import {
  asOpenapiFetchClient,
  createMultiClient,
  type MultiClientOptions,
  WeavrConfigError,
  WeavrNotFoundError,
  WeavrServerError,
} from '@weavr-sdk/multi';
import { type Answer, fakeApi, type Hit } from '@weavr-sdk/testing';
import createQueryClient from 'openapi-react-query';
import { act, type ReactNode } from 'react';
import { create, type ReactTestRenderer } from 'react-test-renderer';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';

// React's act() environment flag: without it, React warns that updates are not wrapped in act.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const CARD = { id: '110141187013853702', friendlyName: 'Travel', state: { state: 'ACTIVE' } };
const TRANSFER = { id: '110141188013853702', state: 'COMPLETED' };

/** Per test: what the server answers to each request, in order, by "METHOD /path". */
let script: Map<string, Array<Answer | Promise<Answer>>>;
let api: Awaited<ReturnType<typeof fakeApi>>;

beforeAll(async () => {
  api = await fakeApi((hit: Hit) => {
    if (hit.method === 'GET' && hit.path === '/managed_cards') return page(hit);
    const queue = script.get(`${hit.method} ${hit.path}`);
    return queue?.shift() ?? { status: 404, body: { errorCode: 'NOT_SCRIPTED' } };
  });
});
afterAll(() => api.close());

let renderer: ReactTestRenderer | undefined;
afterEach(async () => {
  await act(async () => renderer?.unmount());
  renderer = undefined;
  api.hits.length = 0;
});

/** 7 cards, served `limit` at a time from `offset`, as Weavr lists are: `count` is the total. */
function page(hit: Hit): Answer {
  const offset = Number(hit.query.get('offset') ?? 0);
  const limit = Number(hit.query.get('limit') ?? 100);
  const all = Array.from({ length: 7 }, (_, i) => ({ ...CARD, id: `11014118701385370${i}` }));
  const cards = all.slice(offset, offset + limit);
  return { body: { cards, count: all.length, responseCount: cards.length } };
}

function setup(options: Partial<MultiClientOptions> = {}) {
  script = new Map();
  const weavr = createMultiClient({
    apiKey: 'test-key',
    token: 'test-token',
    baseUrl: api.url,
    throwOnError: true, // errors reach TanStack Query as typed Weavr errors (see the README)
    backoff: { initialDelayMs: 1, maxDelayMs: 5 },
    logLevel: 'off',
    ...options,
  });
  const $api = createQueryClient(asOpenapiFetchClient(weavr));
  // The client already retries what is safe to retry; TanStack's own retries would multiply its attempts.
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return { weavr, $api, queryClient };
}

/** Runs a hook on each render and hands its latest result to `onResult`. */
function Probe<T>({ hook, onResult }: { hook: () => T; onResult: (r: T) => void }): ReactNode {
  onResult(hook());
  return null;
}

/** Renders a hook in a component and returns a getter for its latest result. */
async function renderHook<T>(queryClient: QueryClient, hook: () => T): Promise<() => T> {
  let latest: T | undefined;
  await act(async () => {
    renderer = create(
      <QueryClientProvider client={queryClient}>
        <Probe
          hook={hook}
          onResult={(r) => {
            latest = r;
          }}
        />
      </QueryClientProvider>,
    );
  });
  return () => latest as T;
}

/** Waits, in bounded steps, until `done` holds for the hook's result. */
async function until<T>(get: () => T, done: (r: T) => boolean): Promise<T> {
  for (let i = 0; i < 200 && !done(get()); i++) {
    await act(() => new Promise((r) => setTimeout(r, 10)));
  }
  expect(done(get()), 'the hook did not settle within 2 s').toBe(true);
  return get();
}

const settled = (r: UseQueryResult<unknown, unknown>) => r.isSuccess || r.isError;

describe('useQuery', () => {
  test('a typed GET: the client retries a 503 inside one TanStack attempt', async () => {
    const { $api, queryClient } = setup();
    script.set(`GET /managed_cards/${CARD.id}`, [{ status: 503 }, { body: CARD }]);
    const get = await renderHook(queryClient, () =>
      $api.useQuery('get', '/managed_cards/{id}', { params: { path: { id: CARD.id } } }),
    );
    const result = await until(get, settled);
    expect(result.error).toBeNull();
    // Typed from the spec: `state.state` is the card's state enum.
    const state: string | undefined = result.data?.state.state;
    expect(state).toBe('ACTIVE');
    const hits = api.hits.filter((h) => h.path === `/managed_cards/${CARD.id}`);
    expect(hits).toHaveLength(2);
    for (const h of hits) {
      expect(h.headers['api-key']).toBe('test-key');
      expect(h.headers.authorization).toBe('Bearer test-token');
    }
  });

  test('a non-2xx answer is the query error, as a typed Weavr error', async () => {
    const { $api, queryClient } = setup();
    script.set('GET /managed_cards/404', [
      { status: 404, body: { errorCode: 'INSTRUMENT_NOT_FOUND' }, headers: { 'request-ref': 'rr-404' } },
    ]);
    const get = await renderHook(queryClient, () =>
      $api.useQuery('get', '/managed_cards/{id}', { params: { path: { id: '404' } } }),
    );
    const { error } = await until(get, settled);
    expect(error).toBeInstanceOf(WeavrNotFoundError);
    const e = error as unknown as WeavrNotFoundError;
    expect([e.status, e.errorCode, e.requestRef, e.operationId]).toEqual([
      404,
      'INSTRUMENT_NOT_FOUND',
      'rr-404',
      'managedCardGet',
    ]);
    expect(api.hits).toHaveLength(1); // a 404 is not retried, by the client or by TanStack (retry: false)
  });

  test('cancelling the query aborts the call underneath: TanStack passes its signal through to the client', async () => {
    // An injected fetch around the real one, to see how the call's request ended.
    const ended: unknown[] = [];
    const { $api, queryClient } = setup({
      fetch: async (input, init) => {
        try {
          return await fetch(input, init);
        } catch (e) {
          ended.push({ signalAborted: init?.signal?.aborted });
          throw e;
        }
      },
    });
    let release: (a: Answer) => void = () => {};
    const held = new Promise<Answer>((ok) => {
      release = ok;
    });
    script.set(`GET /managed_cards/${CARD.id}`, [held]);
    const get = await renderHook(queryClient, () =>
      $api.useQuery('get', '/managed_cards/{id}', { params: { path: { id: CARD.id } } }),
    );
    await until(get, () => api.hits.length === 1);
    await act(() => queryClient.cancelQueries());
    await until(
      () => ended,
      (e) => e.length === 1,
    );
    expect(ended).toEqual([{ signalAborted: true }]);
    release({ body: CARD });
    expect(get().isSuccess).toBe(false);
    expect(api.hits).toHaveLength(1); // an abort is never retried
  });
});

describe('useMutation', () => {
  test('a typed POST: one idempotency-ref on every attempt of the client, returned data typed', async () => {
    const { $api, queryClient } = setup();
    script.set('POST /transfers', [{ status: 503 }, { status: 200, body: TRANSFER }]);
    const get = await renderHook(queryClient, () => $api.useMutation('post', '/transfers'));
    const body = {
      profileId: '110141189013853702',
      source: { type: 'managed_accounts' as const, id: '110141186813853702' },
      destination: { type: 'managed_cards' as const, id: CARD.id },
      destinationAmount: { currency: 'EUR', amount: 1000 },
    };
    let data: Awaited<ReturnType<ReturnType<typeof get>['mutateAsync']>> | undefined;
    await act(async () => {
      data = await get().mutateAsync({ body });
    });
    expect(data?.id).toBe(TRANSFER.id);
    const hits = api.hits.filter((h) => h.path === '/transfers');
    expect(hits).toHaveLength(2);
    const refs = hits.map((h) => h.headers['idempotency-ref']);
    expect(refs[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(refs[1]).toBe(refs[0]);
    expect(hits[1]?.body).toEqual(body);
  });

  test('TanStack retries of a mutation are safe only with the idempotency-ref in the variables', async () => {
    // The client gives up at once (maxRetries: 0), then TanStack retries the mutation once.
    const { $api, queryClient } = setup({ maxRetries: 0 });
    script.set('POST /transfers', [{ status: 503 }, { status: 503 }, { body: TRANSFER }]);
    const get = await renderHook(queryClient, () =>
      $api.useMutation('post', '/transfers', { retry: 1, retryDelay: 1 }),
    );
    let failed: unknown;
    await act(async () => {
      await get()
        .mutateAsync({
          body: {
            profileId: '110141189013853702',
            source: { type: 'managed_accounts', id: '110141186813853702' },
            destination: { type: 'managed_cards', id: CARD.id },
            destinationAmount: { currency: 'EUR', amount: 1000 },
          },
          // The header the spec declares, typed in the mutation's variables.
          params: { header: { 'idempotency-ref': 'order-42' } },
        })
        .catch((e: unknown) => {
          failed = e;
        });
    });
    expect(failed).toBeInstanceOf(WeavrServerError);
    const hits = api.hits.filter((h) => h.path === '/transfers');
    expect(hits.map((h) => h.headers['idempotency-ref'])).toEqual(['order-42', 'order-42']);
  });
});

describe('useInfiniteQuery', () => {
  test('offset pages of a Weavr list, typed, until count is reached', async () => {
    const { $api, queryClient } = setup();
    const get = await renderHook(queryClient, () =>
      $api.useInfiniteQuery(
        'get',
        '/managed_cards',
        { params: { query: { limit: 3 } } },
        {
          pageParamName: 'offset', // Weavr lists page by offset
          initialPageParam: 0,
          getNextPageParam: (last, all) => {
            const seen = all.reduce((n, p) => n + (p.responseCount ?? 0), 0);
            return seen < (last.count ?? 0) ? seen : undefined;
          },
        },
      ),
    );
    await until(get, (r) => r.isSuccess);
    for (let i = 0; i < 5 && get().hasNextPage; i++) {
      await act(async () => {
        await get().fetchNextPage();
      });
      await until(get, (r) => !r.isFetching);
    }
    const r = get();
    expect(r.hasNextPage).toBe(false);
    const ids = r.data?.pages.flatMap((p) => p.cards?.map((c) => c.id) ?? []);
    expect(ids).toHaveLength(7);
    expect(api.hits.map((h) => h.query.get('offset'))).toEqual(['0', '3', '6']);
    expect(api.hits.every((h) => h.query.get('limit') === '3')).toBe(true);
  });
});

test('types: paths and parameters are checked against the Multi spec (tsc runs before vitest here)', () => {
  const { $api } = setup();
  // queryOptions is what useQuery is built on, typed the same, and callable outside a component.
  // @ts-expect-error not a Multi path
  const wrongPath = $api.queryOptions('get', '/no_such_path');
  // @ts-expect-error the path parameter is required
  const noId = $api.queryOptions('get', '/managed_cards/{id}', {});
  const ok = $api.queryOptions('get', '/managed_cards/{id}', { params: { path: { id: CARD.id } } });
  expect(ok.queryKey).toEqual(['get', '/managed_cards/{id}', { params: { path: { id: CARD.id } } }]);
  expect([wrongPath.queryKey[1], noId.queryKey[1]]).toEqual(['/no_such_path', '/managed_cards/{id}']);
});

test('asOpenapiFetchClient: request() dispatches to the Weavr method; OPTIONS and TRACE reject before sending', async () => {
  const { weavr } = setup();
  const client = asOpenapiFetchClient(weavr);
  script.set(`GET /managed_cards/${CARD.id}`, [{ body: CARD }]);
  const r = await client.request('get', '/managed_cards/{id}', { params: { path: { id: CARD.id } } });
  expect(r.data?.id).toBe(CARD.id);
  const options = client.OPTIONS as unknown as (path: string) => Promise<unknown>;
  await expect(options('/managed_cards')).rejects.toThrow(WeavrConfigError);
  await expect(options('/managed_cards')).rejects.toThrow(/OPTIONS: not a method of this client/);
  expect(api.hits).toHaveLength(1);
});
