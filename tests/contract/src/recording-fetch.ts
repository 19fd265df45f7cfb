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
    return globalThis.fetch(outgoing, init);
  };
  return { fetch: fetchFn, sent };
}
