import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { stopOnExit } from './exit.js';

/** Options for `startPrism`. */
export interface PrismOptions {
  /** Path of the OpenAPI document Prism serves (a pulled `specs/<name>.json`). */
  spec: string;
  /**
   * Seed for Prism's dynamic response generator: the same seed gives the same responses.
   * @default 1
   */
  seed?: number;
  /**
   * Generate responses from the schemas (`--dynamic`). Static mode answers `"string"` for pattern-bound ids,
   * which then fails Prism's own response validation under `--errors`.
   * @default true
   */
  dynamic?: boolean;
  /**
   * Pass `--errors`: a response Prism generates outside the spec becomes a 500. Off by default: Prism 5's own
   * generator breaks the Weavr specs' patterns and `oneOf`s on 17 to 26 of the 153 Multi operations (seeds 1-8
   * tried), and those 500s say nothing about the request. Request checks are the same either way: an invalid
   * request gets a 400 (or Prism's own 422) listing the problems, a missing credential a 401.
   * @default false
   */
  errors?: boolean;
  /**
   * Longest wait for Prism to listen and answer, in milliseconds.
   * @default 120000 (Prism needs ~2 s alone, far more on a loaded CI machine running several suites)
   */
  startTimeoutMs?: number;
  /**
   * Time allowed for each readiness probe, in milliseconds.
   * @default 1000
   */
  probeTimeoutMs?: number;
}

/** A running Prism mock. */
export interface PrismServer {
  /** `http://127.0.0.1:<port>`: Prism serves the spec's paths at the root, so this is the client's `baseUrl`. */
  url: string;
  /** Prism's process id. */
  pid: number;
  /** Stops Prism (SIGTERM, then SIGKILL after 3 s). Safe to call twice. */
  stop(): Promise<void>;
}

const LISTENING = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/;
const require = createRequire(import.meta.url);

/** The Prism CLI entry point of the pinned `@stoplight/prism-cli`. */
function prismBin(): string {
  return require.resolve('@stoplight/prism-cli/dist/index.js');
}

/**
 * Starts Prism on 127.0.0.1 at a port the OS picks (`--port 0`, read back from Prism's log, so there is no
 * window in which another process can take a port we chose), waits until it answers HTTP, and registers it to be
 * stopped when this process exits or is interrupted.
 */
export async function startPrism(options: PrismOptions): Promise<PrismServer> {
  const { spec, seed = 1, dynamic = true, errors = false } = options;
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  const probeTimeoutMs = options.probeTimeoutMs ?? 1000;
  const guard = fileURLToPath(new URL('./exit-with-parent.cjs', import.meta.url));
  const args = [
    '--require',
    guard,
    prismBin(),
    'mock',
    spec,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--seed',
    String(seed),
  ];
  if (dynamic) args.push('--dynamic');
  if (errors) args.push('--errors');

  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  // A forgotten mock must not keep this process alive: on exit, `stopOnExit` kills it.
  child.unref();
  for (const pipe of [child.stdin, child.stdout, child.stderr])
    (pipe as { unref?: () => void } | null)?.unref?.();
  const unregister = stopOnExit(child);
  const log = collectLog(child);
  let stopping = false;
  const stop = () => {
    stopping = true;
    return stopChild(child).finally(unregister);
  };
  child.once('exit', (code, signal) => {
    // Cases that fail with ECONNREFUSED are explained here.
    if (!stopping)
      process.stderr.write(
        `Prism (${spec}) exited unexpectedly (code ${code}, signal ${signal}):\n${log.tail()}\n`,
      );
  });
  const deadline = Date.now() + startTimeoutMs;
  try {
    const url = await waitForListening(child, log, startTimeoutMs);
    await waitForHttp(url, deadline, probeTimeoutMs);
    return { url, pid: child.pid as number, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

interface Log {
  tail(): string;
  onLine(listener: () => void): () => void;
  text(): string;
}

/** Keeps draining Prism's output (a full pipe would block it) and remembers the last lines for error messages. */
function collectLog(child: ChildProcess): Log {
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-20_000);
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    tail: () => text.split('\n').slice(-15).join('\n'),
    text: () => text,
    onLine: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

/** Resolves with Prism's URL once it logs that it listens; rejects if it exits first or takes too long. */
function waitForListening(child: ChildProcess, log: Log, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = LISTENING.exec(log.text());
      if (match?.[1]) {
        done();
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      done();
      reject(new Error(`Prism exited before listening (code ${code}, signal ${signal}):\n${log.tail()}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`Prism (pid ${child.pid}) did not listen within ${timeoutMs} ms:\n${log.tail()}`));
    }, timeoutMs);
    const off = log.onLine(check);
    const done = () => {
      clearTimeout(timer);
      off();
      child.off('exit', onExit);
    };
    child.once('exit', onExit);
    check();
  });
}

/** Probes until Prism answers any HTTP status; each attempt has its own timeout, the whole wait a deadline. */
async function waitForHttp(url: string, deadline: number, probeTimeoutMs: number): Promise<void> {
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/__readiness__`, { signal: AbortSignal.timeout(probeTimeoutMs) });
      await res.body?.cancel();
      return;
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`Prism at ${url} did not answer before the deadline: ${String(last)}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
