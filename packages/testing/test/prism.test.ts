import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { type PrismServer, startPrism } from '../src/index.js';

const spec = fileURLToPath(new URL('./fixtures/tiny.json', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilDead(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

describe('startPrism', () => {
  let prism: PrismServer | undefined;
  afterAll(() => prism?.stop());

  test('serves the spec on 127.0.0.1 at a free port, checks requests, and stops for good', async () => {
    prism = await startPrism({ spec });
    expect(prism.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(prism.url).not.toMatch(/:0$/);

    const ok = await fetch(`${prism.url}/payments/12?limit=5`, { headers: { 'api-key': 'k' } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { currency: string }).currency).toMatch(/^[A-Z]{3}$/);

    const noKey = await fetch(`${prism.url}/payments/12`);
    expect(noKey.status).toBe(401);
    // No 4xx declared for this operation: Prism answers its own 422 listing what is wrong.
    const bad = await fetch(`${prism.url}/payments/12?limit=abc`, { headers: { 'api-key': 'k' } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { validation: unknown[] }).validation[0]).toMatchObject({
      location: ['query', 'limit'],
    });
    // A declared 400 is answered instead, the problems in `sl-violations`.
    const badBody = await fetch(`${prism.url}/payments`, {
      method: 'POST',
      headers: { 'api-key': 'k', 'content-type': 'application/json' },
      body: '[{}]',
    });
    await badBody.body?.cancel();
    expect(badBody.status).toBe(400);
    expect(JSON.parse(badBody.headers.get('sl-violations') ?? '[]')[0]).toMatchObject({
      location: ['request', 'body', '0'],
    });

    const { pid, url } = prism;
    await prism.stop();
    await prism.stop(); // twice is fine
    expect(alive(pid)).toBe(false);
    await expect(fetch(url)).rejects.toThrow();
  });

  test('a spec Prism cannot load fails fast with Prism’s own words', async () => {
    const missing = fileURLToPath(new URL('./fixtures/missing.json', import.meta.url));
    await expect(startPrism({ spec: missing })).rejects.toThrow(/Prism exited before listening/);
  });

  test('gives up after startTimeoutMs and leaves no process behind', async () => {
    const error = await startPrism({ spec, startTimeoutMs: 1 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const pid = Number(/pid (\d+)/.exec((error as Error).message)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(await waitUntilDead(pid, 5000)).toBe(true);
  });

  test('dies with its parent, even when the parent is killed with SIGKILL', async () => {
    const script = fileURLToPath(new URL('./fixtures/start-and-hang.ts', import.meta.url));
    const parent = spawn(process.execPath, ['--import', 'tsx', script, spec], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pid = await new Promise<number>((resolve, reject) => {
      parent.stdout.on('data', (d: Buffer) => {
        const m = /prism pid (\d+)/.exec(d.toString());
        if (m) resolve(Number(m[1]));
      });
      parent.once('exit', (code) => reject(new Error(`parent exited early (${code})`)));
    });
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await waitUntilDead(pid, 5000)).toBe(true);
  });
});
