/** Runs a CPU section of the bench in a forked process of its own (see section-process.ts for why). */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HttpResult } from './http.js';
import type { OverheadResult } from './overhead.js';

export function inFreshProcess(section: 'http', calls: number, rounds: number): Promise<HttpResult>;
export function inFreshProcess(section: 'overhead', calls: number, rounds: number): Promise<OverheadResult>;
export function inFreshProcess(
  section: 'http' | 'overhead',
  calls: number,
  rounds: number,
): Promise<HttpResult | OverheadResult> {
  const child = fork(
    fileURLToPath(new URL('./section-process.ts', import.meta.url)),
    [section, String(calls), String(rounds)],
    // `advanced` keeps the results' Maps; the section's log lines go straight to this process's output.
    { stdio: 'inherit', execArgv: ['--import', 'tsx'], serialization: 'advanced' },
  );
  return new Promise((resolve, reject) => {
    let result: HttpResult | OverheadResult | undefined;
    child.once('message', (m) => {
      result = m as HttpResult | OverheadResult;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      result
        ? resolve(result)
        : reject(new Error(`bench: the ${section} section exited ${code} without a result`)),
    );
  });
}
