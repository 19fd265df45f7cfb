import createClient, { type Middleware } from 'openapi-fetch';
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
import type { BackoffOptions } from './retry.js';
import { type CallContext, type FetchLike, isIdempotentMethod, sendWithRetries } from './send.js';
import type { WeavrClient } from './types.js';

/** What a generated package tells the runtime about its API. */
export interface ApiDefinition {
  /** Shown in error messages, e.g. `createMultiClient`. */
  factory: string;
  defaultBaseUrl: string;
  runtime: RuntimeTable;
}

/** Internal knobs for tests and advanced use. */
export interface RuntimeOptions extends ClientOptions {
  /**
   * Backoff between retries.
   * @default { initialDelayMs: 500, maxDelayMs: 8000 }
   */
  backoff?: BackoffOptions;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
const IDEMPOTENCY_HEADER = 'idempotency-ref';

function check(factory: string, options: RuntimeOptions): void {
  if (!options || typeof options !== 'object')
    throw new WeavrConfigError(`${factory}: options are required, e.g. { apiKey }`);
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new WeavrConfigError(
      `${factory}: apiKey is required (got ${options.apiKey === '' ? 'an empty string' : typeof options.apiKey}). Find it in the Weavr portal under API credentials.`,
    );
  }
  if (options.baseUrl !== undefined && !/^https?:\/\/[^/]/.test(String(options.baseUrl))) {
    throw new WeavrConfigError(
      `${factory}: baseUrl must be an http(s) URL (got ${JSON.stringify(options.baseUrl)})`,
    );
  }
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
}

function checkCallOptions(where: string, o: CallOptions): void {
  if (o.maxRetries !== undefined && !(Number.isInteger(o.maxRetries) && o.maxRetries >= 0)) {
    throw new WeavrConfigError(
      `${where}: maxRetries must be a whole number ≥ 0 (got ${String(o.maxRetries)})`,
    );
  }
  if (
    o.timeoutMs !== undefined &&
    !(typeof o.timeoutMs === 'number' && o.timeoutMs > 0 && Number.isFinite(o.timeoutMs))
  ) {
    throw new WeavrConfigError(
      `${where}: timeoutMs must be a positive number of milliseconds (got ${String(o.timeoutMs)})`,
    );
  }
  if (o.idempotencyRef !== undefined && (typeof o.idempotencyRef !== 'string' || o.idempotencyRef === '')) {
    throw new WeavrConfigError(`${where}: idempotencyRef must be a non-empty string`);
  }
}

async function resolveToken(source: TokenSource | undefined): Promise<string | undefined> {
  if (typeof source === 'function') return (await source()) || undefined;
  return source || undefined;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  if (Array.isArray(headers)) return headers.find(([k]) => String(k).toLowerCase() === name)?.[1];
  for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
    if (k.toLowerCase() === name && v != null) return String(v);
  }
  return undefined;
}

/** Builds a typed client for one API. Used by `@weavr-sdk/multi` and `@weavr-sdk/backoffice`. */
export function createWeavrClient<Paths extends Record<string, any>, Throw extends boolean = false>(
  api: ApiDefinition,
  options: RuntimeOptions & { throwOnError?: Throw },
): WeavrClient<Paths, Throw> {
  check(api.factory, options);
  const log = levelledLogger(options.logger, options.logLevel);
  const baseFetch: FetchLike = options.fetch ?? ((req, init) => globalThis.fetch(req, init));
  const apiKeyHeader = api.runtime.apiKeyHeader;
  const inner = createClient<Paths>({
    baseUrl: options.baseUrl ?? api.defaultBaseUrl,
    headers: options.headers,
    querySerializer: (q) => serializeQuery(q as Record<string, unknown>),
  });

  const call = async (
    method: (typeof METHODS)[number],
    path: string,
    init: Record<string, unknown> | undefined,
  ) => {
    const { maxRetries, timeoutMs, throwOnError, idempotencyRef, signal, token, ...rest } = (init ??
      {}) as CallOptions & Record<string, unknown>;
    checkCallOptions(`${method} ${path}`, { maxRetries, timeoutMs, idempotencyRef });
    const key = `${method} ${path}`;
    // A path the spec does not declare (only reachable by casting) gets the token if there is one.
    const [flags, operationId] = api.runtime.ops[key] ?? [FLAG_BEARER_OPTIONAL, undefined];
    const headers: Record<string, string> = { [apiKeyHeader]: options.apiKey };

    const tokenSource = token ?? options.token;
    let hasToken = false;
    if (flags & (FLAG_BEARER_REQUIRED | FLAG_BEARER_OPTIONAL) && tokenSource !== undefined) {
      const value = await resolveToken(tokenSource);
      if (value) {
        headers.authorization = `Bearer ${value}`;
        hasToken = true;
      }
    }

    let ref: string | undefined;
    if (flags & FLAG_IDEMPOTENCY_REF) {
      const params = rest.params as { header?: Record<string, unknown> } | undefined;
      ref =
        idempotencyRef ??
        headerValue(params?.header, IDEMPOTENCY_HEADER) ??
        headerValue(rest.headers, IDEMPOTENCY_HEADER) ??
        crypto.randomUUID();
      headers[IDEMPOTENCY_HEADER] = ref;
      if (params?.header && IDEMPOTENCY_HEADER in params.header) params.header[IDEMPOTENCY_HEADER] = ref;
    }

    const ctx: CallContext = {
      method,
      path,
      operationId,
      idempotencyRef: ref,
      maxRetries: maxRetries ?? options.maxRetries ?? 2,
      timeoutMs: timeoutMs ?? options.timeoutMs ?? 30_000,
      signal: signal ?? undefined,
      idempotent: ref !== undefined || isIdempotentMethod(method),
      backoff: options.backoff,
      log,
      fetch: baseFetch,
    };
    const styles = api.runtime.query[key];
    const callerHeaders = rest.headers;
    const result = await inner.request(
      method.toLowerCase() as 'get',
      path as never,
      {
        ...rest,
        // The caller's headers are merged under ours: credentials and the idempotency-ref always go out as decided here.
        headers: callerHeaders ? { ...toRecord(callerHeaders), ...headers } : headers,
        ...(styles ? { querySerializer: (q: Record<string, unknown>) => serializeQuery(q, styles) } : {}),
        fetch: (request: Request) => sendWithRetries(request, ctx),
      } as never,
    );
    const response = (result as { response: Response }).response;
    const requestRef = response.headers.get('request-ref') ?? undefined;
    if ((throwOnError ?? options.throwOnError) && !response.ok) {
      const hint =
        response.status === 401 && flags & FLAG_BEARER_REQUIRED && !hasToken
          ? 'this operation needs a bearer token and none was given (set `token` on the client or the call)'
          : undefined;
      throw apiErrorFor(response.status, (result as { error?: unknown }).error, ctx, requestRef, hint);
    }
    return Object.assign(result as object, { requestRef, idempotencyRef: ref });
  };

  const client: Record<string, unknown> = {
    use: (...m: Middleware[]) => inner.use(...m),
    eject: (...m: Middleware[]) => inner.eject(...m),
    withOptions: (overrides: RuntimeOptions) => createWeavrClient(api, { ...options, ...overrides }),
  };
  for (const m of METHODS) client[m] = (path: string, init?: Record<string, unknown>) => call(m, path, init);
  return client as unknown as WeavrClient<Paths, Throw>;
}

function toRecord(h: unknown): Record<string, string> {
  if (h instanceof Headers) return Object.fromEntries(h.entries());
  if (Array.isArray(h)) return Object.fromEntries(h);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h as Record<string, unknown>)) if (v != null) out[k] = String(v);
  return out;
}
