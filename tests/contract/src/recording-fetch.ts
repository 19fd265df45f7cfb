/** What the client actually put on the wire for one request. */
export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** Options for `recordingFetch`. */
export interface RecordingOptions {
  /**
   * Header names removed before the request leaves (recorded as sent, i.e. without them): how a case sends a
   * request with no API key, which the client itself refuses to do.
   * @default []
   */
  strip?: readonly string[];
}

/**
 * A `fetch` to inject into a client: records each outgoing request's method, URL and headers, then hands it to
 * the real `fetch`. Injected per client, never installed globally.
 */
export function recordingFetch(options: RecordingOptions = {}) {
  const sent: SentRequest[] = [];
  const strip = (options.strip ?? []).map((h) => h.toLowerCase());
  const fetchFn = (request: Request, init?: RequestInit): Promise<Response> => {
    let outgoing = request;
    if (strip.length) {
      const headers = new Headers(request.headers);
      for (const h of strip) headers.delete(h);
      outgoing = new Request(request, { headers });
    }
    sent.push({
      method: outgoing.method,
      url: outgoing.url,
      headers: Object.fromEntries(outgoing.headers.entries()),
    });
    // Prism closes a keep-alive socket after 5 s idle; on a loaded machine the client's own idle timer fires
    // late and a request can leave on a socket already closing (ECONNRESET before any answer). That is the
    // socket pool, not the request under test: send the same bytes once more on a fresh connection, without
    // recording a second request (the SDK's own retries, off here, are tested in core).
    const spare = outgoing.clone();
    return globalThis.fetch(outgoing, init).catch((e: unknown) => {
      if (!staleSocket(e) || init?.signal?.aborted) throw e;
      return globalThis.fetch(spare, init);
    });
  };
  return { fetch: fetchFn, sent };
}

/** A request that met a closing keep-alive socket: reset or closed before any response. */
function staleSocket(error: unknown): boolean {
  for (let e = error, n = 0; e && typeof e === 'object' && n < 4; e = (e as { cause?: unknown }).cause, n++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return true;
  }
  return false;
}
