#!/usr/bin/env tsx
/**
 * Generates packages/mcp/src/generated/ from the pulled specs: per API (Multi, Back-Office, simulator) one MCP
 * tool per operation, with its input schema ($refs resolved, size kept within a budget), description, kind
 * (read, write, money-moving) and annotations, all read from the spec (see lib/mcp-tools.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ToolTable } from '../../packages/mcp/src/tool-table.js';
import { generatorCommand, runWhenMain } from './lib/cli.js';
import { toolTable } from './lib/mcp-tools.js';
import { generatedHeader, readPinnedSpec, replaceFolder } from './lib/project.js';

const HELP = `Usage: generate-mcp [--root DIR]

Writes packages/mcp/src/generated/{multi,backoffice,simulator}.ts (one MCP tool per operation) from
specs/<name>.json as pulled by pull-specs and pinned in specs/lock.json. The generated folder is
replaced as a whole.

  --root DIR   project root (default: this repository)
  --help       this text`;

export class GenerateMcpError extends Error {}

const APIS: ToolTable['api'][] = ['multi', 'backoffice', 'simulator'];

export function generateMcp(root: string, log: (l: string) => void = console.log): void {
  const dir = join(root, 'packages', 'mcp');
  if (!existsSync(dir)) throw new GenerateMcpError(`package folder ${dir} does not exist.`);
  const files: Record<string, string> = {};
  for (const api of APIS) {
    const { doc, sha } = readPinnedSpec(root, api, (m) => new GenerateMcpError(m));
    const table = toolTable(api, doc, sha);
    // JSON.parse of a string literal: the type checker and bundler never walk a large object literal.
    files[`${api}.ts`] =
      `${generatedHeader(api, doc, sha)}import type { ToolTable } from '../tool-table.js';\n\n` +
      `export const ${api}: ToolTable = JSON.parse(${JSON.stringify(JSON.stringify(table))});\n`;
    const count = (k: string) => table.tools.filter((t) => t.kind === k).length;
    log(
      `mcp: ${api} ${doc.info.version}: ${table.tools.length} tools (${count('read')} read, ${count('write')} write, ${count('money')} money), ${table.withheld.length} withheld (they require a secret)`,
    );
  }
  replaceFolder(join(dir, 'src', 'generated'), files);
}

runWhenMain(generatorCommand('generate-mcp', HELP, GenerateMcpError, generateMcp), import.meta.url);
