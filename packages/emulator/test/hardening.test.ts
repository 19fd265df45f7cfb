import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { startEmulator } from '../src/index.js';
import { onboardCorporate } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'weavr-emulator-hardening-'));
/** Processes this file starts: killed after it even when a test timed out (a test's own finally may not run). */
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const deep = (levels: number) => `${'{"a":['.repeat(levels)}1${']}'.repeat(levels)}`;

describe('bodies that would hurt the emulator get a Weavr-shaped answer', () => {
  test('a body nested 20,000 levels deep: 400, and the emulator keeps answering', async () => {
    const emu = await startEmulator();
    try {
      const post = (path: string, body: string) =>
        fetch(`${emu.url}${path}`, {
          method: 'POST',
          headers: { 'api-key': emu.apiKey, 'content-type': 'application/json' },
          body,
        });
      const res = await post('/multi/corporates', deep(20_000));
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        message: 'Malformed JSON request body: nested deeper than 64 levels',
      });
      // Brackets inside strings are text, not nesting.
      const text = await post('/multi/corporates', JSON.stringify({ tag: '['.repeat(100) }));
      expect(text.status).toBe(400);
      expect((await text.json()).syntaxErrors).toBeDefined();
      const admin = await fetch(`${emu.url}/_emulator/state`, {
        method: 'PUT',
        headers: { 'api-key': emu.apiKey },
        body: deep(20_000),
      });
      expect(admin.status).toBe(400);
      expect((await admin.json()).message).toBe('the body is nested deeper than 64 levels');
      await onboardCorporate(emu);
    } finally {
      await emu.close();
    }
  });

  test('a PATCH with fields the spec does not have: the named fields change, the others are ignored and never stored', async () => {
    const emu = await startEmulator();
    try {
      const { corporate, session } = await onboardCorporate(emu);
      const token = await session.token();
      const patch = (path: string, body: string) =>
        fetch(`${emu.url}/multi${path}`, {
          method: 'PATCH',
          headers: {
            'api-key': emu.apiKey,
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body,
        });
      const res = await patch(
        '/corporates',
        '{"tag":"renamed","isAdmin":true,"__proto__":{"polluted":true},"company":{"name":"x","evil":1}}',
      );
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.tag).toBe('renamed');
      expect(body).not.toHaveProperty('isAdmin');
      expect(JSON.stringify(body)).not.toMatch(/polluted|evil/);
      expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
      const again = await fetch(`${emu.url}/multi/corporates`, {
        headers: { 'api-key': emu.apiKey, authorization: `Bearer ${token}` },
      });
      const stored = await again.json();
      expect(stored.id).toEqual(corporate.id);
      expect(JSON.stringify(stored)).not.toMatch(/isAdmin|polluted|evil/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const { data: account } = await session.client.POST('/managed_accounts', {
        body: { profileId: emu.profiles.managedAccounts, friendlyName: 'A', currency: 'EUR' },
        throwOnError: true,
      });
      const acc = await patch(
        `/managed_accounts/${account.id}`,
        '{"friendlyName":"B","balances":{"availableBalance":1e9}}',
      );
      expect(acc.status).toBe(200);
      expect((await acc.json()).balances.availableBalance).toBe(0);
    } finally {
      await emu.close();
    }
  });
});

/** The resident memory of a process, from /proc (Linux). */
const rss = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;

describe.skipIf(process.platform !== 'linux')(
  'many open bodies without a key (needs /proc for the memory reading)',
  () => {
    test('40 clients holding 15 MiB bodies open: each answered at once, memory bounded, the process lives on', async () => {
      const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
      const child = spawn(process.execPath, [cli, '--port', '0', '--api-key', 'hardening-key'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const sockets: Socket[] = [];
      try {
        const port = await new Promise<number>((resolve, reject) => {
          let out = '';
          const timer = setTimeout(() => reject(new Error(`not started: ${out}`)), 20_000);
          child.stdout.on('data', (d) => {
            out += d;
            const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
            if (m) {
              clearTimeout(timer);
              resolve(Number(m[1]));
            }
          });
        });
        const before = rss(child.pid as number);
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        const answers = await Promise.all(
          Array.from(
            { length: 40 },
            () =>
              new Promise<string>((resolve, reject) => {
                const socket = connect(port, '127.0.0.1');
                sockets.push(socket);
                let got = '';
                socket.on('error', () => {});
                socket.on('data', (d) => {
                  got += d;
                  if (got.includes('\r\n\r\n') && got.endsWith('}')) resolve(got);
                });
                socket.once('close', () =>
                  got ? resolve(got) : reject(new Error('closed without an answer')),
                );
                socket.write(
                  `POST /multi/corporates HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${15 * 1024 * 1024}\r\n\r\n`,
                );
                // A first megabyte, then the body is held open.
                socket.write(chunk);
              }),
          ),
        );
        for (const a of answers) {
          expect(a).toMatch(/^HTTP\/1\.1 400 /);
          expect(a.slice(a.indexOf('\r\n\r\n') + 4)).toBe(
            '{"message":"Invalid request","syntaxErrors":{"invalidFields":[{"fieldName":"api-key","error":"REQUIRED","params":[]}]}}',
          );
        }
        // Buffered, the bodies would hold 40 × 15 MiB = 600 MiB; refused from their headers, none is kept.
        expect(rss(child.pid as number) - before).toBeLessThan(64 * 1024 * 1024);
        const alive = await fetch(`http://127.0.0.1:${port}/multi/managed_accounts`, {
          headers: { 'api-key': 'hardening-key' },
        });
        expect(alive.status).toBe(401);
        expect(child.exitCode).toBeNull();
      } finally {
        for (const s of sockets) s.destroy();
        child.kill('SIGKILL');
      }
    });
  },
);

describe('the state file', () => {
  test('is written with mode 0600 through an exclusive create, and never through a symbolic link', async () => {
    const file = join(dir, 'state.json');
    const emu = await startEmulator({ stateFile: file });
    await onboardCorporate(emu);
    await emu.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(lstatSync(file).isSymbolicLink()).toBe(false);

    // A link at the state file's path (planted to make the emulator write elsewhere) is refused at start…
    const target = join(dir, 'elsewhere.txt');
    writeFileSync(target, 'untouched');
    const linked = join(dir, 'linked.json');
    symlinkSync(target, linked);
    await expect(startEmulator({ stateFile: linked })).rejects.toThrow(
      `state file ${linked} is a symbolic link: give the path of the file itself`,
    );
    // …and one planted while it runs is not written through: the save is refused, the emulator goes on.
    const live = join(dir, 'live.json');
    const running = await startEmulator({ stateFile: live });
    const errors: string[] = [];
    const log = console.error;
    console.error = (m: string) => errors.push(String(m));
    try {
      symlinkSync(target, live);
      await onboardCorporate(running);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await running.close();
      console.error = log;
    }
    expect(readFileSync(target, 'utf8')).toBe('untouched');
    expect(errors[0]).toBe(
      `weavr-emulator: the state file was not written: state file ${live} is a symbolic link: give the path of the file itself`,
    );
    expect(existsSync(`${live}.tmp`)).toBe(false);
  });
});
