import {
  type ClientOptions,
  createWeavrClient,
  FLAG_BEARER_OPTIONAL,
  FLAG_BEARER_REQUIRED,
  FLAG_IDEMPOTENCY_REF,
  type Interceptor,
  type OperationInfo,
} from '../src/internal.js';

/** A hand-built operation map shaped like the generated ones (the workflow helpers read only this). */
const op = (method: string, path: string, extra: Partial<OperationInfo> = {}): OperationInfo => ({
  method,
  path,
  operationId: `${method.toLowerCase()}${path}`,
  security: [['apiKey', 'bearer']],
  bearer: 'required',
  idempotencyRef: false,
  ...extra,
});
const list = (itemField: string, maxLimit = 100, limitParam = 'limit') => ({
  list: { itemField, limitParam, maxLimit },
});

export const ops: Record<string, OperationInfo> = Object.fromEntries(
  [
    op('POST', '/access_token', { bearer: 'none', security: [['apiKey']] }),
    op('GET', '/cards', list('cards')),
    op('GET', '/cards/{id}'),
    op('GET', '/transfers', list('transfer')),
    op('GET', '/accounts/{id}/statement', {
      ...list('entries', 500),
      media: ['application/pdf', 'text/csv'],
    }),
    op('GET', '/wires/{id}/confirmation', { media: ['application/pdf'] }),
    op('POST', '/bulks/cards/_id_/block', { idempotencyRef: true, bulk: { maxItems: 10_000 } }),
    op('PATCH', '/bulks/cards/_id_/spend_rules', { idempotencyRef: true, bulk: { maxItems: 10_000 } }),
    op('GET', '/bulks/{bulk_id}'),
    op('GET', '/bulks/{bulk_id}/operations', list('operations')),
    op('POST', '/bulks/{bulk_id}/execute'),
    op('POST', '/bulks/{bulk_id}/pause'),
    op('POST', '/bulks/{bulk_id}/resume'),
    op('POST', '/bulks/{bulk_id}/cancel'),
    op('POST', '/things', { idempotencyRef: true }),
  ].map((o) => [`${o.method} ${o.path}`, o]),
);

const runtime = {
  apiKeyHeader: 'api-key',
  ops: Object.fromEntries(
    Object.entries(ops).map(([k, o]) => [
      k,
      [
        (o.bearer === 'required'
          ? FLAG_BEARER_REQUIRED
          : o.bearer === 'optional'
            ? FLAG_BEARER_OPTIONAL
            : 0) | (o.idempotencyRef ? FLAG_IDEMPOTENCY_REF : 0),
        o.operationId,
      ] as const,
    ]),
  ),
  query: {},
};

// biome-ignore lint/suspicious/noExplicitAny: tests call the hand-built paths untyped
type Call = (path: string, init?: Record<string, any>) => Promise<any>;
export interface FakeClient {
  GET: Call;
  POST: Call;
  PATCH: Call;
  PUT: Call;
  DELETE: Call;
  HEAD: Call;
  withOptions(o: Partial<ClientOptions>): FakeClient;
  intercept(i: Interceptor): FakeClient;
}

export function fakeClient(baseUrl: string, options: Partial<ClientOptions> = {}): FakeClient {
  return createWeavrClient(
    { name: 'fakeClient', defaultBaseUrl: baseUrl, runtime },
    { apiKey: 'sk_test_key_0123456789', baseUrl, maxRetries: 0, logLevel: 'off', ...options },
  ) as unknown as FakeClient;
}

export { type Answer, fakeApi, type Hit } from '@weavr-sdk/testing';

import type { Answer, Hit } from '@weavr-sdk/testing';

/** Serves `total` numbered items from an offset/limit list, like Weavr does. */
export function listPage(hit: Hit, field: string, total: number, countField = true): Answer {
  const offset = Number(hit.query.get('offset') ?? 0);
  const limit = Number(hit.query.get('limit') ?? 100);
  const items = [];
  for (let i = offset; i < Math.min(total, offset + limit); i++) items.push({ id: String(i + 1) });
  return {
    body: { [field]: items, ...(countField ? { count: total } : {}), responseCount: items.length },
  };
}
