/**
 * OpenTelemetry tracing through the real SDK: the `tracing` option (`openTelemetry` from `@weavr-sdk/multi/tracing`)
 * with the OpenTelemetry SDK's in-memory
 * exporter, calls against a local node:http server. One CLIENT span per call, the HTTP client attributes,
 * the Weavr refs, an event per retry, error types; and nothing secret, no body, no path parameter value.
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createMultiClient, WeavrConfigError, WeavrTimeoutError } from '@weavr-sdk/multi';
import { openTelemetry } from '@weavr-sdk/multi/tracing';
import { type Answer, fakeApi } from '@weavr-sdk/testing';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';

const API_KEY = 'api-key-SECRET-1234';
const TOKEN = 'bearer-SECRET-5678';
const CARD_ID = '110141187013853702';
const PROFILE_ID = '110141189013853702';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let answers: Array<Answer | Promise<Answer>> = [];
let api: Awaited<ReturnType<typeof fakeApi>>;

beforeAll(async () => {
  api = await fakeApi(() => answers.shift() ?? { status: 500 });
});
afterAll(async () => {
  await api.close();
  await provider.shutdown();
});
afterEach(() => {
  exporter.reset();
  answers = [];
  api.hits.length = 0;
});

function client(options: { timeoutMs?: number; maxRetries?: number } = {}) {
  return createMultiClient({
    apiKey: API_KEY,
    token: TOKEN,
    baseUrl: api.url,
    tracing: openTelemetry(provider.getTracer('weavr-sdk-test')),
    backoff: { initialDelayMs: 1, maxDelayMs: 5 },
    logLevel: 'off',
    ...options,
  });
}

function onlySpan(): ReadableSpan {
  const spans = exporter.getFinishedSpans();
  expect(spans).toHaveLength(1);
  return spans[0] as ReadableSpan;
}

/** Everything a span carries that an exporter would send, as text. */
function exported(span: ReadableSpan): string {
  return JSON.stringify({
    name: span.name,
    attributes: span.attributes,
    events: span.events,
    status: span.status,
  });
}

const port = () => Number(new URL(api.url).port);

test('a POST retried once: one CLIENT span, HTTP client attributes, Weavr refs, a retry event', async () => {
  answers = [
    { status: 503 },
    { status: 200, body: { id: '1', state: 'COMPLETED' }, headers: { 'request-ref': 'rr-42' } },
  ];
  const body = {
    profileId: PROFILE_ID,
    source: { type: 'managed_accounts' as const, id: '110141186813853702' },
    destination: { type: 'managed_cards' as const, id: CARD_ID },
    destinationAmount: { currency: 'EUR', amount: 1000 },
  };
  const result = await client().POST('/transfers', { body });
  expect(result.response.status).toBe(200);
  const span = onlySpan();
  expect(span.name).toBe('POST /transfers');
  expect(span.kind).toBe(2); // SpanKind.CLIENT
  expect(span.attributes).toEqual({
    'http.request.method': 'POST',
    'url.template': '/transfers',
    'server.address': '127.0.0.1',
    'server.port': port(),
    'weavr.operation_id': 'transferCreate',
    'weavr.idempotency_ref': result.idempotencyRef,
    'http.response.status_code': 200,
    'weavr.request_ref': 'rr-42',
    'http.request.resend_count': 1,
  });
  expect(span.events.map((e) => [e.name, e.attributes])).toEqual([
    [
      'weavr.retry',
      { 'weavr.attempt': 2, 'weavr.retry_delay_ms': expect.any(Number), 'weavr.retry_after': '503' },
    ],
  ]);
  expect(span.status.code).toBe(0); // UNSET: the call succeeded
  const text = exported(span);
  for (const secret of [API_KEY, TOKEN, PROFILE_ID, CARD_ID, 'EUR']) expect(text).not.toContain(secret);
});

test('a 404: error.type is the status, the span is an error, the path parameter value is not recorded', async () => {
  answers = [
    { status: 404, body: { errorCode: 'INSTRUMENT_NOT_FOUND' }, headers: { 'request-ref': 'rr-404' } },
  ];
  const result = await client().GET('/managed_cards/{id}', { params: { path: { id: CARD_ID } } });
  expect(result.response.status).toBe(404);
  const span = onlySpan();
  expect(span.name).toBe('GET /managed_cards/{id}');
  expect(span.attributes).toMatchObject({
    'url.template': '/managed_cards/{id}',
    'http.response.status_code': 404,
    'error.type': '404',
    'weavr.request_ref': 'rr-404',
  });
  expect(span.attributes['weavr.idempotency_ref']).toBeUndefined(); // a GET declares none
  expect(span.status.code).toBe(2); // ERROR
  expect(span.events).toEqual([]);
  const text = exported(span);
  for (const secret of [API_KEY, TOKEN, CARD_ID, 'INSTRUMENT_NOT_FOUND']) expect(text).not.toContain(secret);
});

test('a timeout: error.type is the error class, every retry an event, no status code', async () => {
  const never = new Promise<Answer>(() => {});
  answers = [never, never];
  await expect(
    client({ timeoutMs: 50, maxRetries: 1 }).GET('/managed_cards/{id}', {
      params: { path: { id: CARD_ID } },
    }),
  ).rejects.toThrow(WeavrTimeoutError);
  const span = onlySpan();
  expect(span.attributes['error.type']).toBe('WeavrTimeoutError');
  expect(span.attributes['http.response.status_code']).toBeUndefined();
  expect(span.attributes['http.request.resend_count']).toBe(1);
  expect(span.events.map((e) => e.attributes?.['weavr.retry_after'])).toEqual(['timeout']);
  expect(span.status.code).toBe(2);
  expect(span.ended).toBe(true);
});

test('the span is a child of the caller’s active span', async () => {
  // What an application's OpenTelemetry setup registers; the SDK itself registers nothing.
  const contexts = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contexts);
  try {
    answers = [{ status: 200, body: { cards: [], count: 0, responseCount: 0 } }];
    const parent = provider.getTracer('app').startSpan('checkout');
    await context.with(trace.setSpan(context.active(), parent), () => client().GET('/managed_cards'));
    parent.end();
    const child = exporter.getFinishedSpans().find((s) => s.name === 'GET /managed_cards');
    expect(child?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(child?.spanContext().traceId).toBe(parent.spanContext().traceId);
  } finally {
    context.disable();
  }
});

test('without tracing nothing is traced; a hook or tracer that is not one is refused when the client is built', async () => {
  answers = [{ status: 200, body: { cards: [], count: 0, responseCount: 0 } }];
  await createMultiClient({ apiKey: API_KEY, baseUrl: api.url, logLevel: 'off' }).GET('/managed_cards');
  expect(exporter.getFinishedSpans()).toEqual([]);
  expect(() => createMultiClient({ apiKey: API_KEY, tracing: {} as never })).toThrow(WeavrConfigError);
  expect(() => openTelemetry({} as never)).toThrow(WeavrConfigError);
  // The option before tracing had its own entry point: refused with the way to migrate, not ignored.
  expect(() => createMultiClient({ apiKey: API_KEY, tracer: provider.getTracer('old') } as never)).toThrow(
    /openTelemetry\(trace\.getTracer\('my-app'\)\).*@weavr-sdk\/multi\/tracing/,
  );
});
