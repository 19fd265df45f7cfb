import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolSpec } from './tool-table.js';

/** A tool as MCP lists it, with the annotations read from the spec. */
export function toolDefinition(tool: ToolSpec): Tool {
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema as Tool['inputSchema'],
    annotations: {
      title: `${tool.method} ${tool.path}`,
      readOnlyHint: tool.kind === 'read',
      destructiveHint: tool.destructive,
      idempotentHint: tool.idempotent,
      openWorldHint: true,
    },
  };
}
