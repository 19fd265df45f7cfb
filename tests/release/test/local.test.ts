/**
 * `pnpm release:local`, end to end, as a maintainer runs it (less its `pnpm build`, which turbo has done before
 * this suite): the script versions and publishes every package to its own Verdaccio, installs them by name and
 * calls the emulator, then keeps the registry up until Ctrl-C, which stops it and removes everything it made.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { repoRoot } from '../src/repo-copy.js';
import { PUBLIC_NAMES } from '../src/stage.js';

let child: ChildProcess | undefined;
// a failed assertion leaves the script waiting: Ctrl-C it so it cleans up, and kill it if it does not within 15 s
afterAll(async () => {
  const p = child;
  if (!p || p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((resolve) => p.once('exit', resolve));
  p.kill('SIGINT');
  const timer = setTimeout(() => p.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
});

/** Resolves with everything printed once `done` matches it; rejects if the process exits or time runs out first. */
function until(p: ChildProcess, done: RegExp, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no ${done} within ${ms} ms:\n${out}`)), ms);
    const read = (c: Buffer) => {
      out += c;
      if (done.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    p.stdout?.on('data', read);
    p.stderr?.on('data', read);
    p.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before ${done}:\n${out}`));
    });
  });
}

test('release:local publishes every package, installs and calls them, serves the registry until Ctrl-C, then removes what it made', async () => {
  const p = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['tests/release/src/local.ts'], {
    cwd: repoRoot,
    // provenance asked for in the shell, as in the release workflow: release:local must say no to it by itself
    env: { ...process.env, PNPM_CONFIG_PROVENANCE: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = p;
  const out = await until(p, /The versioned copy .* are under (\S+)\.\n/, 280_000);
  const registry = /^registry (http:\/\/127\.0\.0\.1:\d+\/)/m.exec(out)?.[1];
  const work = /are under (\S+)\.\n/.exec(out)?.[1];
  expect(registry, out).toBeDefined();
  expect(work && existsSync(work), out).toBe(true);
  // the call through the installed client reached the installed emulator and printed its answer
  expect(out).toMatch(
    /^\{"status":200,"corporateId":\{"type":"CORPORATE","id":"\d+"\},.*"exports":\["function","function","function"\]\}$/m,
  );

  // while it waits, the registry answers with every public package at the version just released
  for (const name of PUBLIC_NAMES) {
    const res = await fetch(`${registry}${name.replace('/', '%2f')}`, {
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status, name).toBe(200);
    const doc = (await res.json()) as { 'dist-tags': { latest: string } };
    expect(doc['dist-tags'].latest, name).toMatch(/^\d+\.\d+\.\d+$/);
  }

  const exited = new Promise<number | null>((resolve) => p.once('exit', resolve));
  p.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(existsSync(work as string), 'work folder removed').toBe(false);
  await expect(fetch(registry as string, { signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
});
