import type { Middleware } from 'openapi-fetch';
import { serializeBody } from './body-serializer.js';
import type { ClientConfig } from './config.js';
import { checkCallOptions, checkFunction } from './config.js';
import { WeavrConfigError } from './errors.js';
import { callerHeaders, checkHeaderValue } from './header-values.js';
import { checkIdempotencyRefLength } from './idempotency.js';
import { FLAG_BEARER_OPTIONAL, FLAG_BEARER_REQUIRED, FLAG_IDEMPOTENCY_REF } from './operations.js';
import type { CallOptions } from './options.js';
import { serializeQuery } from './query.js';
import { secretValues } from './redact.js';
import { isIdempotentMethod } from './retry.js';
import { scrubber } from './scrub.js';
import { tokenFrom } from './token.js';
import type { FetchLike } from './transport/fetch.js';
import { checkBaseUrl, fillPath } from './url.js';
import type { ParseAs, PlannedCall } from './wire.js';

const IDEMPOTENCY_HEADER = 'idempotency-ref';
/** Headers only the SDK sets: a caller's value would replace the credentials it decided on. */
const RESERVED = ['authorization'];

/** openapi-fetch's middleware for one call, and what its contract shows them. */
export interface MiddlewareCall {
  readonly list: readonly Middleware[];
  readonly schemaPath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly baseUrl: string;
  readonly querySerializer: (query: Record<string, unknown>) => string;
  readonly bodySerializer: (body: unknown, headers?: unknown) => unknown;
}

/** Everything decided about a call before anything is sent. */
export interface Plan extends PlannedCall {
  /** A per-call `fetch`, when given. */
  readonly fetch: FetchLike | undefined;
  /** Undefined when no middleware is registered (the common case: nothing of it is built). */
  readonly middleware: MiddlewareCall | undefined;
}

type Init = CallOptions &
  Record<string, unknown> & {
    params?: { path?: unknown; query?: Record<string, unknown>; header?: unknown };
  };

const PARSE_AS = ['json', 'text', 'blob', 'arrayBuffer', 'stream'];

/**
 * Plans one call: looks the operation up in the generated table, fills and checks the URL, resolves the
 * token, picks the idempotency-ref (minted here only for a call no interceptor saw: the client's method mints
 * it first when there are interceptors) and assembles the headers. Returns frozen values. Not pure: it awaits
 * the token provider and remembers on the client the last token found safe for a header (`cfg.safeToken`), so a
 * token reused call after call is checked once. Every bad input is a `WeavrConfigError` here, before sending.
 */
export async function plan(
  cfg: ClientConfig,
  registered: readonly Middleware[],
  method: string,
  path: string,
  rawInit: unknown,
): Promise<Plan> {
  const where = `${method} ${path}`;
  if (rawInit !== undefined && (rawInit === null || typeof rawInit !== 'object'))
    throw new WeavrConfigError(`${where}: the second argument must be an object of call options`);
  const {
    maxRetries,
    timeoutMs,
    maxResponseBytes,
    throwOnError,
    idempotencyRef,
    signal,
    token,
    params = {},
    body,
    headers,
    baseUrl,
    fetch,
    parseAs = 'json',
    querySerializer,
    bodySerializer,
    middleware,
    beforeRetry,
    Request: _request,
    pathSerializer,
    redirect,
    method: _method,
    ...extra
  } = (rawInit ?? {}) as Init;
  checkCallOptions(where, { maxRetries, timeoutMs, maxResponseBytes, idempotencyRef, signal });
  if (pathSerializer !== undefined || _request !== undefined)
    throw new WeavrConfigError(
      `${where}: pathSerializer and Request are not supported (paths are built and checked by the SDK)`,
    );
  if (redirect !== undefined && redirect !== 'manual' && redirect !== 'error')
    throw new WeavrConfigError(`${where}: redirects are never followed (credentials would go with them)`);
  if (!PARSE_AS.includes(parseAs as string))
    throw new WeavrConfigError(`${where}: parseAs must be one of ${PARSE_AS.join(', ')}`);
  checkFunction(where, 'fetch', fetch);
  checkFunction(where, 'beforeRetry', beforeRetry);
  checkFunction(where, 'querySerializer', querySerializer);
  checkFunction(where, 'bodySerializer', bodySerializer);

  const entry = cfg.ops[where];
  // A path the spec does not declare (only reachable by casting) gets the token if there is one.
  const flags = entry ? entry[0] : FLAG_BEARER_OPTIONAL;

  const base = baseUrl === undefined ? cfg.baseUrl : checkBaseUrl(where, baseUrl);
  const styles = cfg.query[where];
  const toQuery =
    (querySerializer as MiddlewareCall['querySerializer'] | undefined) ??
    ((q: Record<string, unknown>) => serializeQuery(q, styles));
  const query = params.query ? toQuery(params.query) : '';
  const url = `${base}${fillPath(where, path, params.path)}${query ? `?${query}` : ''}`;

  // Lowest to highest: the client's headers, the call's, the spec's header parameters, then the SDK's own.
  const out: Record<string, string> = { ...cfg.headers };
  if (headers !== undefined || params.header !== undefined) {
    const reserved = [cfg.apiKeyHeader, ...RESERVED];
    if (headers !== undefined) callerHeaders(where, headers, reserved, out);
    if (params.header !== undefined) callerHeaders(where, params.header, reserved, out);
  }

  const tokenSource = token ?? cfg.token;
  let tokenValue: string | undefined;
  if (flags & (FLAG_BEARER_REQUIRED | FLAG_BEARER_OPTIONAL) && tokenSource !== undefined) {
    // A string token is used as it is: no provider to await (and no promise made for it).
    tokenValue = (
      typeof tokenSource === 'function' ? await tokenFrom(where, tokenSource, cfg) : tokenSource || undefined
    ) as string | undefined;
    if (tokenValue !== undefined) {
      if (typeof tokenValue !== 'string')
        throw new WeavrConfigError(`${where}: the bearer token must be a string (got ${typeof tokenValue})`);
      if (tokenValue !== cfg.safeToken) {
        checkHeaderValue(where, 'authorization (bearer token)', tokenValue);
        cfg.safeToken = tokenValue;
      }
      out.authorization = `Bearer ${tokenValue}`;
    }
  }

  let ref: string | undefined;
  const refInHeaders = out[IDEMPOTENCY_HEADER];
  if (idempotencyRef !== undefined) checkHeaderValue(where, IDEMPOTENCY_HEADER, idempotencyRef);
  if (flags & FLAG_IDEMPOTENCY_REF || !entry) {
    if (idempotencyRef !== undefined && refInHeaders !== undefined && refInHeaders !== idempotencyRef)
      throw new WeavrConfigError(
        `${where}: two different idempotency-refs were given (idempotencyRef, params.header, headers); pass one`,
      );
    ref = idempotencyRef ?? refInHeaders ?? (entry ? crypto.randomUUID() : undefined);
    if (ref === '') throw new WeavrConfigError(`${where}: the idempotency-ref must not be empty`);
    if (ref !== undefined) checkIdempotencyRefLength(where, ref);
    if (ref !== undefined) out[IDEMPOTENCY_HEADER] = ref;
  } else if (idempotencyRef !== undefined) {
    throw new WeavrConfigError(
      `${where}: this operation does not take an idempotency-ref (its spec declares none), so idempotencyRef cannot be used`,
    );
  }
  out[cfg.apiKeyHeader] = cfg.apiKey;

  const serialize = (bodySerializer as MiddlewareCall['bodySerializer'] | undefined) ?? serializeBody;
  let payload: unknown;
  if (body !== undefined) {
    payload = serialize(body, out);
    if (!(payload instanceof FormData) && out['content-type'] === undefined)
      out['content-type'] = 'application/json';
  }

  const tokenSecrets =
    tokenValue === undefined || cfg.secrets.includes(tokenValue) ? cfg.secrets : [...cfg.secrets, tokenValue];
  // Secret values the body carries (a password, a card number) are scrubbed too, should a server echo them.
  // So are the values of secret-named headers and query parameters the call carries (`x-api-key`, `token`).
  const sent = secretValues([body, params.query, cfg.headers, headers, params.header]);
  const list = (middleware as Middleware[] | undefined)?.length
    ? [...registered, ...(middleware as Middleware[])]
    : registered;
  // The caller's other RequestInit fields, given to the fetch transport explicitly (node:http cannot send them).
  const extraInit = Object.keys(extra).length ? (extra as RequestInit) : undefined;
  return {
    request: Object.freeze({
      method,
      url,
      headers: Object.freeze(out),
      body: payload as BodyInit | undefined,
      extra: extraInit && Object.freeze(extraInit),
    }),
    policy: Object.freeze({
      maxRetries: maxRetries ?? cfg.maxRetries,
      timeoutMs: timeoutMs ?? cfg.timeoutMs,
      maxResponseBytes: maxResponseBytes ?? cfg.maxResponseBytes,
      idempotent: ref !== undefined || isIdempotentMethod(method),
      signal: signal ?? undefined,
      rateLimiter: cfg.rateLimiter,
      backoff: cfg.backoff,
      beforeRetry: (beforeRetry as CallOptions['beforeRetry']) ?? cfg.beforeRetry,
    }),
    meta: Object.freeze({
      method,
      path,
      operationId: entry?.[1],
      idempotencyRef: ref,
      url,
      parseAs: parseAs as ParseAs,
      throwOnError: (throwOnError as boolean | undefined) ?? cfg.throwOnError,
      tokenMissing: !!(flags & FLAG_BEARER_REQUIRED) && tokenValue === undefined,
      log: cfg.log,
    }),
    scrub: scrubber(sent.length ? [...tokenSecrets, ...sent] : tokenSecrets),
    fetch: fetch as FetchLike | undefined,
    middleware: list.length
      ? Object.freeze({
          list,
          schemaPath: path,
          params: params as Record<string, unknown>,
          baseUrl: base,
          querySerializer: toQuery,
          bodySerializer: serialize,
        })
      : undefined,
  };
}
