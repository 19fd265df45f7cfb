import { WeavrConfigError } from '@weavr-sdk/core';
import { WebhookBodyError } from './errors.js';
import type {
  UnidentifiedWebhook,
  VerifiedWebhook,
  WebhookEvent,
  WebhookNameOf,
  WebhookSelector,
} from './events.js';
import { checkVerifyOptions, type VerifyOptions } from './options.js';
import { type VerifyWebhookOptions, verifyWebhook } from './verify.js';

/** Options of the request adapters: the verification options plus a body size cap. */
export interface RequestVerifyOptions extends VerifyOptions {
  /**
   * Largest body read, in bytes; a larger one is refused (413) without reading the rest.
   * @default 1048576 (1 MiB)
   */
  maxBodyBytes?: number;
}

/**
 * What `verifyNodeWebhook` reads from a Node `http.IncomingMessage` (or an Express/Fastify request): its
 * headers, its URL, and either its unread body stream or a raw `body` a middleware already collected.
 */
export interface NodeRequestLike {
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  url?: string;
  /** Set by body-parsing middleware; only raw bytes or text are usable. */
  body?: unknown;
  readableEnded?: boolean;
  [Symbol.asyncIterator](): AsyncIterator<unknown>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

function maxBytes(where: string, o: RequestVerifyOptions): number {
  const max = o?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!(Number.isInteger(max) && max > 0)) {
    throw new WeavrConfigError(`${where}: maxBodyBytes must be a positive whole number (got ${String(max)})`);
  }
  return max;
}

function tooLarge(max: number): WebhookBodyError {
  return new WebhookBodyError('BODY_TOO_LARGE', `the body is larger than maxBodyBytes (${max} bytes)`);
}

/** Reads a web `Request`'s body as bytes, refusing one over `max` bytes as soon as it is known. */
export async function readRequestBody(request: Request, max = DEFAULT_MAX_BODY_BYTES): Promise<Uint8Array> {
  if (request.bodyUsed) {
    throw new WebhookBodyError(
      'BODY_NOT_RAW',
      'the request body was already read; verify before anything else reads it, or pass the bytes you read to verifyWebhook',
    );
  }
  const declared = Number(request.headers.get('content-length'));
  if (declared > max) {
    await request.body?.cancel();
    throw tooLarge(max);
  }
  if (!request.body) return new Uint8Array(0);
  return collect(streamChunks(request.body), max);
}

/** Reads a Node request stream (or uses the raw body a middleware collected), refusing one over `max` bytes. */
export async function readNodeBody(
  req: NodeRequestLike,
  max = DEFAULT_MAX_BODY_BYTES,
): Promise<Uint8Array | string> {
  if (req.body !== undefined) {
    const b = req.body;
    if (typeof b === 'string' || b instanceof Uint8Array) return b;
    throw new WebhookBodyError(
      'BODY_NOT_RAW',
      `req.body is ${b === null ? 'null' : 'an already-parsed object'}, not the raw body: mount express.raw({ type: 'application/json' }) (not express.json()) on the webhook route, or no body parser`,
    );
  }
  if (req.readableEnded) {
    throw new WebhookBodyError(
      'BODY_NOT_RAW',
      'the request stream was already read and no raw body was kept: verify before anything else reads it',
    );
  }
  return collect(req, max);
}

async function* streamChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Reached early when the body is too large: cancel the rest instead of reading it.
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

async function collect(stream: AsyncIterable<unknown>, max: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    size += bytes.byteLength;
    // Leaving the loop early cancels the stream, so an oversized body is not read to its end.
    if (size > max) throw tooLarge(max);
    chunks.push(bytes);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * The two overloads every request adapter has, for its kind of request `R`: with `event`, that event's type;
 * without, any event (or an unidentified one).
 */
export interface RequestVerifier<R> {
  <S extends WebhookSelector>(
    request: R,
    options: RequestVerifyOptions & { event: S },
  ): Promise<VerifiedWebhook<WebhookNameOf<S>>>;
  (request: R, options: RequestVerifyOptions): Promise<WebhookEvent | UnidentifiedWebhook>;
}

/** What both adapters do once the request is checked: check the options, read the body within the cap, verify. */
async function verifyRead(
  where: string,
  options: RequestVerifyOptions,
  read: (max: number) => Promise<Uint8Array | string>,
  request: { url?: string; headers: VerifyWebhookOptions['headers'] },
): Promise<WebhookEvent | UnidentifiedWebhook> {
  checkVerifyOptions(where, options);
  const max = maxBytes(where, options);
  const { maxBodyBytes: _, ...rest } = options;
  const rawBody = await read(max);
  return verifyWebhook({
    ...(request.url ? { url: request.url } : {}),
    ...rest,
    headers: request.headers,
    rawBody,
  });
}

/**
 * Verifies a web `Request` (fetch API servers: Next.js route handlers, Hono, Bun, Deno, Cloudflare Workers)
 * and returns its typed event. The event is found from the request's path unless `event` is given.
 *
 * @example
 * export async function POST(request: Request) {
 *   const event = await verifyWebhookRequest(request, { apiKey: process.env.WEAVR_API_KEY! });
 *   return new Response(null, { status: 204 });
 * }
 */
export const verifyWebhookRequest = (async (request: Request, options: RequestVerifyOptions) => {
  if (typeof Request === 'undefined' || !(request instanceof Request)) {
    throw new WeavrConfigError('verifyWebhookRequest: request must be a web Request');
  }
  return verifyRead('verifyWebhookRequest', options, (max) => readRequestBody(request, max), request);
}) as RequestVerifier<Request>;

/**
 * Verifies a Node `http.IncomingMessage` (plain `node:http`, Express with `express.raw()` or no body parser,
 * Fastify with a raw body) and returns its typed event. The event is found from `req.url` unless `event` is
 * given.
 *
 * @example
 * createServer(async (req, res) => {
 *   try {
 *     const event = await verifyNodeWebhook(req, { apiKey });
 *     res.writeHead(204).end();
 *   } catch (e) {
 *     res.writeHead(e instanceof WebhookVerificationError ? e.status : 500).end();
 *   }
 * });
 */
export const verifyNodeWebhook = (async (req: NodeRequestLike, options: RequestVerifyOptions) => {
  if (!req || typeof req !== 'object' || !req.headers) {
    throw new WeavrConfigError(
      'verifyNodeWebhook: req must be an http.IncomingMessage (or a request with headers)',
    );
  }
  return verifyRead('verifyNodeWebhook', options, (max) => readNodeBody(req, max), req);
}) as RequestVerifier<NodeRequestLike>;
