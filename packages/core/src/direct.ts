/**
 * What openapi-fetch builds in place of a `Request` on the direct path (default `fetch`, no middleware): the
 * URL and the RequestInit it would have built the `Request` from, kept as they are. `send.ts` then calls
 * `fetch(url, init)`, exactly what `fetch(new Request(url, init))` sends, without building a `Request` that
 * `fetch` would copy again (for a POST, moving its body into a new stream each time).
 *
 * Only a string body (or none) is kept this way; anything else, or a URL `fetch` could not parse, gets a real
 * `Request` (which throws its usual error for a bad URL), so those calls keep the Request path.
 */
export class DirectRequest {
  readonly url!: string;
  readonly method!: string;
  readonly body!: string | null;
  readonly init!: RequestInit;

  constructor(url: string, init: RequestInit) {
    const body = init.body ?? null;
    if ((body !== null && typeof body !== 'string') || !canParse(url)) {
      // biome-ignore lint/correctness/noConstructorReturn: a real Request for what the direct path cannot send
      return new Request(url, init) as unknown as DirectRequest;
    }
    this.url = url;
    this.method = init.method ?? 'GET';
    this.body = body;
    this.init = init;
  }
}

/** `URL.canParse` where the runtime has it (Node 18.17+, current browsers); else leave it to `fetch`. */
const canParse: (url: string) => boolean =
  typeof URL.canParse === 'function' ? (url) => URL.canParse(url) : () => true;
