import type { Middleware } from 'openapi-fetch';
import type { Send } from './attempt.js';
import { runAttempts } from './attempts.js';
import { readBody, TooLarge } from './body.js';
import type { ClientConfig, FetchLike } from './config.js';
import { WeavrConfigError, WeavrResponseTooLargeError } from './errors.js';
import { nodeSend, nodeTransportAvailable } from './node-transport.js';
import { type Plan, plan } from './plan.js';
import { headerText } from './redact.js';
import { type CallResult, readAsFor, toResult } from './result.js';
import { traced } from './tracing.js';

/**
 * One call, top to bottom: plan it, run openapi-fetch's middleware contract around the attempts (when there
 * is middleware), then turn the answer into a result or a typed error. Nothing here calls back up.
 */
export async function runCall(
  cfg: ClientConfig,
  registered: readonly Middleware[],
  method: string,
  path: string,
  init: unknown,
): Promise<CallResult> {
  const planned = await plan(cfg, registered, method, path, init);
  // Without a tracer this is one check per call: nothing of OpenTelemetry is loaded or called.
  return cfg.tracer ? traced(cfg.tracer, planned, (p) => sendPlanned(cfg, p)) : sendPlanned(cfg, planned);
}

/** Sends a planned call: its attempts, under openapi-fetch's middleware when there is some, then the result. */
async function sendPlanned(cfg: ClientConfig, p: Plan): Promise<CallResult> {
  const custom = p.fetch ?? cfg.fetch;
  if (p.middleware.length) return withMiddleware(p, custom);
  // On Node, node:http where it behaves exactly as fetch does (see node-transport.ts). Elsewhere the
  // platform's fetch gets the URL and init as they are (what `new Request` would copy anyway); a custom
  // fetch keeps its documented contract, a `Request` and `{ signal }`.
  const send: Send = custom
    ? (signal) => custom(new Request(p.url, p.init), { signal })
    : viaNode(cfg, p)
      ? (signal, headersIn) => nodeSend(p.url, p.init as never, signal, p.maxResponseBytes, headersIn)
      : (signal) => {
          p.init.signal = signal;
          return fetch(p.url, p.init);
        };
  const answer = await runAttempts(p, send, (r) => readAsFor(p.parseAs, r), !custom);
  return toResult(p, answer.response, answer.body);
}

const PLAIN_INIT = new Set(['method', 'headers', 'body', 'redirect', 'signal']);

/** Whether this call can go through node:http: plain Node, a string body or none, nothing but plain fields. */
function viaNode(cfg: ClientConfig, p: Plan): boolean {
  if (cfg.fetchTransport || p.parseAs === 'stream' || !nodeTransportAvailable()) return false;
  if (p.init.body !== undefined && typeof p.init.body !== 'string') return false;
  for (const key in p.init) if (!PLAIN_INIT.has(key)) return false;
  return true;
}

/** openapi-fetch's middleware contract: onRequest in order, then onError/onResponse in reverse, once per call. */
async function withMiddleware(p: Plan, custom: FetchLike | undefined): Promise<CallResult> {
  const fetchFn: FetchLike = custom ?? ((request, init) => fetch(request, init));
  const options = Object.freeze({
    baseUrl: p.baseUrl,
    fetch: fetchFn,
    parseAs: p.parseAs,
    querySerializer: p.querySerializer,
    bodySerializer: p.bodySerializer,
  });
  const id = Math.random().toString(36).slice(2, 11);
  const common = { schemaPath: p.schemaPath, params: p.params, options, id } as const;
  let request = new Request(p.url, p.init);
  let response: Response | undefined;
  for (const m of p.middleware) {
    const out: unknown = await m?.onRequest?.({ request, ...common } as never);
    if (!out) continue;
    if (out instanceof Request) request = out;
    else if (out instanceof Response) {
      response = out;
      break;
    } else throw new Error('onRequest: must return new Request() or Response() when modifying the request');
  }
  if (!response) {
    // Credentials were attached for the configured origin; a middleware cannot send them elsewhere.
    if (new URL(request.url).origin !== new URL(p.baseUrl).origin)
      throw new WeavrConfigError(
        `${p.method} ${p.path}: middleware moved the request to another origin; credentials go only to ${new URL(p.baseUrl).origin}`,
      );
    // Read once, re-sent by every attempt (a Request body can be read only once).
    const bytes = request.body ? await request.clone().arrayBuffer() : undefined;
    const base = request;
    const send: Send = (signal) =>
      fetchFn(new Request(base, { body: bytes, redirect: 'manual' }), { signal });
    try {
      const answer = await runAttempts(
        p,
        send,
        (r) => (p.parseAs === 'stream' && r.ok ? 'stream' : 'bytes'),
        !custom,
      );
      response = materialise(answer.response, answer.body);
    } catch (error) {
      let err: unknown = error;
      for (let i = p.middleware.length - 1; i >= 0; i--) {
        const out: unknown = await p.middleware[i]?.onError?.({ request, error: err, ...common } as never);
        if (!out) continue;
        if (out instanceof Response) {
          err = undefined;
          response = out;
          break;
        }
        if (out instanceof Error) err = out;
        else throw new Error('onError: must return new Response() or instance of Error');
      }
      if (!response) throw err;
    }
    for (let i = p.middleware.length - 1; i >= 0; i--) {
      const out: unknown = await p.middleware[i]?.onResponse?.({ request, response, ...common } as never);
      if (!out) continue;
      if (!(out instanceof Response))
        throw new Error('onResponse: must return new Response() when modifying the response');
      response = out;
    }
  }
  const as = readAsFor(p.parseAs, response);
  let body: string | Uint8Array | ReadableStream<Uint8Array> | null = response.body;
  if (body !== null && as !== 'stream') {
    try {
      body = await readBody(response, as, p.maxResponseBytes, false);
    } catch (e) {
      if (!(e instanceof TooLarge)) throw e;
      throw new WeavrResponseTooLargeError(`Response body exceeds maxResponseBytes (${e.limit})`, {
        ...p,
        status: response.status,
        requestRef: headerText(response.headers, 'request-ref', p.secrets),
      });
    }
  }
  return toResult(p, response, body);
}

/** A fresh Response over a body already read, for middleware to see (a status fetch cannot build is kept). */
function materialise(
  response: Response,
  body: Uint8Array | string | ReadableStream<Uint8Array> | null,
): Response {
  if (response.status < 200 || response.status > 599) return response;
  const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
  return new Response(nullBody ? null : (body as BodyInit | null), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
