import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

// The built CLI, as `npx weavr-emulator` runs it (turbo builds the package before its tests).
const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));

test('the CLI is built', () => {
  expect(existsSync(cli), 'run `pnpm build` first').toBe(true);
});

test('weavr-emulator prints its URLs, key and profiles, serves, and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [cli, '--port', '0', '--api-key', 'cli-test-key'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 20_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m && out.includes('One-time passwords')) {
          clearTimeout(timer);
          resolve(m[1] as string);
        }
      });
    });
    expect(out).toContain(`Multi API        ${url}/multi`);
    expect(out).toContain(`Back-Office API  ${url}/multi/backoffice`);
    expect(out).toContain(`Simulator        ${url}/simulate/api`);
    expect(out).toContain('API key          cli-test-key');
    expect(out).toMatch(/corporates\s+\d{18}/);
    const res = await fetch(`${url}/multi/managed_accounts`, { headers: { 'api-key': 'cli-test-key' } });
    expect(res.status).toBe(401);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

/** Runs the built CLI with `args` until it exits; its stderr and exit code. */
async function fails(args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { err: err.trim(), code };
}

const VALID =
  'Valid options: --port N, --host H, --api-key KEY, --webhook-url URL, --card-authorisation-url URL, --state-file FILE, --seed FILE, --help.';

test.each([
  [['--port', 'abc'], "--port must be a whole number from 0 to 65535 (got 'abc')."],
  [['--port', '70000'], "--port must be a whole number from 0 to 65535 (got '70000')."],
  [['--prot', '4100'], "unknown option '--prot'."],
  [['--port'], '--port needs a value (--port N).'],
  [['--help=yes'], '--help takes no value.'],
  [['--', '--', '--port', '1'], "unexpected argument '--port'."],
  [['--webhook-url', 'ftp://user:pw@host'], '--webhook-url must be an http(s) URL.'],
  [['--api-key', ''], '--api-key must not be empty.'],
])('bad arguments %j: one line saying what was wrong, the valid options, exit code 2', async (args, what) => {
  const { err, code } = await fails(args);
  expect(err).toBe(`weavr-emulator: ${what} ${VALID} See --help.`);
  expect(code).toBe(2);
});

test('a bare word is not quoted back (it may be a key typed without its flag)', async () => {
  const { err, code } = await fails(['s3cret-key']);
  expect(err).not.toContain('s3cret');
  expect(err).toContain('every option starts with --');
  expect(code).toBe(2);
});

test('`pnpm emulator -- --port N` works: a leading -- is dropped', async () => {
  const child = spawn(process.execPath, [cli, '--', '--port', '0', '--api-key', 'dash-key'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not started: ${out}`)), 20_000);
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('API key          dash-key')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
  } finally {
    child.kill('SIGTERM');
  }
});

test('--help lists every option', async () => {
  const child = spawn(process.execPath, [cli, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(0);
  for (const flag of VALID.slice('Valid options: '.length, -1).split(', ')) expect(out).toContain(flag);
});
