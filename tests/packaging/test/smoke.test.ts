import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { specReadmeLine } from '../../../scripts/src/specs-update.js';
import { repoRoot, run } from '../src/packages.js';

/**
 * A real `import` and a real `require` of every packed package, installed by npm in a scratch project, each
 * in its own Node process; a client package also makes one call to a local server. This is what catches
 * the CJS build that loads but fails at its first call (`"type": "module"` + openapi-fetch's CJS default
 * export: `(0, import_openapi_fetch.default) is not a function`), which publint and attw both pass.
 */

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

interface Smoke {
  loader: 'import' | 'require';
  resolved: string;
  exports: string[];
  specs: { name: string; title: string; version: string; sha256: string }[];
  call?: { factory: string; method: string; path: string; bearer: string; status: number; data: unknown };
}

const consumer = inject('consumer');
const packed = inject('packed');
const lock = JSON.parse(readFileSync(join(repoRoot, 'specs', 'lock.json'), 'utf8'));
const seen: Seen[] = [];
const server = createServer((req, res) => {
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
  res.writeHead(200, { 'content-type': 'application/json', 'request-ref': 'smoke-ref' });
  res.end(JSON.stringify({ smoke: true, url: req.url }));
});
let baseUrl: string;

beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/base`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
});

async function smoke(loader: 'smoke.mjs' | 'smoke.cjs', name: string): Promise<Smoke> {
  const r = await run(process.execPath, [join(consumer, loader), name, baseUrl], {
    cwd: consumer,
    timeoutMs: 30_000,
  });
  expect(r.stderr, `${loader} ${name} wrote to stderr`).toBe('');
  expect(r.code, `${loader} ${name} failed`).toBe(0);
  return JSON.parse(r.stdout) as Smoke;
}

describe.each(packed.map((p) => [p.name, p] as const))('%s, packed and installed', (name) => {
  let esm: Smoke;
  let cjs: Smoke;

  beforeAll(async () => {
    seen.length = 0;
    [esm, cjs] = await Promise.all([smoke('smoke.mjs', name), smoke('smoke.cjs', name)]);
  });

  test('`import` loads the ESM build and `require` the CJS build, with the same exports', () => {
    expect(esm.resolved).toMatch(/\/node_modules\/@weavr-sdk\/[^/]+\/dist\/[^/]+\.mjs$/);
    expect(cjs.resolved).toMatch(/\/node_modules\/@weavr-sdk\/[^/]+\/dist\/[^/]+\.cjs$/);
    expect(esm.exports.length).toBeGreaterThan(0);
    expect(cjs.exports).toEqual(esm.exports);
  });

  test('a client package makes a real call through both builds', () => {
    if (!esm.call) {
      // Not a client package (no create*Client with an operation map): nothing to call.
      expect(cjs.call).toBeUndefined();
      return;
    }
    for (const r of [esm, cjs]) {
      expect(r.call?.status).toBe(200);
      expect(r.call?.data).toEqual({ smoke: true, url: `/base${r.call?.path}` });
    }
    const calls = seen.filter((s) => s.url === `/base${esm.call?.path}`);
    expect(calls).toHaveLength(2);
    for (const s of calls) {
      expect(s.method).toBe(esm.call.method);
      // The API key goes in the header the spec names (api-key; programme-key on the simulator).
      expect(Object.values(s.headers)).toContain('smoke-key');
      if (esm.call.bearer === 'required') expect(s.headers.authorization).toBe('Bearer smoke-token');
      if (esm.call.bearer === 'none') expect(s.headers.authorization).toBeUndefined();
    }
  });

  test('the spec it was generated from is the one specs/lock.json pins, and its README says so', () => {
    expect(cjs.specs).toEqual(esm.specs);
    if (esm.exports.includes('operations')) expect(esm.specs.length).toBeGreaterThan(0);
    if (!esm.specs.length) return; // core: a runtime, not generated from a spec
    const readme = readFileSync(join(consumer, 'node_modules', name, 'README.md'), 'utf8');
    for (const s of esm.specs) {
      expect(lock[s.name], `specs/lock.json has no entry ${s.name}`).toBeDefined();
      expect({ version: s.version, sha256: s.sha256 }).toEqual({
        version: lock[s.name].version,
        sha256: lock[s.name].sha256,
      });
    }
    // Exactly one line per spec, and no other: a stale line beside a fresh one fails too.
    const lines = readme.match(/^Generated from the .* spec \S+ \(sha256 `[0-9a-f]{64}`\)\.$/gm) ?? [];
    expect(lines.sort()).toEqual(esm.specs.map((s) => specReadmeLine(s.title, s.version, s.sha256)).sort());
  });
});

test('the published packages include the runtime and both API clients, each with a README and the MIT LICENSE', () => {
  expect(packed.map((p) => p.name)).toEqual(
    expect.arrayContaining(['@weavr-sdk/core', '@weavr-sdk/multi', '@weavr-sdk/backoffice']),
  );
  const withoutReadme = packed
    .filter((p) => !existsSync(join(consumer, 'node_modules', p.name, 'README.md')))
    .map((p) => p.name);
  expect(withoutReadme).toEqual([]);
  // pnpm pack copies the repository's LICENSE into each tarball (no package folder holds its own).
  for (const p of packed) {
    const license = readFileSync(join(consumer, 'node_modules', p.name, 'LICENSE'), 'utf8');
    expect(license, p.name).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the Weavr SDK contributors\n/);
  }
});
