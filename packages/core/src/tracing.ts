/**
 * OpenTelemetry tracing, its own entry point (`@weavr-sdk/core/tracing`, re-exported as `<package>/tracing`): an
 * app that does not trace never bundles it. `openTelemetry(tracer)` is the value of the `tracing` option.
 */
import { WeavrConfigError } from './errors.js';
import type { CallTrace, TracedCall, TracedResult, Tracing } from './trace-hook.js';

export type { CallTrace, TracedCall, TracedResult, Tracing } from './trace-hook.js';

type AttributeValue = string | number | boolean;

/**
 * The part of an OpenTelemetry `Span` the SDK uses. Declared here rather than imported, so that
 * `@opentelemetry/api` stays an optional peer: a project without
 * the package type-checks.
 */
export interface SpanLike {
  setAttribute(key: string, value: AttributeValue): unknown;
  addEvent(name: string, attributes?: Record<string, AttributeValue>): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}

/** The part of an OpenTelemetry `Tracer` the SDK uses: `trace.getTracer('my-app')` from `@opentelemetry/api` fits. */
export interface TracerLike {
  startSpan(
    name: string,
    options?: { kind?: number; attributes?: Record<string, AttributeValue | undefined> },
  ): SpanLike;
}

// OpenTelemetry's SpanKind.CLIENT and SpanStatusCode.ERROR (stable values of the API's enums).
const SPAN_KIND_CLIENT = 2;
const STATUS_ERROR = 2;

/**
 * Tracing with OpenTelemetry: each call one CLIENT span following OpenTelemetry's HTTP client conventions, named
 * `METHOD /spec/path`, with `http.request.method`, `url.template` (the spec path: never a path parameter's
 * value), `server.address`, `server.port`, `http.response.status_code`, `http.request.resend_count` and
 * `error.type`, plus `weavr.operation_id`, `weavr.request_ref` and `weavr.idempotency_ref`, and a
 * `weavr.retry` event per retry. No header, body, query or full URL is recorded.
 * @param tracer `trace.getTracer('my-app')` from `@opentelemetry/api` (an optional peer), or anything with its `startSpan`
 * @example createMultiClient({ apiKey, tracing: openTelemetry(trace.getTracer('payments')) })
 */
export function openTelemetry(tracer: TracerLike): Tracing {
  if (typeof (tracer as TracerLike | undefined)?.startSpan !== 'function')
    throw new WeavrConfigError(
      "openTelemetry: expected an OpenTelemetry Tracer, e.g. trace.getTracer('my-app') from @opentelemetry/api",
    );
  const hook: Tracing = { traceCall: (call, run) => traced(tracer, call, run) };
  return Object.freeze(hook);
}

async function traced(
  tracer: TracerLike,
  meta: TracedCall,
  run: (trace: CallTrace) => Promise<TracedResult>,
): Promise<TracedResult> {
  const server = new URL(meta.url);
  const span = tracer.startSpan(`${meta.method} ${meta.path}`, {
    kind: SPAN_KIND_CLIENT,
    attributes: {
      'http.request.method': meta.method,
      'url.template': meta.path,
      'server.address': server.hostname,
      'server.port': Number(server.port) || (server.protocol === 'https:' ? 443 : 80),
      'weavr.operation_id': meta.operationId,
      'weavr.idempotency_ref': meta.idempotencyRef,
    },
  });
  let resends = 0;
  const trace: CallTrace = {
    retry(attempt, delayMs, after) {
      resends++;
      span.addEvent('weavr.retry', {
        'weavr.attempt': attempt,
        'weavr.retry_delay_ms': delayMs,
        'weavr.retry_after': after,
      });
    },
  };
  const finish = (status: number | undefined, requestRef: string | undefined, errorType?: string) => {
    if (status) span.setAttribute('http.response.status_code', status);
    if (requestRef) span.setAttribute('weavr.request_ref', requestRef);
    if (resends) span.setAttribute('http.request.resend_count', resends);
    const type = errorType ?? (status !== undefined && status >= 400 ? String(status) : undefined);
    if (type) {
      span.setAttribute('error.type', type);
      span.setStatus({ code: STATUS_ERROR });
    }
    span.end();
  };
  try {
    const result = await run(trace);
    finish(result.response.status, result.requestRef);
    return result;
  } catch (e) {
    const err = e as { name?: unknown; status?: unknown; requestRef?: unknown };
    const status = typeof err.status === 'number' ? err.status : undefined;
    const typedByStatus = status !== undefined && status >= 400;
    finish(
      status,
      typeof err.requestRef === 'string' ? err.requestRef : undefined,
      typedByStatus ? String(status) : typeof err.name === 'string' ? err.name : 'Error',
    );
    throw e;
  }
}
