import { afterEach, describe, expect, test } from 'vitest';
import {
  type BulkProgress,
  openBulk,
  submitBulk,
  WeavrBulkSubmitError,
  WeavrConfigError,
  WeavrConflictError,
} from '../src/internal.js';
import { type Answer, fakeApi, fakeClient, type Hit, ops } from './workflows-fake.js';

let api: Awaited<ReturnType<typeof fakeApi>> | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

interface Op {
  sequence: number;
  status: string;
  requestPayload: string;
  responsePayload?: string;
}
interface Bulk {
  id: string;
  status: string;
  mode?: string;
  ops: Op[];
}

/**
 * A bulk engine that behaves like Weavr's: SUBMITTED until executed; each status poll runs `perPoll` operations;
 * an item whose `_id_` starts with `bad` fails; ON_FAILURE_STOP ends the bulk at the first failure.
 */
async function bulkApi(options: { perPoll?: number; failSubmitAfter?: number } = {}) {
  const perPoll = options.perPoll ?? 4;
  const bulks = new Map<string, Bulk>();
  let submits = 0;
  const counts = (b: Bulk) => {
    const c: Record<string, number> = {};
    for (const o of b.ops) c[o.status] = (c[o.status] ?? 0) + 1;
    return Object.entries(c).map(([status, count]) => ({ status, count }));
  };
  const advance = (b: Bulk) => {
    if (b.status !== 'RUNNING') return;
    for (const o of b.ops.filter((x) => x.status === 'SUBMITTED').slice(0, perPoll)) {
      const bad = JSON.parse(o.requestPayload).pathParams?._id_?.startsWith('bad');
      o.status = bad ? 'FAILED' : 'COMPLETED';
      if (bad) o.responsePayload = JSON.stringify({ errorCode: 'INSTRUMENT_ALREADY_BLOCKED' });
      if (bad && b.mode === 'ON_FAILURE_STOP') {
        b.status = b.ops.some((x) => x.status === 'COMPLETED') ? 'PARTIALLY_COMPLETED' : 'FAILED';
        return;
      }
    }
    if (b.ops.every((o) => o.status !== 'SUBMITTED'))
      b.status = b.ops.some((o) => o.status === 'FAILED')
        ? b.ops.some((o) => o.status === 'COMPLETED')
          ? 'PARTIALLY_COMPLETED'
          : 'FAILED'
        : 'COMPLETED';
  };
  const route = (h: Hit): Answer => {
    const m = /^\/bulks\/(\d+)(?:\/(\w+))?$/.exec(h.path);
    if (h.method === 'POST' && h.path === '/bulks/cards/_id_/block') {
      if (options.failSubmitAfter !== undefined && submits >= options.failSubmitAfter)
        return { status: 409, body: { errorCode: 'TOO_MANY_REQUESTS' } };
      submits++;
      const id = String(1000 + bulks.size);
      const items = h.body as unknown[];
      bulks.set(id, {
        id,
        status: 'SUBMITTED',
        ops: items.map((it, i) => ({ sequence: i, status: 'SUBMITTED', requestPayload: JSON.stringify(it) })),
      });
      return { status: 201, body: { bulkId: id, operationCount: items.length, path: h.path } };
    }
    const b = m ? bulks.get(m[1] as string) : undefined;
    if (!m || !b) return { status: 404, body: { errorCode: 'NOT_FOUND' } };
    const verb = m[2];
    const transition = (from: string[], to: string) => {
      if (!from.includes(b.status)) return { status: 409, body: { errorCode: 'INVALID_STATE' } };
      b.status = to;
      return { status: 204 };
    };
    if (h.method === 'GET' && !verb) {
      advance(b);
      return {
        body: {
          bulkId: b.id,
          status: b.status,
          submittedItemsCount: b.ops.length,
          mode: b.mode,
          operationStatusCounts: counts(b),
        },
      };
    }
    if (h.method === 'GET' && verb === 'operations') {
      const status = h.query.get('status');
      const all = b.ops.filter((o) => !status || o.status === status);
      const offset = Number(h.query.get('offset') ?? 0);
      const limit = Number(h.query.get('limit') ?? 100);
      return { body: { operations: all.slice(offset, offset + limit), count: all.length } };
    }
    if (verb === 'execute') {
      b.mode = (h.body as { mode: string }).mode;
      return transition(['SUBMITTED'], 'RUNNING');
    }
    if (verb === 'pause') return transition(['RUNNING'], 'PAUSED');
    if (verb === 'resume') return transition(['PAUSED'], 'RUNNING');
    if (verb === 'cancel') return transition(['SUBMITTED', 'RUNNING', 'PAUSED'], 'CANCELLED');
    return { status: 404 };
  };
  api = await fakeApi(route);
  return { api, bulks, client: fakeClient(api.url, { token: 'tok_abcdefgh' }) };
}

const ids = (n: number, bad: number[] = []) =>
  Array.from({ length: n }, (_, i) => ({ pathParams: { _id_: bad.includes(i) ? `bad${i}` : String(i) } }));
const FAST = { intervalMs: 1, maxIntervalMs: 5 };

describe('submitBulk', () => {
  test('submits items as one bulk with an idempotency-ref; nothing runs before execute', async () => {
    const { api, bulks, client } = await bulkApi();
    const bulk = await submitBulk(client, ops, '/bulks/cards/_id_/block', ids(3));
    expect(bulk.bulkIds).toEqual(['1000']);
    expect(bulk.operationCount).toBe(3);
    const submit = api.hits[0] as Hit;
    expect(submit.body).toEqual(ids(3));
    expect(submit.headers['idempotency-ref']).toMatch(/^[0-9a-f-]{36}$/);
    expect(bulks.get('1000')?.status).toBe('SUBMITTED');
  });

  test('10,001 items become two bulks of 10,000 and 1', async () => {
    const { api, client } = await bulkApi();
    const bulk = await submitBulk(client, ops, '/bulks/cards/_id_/block', ids(10_001));
    expect(bulk.bulkIds).toHaveLength(2);
    expect(bulk.operationCount).toBe(10_001);
    expect(api.hits.map((h) => (h.body as unknown[]).length)).toEqual([10_000, 1]);
    const refs = api.hits.map((h) => h.headers['idempotency-ref']);
    expect(new Set(refs).size).toBe(2);
  });

  test('a given idempotency-ref is suffixed per bulk', async () => {
    const { api, client } = await bulkApi();
    await submitBulk(client, ops, '/bulks/cards/_id_/block', ids(5), {
      maxOperationsPerBulk: 2,
      idempotencyRef: 'batch-7',
    });
    expect(api.hits.map((h) => h.headers['idempotency-ref'])).toEqual([
      'batch-7-1',
      'batch-7-2',
      'batch-7-3',
    ]);
  });

  test('PATCH bulk operations go out as PATCH (the method comes from the map)', async () => {
    api = await fakeApi(() => ({ status: 201, body: { bulkId: '9', operationCount: 1 } }));
    await submitBulk(fakeClient(api.url), ops, '/bulks/cards/_id_/spend_rules', [
      { pathParams: { _id_: '1' }, requestBody: { allowedMerchantCategories: ['1234'] } },
    ]);
    expect(api.hits[0]?.method).toBe('PATCH');
  });

  test('bad input fails before any request', async () => {
    const { api, client } = await bulkApi();
    await expect(submitBulk(client, ops, '/bulks/cards/_id_/block', [])).rejects.toThrow(/non-empty array/);
    await expect(submitBulk(client, ops, '/bulks/cards/_id_/block', [null])).rejects.toThrow(/item 0/);
    await expect(submitBulk(client, ops, '/cards', ids(1))).rejects.toThrow(
      /not a bulk submit operation \(bulk operations: POST \/bulks\/cards\/_id_\/block, PATCH/,
    );
    await expect(
      submitBulk(client, ops, '/bulks/cards/_id_/block', ids(1), { maxOperationsPerBulk: 10_001 }),
    ).rejects.toThrow(WeavrConfigError);
    expect(api.hits).toHaveLength(0);
  });

  test('a later part failing reports the bulks already submitted', async () => {
    const { client } = await bulkApi({ failSubmitAfter: 2 });
    const err = await submitBulk(client, ops, '/bulks/cards/_id_/block', ids(5), {
      maxOperationsPerBulk: 2,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(WeavrBulkSubmitError);
    expect(err.submittedBulkIds).toEqual(['1000', '1001']);
    expect(err.cause).toBeInstanceOf(WeavrConflictError);
    expect(err.message).toMatch(/bulk 3 of 3 failed after 2 were submitted/);
  });

  test('the first part failing throws the API error itself', async () => {
    const { client } = await bulkApi({ failSubmitAfter: 0 });
    await expect(submitBulk(client, ops, '/bulks/cards/_id_/block', ids(1))).rejects.toBeInstanceOf(
      WeavrConflictError,
    );
  });
});

describe('bulk lifecycle', () => {
  test('execute, then done polls with backoff until COMPLETED, reporting operationStatusCounts', async () => {
    const { api, client } = await bulkApi({ perPoll: 3 });
    const bulk = await submitBulk(client, ops, '/bulks/cards/_id_/block', ids(10));
    await bulk.execute({ mode: 'ON_FAILURE_CONTINUE', webhookInterval: 5 });
    expect(api.hits.at(-1)).toMatchObject({
      method: 'POST',
      path: '/bulks/1000/execute',
      body: { mode: 'ON_FAILURE_CONTINUE', webhookInterval: 5 },
    });
    const progress: BulkProgress[] = [];
    const result = await bulk.done({ ...FAST, onProgress: (p) => progress.push(p) });
    expect(result.status).toBe('COMPLETED');
    expect(result.operationStatusCounts).toEqual({ COMPLETED: 10 });
    expect(progress.map((p) => p.operationStatusCounts.COMPLETED)).toEqual([3, 6, 9, 10]);
    expect(result.bulks[0]).toMatchObject({ bulkId: '1000', status: 'COMPLETED' });
  });

  test('failures() lists the failed operations with their payloads, across pages', async () => {
    const bad = Array.from({ length: 130 }, (_, i) => i * 2);
    const { api, client } = await bulkApi({ perPoll: 1000 });
    const bulk = await submitBulk(client, ops, '/bulks/cards/_id_/block', ids(300, bad));
    await bulk.execute({ mode: 'ON_FAILURE_CONTINUE' });
    const result = await bulk.done(FAST);
    expect(result.status).toBe('PARTIALLY_COMPLETED');
    expect(result.operationStatusCounts).toEqual({ COMPLETED: 170, FAILED: 130 });
    const failed = [];
    for await (const f of bulk.failures()) failed.push(f);
    expect(failed).toHaveLength(130);
    expect(failed[0]).toMatchObject({ bulkId: '1000', status: 'FAILED', sequence: 0 });
    expect(JSON.parse(failed[0]?.responsePayload ?? '{}')).toEqual({
      errorCode: 'INSTRUMENT_ALREADY_BLOCKED',
    });
    const pages = api.hits.filter((h) => h.path === '/bulks/1000/operations');
    expect(pages.map((h) => [h.query.get('status'), h.query.get('offset')])).toEqual([
      ['FAILED', '0'],
      ['FAILED', '100'],
    ]);
  });

  test('several bulks run one after another; ON_FAILURE_CONTINUE runs them all', async () => {
    const { api, bulks, client } = await bulkApi({ perPoll: 100 });
    const bulk = await submitBulk(client, ops, '/bulks/cards/_id_/block', ids(5, [1]), {
      maxOperationsPerBulk: 2,
    });
    await bulk.execute({ mode: 'ON_FAILURE_CONTINUE' });
    // Only the first bulk starts at once.
    expect([...bulks.values()].map((b) => b.status)).toEqual(['RUNNING', 'SUBMITTED', 'SUBMITTED']);
    const result = await bulk.done(FAST);
    expect(result.status).toBe('PARTIALLY_COMPLETED');
    expect(result.bulks.map((b) => b?.status)).toEqual(['PARTIALLY_COMPLETED', 'COMPLETED', 'COMPLETED']);
    expect(result.operationStatusCounts).toEqual({ COMPLETED: 4, FAILED: 1 });
    const executes = api.hits.filter((h) => h.path.endsWith('/execute')).map((h) => h.path);
    expect(executes).toEqual(['/bulks/1000/execute', '/bulks/1001/execute', '/bulks/1002/execute']);
  });

  test('ON_FAILURE_STOP does not start the next bulk after a failure', async () => {
    const { api, client } = await bulkApi({ perPoll: 100 });
    const bulk = await submitBulk(client, ops, '/bulks/cards/_id_/block', ids(6, [3]), {
      maxOperationsPerBulk: 2,
    });
    await bulk.execute({ mode: 'ON_FAILURE_STOP' });
    const result = await bulk.done(FAST);
    expect(result.bulks.map((b) => b?.status)).toEqual(['COMPLETED', 'PARTIALLY_COMPLETED', 'SUBMITTED']);
    expect(result.status).toBe('PARTIALLY_COMPLETED');
    expect(api.hits.filter((h) => h.path.endsWith('/execute'))).toHaveLength(2);
  });

  test('pause, resume and cancel act on the running bulk; cancel also stops the bulks not run yet', async () => {
    const { bulks, client } = await bulkApi({ perPoll: 1 });
    const bulk = await submitBulk(client, ops, '/bulks/cards/_id_/block', ids(4), {
      maxOperationsPerBulk: 2,
    });
    await bulk.execute({ mode: 'ON_FAILURE_CONTINUE' });
    await bulk.pause();
    expect(bulks.get('1000')?.status).toBe('PAUSED');
    await bulk.resume();
    expect(bulks.get('1000')?.status).toBe('RUNNING');
    await bulk.cancel();
    expect([...bulks.values()].map((b) => b.status)).toEqual(['CANCELLED', 'CANCELLED']);
    const result = await bulk.done(FAST);
    expect(result.status).toBe('CANCELLED');
  });

  test('a paused bulk is waited for until it is resumed', async () => {
    const { client } = await bulkApi({ perPoll: 1 });
    const bulk = await submitBulk(client, ops, '/bulks/cards/_id_/block', ids(3));
    await bulk.execute({ mode: 'ON_FAILURE_CONTINUE' });
    await bulk.pause();
    let polls = 0;
    const result = await bulk.done({
      ...FAST,
      onProgress: (p) => {
        if (++polls === 5) {
          expect(p.status).toBe('PAUSED');
          void bulk.resume();
        }
      },
    });
    expect(result.status).toBe('COMPLETED');
    expect(polls).toBeGreaterThan(5);
  });

  test('done() stops waiting when the signal fires', async () => {
    const { client } = await bulkApi({ perPoll: 0 });
    const bulk = await submitBulk(client, ops, '/bulks/cards/_id_/block', ids(2));
    await bulk.execute({ mode: 'ON_FAILURE_CONTINUE' });
    const controller = new AbortController();
    let polls = 0;
    const err = await bulk
      .done({
        ...FAST,
        signal: controller.signal,
        onProgress: () => {
          if (++polls === 3) controller.abort();
        },
      })
      .catch((e) => e);
    expect(err?.name).toBe('WeavrAbortError');
    expect(polls).toBe(3);
  });

  test('done() before execute() says so', async () => {
    const { client } = await bulkApi();
    const bulk = await submitBulk(client, ops, '/bulks/cards/_id_/block', ids(2));
    await expect(bulk.done(FAST)).rejects.toThrow(/has not been executed: call execute\(\{ mode \}\) first/);
    await expect(bulk.execute({ mode: 'SOMETIMES' as never })).rejects.toThrow(/mode must be/);
  });

  test('openBulk watches a bulk started elsewhere', async () => {
    const { client } = await bulkApi({ perPoll: 10 });
    const started = await submitBulk(client, ops, '/bulks/cards/_id_/block', ids(12));
    await started.execute({ mode: 'ON_FAILURE_CONTINUE' });
    const again = openBulk(client, ops, started.bulkIds[0] as string);
    const result = await again.done(FAST);
    expect(result.status).toBe('COMPLETED');
    expect(again.operationCount).toBe(12);
    const status = await again.status();
    expect(status.operationStatusCounts).toEqual({ COMPLETED: 12 });
  });
});
