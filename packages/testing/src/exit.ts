import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

function killAll(): void {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  // Our listener replaced Node's default (exit on the signal); restore it when nobody else handles the signal.
  if (process.listenerCount(signal) === 1) {
    process.off(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

/**
 * Kills `child` if this process exits or is interrupted before it was stopped. Returns a function that
 * unregisters it. The test runner's teardown is the normal path; this covers crashes and Ctrl-C, and the
 * child's own parent watch (see `exit-with-parent.cjs`) covers a parent killed with SIGKILL.
 */
export function stopOnExit(child: ChildProcess): () => void {
  if (!installed) {
    installed = true;
    process.once('exit', killAll);
    for (const signal of SIGNALS) process.on(signal, onSignal);
  }
  children.add(child);
  child.once('exit', () => children.delete(child));
  return () => children.delete(child);
}
