import type { Middleware } from 'openapi-fetch';
import { readAsFor } from './attempt.js';
import { type Answer, runAttempts } from './attempts.js';
import { readAll, TooLarge } from './body.js';
import type { ClientConfig } from './config.js';
import { WeavrConfigError, WeavrResponseTooLargeError } from './errors.js';
import { type MiddlewareCall, type Plan, plan } from './plan.js';
import { type CallResult, toResult } from './result.js';
import { type FetchLike, wireOf } from './transport/fetch.js';
import { pickTransport } from './transport/pick.js';
import type { CallPolicy, WireRequest } from './wire.js';

/**
 * One call, top to bottom: plan it, send it through its transport under the retry loop (wrapped by
 * openapi-fetch's middleware contract when there is middleware), then turn the answer into a result or a
 * typed error. Each stage returns to this one; none calls back up.
 */
export async function runCall(
  cfg: ClientConfig,
  registered: readonly Middleware[],
  method: string,
  path: string,
  init: unknown,
): Promise<CallResult> {
  const p = await plan(cfg, registered, method, path, init);
  // Without tracing this is one check per call (its code is in the tracing entry point, not here).
  if (cfg.tracing)
    return cfg.tracing.traceCall(p.meta, (trace) =>
      send(cfg, p, Object.freeze({ ...p.policy, trace })),
    ) as Promise<CallResult>;
  if (p.middleware) return send(cfg, p, p.policy);
  // The common call, without the wrapping `send` needs (one async step less).
  const { request, meta, scrub } = p;
  const transport = pickTransport(cfg, request, meta.parseAs, p.fetch);
  const answer = await runAttempts(p.policy, meta, scrub, transport, request);
  return toResult(meta, scrub, answer.wire, answer.body);
}

/** The retrying send of one request, then its result. */
async function send(cfg: ClientConfig, p: Plan, policy: CallPolicy): Promise<CallResult> {
  const retrying = (request: WireRequest) =>
    runAttempts(policy, p.meta, p.scrub, pickTransport(cfg, request, p.meta.parseAs, p.fetch), request);
  if (p.middleware) return withMiddleware(p, p.middleware, retrying, p.fetch ?? cfg.fetch);
  const answer = await retrying(p.request);
  return toResult(p.meta, p.scrub, answer.wire, answer.body);
}

/**
 * openapi-fetch's middleware contract around the retrying send: `onRequest` in order, then `onError` or
 * `onResponse` in reverse, once per call. The request middleware returns is what every attempt sends.
 */
async function withMiddleware(
  p: Plan,
  mw: MiddlewareCall,
  retrying: (request: WireRequest) => Promise<Answer>,
  custom: FetchLike | undefined,
): Promise<CallResult> {
  const { meta, scrub } = p;
  const options = Object.freeze({
    baseUrl: mw.baseUrl,
    fetch: custom ?? ((request: Request, init?: RequestInit) => fetch(request, init)),
    parseAs: meta.parseAs,
    querySerializer: mw.querySerializer,
    bodySerializer: mw.bodySerializer,
  });
  const id = Math.random().toString(36).slice(2, 11);
  const common = { schemaPath: mw.schemaPath, params: mw.params, options, id } as const;
  const { url, extra, ...init } = p.request;
  let request = new Request(url, { ...extra, ...init, redirect: 'manual' } as RequestInit);
  let response: Response | undefined;
  for (const m of mw.list) {
    const out: unknown = await m?.onRequest?.({ request, ...common } as never);
    if (!out) continue;
    if (out instanceof Request) request = out;
    else if (out instanceof Response) {
      response = out;
      break;
    } else throw new Error('onRequest: must return new Request() or Response() when modifying the request');
  }
  let answered: Answer | undefined;
  let shown: Response | undefined;
  if (!response) {
    // Credentials were attached for the configured origin; a middleware cannot send them elsewhere.
    if (new URL(request.url).origin !== new URL(mw.baseUrl).origin)
      throw new WeavrConfigError(
        `${meta.method} ${meta.path}: middleware moved the request to another origin; credentials go only to ${new URL(mw.baseUrl).origin}`,
      );
    // Read once, re-sent by every attempt (a Request body can be read only once).
    const body = request.body ? await request.clone().arrayBuffer() : undefined;
    try {
      answered = await retrying({
        method: request.method,
        url: request.url,
        headers: {},
        body,
        extra: undefined,
        base: request,
      });
      // What middleware sees: the answer as a `Response` over the body already read (a status fetch cannot
      // carry is kept as it came).
      response = shown = materialise(answered.wire.toResponse(null), answered.body);
    } catch (error) {
      let err: unknown = error;
      for (let i = mw.list.length - 1; i >= 0; i--) {
        const out: unknown = await mw.list[i]?.onError?.({ request, error: err, ...common } as never);
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
    for (let i = mw.list.length - 1; i >= 0; i--) {
      const out: unknown = await mw.list[i]?.onResponse?.({ request, response, ...common } as never);
      if (!out) continue;
      if (!(out instanceof Response))
        throw new Error('onResponse: must return new Response() when modifying the response');
      response = out;
    }
  }
  // The answer as the attempts read it, unless middleware put another response in its place: that one is
  // read here, within the same budget.
  if (answered && response === shown)
    return toResult(
      meta,
      scrub,
      { ...answered.wire, toResponse: () => response as Response, response },
      answered.body,
    );
  const wire = wireOf(response);
  const as = readAsFor(meta.parseAs, wire.status);
  let body: string | Uint8Array | ReadableStream<Uint8Array> | null = response.body;
  if (wire.body && as !== 'stream') {
    try {
      body = await readAll(wire.body, as, p.policy.maxResponseBytes);
    } catch (e) {
      if (!(e instanceof TooLarge)) throw e;
      throw new WeavrResponseTooLargeError(`Response body exceeds maxResponseBytes (${e.limit})`, {
        ...meta,
        status: wire.status,
        requestRef: scrub.header(wire.header('request-ref')),
      });
    }
  }
  return toResult(meta, scrub, wire, body);
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
