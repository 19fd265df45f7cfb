import { spawn } from 'node:child_process';

/** What a script run by `runUntilExit` printed, how it ended, and how long it lived on after its first line. */
export interface ChildRun {
  out: string;
  err: string;
  code: number | null;
  lingerMs: number;
}

/**
 * Runs a TypeScript script in its own Node process (`node --import tsx`) and waits for it to exit by itself:
 * how tests prove that no timer, socket or retry loop outlives a call. Resolves with its output and the time
 * from its first printed line to its exit; rejects if it is still alive after `guardMs` (then it is killed).
 */
export function runUntilExit(script: string, args: readonly string[], guardMs = 45_000): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let printedAt = Number.NaN;
    const guard = setTimeout(() => child.kill('SIGKILL'), guardMs);
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('\n') && Number.isNaN(printedAt)) printedAt = performance.now();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal)
        return reject(new Error(`${script} did not exit on its own (killed) after printing ${out}${err}`));
      resolve({ out: out.trim(), err, code, lingerMs: performance.now() - printedAt });
    });
  });
}
