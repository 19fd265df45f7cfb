import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { toolDefinition } from './definition.js';
import type { Engine } from './engine.js';
import { answer, type ToolAnswer } from './output.js';
import type { ToolSpec } from './tool-table.js';

/** Items `list_operations` answers with when no limit is given, and at most. */
const LIST_PAGE = 50;
const LIST_MAX = 200;

const definitions: Tool[] = [
  {
    name: 'list_operations',
    description:
      "Lists the Weavr API operations this server can run (name, kind: read/write/money, one-line summary). Filter by words of the name, tag, path or summary (all must match; * and ? are wildcards). Paged with offset and limit. Then describe_operation for one operation's arguments and invoke_operation to run it.",
    inputSchema: {
      type: 'object',
      properties: {
        filter: {
          type: 'string',
          description: 'Words that must all appear, e.g. "managed cards get" or "transfer*"',
        },
        offset: { type: 'integer', minimum: 0 },
        limit: { type: 'integer', minimum: 1, maximum: LIST_MAX },
      },
      additionalProperties: false,
    },
    annotations: { title: 'List Weavr operations', readOnlyHint: true, openWorldHint: false },
  },
  {
    name: 'describe_operation',
    description:
      "One operation's description, annotations and input schema (the arguments invoke_operation takes).",
    inputSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'The operation name, as list_operations gives it' },
      },
      required: ['name'],
      additionalProperties: false,
    },
    annotations: { title: 'Describe a Weavr operation', readOnlyHint: true, openWorldHint: false },
  },
  {
    name: 'invoke_operation',
    description:
      'Runs one operation with its arguments (checked against its input schema first). Answers as that operation would; writes return an idempotencyRef to repeat them safely.',
    inputSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'The operation name, as list_operations gives it' },
        arguments: { type: 'object', description: "The operation's arguments, as describe_operation says" },
      },
      required: ['name'],
      additionalProperties: false,
    },
    annotations: { title: 'Run a Weavr operation', destructiveHint: true, openWorldHint: true },
  },
];

/** A word of a filter as a case-insensitive regular expression: a substring, or a glob when it has * or ?. */
function word(w: string): RegExp {
  const escaped = w.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  return new RegExp(escaped.replace(/\*/g, '.*').replace(/\?/g, '.'), 'i');
}

function haystack(t: ToolSpec): string {
  return [t.name, t.tags.join(' '), t.method, t.path, t.description.slice(0, 200)].join(' ');
}

/** The first sentence of a description: enough to choose an operation by. */
function summaryOf(t: ToolSpec): string {
  const m = /^.*?[.!?](?=\s|$)/.exec(t.description);
  return (m ? m[0] : t.description).slice(0, 160);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function integer(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/**
 * `--dynamic`: three tools (list with a filter, describe one, invoke one) over the same exposed operations,
 * as Stainless's dynamic tools do, so a client sees 3 schemas instead of 150+.
 */
export function dynamicTools(engine: Engine): {
  definitions: Tool[];
  call(name: string, args: unknown, signal?: AbortSignal): Promise<ToolAnswer>;
} {
  const secrets = [engine.options.apiKey, engine.options.token].filter((s): s is string => !!s);
  const byName = new Map(engine.tools.map((t) => [t.name, t]));
  const unknown = (name: string) =>
    answer(
      {
        error: {
          type: 'UnknownOperation',
          message: `no operation named ${JSON.stringify(name)}: list_operations shows those this server exposes (writes and money moves only with --allow-writes / --allow-money)`,
        },
      },
      secrets,
      true,
    );
  return {
    definitions,
    async call(name, raw, signal) {
      const args = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      if (name === 'list_operations') {
        const words = text(args.filter).split(/\s+/).filter(Boolean).map(word);
        const found = engine.tools.filter((t) => words.every((w) => w.test(haystack(t))));
        const offset = integer(args.offset, 0);
        const limit = Math.min(Math.max(integer(args.limit, LIST_PAGE), 1), LIST_MAX);
        const page = found.slice(offset, offset + limit);
        return answer(
          {
            operations: page.map((t) => ({ name: t.name, kind: t.kind, summary: summaryOf(t) })),
            paging: {
              offset,
              limit,
              returned: page.length,
              total: found.length,
              ...(offset + page.length < found.length
                ? { next: { offset: offset + page.length, limit } }
                : {}),
            },
          },
          secrets,
        );
      }
      if (name === 'describe_operation') {
        const tool = byName.get(text(args.name));
        if (!tool) return unknown(text(args.name));
        const { name: n, description, inputSchema, annotations } = toolDefinition(tool);
        return answer({ name: n, kind: tool.kind, description, annotations, inputSchema }, secrets);
      }
      if (name === 'invoke_operation') {
        if (!byName.has(text(args.name))) return unknown(text(args.name));
        return engine.call(text(args.name), args.arguments ?? {}, signal);
      }
      return answer(
        {
          error: {
            type: 'UnknownTool',
            message: `no tool named ${JSON.stringify(name)}: in --dynamic mode the tools are list_operations, describe_operation and invoke_operation`,
          },
        },
        secrets,
        true,
      );
    },
  };
}
