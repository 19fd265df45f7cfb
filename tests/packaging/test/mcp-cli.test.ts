import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { run } from '../src/packages.js';

/**
 * The packed `weavr-mcp` CLI as npm installed it: its bin runs, and it speaks MCP over stdio (initialize, then
 * tools/list) with only the environment a desktop client gives it. The tarball stays within its size budget:
 * measured 119 KB (2026-12-04), most of it the generated tool tables, once per build (ESM and CJS).
 */
const consumer = inject('consumer');
const packed = inject('packed');
const bin = join(consumer, 'node_modules', '.bin', 'weavr-mcp');
const TARBALL_BUDGET = 150 * 1024;

/** A JSON-RPC answer, as far as these tests read it. */
interface Answer {
  result: {
    serverInfo?: { name: string };
    capabilities?: { tools?: object };
    tools?: { name: string; annotations: { readOnlyHint: boolean } }[];
  };
}

/** Sends JSON-RPC messages to a stdio server and collects its answers, one per line, until `count` arrived. */
function exchange(messages: object[], count: number, env: NodeJS.ProcessEnv): Promise<Answer[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const answers: Answer[] = [];
    let buffer = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no answer in time; got ${JSON.stringify(answers)}`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        answers.push(JSON.parse(buffer.slice(0, i)));
        buffer = buffer.slice(i + 1);
      }
      if (answers.length >= count) {
        clearTimeout(timer);
        child.stdin.end();
        child.kill();
        resolve(answers);
      }
    });
    child.on('error', reject);
    for (const m of messages) child.stdin.write(`${JSON.stringify(m)}\n`);
  });
}

describe('weavr-mcp, packed and installed', () => {
  test('--help runs from node_modules/.bin', async () => {
    const r = await run(bin, ['--help'], { cwd: consumer });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: WEAVR_API_KEY=… \[WEAVR_TOKEN=…\] weavr-mcp/);
  });

  test('answers initialize and tools/list over stdio: the read tools only', async () => {
    const [init, list] = await exchange(
      [
        {
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-06-18',
            capabilities: {},
            clientInfo: { name: 'smoke', version: '0' },
          },
        },
        { jsonrpc: '2.0', method: 'notifications/initialized' },
        { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      ],
      2,
      { PATH: process.env.PATH ?? '', WEAVR_API_KEY: 'smoke-key' },
    );
    expect(init?.result.serverInfo).toMatchObject({ name: 'weavr' });
    expect(init?.result.capabilities?.tools).toBeDefined();
    const tools = list?.result.tools ?? [];
    expect(tools.length).toBeGreaterThan(50);
    expect(tools.every((t) => t.annotations.readOnlyHint)).toBe(true);
  });

  test(`the tarball is at most ${TARBALL_BUDGET / 1024} KB`, () => {
    const tarball = packed.find((p) => p.name === '@weavr-sdk/mcp')?.tarball;
    expect(tarball).toBeDefined();
    const size = statSync(tarball as string).size;
    console.log(
      `size: @weavr-sdk/mcp tarball ${(size / 1024).toFixed(1)} KB (budget ${TARBALL_BUDGET / 1024} KB)`,
    );
    expect(size).toBeLessThanOrEqual(TARBALL_BUDGET);
  });
});
