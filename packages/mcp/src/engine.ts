import {
  type Logger,
  WeavrApiError,
  WeavrConfigError,
  WeavrConnectionError,
  WeavrError,
  WeavrForbiddenError,
  WeavrIdempotencyMismatchError,
} from '@weavr-sdk/core';
import { checkArguments, InvalidArgumentsError } from './arguments.js';
import { selectTools } from './catalog.js';
import { baseUrls, type Clients, createClients } from './clients.js';
import type { WeavrMcpOptions } from './options.js';
import { answer, fitAnswer, pagingOf, type ToolAnswer } from './output.js';
import type { ToolSpec } from './tool-table.js';

/** Everything a server needs to answer tool calls, made once and shared by every MCP session. */
export interface Engine {
  /** The tools exposed, in spec order. */
  readonly tools: readonly ToolSpec[];
  readonly options: WeavrMcpOptions;
  /** Runs one tool call; never throws: every failure is a tool error the model can read. */
  call(name: string, args: unknown, signal?: AbortSignal): Promise<ToolAnswer>;
}

/** Writes log lines to stderr: stdout carries the stdio transport's messages. */
export const stderrLogger: Logger = {
  debug: (m) => process.stderr.write(`weavr-mcp debug: ${m}\n`),
  info: (m) => process.stderr.write(`weavr-mcp: ${m}\n`),
  warn: (m) => process.stderr.write(`weavr-mcp warn: ${m}\n`),
  error: (m) => process.stderr.write(`weavr-mcp error: ${m}\n`),
};

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new WeavrConfigError(`${name} must be a whole number above 0`);
  return value;
}

/** The picked arguments that are set, by name. */
function pick(args: Record<string, unknown>, names: readonly string[]): Record<string, unknown> | undefined {
  const out = Object.fromEntries(names.filter((n) => args[n] !== undefined).map((n) => [n, args[n]]));
  return Object.keys(out).length ? out : undefined;
}

/**
 * What the model can do about an API error from this server, where the SDK's own hint (in the message) speaks
 * to code: the credentials are the server's, and the verification tools are not exposed.
 */
function hintFor(e: WeavrApiError, tool: ToolSpec | undefined): string | undefined {
  if (e instanceof WeavrIdempotencyMismatchError)
    return 'This idempotencyRef was used with other arguments: leave idempotencyRef out to make a new call.';
  if (e instanceof WeavrForbiddenError && e.stepUpRequired)
    return "The user's token must be stepped up first (a one-time code the person enters in their app): this server never takes the code. Ask the person to step up, then repeat the call.";
  if (e.status === 401)
    return tool?.identity
      ? "The server's API key was refused for this identity's token: check WEAVR_API_KEY and the identity."
      : "The server's credentials were refused: WEAVR_TOKEN may have expired (5 minutes unused) or WEAVR_API_KEY is wrong. The person running the server must restart it with a fresh token.";
  return undefined;
}

/** What the model reads for a failure: what went wrong, Weavr's refs, and what to do. */
function failure(e: unknown, tool: ToolSpec | undefined, options: WeavrMcpOptions): Record<string, unknown> {
  if (e instanceof InvalidArgumentsError)
    return { error: { type: e.name, message: e.message, fields: e.fields } };
  const hint = e instanceof WeavrApiError ? hintFor(e, tool) : undefined;
  if (e instanceof WeavrApiError)
    return {
      error: {
        type: e.name,
        status: e.status,
        errorCode: e.errorCode,
        // The SDK's message: status, code, Weavr's message and a hint of what to check.
        message: e.message,
        requestRef: e.requestRef,
        idempotencyRef: e.idempotencyRef,
        ...(e.fieldErrors.length ? { fieldErrors: e.fieldErrors } : {}),
        ...(hint ? { hint } : {}),
      },
    };
  if (e instanceof WeavrConnectionError) {
    const url = tool && baseUrls(options)[tool.api];
    return {
      error: {
        type: e.name,
        message: e.message,
        ...(e.status ? { status: e.status } : {}),
        requestRef: e.requestRef,
        idempotencyRef: e.idempotencyRef,
        hint: `The API at ${url ?? 'the default sandbox URL'} could not be reached or did not answer in time: check the server's base URL and network. A write may have been applied: repeat it only with the same idempotencyRef.`,
      },
    };
  }
  if (e instanceof WeavrError) return { error: { type: e.name, message: e.message } };
  // Not the SDK's: say only what it is, never a stack.
  return { error: { type: 'InternalError', message: e instanceof Error ? e.message : String(e) } };
}

export function createEngine(options: WeavrMcpOptions): Engine {
  const logger = options.logger ?? stderrLogger;
  const { tools, notes } = selectTools(options);
  const clients: Clients = createClients(options, logger, [...new Set(tools.map((t) => t.api))]);
  const pageSize = positive('pageSize', options.pageSize, 20);
  const maxChars = positive('maxResultChars', options.maxResultChars, 40_000);
  const quiet = options.logLevel === 'warn' || options.logLevel === 'error' || options.logLevel === 'off';
  for (const note of notes) logger.warn(note);
  const byName = new Map(tools.map((t) => [t.name, t]));

  /** What the log line of a call says: the status and request-ref, never arguments or data. */
  type Seen = { status?: number | string; requestRef?: string };

  async function run(tool: ToolSpec, raw: unknown, seen: Seen, signal?: AbortSignal): Promise<ToolAnswer> {
    const args = checkArguments(tool, raw);
    const client = await clients.forTool(tool, args.identity, signal);
    const query = pick(args, tool.queryParams) ?? {};
    if (tool.list && query[tool.list.limitParam] === undefined)
      query[tool.list.limitParam] = Math.min(pageSize, tool.list.maxLimit);
    const path = pick(args, tool.pathParams);
    const params = { ...(path ? { path } : {}), ...(Object.keys(query).length ? { query } : {}) };
    const idempotencyRef = tool.idempotencyRef
      ? ((args.idempotencyRef as string | undefined) ?? clients.newRef())
      : undefined;
    const result = await client[tool.method](tool.path, {
      params,
      ...(args.body !== undefined ? { body: args.body } : {}),
      ...(idempotencyRef ? { idempotencyRef } : {}),
      ...(signal ? { signal } : {}),
    });
    const envelope: Record<string, unknown> = {
      status: result.response.status,
      requestRef: result.requestRef,
      ...(idempotencyRef
        ? {
            idempotencyRef,
            note: 'To repeat this call safely, pass this idempotencyRef with the same arguments: it is not applied twice.',
          }
        : {}),
      data: result.data ?? null,
    };
    const paging = pagingOf(tool, query, result.data);
    if (paging) envelope.paging = paging;
    seen.status = result.response.status;
    seen.requestRef = result.requestRef;
    return fitAnswer(tool, envelope, query, clients.secrets, maxChars);
  }

  return {
    tools,
    options,
    async call(name, args, signal) {
      const started = Date.now();
      const tool = byName.get(name);
      if (!tool) {
        const known = [...byName.keys()].find((n) => n.toLowerCase() === String(name).toLowerCase());
        return answer(
          {
            error: {
              type: 'UnknownTool',
              message: `no tool named ${JSON.stringify(name)}${known ? ` (did you mean ${known}?)` : ''}: list the tools to see what this server exposes; writes and money moves appear only when the server is started with --allow-writes (and --allow-money)`,
            },
          },
          clients.secrets,
          true,
        );
      }
      let out: ToolAnswer;
      const seen: Seen = {};
      try {
        out = await run(tool, args, seen, signal);
      } catch (e) {
        const failed = failure(e, tool, options);
        const error = failed.error as { type: string; status?: number; requestRef?: string };
        Object.assign(seen, { status: error.status ?? error.type, requestRef: error.requestRef });
        out = answer(failed, clients.secrets, true);
      }
      if (!quiet)
        logger.info(
          `${name}: ${seen.status ?? '?'}${seen.requestRef ? ` request-ref ${seen.requestRef}` : ''} in ${Date.now() - started} ms`,
        );
      return out;
    },
  };
}
