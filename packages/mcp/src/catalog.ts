import { WeavrConfigError } from '@weavr-sdk/core';
import { backoffice } from './generated/backoffice.js';
import { multi } from './generated/multi.js';
import { simulator } from './generated/simulator.js';
import type { WeavrMcpOptions } from './options.js';
import type { ToolSpec, ToolTable } from './tool-table.js';

/** Every generated table, by API. */
export const TABLES: Record<ToolTable['api'], ToolTable> = { multi, backoffice, simulator };

/** The specs the tools were generated from, by name (as specs/lock.json pins them). */
export const specs = Object.fromEntries(
  Object.values(TABLES).map((t) => [t.api, { title: t.title, version: t.version, sha256: t.sha256 }]),
) as Record<ToolTable['api'], { title: string; version: string; sha256: string }>;

/** A `*`/`?` glob as a whole-string, case-insensitive regular expression. */
function globRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

/** Whether a `tools`/`excludeTools` pattern names this tool: by operationId, tool name or tag. */
function matches(tool: ToolSpec, pattern: RegExp): boolean {
  return pattern.test(tool.operationId) || pattern.test(tool.name) || tool.tags.some((t) => pattern.test(t));
}

/** What a tool needs that the options did not give, or undefined when it is exposed. */
function hiddenBecause(tool: ToolSpec, options: WeavrMcpOptions): string | undefined {
  if (tool.kind === 'money' && !(options.allowWrites && options.allowMoney))
    return 'moves money: needs --allow-writes --allow-money';
  if (tool.kind === 'write' && !options.allowWrites) return 'writes: needs --allow-writes';
  return undefined;
}

/** The tools the options expose, in spec order, and notes on patterns that named only hidden tools. */
export function selectTools(options: WeavrMcpOptions): { tools: ToolSpec[]; notes: string[] } {
  const api = options.api ?? 'all';
  if (!['multi', 'backoffice', 'all'].includes(api))
    throw new WeavrConfigError(`api must be multi, backoffice or all (got ${JSON.stringify(api)})`);
  if (options.allowMoney && !options.allowWrites)
    throw new WeavrConfigError('allowMoney (--allow-money) needs allowWrites (--allow-writes) too');
  const apis: ToolTable['api'][] = [
    ...(api === 'all' || api === 'multi' ? (['multi'] as const) : []),
    ...(api === 'all' || api === 'backoffice' ? (['backoffice'] as const) : []),
    ...(options.simulator ? (['simulator'] as const) : []),
  ];
  const all = apis.flatMap((a) => TABLES[a].tools);
  const include = (options.tools ?? []).map((p) => [p, globRegExp(p)] as const);
  const exclude = (options.excludeTools ?? []).map((p) => [p, globRegExp(p)] as const);
  for (const [p, re] of [...include, ...exclude])
    if (!all.some((t) => matches(t, re)))
      throw new WeavrConfigError(
        `tool pattern ${JSON.stringify(p)} matches no operation of ${apis.join(', ')} (patterns match an operationId, a tool name or a tag; * and ? are wildcards)`,
      );
  const notes: string[] = [];
  for (const [p, re] of include) {
    const named = all.filter((t) => matches(t, re));
    if (named.every((t) => hiddenBecause(t, options)))
      notes.push(
        `--tools ${p}: every tool it names is hidden (${hiddenBecause(named[0] as ToolSpec, options)})`,
      );
  }
  const tools = all.filter(
    (t) =>
      !hiddenBecause(t, options) &&
      (include.length === 0 || include.some(([, re]) => matches(t, re))) &&
      !exclude.some(([, re]) => matches(t, re)),
  );
  return { tools, notes };
}
