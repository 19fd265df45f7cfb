import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readBody, sendJson, startServer, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Behaviour = 'ok' | 'hang' | 'stall-body';
async function serve(behaviour: Behaviour) {
  server = await startServer(async (req, res) => {
    await readBody(req);
    if (behaviour === 'hang') return;
    if (behaviour === 'ok') return sendJson(res, 200, { id: 'c1' }, { 'request-ref': 'rr-exit' });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"id":');
  });
  // Idle keep-alive connections stay open on the server side: only the client can let the process go.
  server.server.keepAliveTimeout = 120_000;
  return server.url;
}

/** Runs a fixture with the built package; resolves with its output and how long it lived after printing. */
function run(script: string, args: string[]) {
  const file = fileURLToPath(new URL(`./fixtures/${script}`, import.meta.url));
  return new Promise<{ out: string; code: number | null; lingerMs: number }>((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let printedAt = Number.NaN;
    const guard = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (Number.isNaN(printedAt) && out.includes('\n')) printedAt = performance.now();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal) reject(new Error(`${script} was still running 45 s later (killed); output: ${out}${err}`));
      else resolve({ out: out.trim(), code, lingerMs: performance.now() - printedAt });
    });
  });
}

describe('a script making one call with the built client exits by itself, promptly', () => {
  const cases: [string, Behaviour, string, RegExp][] = [
    ['a normal call (the default 30 s timeout was armed)', 'ok', '{}', /"status":200,"requestRef":"rr-exit"/],
    [
      'a hung server',
      'hang',
      '{"timeoutMs":300,"maxRetries":1,"backoff":{"initialDelayMs":10}}',
      /WeavrTimeoutError/,
    ],
    ['a body that stalls after the headers', 'stall-body', '{"timeoutMs":300}', /WeavrTimeoutError/],
  ];
  for (const script of ['multi-call.mjs', 'multi-call.cjs']) {
    for (const [name, behaviour, options, expected] of cases) {
      it(`${script}: ${name}`, async () => {
        const url = await serve(behaviour);
        const r = await run(script, [url, options]);
        expect(r.out).toMatch(expected);
        expect(r.code).toBe(0);
        // Normally a few ms: a leaked timer holds the process for 30 s, a leaked socket until the server lets go.
        expect(r.lingerMs).toBeLessThan(10_000);
      }, 60_000);
    }
  }
});
