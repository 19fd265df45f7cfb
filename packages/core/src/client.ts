import createClient, { defaultBodySerializer, type Middleware } from 'openapi-fetch';
import { DirectRequest } from './direct.js';
import { apiErrorFor, WeavrConfigError } from './errors.js';
import { levelledLogger } from './logger.js';
import {
  FLAG_BEARER_OPTIONAL,
  FLAG_BEARER_REQUIRED,
  FLAG_IDEMPOTENCY_REF,
  type RuntimeTable,
} from './operations.js';
import type { CallOptions, ClientOptions, TokenSource } from './options.js';
import { serializeQuery } from './query.js';
import { secretValues } from './redact.js';
import {
  type CallContext,
  type FetchLike,
  failureAfterHeaders,
  isIdempotentMethod,
  sendWithRetries,
} from './send.js';
import type { WeavrClient } from './types.js';

/** What a generated package tells the runtime about its API. */
export interface ApiDefinition {
  /** Shown in error messages, e.g. `createMultiClient`. */
  factory: string;
  defaultBaseUrl: string;
  runtime: RuntimeTable;
}

/** The options `createWeavrClient` takes: the public client options. */
export type RuntimeOptions = ClientOptions;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
const IDEMPOTENCY_HEADER = 'idempotency-ref';
/** setTimeout's largest delay; a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_TIMEOUT_MS = 30_000;

const defaultFetch: FetchLike = (request, init) => globalThis.fetch(request, init);

function check(factory: string, options: RuntimeOptions): void {
  if (!options || typeof options !== 'object')
    throw new WeavrConfigError(`${factory}: options are required, e.g. { apiKey }`);
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new WeavrConfigError(
      `${factory}: apiKey is required (got ${options.apiKey === '' ? 'an empty string' : typeof options.apiKey}). Find it in the Weavr portal under API credentials.`,
    );
  }
  // Named but never echoed: the header code would otherwise put the key in its error message.
  if (unsafeHeaderValue(options.apiKey))
    throw new WeavrConfigError(
      `${factory}: apiKey contains a line break or a character not allowed in a header`,
    );
  if (options.baseUrl !== undefined) checkBaseUrl(factory, options.baseUrl);
  checkCallOptions(factory, options);
  if (
    options.token !== undefined &&
    typeof options.token !== 'string' &&
    typeof options.token !== 'function'
  ) {
    throw new WeavrConfigError(`${factory}: token must be a string or a function returning one`);
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function')
    throw new WeavrConfigError(`${factory}: fetch must be a function`);
  if (options.headers !== undefined && (typeof options.headers !== 'object' || options.headers === null))
    throw new WeavrConfigError(`${factory}: headers must be an object of header names to values`);
  const b = options.backoff;
  if (b !== undefined) {
    if (typeof b !== 'object' || b === null)
      throw new WeavrConfigError(`${factory}: backoff must be an object, e.g. { initialDelayMs: 500 }`);
    for (const k of ['initialDelayMs', 'maxDelayMs'] as const) {
      const v = b[k];
      if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= MAX_TIMER_MS))
        throw new WeavrConfigError(
          `${factory}: backoff.${k} must be a number of milliseconds ≥ 0 (got ${String(v)})`,
        );
    }
  }
}

function checkBaseUrl(factory: string, baseUrl: unknown): void {
  let url: URL | undefined;
  try {
    url = typeof baseUrl === 'string' && /^https?:\/\/[^/]/.test(baseUrl) ? new URL(baseUrl) : undefined;
  } catch {
    url = undefined;
  }
  // Credentials in the URL would end up in error messages; never echo such a URL.
  if (url && (url.username || url.password))
    throw new WeavrConfigError(
      `${factory}: baseUrl must not contain credentials; pass the API key as apiKey`,
    );
  if (!url) {
    throw new WeavrConfigError(
      `${factory}: baseUrl must be an http(s) URL (got ${typeof baseUrl === 'string' ? JSON.stringify(baseUrl) : typeof baseUrl})`,
    );
  }
}

function checkCallOptions(where: string, o: CallOptions): void {
  if (o.maxRetries !== undefined && !(Number.isInteger(o.maxRetries) && o.maxRetries >= 0)) {
    throw new WeavrConfigError(
      `${where}: maxRetries must be a whole number ≥ 0 (got ${String(o.maxRetries)})`,
    );
  }
  if (
    o.timeoutMs !== undefined &&
    !(typeof o.timeoutMs === 'number' && o.timeoutMs > 0 && o.timeoutMs <= MAX_TIMER_MS)
  ) {
    throw new WeavrConfigError(
      `${where}: timeoutMs must be a positive number of milliseconds up to ${MAX_TIMER_MS} (got ${String(o.timeoutMs)})`,
    );
  }
  if (o.idempotencyRef !== undefined && (typeof o.idempotencyRef !== 'string' || o.idempotencyRef === '')) {
    throw new WeavrConfigError(`${where}: idempotencyRef must be a non-empty string`);
  }
  if (o.signal !== undefined && o.signal !== null && !(o.signal instanceof AbortSignal)) {
    throw new WeavrConfigError(`${where}: signal must be an AbortSignal`);
  }
}

/** A line break, NUL or non-Latin-1 character: the Headers class would reject it, quoting the value. */
function unsafeHeaderValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0 || c === 10 || c === 13 || c > 255) return true;
  }
  return false;
}

async function resolveToken(source: TokenSource | undefined): Promise<string | undefined> {
  if (typeof source === 'function') return (await source()) || undefined;
  return source || undefined;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  if (Array.isArray(headers)) {
    const found = headers.find(([k]) => String(k).toLowerCase() === name)?.[1];
    return found == null ? undefined : String(found);
  }
  for (const k in headers) {
    const v = (headers as Record<string, unknown>)[k];
    if (v != null && k.toLowerCase() === name) return String(v);
  }
  return undefined;
}

/**
 * The idempotency-ref for one call: the caller's own (the `idempotencyRef` option, or the header given in
 * `params.header` or `headers`), else a fresh UUID.
 */
function pickIdempotencyRef(
  where: string,
  option: string | undefined,
  init: Record<string, unknown>,
): string {
  const inParams = headerValue((init.params as { header?: unknown } | undefined)?.header, IDEMPOTENCY_HEADER);
  const inHeaders = headerValue(init.headers, IDEMPOTENCY_HEADER);
  const given = option ?? inParams ?? inHeaders;
  if (given === undefined) return crypto.randomUUID();
  if ((inParams !== undefined && inParams !== given) || (inHeaders !== undefined && inHeaders !== given)) {
    throw new WeavrConfigError(
      `${where}: two different idempotency-refs were given (idempotencyRef, params.header, headers); pass one`,
    );
  }
  if (given === '') throw new WeavrConfigError(`${where}: the idempotency-ref must not be empty`);
  return given;
}

/**
 * Builds a typed client for one API. Used by `@weavr-sdk/multi` and `@weavr-sdk/backoffice`.
 * @param middleware openapi-fetch middleware to start with (`withOptions` passes the parent's on).
 */
// biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's own constraint for generated path maps
export function createWeavrClient<Paths extends Record<string, any>, Throw extends boolean = false>(
  api: ApiDefinition,
  clientOptions: RuntimeOptions & { throwOnError?: Throw },
  middleware: readonly Middleware[] = [],
): WeavrClient<Paths, Throw> {
  check(api.factory, clientOptions);
  // A copy: later changes to the caller's object do not reach a client already built.
  const options = { ...clientOptions };
  const log = levelledLogger(api.factory, options.logger, options.logLevel);
  const baseFetch: FetchLike = options.fetch ?? defaultFetch;
  const apiKeyHeader = api.runtime.apiKeyHeader;
  // Scrubbed from anything the SDK writes. A token is known here only when given as a string; a provider's
  // value joins the list on the calls that resolve it.
  const knownSecrets = typeof options.token === 'string' ? [options.apiKey, options.token] : [options.apiKey];
  const inner = createClient<Paths>({
    baseUrl: options.baseUrl ?? api.defaultBaseUrl,
    headers: options.headers,
    querySerializer: (q) => serializeQuery(q as Record<string, unknown>),
  });
  // Mirrors the middleware openapi-fetch holds: while there is any, a request may be replaced on its way
  // down, so the retry loop keeps a copy of the request body instead of trusting the one serialised here.
  const registered: Middleware[] = [...middleware];
  // The last token found safe for a header, so a token reused call after call is checked once.
  let lastSafeToken: string | undefined;
  if (registered.length) inner.use(...registered);

  const call = async (
    method: (typeof METHODS)[number],
    path: string,
    init: Record<string, unknown> | undefined,
  ) => {
    const { maxRetries, timeoutMs, throwOnError, idempotencyRef, signal, token, ...rest } = (init ??
      {}) as CallOptions & Record<string, unknown>;
    const key = `${method} ${path}`;
    if (maxRetries !== undefined || timeoutMs !== undefined || idempotencyRef !== undefined || signal)
      checkCallOptions(key, { maxRetries, timeoutMs, idempotencyRef, signal });
    const entry = api.runtime.ops[key];
    // A path the spec does not declare (only reachable by casting) gets the token if there is one.
    const flags = entry ? entry[0] : FLAG_BEARER_OPTIONAL;
    const headers: Record<string, string> = { [apiKeyHeader]: options.apiKey };

    const tokenSource = token ?? options.token;
    let tokenValue: string | undefined;
    if (flags & (FLAG_BEARER_REQUIRED | FLAG_BEARER_OPTIONAL) && tokenSource !== undefined) {
      tokenValue =
        typeof tokenSource === 'string' ? tokenSource || undefined : await resolveToken(tokenSource);
      if (tokenValue) {
        if (tokenValue !== lastSafeToken) {
          // Named but never quoted: the Headers class would put the value in its error message.
          if (typeof tokenValue !== 'string' || unsafeHeaderValue(tokenValue))
            throw new WeavrConfigError(`${key}: the bearer token is not a string that can go in a header`);
          lastSafeToken = tokenValue;
        }
        headers.authorization = `Bearer ${tokenValue}`;
      }
    }

    let ref: string | undefined;
    if (flags & FLAG_IDEMPOTENCY_REF) {
      ref = pickIdempotencyRef(key, idempotencyRef, rest);
      headers[IDEMPOTENCY_HEADER] = ref;
    } else if (idempotencyRef !== undefined) {
      if (entry)
        throw new WeavrConfigError(
          `${key}: this operation does not take an idempotency-ref (its spec declares none), so idempotencyRef cannot be used`,
        );
      // An operation missing from the spec: trust the caller.
      ref = idempotencyRef;
      headers[IDEMPOTENCY_HEADER] = ref;
    }

    const ctx: CallContext = {
      method,
      path,
      operationId: entry?.[1],
      idempotencyRef: ref,
      maxRetries: maxRetries ?? options.maxRetries ?? DEFAULT_MAX_RETRIES,
      timeoutMs: timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      signal: signal ?? undefined,
      idempotent: ref !== undefined || isIdempotentMethod(method),
      backoff: options.backoff,
      log,
      fetch: baseFetch,
      secrets:
        tokenValue && !knownSecrets.includes(tokenValue)
          ? [...knownSecrets, tokenValue]
          : typeof token === 'string'
            ? [...knownSecrets, token]
            : knownSecrets,
      payload: undefined,
      release: undefined,
    };
    const callerHeaders = rest.headers;
    const fetchInit: Record<string, unknown> = {
      ...rest,
      // The caller's headers are merged under ours: credentials and the idempotency-ref go out as decided here.
      headers: callerHeaders ? { ...toRecord(callerHeaders), ...headers } : headers,
      fetch: (request: Request) => sendWithRetries(request, ctx),
    };
    const styles = api.runtime.query[key];
    if (styles) fetchInit.querySerializer = (q: Record<string, unknown>) => serializeQuery(q, styles);
    // With no middleware the request cannot be replaced on its way down, so what openapi-fetch serialises is
    // what goes out. With the default fetch, openapi-fetch builds a `DirectRequest` instead of a `Request` and
    // `send.ts` calls `fetch(url, init)` (see `direct.ts`); otherwise the serialised body is kept so a retry
    // can send it again without copying the request up front.
    if (registered.length === 0 && !(rest.middleware as unknown[] | undefined)?.length) {
      if (options.fetch === undefined && rest.Request === undefined) fetchInit.Request = DirectRequest;
      else if (rest.body !== undefined && ctx.maxRetries > 0) {
        // (openapi-fetch passes the merged headers too, e.g. for form-encoded bodies; its typings omit them.)
        const serialize = ((rest.bodySerializer as BodySerializer | undefined) ??
          defaultBodySerializer) as BodySerializer;
        fetchInit.bodySerializer = (body: unknown, h?: unknown) => {
          const out = serialize(body, h);
          if (typeof out === 'string') ctx.payload = out;
          return out;
        };
      }
    }

    let result: { response: Response; error?: unknown };
    try {
      result = (await inner.request(
        method.toLowerCase() as 'get',
        path as never,
        fetchInit as never,
      )) as never;
    } catch (e) {
      throw failureAfterHeaders(e, ctx);
    } finally {
      // The response has been read (or abandoned): its timer and signal listener go now, unless the body is
      // the caller's to stream, which they keep bounding.
      ctx.release?.(rest.parseAs === 'stream');
    }
    const response = result.response;
    const requestRef = response.headers.get('request-ref') ?? undefined;
    if (!response.ok && (throwOnError ?? options.throwOnError)) {
      const hint =
        response.status === 401 && flags & FLAG_BEARER_REQUIRED && !tokenValue
          ? 'this operation needs a bearer token and none was given (set `token` on the client or the call)'
          : undefined;
      // Secret values this request carried are scrubbed too, in case the server quotes them back.
      const sent = rest.body === undefined ? [] : secretValues(rest.body);
      throw apiErrorFor(
        response.status,
        result.error,
        ctx,
        requestRef,
        hint,
        sent.length ? [...ctx.secrets, ...sent] : ctx.secrets,
      );
    }
    return Object.assign(result, { requestRef, idempotencyRef: ref });
  };

  const client: Record<string, unknown> = {
    use: (...m: Middleware[]) => {
      inner.use(...m);
      registered.push(...m);
    },
    eject: (...m: Middleware[]) => {
      inner.eject(...m);
      for (const one of m) {
        const i = registered.indexOf(one);
        if (i !== -1) registered.splice(i, 1);
      }
    },
    withOptions: (overrides: RuntimeOptions) =>
      createWeavrClient(api, { ...options, ...overrides }, registered),
  };
  for (const m of METHODS) client[m] = (path: string, init?: Record<string, unknown>) => call(m, path, init);
  return client as unknown as WeavrClient<Paths, Throw>;
}

type BodySerializer = (body: unknown, headers?: unknown) => unknown;

function toRecord(h: unknown): Record<string, string> {
  if (h instanceof Headers) return Object.fromEntries(h.entries());
  if (Array.isArray(h)) return Object.fromEntries(h);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h as Record<string, unknown>)) if (v != null) out[k] = String(v);
  return out;
}
