import { WeavrConfigError } from '@weavr-sdk/core';
import { WebhookHeaderError } from './errors.js';

/**
 * Request headers in any of the shapes servers hand them over: a web `Headers`, Node's
 * `IncomingHttpHeaders` (lower-case keys, arrays for repeated headers), a plain record in any case, or a
 * list of `[name, value]` pairs.
 */
export type WebhookHeaders =
  | Headers
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | Iterable<readonly [string, string]>;

/** All values of one header, whatever the input shape (names compared case-insensitively). */
function valuesOf(headers: WebhookHeaders, name: string): string[] {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    const v = headers.get(name);
    // A web `Headers` joins repeated values with ", "; none of the headers read here may contain a comma.
    return v === null ? [] : [v];
  }
  const out: string[] = [];
  const add = (v: unknown) => {
    if (Array.isArray(v)) for (const x of v) out.push(String(x));
    else if (v !== undefined && v !== null) out.push(String(v));
  };
  if (Symbol.iterator in headers && typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const [k, v] of headers as Iterable<readonly [string, string]>) if (k.toLowerCase() === name) add(v);
    return out;
  }
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) add(v);
  return out;
}

/** One header's value, or undefined when absent; a repeated header is refused rather than guessed at. */
export function readHeader(headers: WebhookHeaders, name: string): string | undefined {
  const values = valuesOf(headers, name);
  if (values.length > 1) {
    throw new WebhookHeaderError('MALFORMED_HEADER', name, `${name} header is repeated; Weavr sends it once`);
  }
  const v = values[0];
  return v === undefined || v === '' ? undefined : v;
}

export function requireHeader(headers: WebhookHeaders, name: string, why: string): string {
  const v = readHeader(headers, name);
  if (v === undefined)
    throw new WebhookHeaderError('MISSING_HEADER', name, `${name} header is missing: ${why}`);
  return v;
}

/** Checks the headers argument itself, so a wrong value fails with a clear message. */
export function checkHeadersArgument(where: string, headers: unknown): asserts headers is WebhookHeaders {
  if (!headers || typeof headers !== 'object') {
    throw new WeavrConfigError(
      `${where}: headers must be the request's headers (a Headers object or a record), got ${headers === null ? 'null' : typeof headers}`,
    );
  }
}
