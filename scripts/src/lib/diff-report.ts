/** Renders a SpecDiff for a terminal (spec-diff) and as Markdown for a changeset body (specs-update). */
import type { Change, SpecDiff } from './diff.js';

export function summaryLine(diff: SpecDiff): string {
  return `spec diff: ${diff.breaking} breaking, ${diff.additive} additive`;
}

interface Grouped {
  removed: Change[];
  added: Change[];
  deprecated: Change[];
  /** operation → its changes, in document order */
  changed: Map<string, Change[]>;
}

function group(diff: SpecDiff): Grouped {
  const g: Grouped = { removed: [], added: [], deprecated: [], changed: new Map() };
  for (const c of diff.changes) {
    if (c.rule === 'operation-removed') g.removed.push(c);
    else if (c.rule === 'operation-added') g.added.push(c);
    else {
      if (c.rule === 'operation-deprecated') g.deprecated.push(c);
      const list = g.changed.get(c.operation) ?? [];
      list.push(c);
      g.changed.set(c.operation, list);
    }
  }
  return g;
}

function tag(c: Change): string {
  return c.severity === 'breaking' ? 'BREAKING' : 'additive';
}

function describe(c: Change): string {
  return c.location ? `${c.location}: ${c.message}` : c.message;
}

/** The full report: every change, grouped by operation, the summary line last. */
export function renderText(diff: SpecDiff, from: string, to: string): string {
  const g = group(diff);
  const lines: string[] = [
    `${diff.from.title} ${diff.from.version} (${from}) → ${diff.to.title} ${diff.to.version} (${to})`,
  ];
  if (diff.identical) lines.push('', 'The documents are identical.');
  else if (!diff.changes.length)
    lines.push(
      '',
      diff.docsOnly
        ? 'Only documentation changed (descriptions, summaries, examples).'
        : 'No change spec-diff classifies (constraints such as patterns, formats and limits are not compared).',
    );
  const section = (title: string, list: Change[]) => {
    if (!list.length) return;
    lines.push('', `${title} (${list.length})`);
    for (const c of list)
      lines.push(
        `  ${tag(c).padEnd(8)}  ${c.operation}${c.message.includes('deprecated') ? ' (deprecated)' : ''}`,
      );
  };
  section('Operations removed', g.removed);
  section('Operations added', g.added);
  if (g.deprecated.length) {
    lines.push('', `Operations deprecated (${g.deprecated.length})`);
    for (const c of g.deprecated) lines.push(`  ${tag(c).padEnd(8)}  ${c.operation}`);
  }
  const changed = [...g.changed].filter(([, list]) => list.some((c) => c.rule !== 'operation-deprecated'));
  if (changed.length) {
    lines.push('', `Operations changed (${changed.length})`);
    for (const [op, list] of changed) {
      lines.push(`  ${op}`);
      for (const c of list)
        if (c.rule !== 'operation-deprecated') lines.push(`    ${tag(c).padEnd(8)}  ${describe(c)}`);
    }
  }
  lines.push('', summaryLine(diff));
  return lines.join('\n');
}

function listOps(list: Change[], max: number): string[] {
  const shown = list.slice(0, max).map((c) => `- \`${c.operation}\``);
  if (list.length > max) shown.push(`- … and ${list.length - max} more`);
  return shown;
}

/**
 * A changeset body: headline counts, the operations added, removed and deprecated, every breaking change
 * (up to `maxBreaking`) and, per changed operation, a count of its additive changes. The full list is one
 * `pnpm specs:diff` away, and a CHANGELOG should stay readable.
 */
export function renderMarkdown(diff: SpecDiff, opts: { maxOps?: number; maxBreaking?: number } = {}): string {
  const maxOps = opts.maxOps ?? 40;
  const maxBreaking = opts.maxBreaking ?? 60;
  const g = group(diff);
  const out: string[] = [];
  if (!diff.changes.length) {
    out.push(
      diff.docsOnly
        ? 'Only documentation changed (descriptions, summaries, examples): no type or behaviour changes.'
        : 'No change to operations, parameters, bodies, responses or security (other details of the document changed).',
    );
    return out.join('\n');
  }
  if (g.removed.length)
    out.push('', `**Operations removed (${g.removed.length}, breaking)**`, ...listOps(g.removed, maxOps));
  if (g.added.length) out.push('', `**Operations added (${g.added.length})**`, ...listOps(g.added, maxOps));
  if (g.deprecated.length)
    out.push('', `**Operations deprecated (${g.deprecated.length})**`, ...listOps(g.deprecated, maxOps));
  const breaking = diff.changes.filter((c) => c.severity === 'breaking' && c.rule !== 'operation-removed');
  if (breaking.length) {
    out.push('', `**Breaking changes in existing operations (${breaking.length})**`);
    for (const c of breaking.slice(0, maxBreaking))
      out.push(`- \`${c.operation}\` ${c.location ? `\`${c.location}\`: ` : ''}${c.message}`);
    if (breaking.length > maxBreaking) out.push(`- … and ${breaking.length - maxBreaking} more`);
  }
  const additiveByOp = new Map<string, number>();
  for (const c of diff.changes)
    if (c.severity === 'additive' && c.rule !== 'operation-added' && c.rule !== 'operation-deprecated')
      additiveByOp.set(c.operation, (additiveByOp.get(c.operation) ?? 0) + 1);
  if (additiveByOp.size) {
    out.push(
      '',
      `**Additive changes in existing operations (${[...additiveByOp.values()].reduce((a, b) => a + b, 0)})**`,
    );
    const entries = [...additiveByOp];
    for (const [op, n] of entries.slice(0, maxOps)) out.push(`- \`${op}\`: ${n} change${n === 1 ? '' : 's'}`);
    if (entries.length > maxOps) out.push(`- … and ${entries.length - maxOps} more operations`);
  }
  return out.join('\n').replace(/^\n/, '');
}
