import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

// The built CLI (turbo builds the package before its tests) and a client that speaks HTTP only.
const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const client = fileURLToPath(new URL('./fixtures/admin-client.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'weavr-emulator-admin-'));
const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  started.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, out: () => out, err: () => err };
}

test('a test in another process drives seed, faults, the clock, reset, export and import over HTTP only', async () => {
  const seed = join(dir, 'seed.json');
  writeFileSync(
    seed,
    JSON.stringify({
      corporates: [
        {
          ref: 'acme',
          email: 'owner@acme.test',
          password: 'Seeded-Pass-42!',
          managedAccounts: [{ ref: 'main', currency: 'EUR', balance: 5000 }],
        },
      ],
    }),
  );
  const emulator = run([cli, '--port', '0', '--api-key', 'admin-test-key', '--seed', seed]);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not started: ${emulator.out()} ${emulator.err()}`)),
      20_000,
    );
    emulator.child.stdout?.on('data', () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(emulator.out());
      if (m && emulator.out().includes('Seeded')) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
  });
  expect(emulator.out()).toMatch(/corporates\s+acme\s+\d{18}/);
  expect(emulator.out()).toMatch(/managedAccounts\s+main\s+\d{18}/);
  expect(emulator.out()).toContain(`Admin API        ${url}/_emulator`);

  const tester = run([client], { EMULATOR_URL: url, EMULATOR_KEY: 'admin-test-key' });
  const code = await tester.exited;
  expect(tester.err()).toBe('');
  expect(tester.out().trim().split('\n')).toEqual([
    'ok refused without the key',
    'ok seed',
    'ok faults',
    'ok clock',
    'ok seed over HTTP',
    'ok export and import',
    'ok webhooks and unknown endpoints',
  ]);
  expect(code).toBe(0);

  emulator.child.kill('SIGTERM');
  expect(await emulator.exited).toBe(0);
});

test('--seed with a file that is missing or wrong: a one-line error naming it, exit code 1', async () => {
  const bad = join(dir, 'bad-seed.json');
  writeFileSync(
    bad,
    JSON.stringify({ consumers: [{ email: 'a@b.test', managedCards: [{ mode: 'PREPAID_MODE' }] }] }),
  );
  const wrong = run([cli, '--port', '0', '--seed', bad]);
  expect(await wrong.exited).toBe(1);
  expect(wrong.err().trim()).toBe(
    'weavr-emulator: seed: consumers[0].managedCards[0].currency is required for a prepaid card',
  );
  const missing = run([cli, '--port', '0', '--seed', join(dir, 'none.json')]);
  expect(await missing.exited).toBe(1);
  expect(missing.err().trim()).toBe(`weavr-emulator: seed: cannot read ${join(dir, 'none.json')}: ENOENT`);
});
