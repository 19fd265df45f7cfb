/**
 * `fetch` as a transport: the platform's (`globalThis.fetch`, the only one in browsers, workers, Bun and Deno),
 * the caller's `fetch` option, or the proxy's. It moves bytes only: the response's status and headers, and its
 * body as a stream for the attempt to read. An `AbortSignal` is built for the request here (fetch needs one),
 * and a fetch that ignores it still ends when the attempt is cut.
 */
import type { ByteSource, Transport, WireRequest, WireResponse } from '../wire.js';

export type FetchLike = (request: Request, init?: RequestInit) => Promise<Response>;

/**
 * A fetch transport. With `custom`, the function is called as the `fetch` option documents: with a `Request`
 * and `{ signal }`; without, `globalThis.fetch` gets the URL and init as they are (no `Request` to copy).
 */
export function fetchTransport(custom?: FetchLike): Transport {
  return {
    async send(request, signal) {
      const controller = new AbortController();
      const cutShort = new Promise<never>((_, reject) =>
        signal.onAbort(() => {
          controller.abort(signal.reason);
          reject(signal.reason);
        }),
      );
      cutShort.catch(() => {});
      const response = await Promise.race([call(custom, request, controller.signal), cutShort]);
      return wireOf(response, cutShort, controller);
    },
  };
}

function call(custom: FetchLike | undefined, request: WireRequest, signal: AbortSignal): Promise<Response> {
  if (request.base)
    return (custom ?? fetch)(new Request(request.base, { body: request.body, redirect: 'manual' }), {
      signal,
    });
  const init: RequestInit = {
    ...request.extra,
    method: request.method,
    headers: request.headers as Record<string, string>,
    body: request.body,
    redirect: 'manual',
  };
  if (custom) return custom(new Request(request.url, init), { signal });
  init.signal = signal;
  return fetch(request.url, init);
}

/** A fetch `Response` as the attempt reads it; `cutShort` rejects when the attempt is cut. */
export function wireOf(
  response: Response,
  cutShort?: Promise<never>,
  controller?: AbortController,
): WireResponse {
  return {
    status: response.status,
    statusText: response.statusText,
    header: (name) => response.headers.get(name),
    body: response.body ? readerSource(response.body, cutShort, controller) : null,
    // The platform's own response (its body already read by the attempt, or handed over as a stream).
    toResponse: () => response,
  };
}

function readerSource(
  body: ReadableStream<Uint8Array>,
  cutShort: Promise<never> | undefined,
  controller: AbortController | undefined,
): ByteSource {
  const reader = body.getReader();
  return {
    async next() {
      const { done, value } = await (cutShort ? Promise.race([reader.read(), cutShort]) : reader.read());
      return done ? undefined : value;
    },
    cancel() {
      controller?.abort();
      reader.cancel().catch(() => {});
    },
  };
}
