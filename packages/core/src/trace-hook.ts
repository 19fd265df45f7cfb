/**
 * The `tracing` option's contract: the value a tracing entry point (`@weavr-sdk/core/tracing`, re-exported by
 * each client package as `<package>/tracing`) makes, so a client that never traces carries none of its code.
 * Types only.
 */

/** What a trace is told of a call: never a header, a body, a query or a path parameter's value. */
export interface TracedCall {
  readonly method: string;
  /** The spec path, e.g. `/managed_cards/{id}`. */
  readonly path: string;
  /** The URL sent; its origin names the server. */
  readonly url: string;
  readonly operationId?: string | undefined;
  readonly idempotencyRef?: string | undefined;
}

/** What the retry loop reports to a traced call. */
export interface CallTrace {
  /** Another attempt follows `delayMs` from now, after `after` (a status code or an error type). */
  retry(attempt: number, delayMs: number, after: string): void;
}

/**
 * A tracing hook for the `tracing` option, such as `openTelemetry(tracer)` from `<package>/tracing`. It runs each
 * call (`run`) inside whatever it records, and resolves or rejects as `run` does.
 */
export interface Tracing {
  traceCall(call: TracedCall, run: (trace: CallTrace) => Promise<TracedResult>): Promise<TracedResult>;
}

/** What a traced call resolves with (the call's result, of which a trace reads these). */
export interface TracedResult {
  readonly response: Response;
  readonly requestRef: string | undefined;
}
