import { randomUUID } from 'node:crypto';
import { createBackofficeClient } from '@weavr-sdk/backoffice';
import { type CallResult, type Logger, WeavrConfigError } from '@weavr-sdk/core';
import { createMultiClient } from '@weavr-sdk/multi';
import { createSimulatorClient } from '@weavr-sdk/simulator';
import type { WeavrMcpOptions } from './options.js';
import type { ToolSpec, ToolTable } from './tool-table.js';

/** A client method as the tools call it: the path template and an init, typed loosely (the tool schema checked it). */
type LooseMethod = (path: string, init: Record<string, unknown>) => Promise<CallResult>;
type LooseClient = Record<ToolSpec['method'], LooseMethod>;

/** The base URLs the tools call, each from the options or derived from `baseUrl` as documented there. */
export function baseUrls(options: WeavrMcpOptions): Record<ToolTable['api'], string | undefined> {
  const multi = options.baseUrl?.replace(/\/+$/, '');
  return {
    multi,
    backoffice: options.backofficeUrl ?? (multi ? `${multi}/backoffice` : undefined),
    simulator:
      options.simulatorUrl ??
      (multi && /\/multi$/.test(multi) ? multi.replace(/\/multi$/, '/simulate/api') : undefined),
  };
}

/** One client per API, made with the SDK's factories: retries, idempotency-refs, redaction, typed errors. */
export interface Clients {
  /** The client a tool calls with: for Back-Office identity tools, one acting for `identity`. */
  forTool(tool: ToolSpec, identity: unknown, signal: AbortSignal | undefined): Promise<LooseClient>;
  /** The secret values to scrub from anything returned (the API key, the user token). */
  secrets: readonly string[];
  /** A new idempotency-ref, for a write whose caller gave none. */
  newRef(): string;
}

export function createClients(
  options: WeavrMcpOptions,
  logger: Logger,
  apis: readonly ToolTable['api'][],
): Clients {
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '')
    throw new WeavrConfigError(
      'an API key is required: set WEAVR_API_KEY (or apiKey); it is sent only to the configured base URL',
    );
  const urls = baseUrls(options);
  const common = {
    apiKey: options.apiKey,
    throwOnError: true as const,
    logger,
    logLevel: options.logLevel ?? 'info',
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
  };
  const made: Partial<Record<ToolTable['api'], unknown>> = {};
  const client = (api: ToolTable['api']) => {
    made[api] ??=
      api === 'multi'
        ? createMultiClient({
            ...common,
            ...(urls.multi ? { baseUrl: urls.multi } : {}),
            token: options.token,
          })
        : api === 'backoffice'
          ? createBackofficeClient({ ...common, ...(urls.backoffice ? { baseUrl: urls.backoffice } : {}) })
          : createSimulatorClient({
              ...common,
              ...(urls.simulator ? { baseUrl: urls.simulator } : {}),
              token: options.token,
            });
    return made[api];
  };
  // Made now for the APIs exposed, so a bad base URL or option stops the server at startup, not at a call.
  for (const api of apis) client(api);
  return {
    secrets: [options.apiKey, options.token].filter((s): s is string => typeof s === 'string' && s !== ''),
    newRef: randomUUID,
    async forTool(tool, identity, signal) {
      if (tool.identity && identity !== undefined) {
        const bo = client('backoffice') as ReturnType<typeof createBackofficeClient<true>>;
        return (await bo.forIdentity(identity as Parameters<typeof bo.forIdentity>[0], { signal })) as never;
      }
      if (tool.bearer === 'required' && !tool.identity && !options.token)
        throw new WeavrConfigError(
          `${tool.name} needs the user's token: start the server with WEAVR_TOKEN set (a Multi login or access token)`,
        );
      return client(tool.api) as LooseClient;
    },
  };
}
