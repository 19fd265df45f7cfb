/**
 * One CPU section of the bench in a process of its own: started by `inFreshProcess` (main.ts), it runs the
 * section named in argv and sends its result back over IPC. Each client-cost section starts from a fresh V8 heap
 * and fresh inline caches, so the loopback section's garbage and its node:http call sites do not weigh on the
 * stubbed-fetch section that follows (measured in one process, they moved our stubbed GET by about 5 µs).
 */
import { runHttp } from './http.js';
import { runOverhead } from './overhead.js';

const [section, calls, rounds] = process.argv.slice(2);
const opts = { calls: Number(calls), rounds: Number(rounds), log: (l: string) => console.log(l) };
const result = section === 'http' ? await runHttp(opts) : await runOverhead(opts);
process.send?.(result, () => process.disconnect());
