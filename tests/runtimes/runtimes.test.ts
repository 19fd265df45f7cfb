/**
 * The runtime matrix: the BUILT packages (dist/, as published) run the same smoke test on every runtime we
 * claim in the README: Node 20/22/24 (ESM and CommonJS), Bun, Deno, and headless Chromium (against a local
 * server with CORS, and against Prism). Each runtime is a real child process talking to a real local server.
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startPrism } from '@weavr-sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleForBrowser, runInChromium, servePage } from './browser.js';
import { type SmokeServer, startSmokeServer } from './smoke-server.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (p: string) => fileURLToPath(new URL(`node_modules/${p}`, import.meta.url));

// pnpm puts this package's node_modules/.bin first on PATH, and the node24 package links a `node` there, so
// `node` may not be the Node that runs the repository. pnpm names that one in npm_node_execpath.
const systemNode = process.env.npm_node_execpath ?? process.execPath;
const systemVersion = execFileSync(systemNode, ['--version'], { encoding: 'utf8' }).trim();

// Generous: CI runs this beside other suites on 2 cores; a healthy run takes about 15 s in all.
const TIMEOUT_MS = 120_000;

interface Leg {
  name: string;
  cmd: string;
  args: string[];
  /** What the smoke script must report as its runtime. */
  runtime: RegExp;
}

const NODES = [
  // The Node running the repository (20 in CI), whatever version that is here; the engines floor is 20.
  {
    name: `Node ${systemVersion} (the repository's)`,
    cmd: systemNode,
    runtime: new RegExp(`^node ${systemVersion.replace(/\./g, '\\.')}`),
  },
  { name: 'Node 22', cmd: bin('node22/bin/node'), runtime: /^node v22\./ },
  { name: 'Node 24', cmd: bin('node24/bin/node'), runtime: /^node v24\./ },
];

const LEGS: Leg[] = [
  ...NODES.flatMap((n) => [
    { name: `${n.name}, import`, cmd: n.cmd, args: ['smoke/cli.mjs'], runtime: n.runtime },
    {
      name: `${n.name}, require`,
      cmd: n.cmd,
      args: ['smoke/cli.cjs'],
      runtime: new RegExp(`${n.runtime.source.slice(1)}.*\\(require\\)$`),
    },
  ]),
  { name: 'Bun', cmd: bin('bun/bin/bun.exe'), args: ['smoke/cli.mjs'], runtime: /^bun 1\./ },
  {
    name: 'Deno',
    cmd: bin('deno/deno'),
    // Deno resolves the bare `@weavr-sdk/*` imports through this package's node_modules (package.json present).
    args: ['run', '--allow-net=127.0.0.1', '--allow-read', '--allow-env', '--no-prompt', 'smoke/cli.mjs'],
    runtime: /^deno 2\./,
  },
];

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      {
        cwd: here,
        timeout: TIMEOUT_MS - 5000,
        env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** What the server must have seen for one full smoke run. */
function expectServerSaw(server: SmokeServer, opts: { preflight: boolean }) {
  const calls = server.seen.filter((s) => s.method !== 'OPTIONS');
  const get = calls.find((s) => s.method === 'GET' && s.path.endsWith('/110141187013853702'));
  expect(get).toMatchObject({ apiKey: 'smoke-api-key', authorization: 'Bearer smoke-token', status: 200 });

  // The POST was retried once after the 503, with the same idempotency-ref on both attempts.
  const posts = calls.filter((s) => s.path === '/multi/transfers');
  expect(posts.map((p) => p.status)).toEqual([503, 201]);
  expect(posts[0]?.idempotencyRef).toMatch(/^[0-9a-f-]{36}$/);
  expect(posts[1]?.idempotencyRef).toBe(posts[0]?.idempotencyRef);

  expect(calls.find((s) => s.path === '/multi/managed_cards/missing')?.status).toBe(404);
  // POST /access_token is key-only in the spec: no bearer token goes with it.
  expect(calls.find((s) => s.path === '/backoffice/access_token')).toMatchObject({
    apiKey: 'smoke-api-key',
    authorization: undefined,
    status: 200,
  });
  if (opts.preflight) expect(server.seen.some((s) => s.method === 'OPTIONS')).toBe(true);
}

let server: SmokeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('built packages on each runtime', () => {
  it.each(LEGS)(
    '$name: create a client, GET, POST retried after 503, typed 404, Back-Office call',
    async (leg) => {
      server = await startSmokeServer();
      const { code, stdout, stderr } = await run(leg.cmd, [...leg.args, server.url]);
      expect({ code, stderr: code ? stderr : '' }).toEqual({ code: 0, stderr: '' });
      const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
      expect(report.runtime).toMatch(leg.runtime);
      expect(report).toMatchObject({
        card: '110141187013853702',
        transfer: { status: 201 },
        notFound: 'WeavrNotFoundError',
        backofficeToken: true,
      });
      expectServerSaw(server, { preflight: false });
    },
    TIMEOUT_MS,
  );
});

describe('built packages in headless Chromium', () => {
  it(
    'bundled with esbuild, cross-origin against a local server with CORS',
    async () => {
      server = await startSmokeServer();
      const page = await servePage(await bundleForBrowser('./smoke/browser.mjs'));
      try {
        const { result, console: lines } = await runInChromium(
          `${page.url}?api=${encodeURIComponent(server.url)}`,
          TIMEOUT_MS / 2,
        );
        expect(result, lines.join('\n')).toMatchObject({
          ok: true,
          userAgent: expect.stringMatching(/HeadlessChrome|Chrome/),
          card: '110141187013853702',
          transfer: { status: 201 },
          notFound: 'WeavrNotFoundError',
          backofficeToken: true,
        });
        expectServerSaw(server, { preflight: true });
      } finally {
        await page.close();
      }
    },
    TIMEOUT_MS,
  );

  it(
    'against Prism serving the Multi spec: the requests it checks are valid',
    async () => {
      const prism = await startPrism({ spec: `${root}/specs/multi.json`, startTimeoutMs: 60_000 });
      const page = await servePage(await bundleForBrowser('./smoke/browser.mjs'));
      try {
        const { result, console: lines } = await runInChromium(
          `${page.url}?prism=${encodeURIComponent(prism.url)}`,
          TIMEOUT_MS / 2,
        );
        expect(result, lines.join('\n')).toMatchObject({ ok: true, get: 200 });
        expect((result as { post: number }).post).toBeGreaterThanOrEqual(200);
        expect((result as { post: number }).post).toBeLessThan(300);
      } finally {
        await page.close();
        await prism.stop();
      }
    },
    TIMEOUT_MS,
  );
});
