/**
 * `fetch` as a transport: the platform's (`globalThis.fetch`, the only one in browsers, workers, Bun and Deno),
 * the caller's `fetch` option, or the proxy's. It moves bytes only: the response's status and headers, and its
 * body as a stream for the attempt to read. An `AbortSignal` is built for the request here (fetch needs one),
 * and a fetch that ignores it still ends when the attempt is cut.
 */
import type { AttemptSignal, ByteSource, Transport, WireRequest, WireResponse } from '../wire.js';

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
      return wireOf(response, signal, controller);
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

/**
 * A fetch `Response` as the attempt reads it. When the attempt is cut, its reader is cancelled: a pending read
 * then ends at once (even from a fetch that ignores its signal) and rejects with the cut's reason.
 */
export function wireOf(
  response: Response,
  signal?: AttemptSignal,
  controller?: AbortController,
): WireResponse {
  return {
    status: response.status,
    statusText: response.statusText,
    header: (name) => response.headers.get(name),
    body: response.body ? readerSource(response.body, signal, controller) : null,
    // The platform's own response (its body already read by the attempt, or handed over as a stream).
    toResponse: () => response,
  };
}

function readerSource(
  body: ReadableStream<Uint8Array>,
  signal: AttemptSignal | undefined,
  controller: AbortController | undefined,
): ByteSource {
  const reader = body.getReader();
  const cancel = () => {
    controller?.abort();
    reader.cancel().catch(() => {});
  };
  signal?.onAbort(cancel);
  return {
    next: () =>
      reader.read().then((r) => {
        if (signal?.aborted) throw signal.reason;
        return r.done ? undefined : r.value;
      }),
    cancel,
  };
}
