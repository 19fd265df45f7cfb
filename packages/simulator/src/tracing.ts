/**
 * Tracing, as its own entry point so that an app that does not trace never bundles it:
 * `createSimulatorClient({ apiKey, tracing: openTelemetry(trace.getTracer('my-app')) })`.
 */
export * from '@weavr-sdk/core/tracing';
