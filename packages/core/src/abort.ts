/**
 * Listening to a caller's `AbortSignal` without piling listeners on it: every call sharing one signal
 * registers a callback here, and the signal carries a single listener that fans out, removed as soon as
 * the last call using it has ended. Thousands of concurrent calls on one signal print no
 * MaxListenersExceededWarning and leave nothing behind.
 */
const waiting = new WeakMap<AbortSignal, { fns: Set<() => void>; listener: () => void }>();

/** Calls `fn` once if `signal` aborts; the returned function unsubscribes (call it when done). */
export function onAbort(signal: AbortSignal | undefined, fn: () => void): () => void {
  if (!signal) return noop;
  let entry = waiting.get(signal);
  if (!entry) {
    const fns = new Set<() => void>();
    const listener = () => {
      waiting.delete(signal);
      for (const f of fns) f();
    };
    entry = { fns, listener };
    waiting.set(signal, entry);
    signal.addEventListener('abort', listener, { once: true });
  }
  const { fns, listener } = entry;
  fns.add(fn);
  return () => {
    if (!fns.delete(fn) || fns.size) return;
    waiting.delete(signal);
    signal.removeEventListener('abort', listener);
  };
}

function noop(): void {}

/** Waits `ms`, or rejects with `onAborted()` as soon as `signal` aborts; leaves no timer or listener. */
export function sleep(ms: number, signal: AbortSignal | undefined, onAborted: () => unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(onAborted());
    const stop = onAbort(signal, () => {
      clearTimeout(timer);
      reject(onAborted());
    });
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, ms);
  });
}
