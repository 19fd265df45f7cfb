import { apiErrorFor, type WeavrApiError, WeavrResponseError } from './errors.js';
import { scrubLowered } from './redact.js';
import type { Scrubber } from './scrub.js';
import type { CallMeta, WireResponse } from './wire.js';

/** What a call returns: openapi-fetch's `{ data, error, response }` plus Weavr's refs. */
export interface CallResult {
  data?: unknown;
  error?: unknown;
  response: Response;
  requestRef: string | undefined;
  idempotencyRef: string | undefined;
}

type Body = string | Uint8Array | ReadableStream<Uint8Array> | null;

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
export function toResult(meta: CallMeta, scrub: Scrubber, wire: WireResponse, body: Body): CallResult {
  const requestRef = scrub.header(wire.header('request-ref'));
  const result = { requestRef, idempotencyRef: meta.idempotencyRef } as CallResult;
  // The public `Response`: a fetch transport's own as it is; over the bytes node:http read, built when first read
  // (a `Response` costs more than the rest of the result, and most callers read only `data` or `error`).
  if (wire.response) result.response = wire.response;
  else lazyResponse(result, wire, body);
  const { status } = wire;
  const empty =
    body === null ||
    status === 204 ||
    meta.method === 'HEAD' ||
    (wire.header('content-length') === '0' && !wire.header('transfer-encoding'));
  if (status >= 200 && status <= 299) {
    result.data = empty
      ? undefined
      : parse(meta, wire, body as string | Uint8Array | ReadableStream, requestRef);
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
  if (status < 400) {
    const origin = redirectOrigin(wire.header('location'), meta.url);
    // The URL parser lower-cases (and percent-decodes) the host: a secret echoed there is matched so.
    const location = origin && scrubLowered(origin, scrub.secrets);
    meta.log.log(
      'warn',
      `${meta.method} ${meta.path} answered ${status || 'a redirect'}${location ? ` to ${location}` : ''}: not followed`,
    );
    error = { message: `Redirect not followed${location ? ` (to ${location})` : ''}`, location };
  }
  result.error = error;
  const hint =
    status === 401 && meta.tokenMissing
      ? 'this operation needs a bearer token and none was given (set `token` on the client or the call)'
      : undefined;
  const typed = () => apiErrorFor(status, error, { ...meta, requestRef }, requestRef, hint, scrub.secrets);
  if (meta.throwOnError) throw typed();
  // Kept aside, so a helper reading a non-throwing result can raise the same scrubbed, typed error.
  errors.set(result, typed);
  return result;
}

/** Each lazily built result's `Response`, or how to build it. */
const responses = new WeakMap<object, Response | (() => Response)>();

/**
 * One accessor shared by every result (per-result closures put each result on its own hidden class, which
 * measured slower than building the `Response`): an own, enumerable property, so `{ ...result }` and
 * destructuring see it; assignable like the plain property it stands for.
 */
const RESPONSE: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: object) {
    let r = responses.get(this);
    if (typeof r === 'function') {
      r = r();
      responses.set(this, r);
    }
    return r;
  },
  set(this: object, value: Response) {
    responses.set(this, value);
  },
};

function lazyResponse(result: CallResult, wire: WireResponse, body: Body): void {
  responses.set(result, () => wire.toResponse(body as BodyInit | null));
  Object.defineProperty(result, 'response', RESPONSE);
}

function parse(
  meta: CallMeta,
  wire: WireResponse,
  body: string | Uint8Array | ReadableStream,
  requestRef: string | undefined,
): unknown {
  const { parseAs } = meta;
  if (parseAs === 'stream' || parseAs === 'text') return body;
  if (parseAs === 'json') {
    if (body === '') return undefined;
    try {
      return JSON.parse(body as string);
    } catch {
      meta.log.log(
        'warn',
        `${meta.method} ${meta.path} answered ${wire.status} with a body that is not JSON`,
      );
      throw new WeavrResponseError(
        `The ${wire.status} response body is not valid JSON; the server may have acted on the request`,
        { ...meta, status: wire.status, requestRef },
      );
    }
  }
  const bytes = body as Uint8Array;
  if (parseAs === 'blob') return new Blob([bytes as BlobPart], { type: wire.header('content-type') ?? '' });
  return bytes.buffer.byteLength === bytes.byteLength ? bytes.buffer : bytes.slice().buffer;
}

/** The origin of a redirect's `Location`, resolved against the request URL; nothing more (no path, no query). */
function redirectOrigin(location: string | null, url: string): string | undefined {
  if (!location) return undefined;
  try {
    const origin = new URL(location, url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}
