/**
 * `fetch` as a transport: the platform's (`globalThis.fetch`, the only one in browsers, workers, Bun and Deno),
 * the caller's `fetch` option, or the proxy's. It moves bytes only: the response's status and headers, and its
 * body as a stream for the attempt to read. A fetch that ignores its signal still ends when the attempt is cut.
 */
import type { AttemptSignal, ByteSource, Transport, WireRequest, WireResponse } from '../wire.js';

export type FetchLike = (request: Request, init?: RequestInit) => Promise<Response>;

/**
 * A fetch transport. With `custom`, the function is called as the `fetch` option documents: with a `Request`
 * and `{ signal }`; without, `globalThis.fetch` gets the URL and init as they are (no `Request` to copy).
 */
export function fetchTransport(custom?: FetchLike): Transport {
  return {
    send: (request, cut) =>
      new Promise((resolve, reject) => {
        const link = new Link(cut);
        // Settles the attempt when it is cut, whether or not the fetch honours its signal.
        cut.onAbort(() => {
          link.abort();
          reject(cut.reason);
        });
        call(custom, request, link).then((response) => resolve(wireOf(response, link)), reject);
      }),
  };
}

/**
 * One attempt's tie to its fetch: the `AbortSignal` handed to fetch (made when first read) and the body's
 * reader, both released when the attempt is cut (one listener on the attempt for both, no promise race).
 */
class Link {
  private controller: AbortController | undefined;
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  constructor(readonly cut: AttemptSignal) {}
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.cut.aborted) this.controller.abort(this.cut.reason);
    }
    return this.controller.signal;
  }
  abort(): void {
    this.controller?.abort(this.cut.reason);
    this.reader?.cancel().catch(() => {});
  }
}

const LINK = Symbol('weavr.link');
/** Shared by every call: one accessor reading the attempt's signal off the init it is defined on. */
const SIGNAL: PropertyDescriptor = {
  enumerable: true,
  get(this: { [LINK]: Link }) {
    return this[LINK].signal;
  },
};

/**
 * A custom fetch's init, `{ signal }`, whose signal is made only if the fetch reads it: an `AbortSignal` costs
 * more than the rest of this transport's own work per call (see the bench's overhead section), and many a
 * custom fetch (a test double, a cache) never looks at it. The accessor is an own, enumerable property, so
 * `{ ...init }` still carries the signal. An attempt cut before the signal is read makes it already aborted.
 */
function lazySignal(link: Link): RequestInit {
  const init = { [LINK]: link } as RequestInit;
  Object.defineProperty(init, 'signal', SIGNAL);
  return init;
}

function call(custom: FetchLike | undefined, request: WireRequest, link: Link): Promise<Response> {
  // The signal goes in fetch's second argument, never into a `Request` (a Request following a signal costs
  // three times one without).
  if (request.base)
    return (custom ?? fetch)(new Request(request.base, { body: request.body, redirect: 'manual' }), {
      signal: link.signal,
    });
  const init: RequestInit = {
    ...request.extra,
    method: request.method,
    headers: request.headers as Record<string, string>,
    body: request.body,
    redirect: 'manual',
  };
  if (custom) return custom(new Request(request.url, init), lazySignal(link));
  init.signal = link.signal;
  return fetch(request.url, init);
}

/**
 * A fetch `Response` as the attempt reads it. When the attempt is cut, its reader is cancelled: a pending read
 * then ends at once (even from a fetch that ignores its signal) and rejects with the cut's reason.
 */
export function wireOf(response: Response, link?: Link): WireResponse {
  return {
    status: response.status,
    statusText: response.statusText,
    header: (name) => response.headers.get(name),
    body: response.body ? readerSource(response.body, link) : null,
    // The platform's own response (its body already read by the attempt, or handed over as a stream).
    toResponse: () => response,
    response,
  };
}

function readerSource(body: ReadableStream<Uint8Array>, link: Link | undefined): ByteSource {
  const reader = body.getReader();
  if (link) link.reader = reader;
  const cut = link?.cut;
  return {
    next: async () => {
      const r = await reader.read();
      if (cut?.aborted) throw cut.reason;
      return r.done ? undefined : r.value;
    },
    cancel: () => (link ? link.abort() : reader.cancel().catch(() => {})),
  };
}
