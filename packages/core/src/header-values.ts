import { WeavrConfigError } from './errors.js';

/** A header name as RFC 9110 allows it (a token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Throws unless `value` can go in a header as it is: no control character but tab (CR and LF would split
 * the header; NUL and DEL are refused by `fetch`), nothing above Latin-1. The error names the header and
 * never quotes the value, which may be a key or a token.
 */
export function checkHeaderValue(where: string, name: string, value: string): void {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127 || c > 255)
      throw new WeavrConfigError(
        `${where}: the ${name} header value contains a ${c > 255 ? 'non-Latin-1' : 'control'} character (at ${i}); it cannot be sent`,
      );
  }
}

/**
 * Flattens caller headers (a plain object, `Headers` or entry pairs) into lower-cased name → value, checking
 * names and values; `null`/`undefined` values are dropped (openapi-fetch's way of unsetting a header).
 * `reserved` names belong to the SDK and are refused.
 */
export function callerHeaders(
  where: string,
  headers: unknown,
  reserved: readonly string[],
  into: Record<string, string> = {},
): Record<string, string> {
  if (headers === undefined || headers === null) return into;
  if (typeof headers !== 'object')
    throw new WeavrConfigError(`${where}: headers must be an object of header names to values`);
  const entries: Iterable<[string, unknown]> =
    headers instanceof Headers
      ? headers.entries()
      : Array.isArray(headers)
        ? (headers as [string, unknown][])
        : Object.entries(headers);
  for (const [rawName, raw] of entries) {
    if (raw === undefined || raw === null) continue;
    const name = String(rawName).toLowerCase();
    if (!HEADER_NAME.test(name))
      throw new WeavrConfigError(`${where}: ${JSON.stringify(rawName)} is not a valid header name`);
    if (reserved.includes(name))
      throw new WeavrConfigError(
        `${where}: the ${name} header is set by the SDK from ${name === 'authorization' ? 'the `token` option' : 'the `apiKey` option'}; it cannot be given in headers`,
      );
    const value = Array.isArray(raw) ? raw.join(', ') : String(raw);
    checkHeaderValue(where, name, value);
    into[name] = value;
  }
  return into;
}
