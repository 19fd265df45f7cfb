import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { redactBody } from '@weavr-sdk/core/internal';
import type { ToolSpec } from './tool-table.js';

/** What a tool call answers: text the model reads, flagged as an error or not. */
export type ToolAnswer = CallToolResult;

/** Where a page of a list stands, and how to get the next one. */
export interface Paging {
  offset: number;
  limit: number;
  /** Items in this answer. */
  returned: number;
  /** Items matching in all (Weavr's `count`), when the API says. */
  total?: number;
  /** The arguments for the next page, when there is one. */
  next?: { offset: number; limit: number };
}

/** The answer as JSON text, with every secret field and known secret value redacted. */
export function answer(
  value: Record<string, unknown>,
  secrets: readonly string[],
  isError = false,
): ToolAnswer {
  const text = JSON.stringify(redactBody(value, secrets), null, 1);
  return { content: [{ type: 'text', text }], ...(isError ? { isError: true } : {}) };
}

/**
 * The paging of a list answer: Weavr's `count` is the total matching, and the item field the spec names holds
 * this page. `shown` is how many items the answer keeps (fewer when the page had to shrink to fit).
 */
export function pagingOf(
  tool: ToolSpec,
  query: Record<string, unknown>,
  data: unknown,
  shown?: number,
): Paging | undefined {
  if (!tool.list || !data || typeof data !== 'object') return undefined;
  const items = (data as Record<string, unknown>)[tool.list.itemField];
  if (!Array.isArray(items)) return undefined;
  const offset = Number(query.offset ?? 0);
  const limit = Number(query[tool.list.limitParam]);
  const returned = shown ?? items.length;
  const count = (data as { count?: unknown }).count;
  const total = typeof count === 'number' ? count : undefined;
  const more =
    total !== undefined ? offset + returned < total : items.length >= limit || returned < items.length;
  return {
    offset,
    limit,
    returned,
    ...(total !== undefined ? { total } : {}),
    ...(more ? { next: { offset: offset + returned, limit } } : {}),
  };
}

/**
 * The body of a success answer within `max` characters: a list keeps as many items as fit (its paging says
 * where to go on); anything else is cut at `max` with a note (the cut text is no longer whole JSON).
 */
export function fitAnswer(
  tool: ToolSpec,
  envelope: Record<string, unknown>,
  query: Record<string, unknown>,
  secrets: readonly string[],
  max: number,
): ToolAnswer {
  const whole = answer(envelope, secrets);
  const text = (whole.content[0] as { text: string }).text;
  if (text.length <= max) return whole;
  const data = envelope.data as Record<string, unknown> | undefined;
  const field = tool.list?.itemField;
  const items = field && data ? data[field] : undefined;
  if (field && Array.isArray(items) && items.length > 1) {
    // Halve until it fits, then the answer says to go on from the first item left out.
    for (let keep = Math.floor(items.length / 2); keep >= 1; keep = Math.floor(keep / 2)) {
      const page = { ...data, [field]: items.slice(0, keep) };
      const fitted = answer(
        {
          ...envelope,
          data: page,
          paging: pagingOf(tool, query, { ...data }, keep),
          note: `Only the first ${keep} of the ${items.length} items fitted in one answer: go on with the paging's next offset (a smaller limit fits better).`,
        },
        secrets,
      );
      if ((fitted.content[0] as { text: string }).text.length <= max) return fitted;
    }
  }
  const note = `\n[answer cut at ${max} of ${text.length} characters: ask for less (a narrower filter, or a smaller limit on a list)]`;
  return { content: [{ type: 'text', text: text.slice(0, Math.max(0, max - note.length)) + note }] };
}
