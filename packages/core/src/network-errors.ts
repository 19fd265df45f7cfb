/** Reading what a network failure was, from an error and its `cause` chain (undici nests them). */

/**
 * Network error codes that prove no byte of the request reached a server (no connection was made), so even
 * a request that could move money may be sent again. A reset, a hang-up or a timeout proves nothing.
 */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The error and its causes, outermost first, at most `depth` deep. */
export function causeChain(error: unknown, depth = 5): object[] {
  const out: object[] = [];
  for (let e = error; out.length < depth && e && typeof e === 'object'; e = (e as { cause?: unknown }).cause)
    out.push(e);
  return out;
}

/** The first network error code on an error or its causes (`ECONNREFUSED`, `UND_ERR_SOCKET`, …). */
export function networkCode(error: unknown): string | undefined {
  for (const e of causeChain(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** True when the error shows the connection was never made (nothing can have been processed). */
export function provesNotSent(error: unknown): boolean {
  return causeChain(error).some((e) => {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NEVER_SENT_CODES.has(code)) return true;
    // AggregateError from happy-eyeballs connects: refused on every address.
    const errors = (e as { errors?: unknown[] }).errors;
    return Array.isArray(errors) && errors.length > 0 && errors.every(provesNotSent);
  });
}

/** A short description, codes preferred over messages: `fetch failed: ECONNRESET`. */
export function describeNetworkError(error: unknown): string {
  const parts: string[] = [];
  for (const e of causeChain(error, 4)) {
    const code = (e as { code?: unknown }).code;
    const msg = (e as { message?: unknown }).message;
    const part = typeof code === 'string' ? code : String(msg ?? '');
    if (part && !parts.includes(part)) parts.push(part);
  }
  return parts.join(': ') || 'network error';
}
