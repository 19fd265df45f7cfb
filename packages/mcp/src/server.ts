import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { version } from '../package.json';
import { toolDefinition } from './definition.js';
import { dynamicTools } from './dynamic.js';
import { createEngine, type Engine } from './engine.js';
import type { WeavrMcpOptions } from './options.js';

function instructions(engine: Engine): string {
  const o = engine.options;
  const scope = o.allowWrites
    ? o.allowMoney
      ? 'reads, writes and money moves are enabled'
      : 'reads and writes are enabled; money moves (transfers, sends, wire transfers, fees, bulk runs) are not'
    : 'only read operations are enabled';
  return [
    `Tools for Weavr's embedded-finance APIs (${scope}).`,
    'Back-Office tools act for the identity given as `identity: { type, id }`.',
    'Every write answers with an idempotencyRef: to repeat a write, pass that idempotencyRef with the same arguments and it is not applied twice.',
    'Lists are paged: pass offset and limit; an answer with paging.next has more.',
    'Secrets (passwords, one-time codes, card numbers) are never accepted or shown.',
  ].join(' ');
}

/** An MCP server answering from `engine`: one per connection; the engine is shared. */
export function serverFor(engine: Engine): McpServer {
  const mcp = new McpServer(
    { name: 'weavr', title: 'Weavr', version },
    { instructions: instructions(engine) },
  );
  // The tools' schemas are JSON Schema from the spec, not zod: the list and call handlers are set directly.
  mcp.server.registerCapabilities({ tools: { listChanged: false } });
  const listed = engine.options.dynamic ? dynamicTools(engine) : undefined;
  const definitions = listed ? listed.definitions : engine.tools.map(toolDefinition);
  mcp.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: definitions }));
  mcp.server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
    listed
      ? listed.call(request.params.name, request.params.arguments, extra.signal)
      : engine.call(request.params.name, request.params.arguments ?? {}, extra.signal),
  );
  return mcp;
}

/**
 * An MCP server whose tools are Weavr's operations (see `WeavrMcpOptions` for which), calling the API through
 * the SDK's clients. Connect it to any transport:
 *
 * @example
 * import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
 * const server = createWeavrMcpServer({ apiKey: process.env.WEAVR_API_KEY! });
 * await server.connect(new StdioServerTransport());
 */
export function createWeavrMcpServer(options: WeavrMcpOptions): McpServer {
  return serverFor(createEngine(options));
}
