// Entry for Node (ESM), Bun and Deno: `<runtime> cli.mjs <base url>`; prints one JSON line and exits 0 on success.
import { runSmoke } from './run.mjs';

const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const runtime = globalThis.Deno
  ? `deno ${globalThis.Deno.version.deno}`
  : globalThis.Bun
    ? `bun ${globalThis.Bun.version}`
    : `node ${process.version}`;
const result = await runSmoke(args[0]);
console.log(JSON.stringify({ runtime, ...result }));
