/**
 * The browser leg: bundle the smoke test for the browser with esbuild, serve it from a page on localhost, and
 * run it in Debian's headless Chromium through playwright-core (playwright cannot download its own browsers on
 * these machines; `install-chromium.sh` installs Debian's).
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Flags from TOOLCHAIN.md: no sandbox (root in a container), no GPU, nothing that phones home.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The smoke test as one browser ESM bundle, the way an app's bundler would see our packages. */
export async function bundleForBrowser(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${entry}`);
  return file.text;
}

/** Serves `/` (a page loading the bundle) and `/smoke.js` from localhost on a free port. */
export function servePage(bundle: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/smoke.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bundle);
    } else if (req.url === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<!doctype html><meta charset="utf-8"><title>smoke</title><script type="module" src="/smoke.js"></script>',
      );
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        // "localhost", not 127.0.0.1: the API is on 127.0.0.1, so every call is cross-origin and needs CORS.
        url: `http://localhost:${port}/`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Opens `pageUrl` in headless Chromium and returns what the page left on `window.smoke`. */
export async function runInChromium(
  pageUrl: string,
  timeoutMs: number,
): Promise<{ result: unknown; console: string[] }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run tests/runtimes/install-chromium.sh (apt-get install chromium)`,
    );
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: timeoutMs });
  const lines: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
    await page.goto(pageUrl, { timeout: timeoutMs });
    await page.waitForFunction(() => 'smoke' in window, undefined, { timeout: timeoutMs });
    const result = await page.evaluate(() => (window as unknown as { smoke: Promise<unknown> }).smoke);
    return { result, console: lines };
  } finally {
    await browser.close();
  }
}
