import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** This repository's root (scripts/test → ../..). */
export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the real scripts (`pull-specs`, `generate`) in a child process, the way `pnpm specs:pull`
 * does. The child never inherits the developer's or CI's WEAVR_SPECS_FROM: each test sets its own source.
 */
export function runScript(
  script: 'pull-specs' | 'generate',
  args: string[],
  env: Record<string, string> = {},
  cwd: string = repoRoot,
): Promise<RunResult> {
  const childEnv: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...env };
  if (!('WEAVR_SPECS_FROM' in env)) delete childEnv.WEAVR_SPECS_FROM;
  if (!('WEAVR_SPECS_TIMEOUT_MS' in env)) delete childEnv.WEAVR_SPECS_TIMEOUT_MS;
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', tsxLoader, join(repoRoot, 'scripts', 'src', `${script}.ts`), ...args],
      { cwd, env: childEnv, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** The lines a script wrote to stderr, without blank ones. */
export function stderrLines(r: RunResult): string[] {
  return r.stderr.split('\n').filter((l) => l.trim() !== '');
}

/** A pulled spec of this repository (specs/<name>.json), the fixture every test starts from. */
export function pulledSpec(name: string): string {
  const file = join(repoRoot, 'specs', `${name}.json`);
  if (!existsSync(file)) {
    throw new Error(
      `specs/${name}.json is missing: run \`pnpm specs:pull\` (or \`pnpm build\`) before these tests.`,
    );
  }
  return readFileSync(file, 'utf8');
}

/** A scratch project holding a copy of this repository's specs/sources.json and specs/lock.json. */
export function makeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weavr-specs-test-'));
  mkdirSync(join(dir, 'specs'));
  for (const f of ['sources.json', 'lock.json']) cpSync(join(repoRoot, 'specs', f), join(dir, 'specs', f));
  return dir;
}

export function makeDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `weavr-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every file under `dir` (relative path → bytes), to prove a failed run left them untouched. */
export function snapshotFiles(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(relative(dir, full), readFileSync(full));
    }
  };
  walk(dir);
  return out;
}

export function inode(file: string): number {
  return statSync(file).ino;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A node:http server on a free loopback port; `close` also ends kept-alive connections. */
export async function serve(
  handler: Handler,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** A loopback port nothing listens on: bound once to learn a free number, then closed. */
export async function closedPort(): Promise<number> {
  const s = await serve(() => {});
  const port = Number(new URL(s.url).port);
  await s.close();
  return port;
}
