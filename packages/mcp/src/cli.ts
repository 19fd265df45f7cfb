#!/usr/bin/env node
/** `weavr-mcp`: Weavr's APIs as MCP tools, over stdio (for a desktop client) or Streamable HTTP. */
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { WeavrConfigError } from '@weavr-sdk/core';
import { startWeavrMcpHttpServer } from './http.js';
import type { ApiChoice, WeavrMcpOptions } from './options.js';
import { createWeavrMcpServer } from './server.js';

const HELP = `Usage: WEAVR_API_KEY=… [WEAVR_TOKEN=…] weavr-mcp [options]

Weavr's Multi and Back-Office APIs as Model Context Protocol tools. Read-only unless told otherwise.

  --api multi|backoffice|all   which API's operations are tools (default all)
  --base-url URL               Multi API base URL (default the sandbox's); Back-Office and the
                               simulator are found beside it unless given
  --backoffice-url URL         Back-Office API base URL
  --simulator                  also the sandbox simulator's operations (needs --allow-writes)
  --simulator-url URL          simulator base URL
  --allow-writes               expose operations that change something
  --allow-money                also expose operations that move money (needs --allow-writes)
  --tools PATTERN…             only these (operationId, tool name or tag; * and ? wildcards)
  --exclude-tools PATTERN…     never these
  --dynamic                    three tools (list, describe, invoke) instead of one per operation
  --transport stdio|http       default stdio
  --port N                     HTTP port (default 4200; 0 picks a free one)
  --host H                     HTTP interface (default 127.0.0.1)
  --help                       this text

Environment: WEAVR_API_KEY (required), WEAVR_TOKEN (a Multi user token, for Multi operations that
need one). Secrets are read only from here, never from tool arguments, and never shown.`;

const FLAGS = {
  api: { type: 'string' },
  'base-url': { type: 'string' },
  'backoffice-url': { type: 'string' },
  simulator: { type: 'boolean' },
  'simulator-url': { type: 'string' },
  'allow-writes': { type: 'boolean' },
  'allow-money': { type: 'boolean' },
  dynamic: { type: 'boolean' },
  transport: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** `--tools a b --tools c` and `--tools a,b`: every pattern given, positionals after a pattern flag included. */
function patterns(argv: string[], flag: string): string[] | undefined {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === flag) {
      while (i + 1 < argv.length && !(argv[i + 1] as string).startsWith('--')) out.push(argv[++i] as string);
    } else if (argv[i]?.startsWith(`${flag}=`)) out.push((argv[i] as string).slice(flag.length + 1));
  }
  const split = out
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  return split.length ? split : undefined;
}

/** The argv with the words after --tools / --exclude-tools joined to their flag, so parseArgs sees one value each. */
function withoutPatterns(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--tools' || a === '--exclude-tools') {
      while (i + 1 < argv.length && !(argv[i + 1] as string).startsWith('--')) i++;
    } else if (!a.startsWith('--tools=') && !a.startsWith('--exclude-tools=')) out.push(a);
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({ args: withoutPatterns(argv), options: FLAGS }));
  } catch (e) {
    console.error(`weavr-mcp: ${(e as Error).message}. See --help.`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const transport = str('transport') ?? 'stdio';
  if (transport !== 'stdio' && transport !== 'http') {
    console.error(`weavr-mcp: --transport must be stdio or http (got ${transport}).`);
    return 2;
  }
  const port = str('port') === undefined ? undefined : Number(str('port'));
  const options: WeavrMcpOptions = {
    apiKey: process.env.WEAVR_API_KEY ?? '',
    ...(process.env.WEAVR_TOKEN ? { token: process.env.WEAVR_TOKEN } : {}),
    ...(str('api') ? { api: str('api') as ApiChoice } : {}),
    ...(str('base-url') ? { baseUrl: str('base-url') } : {}),
    ...(str('backoffice-url') ? { backofficeUrl: str('backoffice-url') } : {}),
    ...(str('simulator-url') ? { simulatorUrl: str('simulator-url') } : {}),
    simulator: values.simulator === true,
    allowWrites: values['allow-writes'] === true,
    allowMoney: values['allow-money'] === true,
    dynamic: values.dynamic === true,
  };
  const tools = patterns(argv, '--tools');
  const excludeTools = patterns(argv, '--exclude-tools');
  if (tools) options.tools = tools;
  if (excludeTools) options.excludeTools = excludeTools;
  try {
    if (transport === 'http') {
      const server = await startWeavrMcpHttpServer(options, {
        ...(port !== undefined ? { port } : {}),
        ...(str('host') ? { host: str('host') } : {}),
      });
      // The one line a launcher waits for; stdout is free with the HTTP transport.
      console.log(`weavr-mcp listening on ${server.url}`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    } else {
      const server = createWeavrMcpServer(options);
      await server.connect(new StdioServerTransport());
      process.stdin.once('end', () => void server.close().then(() => process.exit(0)));
    }
    return -1;
  } catch (e) {
    if (e instanceof WeavrConfigError || (e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`weavr-mcp: ${(e as Error).message}`);
      return 2;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`weavr-mcp: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
