import type { ReadAs } from './call-state.js';
import { apiErrorFor, type WeavrApiError, WeavrResponseError } from './errors.js';
import type { ParseAs, Plan } from './plan.js';
import { headerText, scrubLowered } from './redact.js';

/** What a call returns: openapi-fetch's `{ data, error, response }` plus Weavr's refs. */
export interface CallResult {
  data?: unknown;
  error?: unknown;
  response: Response;
  requestRef: string | undefined;
  idempotencyRef: string | undefined;
}

/** How to read a final response's body: as `parseAs` asks for a success, as text for an error body. */
export function readAsFor(parseAs: ParseAs, response: Response): ReadAs {
  if (!response.ok) return 'text';
  return parseAs === 'json' || parseAs === 'text' ? 'text' : parseAs === 'stream' ? 'stream' : 'bytes';
}

const errors = new WeakMap<object, () => WeavrApiError>();

/**
 * The typed error a non-2xx result would have thrown with `throwOnError` (scrubbed of the call's secrets
 * like any thrown error), or undefined for a success or a value that is not a call's result.
 */
export function errorOf(result: unknown): WeavrApiError | undefined {
  return result && typeof result === 'object' ? errors.get(result)?.() : undefined;
}

/**
 * Turns the final response into the call's result, as openapi-fetch would (`data` for a 2xx, `error` for
 * anything else, neither for an empty body), or throws the typed error when `throwOnError` is on. A 3xx is
 * never followed: it is an error naming only the origin it pointed to. A 2xx whose body does not parse as
 * JSON throws: the server may have acted, and the error carries the refs to re-drive the call safely.
 */
export function toResult(
  p: Plan,
  response: Response,
  body: string | Uint8Array | ReadableStream<Uint8Array> | null,
): CallResult {
  const requestRef = headerText(response.headers, 'request-ref', p.secrets);
  const result: CallResult = { response, requestRef, idempotencyRef: p.idempotencyRef };
  const empty =
    body === null ||
    response.status === 204 ||
    p.method === 'HEAD' ||
    (response.headers.get('content-length') === '0' && !response.headers.get('transfer-encoding'));
  if (response.ok) {
    result.data = empty
      ? undefined
      : parse(p, response, body as string | Uint8Array | ReadableStream, requestRef);
    return result;
  }
  let error: unknown;
  if (!empty && typeof body === 'string') {
    try {
      error = JSON.parse(body);
    } catch {
      error = body;
    }
  }
  const redirected = response.status < 400;
  if (redirected) {
    const origin = redirectOrigin(response, p.url);
    const location = origin && scrubLowered(origin, p.secrets);
    p.log.log(
      'warn',
      `${p.method} ${p.path} answered ${response.status || 'a redirect'}${location ? ` to ${location}` : ''}: not followed`,
    );
    error = { message: `Redirect not followed${location ? ` (to ${location})` : ''}`, location };
  }
  result.error = error;
  const hint =
    response.status === 401 && p.tokenMissing
      ? 'this operation needs a bearer token and none was given (set `token` on the client or the call)'
      : undefined;
  const typed = () => apiErrorFor(response.status, error, { ...p, requestRef }, requestRef, hint, p.secrets);
  if (p.throwOnError) throw typed();
  // Kept aside, so a helper reading a non-throwing result can raise the same scrubbed, typed error.
  errors.set(result, typed);
  return result;
}

function parse(
  p: Plan,
  response: Response,
  body: string | Uint8Array | ReadableStream,
  requestRef: string | undefined,
): unknown {
  if (p.parseAs === 'stream' || p.parseAs === 'text') return body;
  if (p.parseAs === 'json') {
    if (body === '') return undefined;
    try {
      return JSON.parse(body as string);
    } catch {
      p.log.log('warn', `${p.method} ${p.path} answered ${response.status} with a body that is not JSON`);
      throw new WeavrResponseError(
        `The ${response.status} response body is not valid JSON; the server may have acted on the request`,
        { ...p, status: response.status, requestRef },
      );
    }
  }
  const bytes = body as Uint8Array;
  if (p.parseAs === 'blob')
    return new Blob([bytes as BlobPart], { type: response.headers.get('content-type') ?? '' });
  return bytes.buffer.byteLength === bytes.byteLength ? bytes.buffer : bytes.slice().buffer;
}

/** The origin of a redirect's `Location`, resolved against the request URL; nothing more (no path, no query). */
function redirectOrigin(response: Response, url: string): string | undefined {
  const location = response.headers.get('location');
  if (!location) return undefined;
  try {
    const origin = new URL(location, url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}
