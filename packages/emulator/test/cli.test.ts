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

test('bad arguments: a one-line error and exit code 2', async () => {
  const child = spawn(process.execPath, [cli, '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(err.trim()).toBe('weavr-emulator: --port must be a whole number from 0 to 65535.');
  expect(code).toBe(2);
});
