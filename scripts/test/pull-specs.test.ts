import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { contentHash, type OpenApiDocument } from '../src/lib/spec.js';
import {
  closedPort,
  inode,
  makeDir,
  makeProject,
  pulledSpec,
  type RunResult,
  removeDir,
  repoRoot,
  runScript,
  serve,
  snapshotFiles,
  stderrLines,
} from './helpers.js';

// The fixture: this repository's pulled Back-Office spec (small), and its lock entry.
let backofficeJson: string;
let backoffice: OpenApiDocument;
const lock = JSON.parse(readFileSync(join(repoRoot, 'specs', 'lock.json'), 'utf8'));
const sourceNames = Object.keys(JSON.parse(readFileSync(join(repoRoot, 'specs', 'sources.json'), 'utf8')));

const dirs: string[] = [];
const closers: Array<() => Promise<void>> = [];

beforeAll(() => {
  backofficeJson = pulledSpec('backoffice');
  backoffice = JSON.parse(backofficeJson);
});

afterAll(async () => {
  for (const close of closers) await close();
  for (const d of dirs) removeDir(d);
});

/**
 * A scratch project as a user's clone looks after `git pull` brought a new lock: sources, lock and a
 * specs/backoffice.json from an earlier pull that the lock no longer pins (so it must be pulled again; a copy
 * that matches the lock is not fetched at all). Every source URL points at a closed loopback port, so no test
 * can reach the internet; a test that pulls from a source URL points the one it needs at its own server.
 */
async function project(): Promise<string> {
  const dir = makeProject();
  dirs.push(dir);
  const port = await closedPort();
  const file = join(dir, 'specs', 'sources.json');
  const sources = JSON.parse(readFileSync(file, 'utf8'));
  for (const [name, s] of Object.entries<{ url: string }>(sources))
    s.url = `http://127.0.0.1:${port}/${name}.json`;
  writeFileSync(file, `${JSON.stringify(sources, null, 2)}\n`);
  writeFileSync(join(dir, 'specs', 'backoffice.json'), earlierPull());
  return dir;
}

/** The Back-Office spec as an earlier pull left it: an older description the lock no longer pins. */
function earlierPull(): string {
  return modified((d) => {
    d.info.description = `${d.info.description ?? ''} (an earlier release)`;
  });
}

function setSourceUrl(dir: string, name: string, url: string): void {
  const file = join(dir, 'specs', 'sources.json');
  const sources = JSON.parse(readFileSync(file, 'utf8'));
  sources[name].url = url;
  writeFileSync(file, `${JSON.stringify(sources, null, 2)}\n`);
}

function mirrorFolder(files: Record<string, string>): string {
  const dir = makeDir('mirror');
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function server(handler: Parameters<typeof serve>[0]): Promise<string> {
  const s = await serve(handler);
  closers.push(s.close);
  return s.url;
}

/** A copy of the Back-Office spec with one change, as Weavr might publish it. */
function modified(change: (doc: OpenApiDocument) => void): string {
  const doc = structuredClone(backoffice);
  change(doc);
  return JSON.stringify(doc);
}

/**
 * The contract for every failure: one line on stderr naming the source and what to do, a non-zero exit,
 * and every file under specs/ (pulled specs and lock) byte-for-byte as before, with nothing added.
 */
async function expectCleanFailure(
  dir: string,
  run: () => Promise<RunResult>,
  what: RegExp,
  todo: RegExp,
  source = 'backoffice',
): Promise<string> {
  const before = snapshotFiles(join(dir, 'specs'));
  const r = await run();
  const lines = stderrLines(r);
  expect(lines, r.stderr).toHaveLength(1);
  const line = lines[0] as string;
  expect(line.startsWith(`pull-specs: ${source}: `), line).toBe(true);
  expect(line).toMatch(what);
  expect(line).toMatch(todo);
  expect(r.code).toBe(1);
  // Sources before the failing one may be reported as verified; the failing one never is.
  expect(r.stdout).not.toMatch(new RegExp(`\\] ${source} `));
  expect(snapshotFiles(join(dir, 'specs'))).toEqual(before);
  return line;
}

describe.concurrent('pull-specs fails cleanly', () => {
  test('network failure: the source URL points at a closed port', async () => {
    const dir = await project();
    const port = await closedPort();
    setSourceUrl(dir, 'backoffice', `http://127.0.0.1:${port}/backoffice.json`);
    await expectCleanFailure(
      dir,
      () => runScript('pull-specs', ['--root', dir, 'backoffice']),
      new RegExp(`cannot download http://127\\.0\\.0\\.1:${port}/backoffice\\.json \\(ECONNREFUSED\\)`),
      /Check the network, or pull from a mirror with WEAVR_SPECS_FROM/,
    );
  });

  test('network failure: the server never answers within WEAVR_SPECS_TIMEOUT_MS', async () => {
    const dir = await project();
    const url = await server(() => {
      // never responds: the pull must give up on its own timeout
    });
    setSourceUrl(dir, 'backoffice', `${url}/backoffice.json`);
    await expectCleanFailure(
      dir,
      () => runScript('pull-specs', ['--root', dir, 'backoffice'], { WEAVR_SPECS_TIMEOUT_MS: '300' }),
      /timed out after 300 ms/,
      /WEAVR_SPECS_FROM/,
    );
  });

  for (const status of [404, 500]) {
    test(`HTTP ${status} from the source URL`, async () => {
      const dir = await project();
      const url = await server((_req, res) => {
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end('nope');
      });
      setSourceUrl(dir, 'backoffice', `${url}/backoffice.json`);
      await expectCleanFailure(
        dir,
        () => runScript('pull-specs', ['--root', dir, 'backoffice']),
        new RegExp(`HTTP ${status} from ${url}/backoffice\\.json`),
        /Check the URL in specs\/sources\.json, or pull from a mirror with WEAVR_SPECS_FROM/,
      );
    });
  }

  test('HTTP 500 from a base-URL mirror', async () => {
    const dir = await project();
    const url = await server((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    await expectCleanFailure(
      dir,
      () => runScript('pull-specs', ['--root', dir, 'backoffice'], { WEAVR_SPECS_FROM: url }),
      new RegExp(`HTTP 500 from ${url}/backoffice\\.json`),
      new RegExp(`Check the mirror WEAVR_SPECS_FROM=${url}`),
    );
  });

  test('a base-URL mirror that has no file for the source (404 for every extension)', async () => {
    const dir = await project();
    const asked: string[] = [];
    const url = await server((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(404);
      res.end();
    });
    await expectCleanFailure(
      dir,
      () => runScript('pull-specs', ['--root', dir, 'backoffice'], { WEAVR_SPECS_FROM: `${url}/` }),
      /not found on the mirror \(HTTP 404 for .*backoffice\.json, .*backoffice\.yaml, .*backoffice\.yml\)/,
      /Check WEAVR_SPECS_FROM=/,
    );
    expect(asked).toEqual(['/backoffice.json', '/backoffice.yaml', '/backoffice.yml']);
  });

  test('a mirror folder without the file', async () => {
    const dir = await project();
    const mirror = mirrorFolder({ 'multi.json': '{}' });
    await expectCleanFailure(
      dir,
      () => runScript('pull-specs', ['--root', dir, 'backoffice'], { WEAVR_SPECS_FROM: mirror }),
      new RegExp(`no backoffice\\.yaml, backoffice\\.yml or backoffice\\.json in ${mirror}`),
      /Check WEAVR_SPECS_FROM=/,
    );
  });

  test('a mirror folder that does not exist', async () => {
    const dir = await project();
    const missing = join(makeDir('gone'), 'nothing-here');
    await expectCleanFailure(
      dir,
      () => runScript('pull-specs', ['--root', dir, 'backoffice'], { WEAVR_SPECS_FROM: missing }),
      /the mirror folder .*nothing-here does not exist/,
      /Check WEAVR_SPECS_FROM=/,
    );
  });

  const notOpenApi: Array<[string, string, string, RegExp]> = [
    [
      'a Swagger 2.0 document',
      'backoffice.json',
      JSON.stringify({ swagger: '2.0', info: { title: 'Old', version: '1' }, paths: {} }),
      /is not an OpenAPI 3\.x document \(Swagger 2\.0, not OpenAPI 3\.x\)/,
    ],
    [
      'random YAML',
      'backoffice.yaml',
      'name: weavr\nitems:\n  - one\n  - two\n',
      /is not an OpenAPI 3\.x document \(no "openapi" field\)/,
    ],
    [
      'an OpenAPI 2.x-numbered document',
      'backoffice.yaml',
      'openapi: 2.0.0\ninfo: { title: x, version: "1" }\npaths: {}\n',
      /is not an OpenAPI 3\.x document \(OpenAPI 2\.0\.0, not 3\.x\)/,
    ],
    [
      'invalid text (a truncated JSON document)',
      'backoffice.json',
      backofficeJsonHead(),
      /is neither JSON nor YAML \(/,
    ],
    ['an empty file', 'backoffice.yml', '', /is not an OpenAPI 3\.x document \(not an object document\)/],
  ];
  for (const [what, file, text, message] of notOpenApi) {
    test(`not OpenAPI 3.x: ${what}`, async () => {
      const dir = await project();
      const mirror = mirrorFolder({ [file]: text });
      const line = await expectCleanFailure(
        dir,
        () => runScript('pull-specs', ['--root', dir, 'backoffice'], { WEAVR_SPECS_FROM: mirror }),
        message,
        new RegExp(file.replace('.', '\\.')),
      );
      expect(line).not.toContain('\n');
    });
  }

  test('a document served over HTTP that is not OpenAPI (an HTML page)', async () => {
    const dir = await project();
    const url = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body><h1>Sign in</h1></body></html>');
    });
    setSourceUrl(dir, 'backoffice', `${url}/backoffice.json`);
    await expectCleanFailure(
      dir,
      () => runScript('pull-specs', ['--root', dir, 'backoffice']),
      /is not an OpenAPI 3\.x document|is neither JSON nor YAML/,
      new RegExp(`${url}/backoffice\\.json`),
    );
  });

  test('hash mismatch: a modified spec with the same version', async () => {
    const dir = await project();
    const mirror = mirrorFolder({
      'backoffice.json': modified((d) => {
        d.info.description = `${d.info.description ?? ''} (edited)`;
      }),
    });
    await expectCleanFailure(
      dir,
      () => runScript('pull-specs', ['--root', dir, 'backoffice'], { WEAVR_SPECS_FROM: mirror }),
      new RegExp(
        `is v3 \\(sha256 [0-9a-f]{12}…, 32 operations\\) but specs/lock.json pins v3 \\(sha256 ${lock.backoffice.sha256.slice(0, 12)}…, 32 operations\\)`,
      ),
      /run `pnpm specs:update` to review and accept it/,
    );
  });

  test('hash mismatch: a new version with one more operation', async () => {
    const dir = await project();
    const mirror = mirrorFolder({
      'backoffice.yaml': toYaml(
        JSON.parse(
          modified((d) => {
            d.info.version = 'v4';
            d.paths['/new_thing'] = {
              get: { operationId: 'newThing', responses: { 200: { description: 'ok' } } },
            };
          }),
        ),
      ),
    });
    await expectCleanFailure(
      dir,
      () => runScript('pull-specs', ['--root', dir, 'backoffice'], { WEAVR_SPECS_FROM: mirror }),
      /is v4 \(sha256 [0-9a-f]{12}…, 33 operations\) but specs\/lock.json pins v3 .*32 operations/,
      /pnpm specs:update/,
    );
  });

  test('a source with no lock entry', async () => {
    const dir = await project();
    const lockFile = join(dir, 'specs', 'lock.json');
    const { backoffice: _dropped, ...rest } = JSON.parse(readFileSync(lockFile, 'utf8'));
    writeFileSync(lockFile, `${JSON.stringify(rest, null, 2)}\n`);
    const mirror = mirrorFolder({ 'backoffice.json': backofficeJson });
    await expectCleanFailure(
      dir,
      () => runScript('pull-specs', ['--root', dir, 'backoffice'], { WEAVR_SPECS_FROM: mirror }),
      /specs\/lock\.json has no entry for it/,
      /Run `pnpm specs:update` to pin backoffice v3/,
    );
  });

  test('a lock that is not valid JSON', async () => {
    const dir = await project();
    writeFileSync(join(dir, 'specs', 'lock.json'), '{ "multi": ');
    const mirror = mirrorFolder({ 'backoffice.json': backofficeJson });
    await expectCleanFailure(
      dir,
      () => runScript('pull-specs', ['--root', dir, 'backoffice'], { WEAVR_SPECS_FROM: mirror }),
      /^pull-specs: specs\/lock\.json: not valid JSON \(/,
      /restore it from git/,
      'specs/lock.json',
    );
  });

  test('one bad source among good ones: nothing is written, not even the good ones', async () => {
    const dir = await project();
    const mirror = mirrorFolder({
      'multi.json': pulledSpec('multi'),
      'backoffice.json': modified((d) => {
        d.info.title = 'Changed';
      }),
    });
    await expectCleanFailure(
      dir,
      () => runScript('pull-specs', ['--root', dir, 'multi', 'backoffice'], { WEAVR_SPECS_FROM: mirror }),
      /but specs\/lock\.json pins v3/,
      /pnpm specs:update/,
    );
    expect(existsSync(join(dir, 'specs', 'multi.json'))).toBe(false);
  });

  test('an unknown source name', async () => {
    const dir = await project();
    const mirror = mirrorFolder({ 'backoffice.json': backofficeJson });
    await expectCleanFailure(
      dir,
      () => runScript('pull-specs', ['--root', dir, 'nope'], { WEAVR_SPECS_FROM: mirror }),
      /not a source in specs\/sources\.json/,
      new RegExp(`\\(known: ${sourceNames.join(', ')}\\)`),
      'nope',
    );
  });

  test('an unknown option exits 2 with one line pointing at --help', async () => {
    const r = await runScript('pull-specs', ['--bogus']);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toMatch(/^pull-specs: .*'--bogus'.*See --help\.$/m);
    expect(r.code).toBe(2);
  });
});

describe('pull-specs succeeds', () => {
  test('--help prints usage and exits 0', async () => {
    const r = await runScript('pull-specs', ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: pull-specs \[--update\]/);
    expect(r.stdout).toContain('WEAVR_SPECS_FROM');
    expect(r.stdout).toContain('--update');
    expect(r.stderr).toBe('');
  });

  test('pulls every source from a mirror folder, prints [n/N] lines, leaves the lock untouched', async () => {
    const dir = await project();
    const mirror = mirrorFolder(Object.fromEntries(sourceNames.map((n) => [`${n}.json`, pulledSpec(n)])));
    const lockBefore = readFileSync(join(dir, 'specs', 'lock.json'));
    const r = await runScript('pull-specs', ['--root', dir], { WEAVR_SPECS_FROM: mirror });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(sourceNames.length);
    sourceNames.forEach((name, i) => {
      expect(lines[i]).toMatch(
        new RegExp(
          `^\\[${i + 1}/${sourceNames.length}\\] ${name} ${lock[name].version} · .* · sha256 ${lock[name].sha256.slice(0, 12)}… · verified ← `,
        ),
      );
      const written = JSON.parse(readFileSync(join(dir, 'specs', `${name}.json`), 'utf8'));
      expect(contentHash(written)).toBe(lock[name].sha256);
    });
    expect(lines[0]).toContain(`${lock.multi.operations} operations`);
    expect(readFileSync(join(dir, 'specs', 'lock.json'))).toEqual(lockBefore);
    expect(snapshotFiles(join(dir, 'specs')).size).toBe(2 + sourceNames.length);
  });

  test('JSON and YAML of the same document hash the same: a YAML mirror verifies against the lock', async () => {
    // Same content, another format and another key order.
    const reordered = Object.fromEntries(Object.entries(backoffice).reverse());
    const yaml = toYaml(reordered);
    expect(contentHash(JSON.parse(backofficeJson))).toBe(lock.backoffice.sha256);
    expect(contentHash(reordered)).toBe(lock.backoffice.sha256);

    const dir = await project();
    const mirror = mirrorFolder({ 'backoffice.yaml': yaml });
    const r = await runScript('pull-specs', ['--root', dir, 'backoffice'], { WEAVR_SPECS_FROM: mirror });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[1\/1\] backoffice v3 · 32 operations · sha256 [0-9a-f]{12}… · verified ← /);
    expect(r.stdout).toContain('backoffice.yaml');
    // Written as normalised JSON, whatever format it was pulled in.
    const written = readFileSync(join(dir, 'specs', 'backoffice.json'), 'utf8');
    expect(contentHash(JSON.parse(written))).toBe(lock.backoffice.sha256);
  });

  test('pulls from a source URL, and from a base-URL mirror falling back from .json to .yaml', async () => {
    const served: string[] = [];
    const url = await server((req, res) => {
      served.push(req.url ?? '');
      if (req.url === '/direct/backoffice.json' || req.url === '/mirror/backoffice.yaml') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(req.url.endsWith('.yaml') ? toYaml(backoffice) : backofficeJson);
      } else {
        res.writeHead(404);
        res.end();
      }
    });

    const dir = await project();
    setSourceUrl(dir, 'backoffice', `${url}/direct/backoffice.json`);
    const direct = await runScript('pull-specs', ['--root', dir, 'backoffice']);
    expect(direct.stderr).toBe('');
    expect(direct.code).toBe(0);
    expect(direct.stdout).toContain(`verified ← ${url}/direct/backoffice.json`);

    // The local copy now matches the lock: only --force fetches it again.
    const mirrored = await runScript('pull-specs', ['--force', '--root', dir, 'backoffice'], {
      WEAVR_SPECS_FROM: `${url}/mirror`,
    });
    expect(mirrored.stderr).toBe('');
    expect(mirrored.code).toBe(0);
    expect(mirrored.stdout).toContain(`verified ← ${url}/mirror/backoffice.yaml`);
    expect(served).toEqual(['/direct/backoffice.json', '/mirror/backoffice.json', '/mirror/backoffice.yaml']);
  });

  test('--update accepts a new version and rewrites the lock atomically', async () => {
    const dir = await project();
    const lockFile = join(dir, 'specs', 'lock.json');
    const specFile = join(dir, 'specs', 'backoffice.json');
    const next = modified((d) => {
      d.info.version = 'v4';
      d.paths['/new_thing'] = { get: { operationId: 'newThing', responses: { 200: { description: 'ok' } } } };
    });
    const mirror = mirrorFolder({ 'backoffice.json': next });
    const before = { lock: inode(lockFile), spec: inode(specFile) };

    const r = await runScript('pull-specs', ['--update', '--root', dir, 'backoffice'], {
      WEAVR_SPECS_FROM: mirror,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[1\/1\] backoffice v4 · 33 operations · .* · updated from v3 ← /m);
    expect(r.stdout).toMatch(/^specs\/lock\.json updated$/m);

    const written = JSON.parse(readFileSync(lockFile, 'utf8'));
    expect(written.backoffice).toEqual({
      version: 'v4',
      openapi: backoffice.openapi,
      sha256: contentHash(JSON.parse(next)),
      operations: 33,
    });
    // Other entries stay as they were; the file is replaced by a rename (a new inode), never edited in place.
    for (const name of sourceNames.filter((n) => n !== 'backoffice'))
      expect(written[name]).toEqual(lock[name]);
    expect(inode(lockFile)).not.toBe(before.lock);
    expect(inode(specFile)).not.toBe(before.spec);
    expect([...snapshotFiles(join(dir, 'specs')).keys()].sort()).toEqual(
      ['backoffice.json', 'lock.json', 'sources.json'].sort(),
    );

    // The accepted version now verifies without --update (fetched with --force; without it, the local copy
    // already matches).
    const again = await runScript('pull-specs', ['--force', '--root', dir, 'backoffice'], {
      WEAVR_SPECS_FROM: mirror,
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/· verified ← /);
  });

  test('--update with nothing new leaves the lock file alone', async () => {
    const dir = await project();
    const lockFile = join(dir, 'specs', 'lock.json');
    const bytes = readFileSync(lockFile);
    const ino = inode(lockFile);
    const mirror = mirrorFolder({ 'backoffice.json': backofficeJson });
    const r = await runScript('pull-specs', ['--update', '--root', dir, 'backoffice'], {
      WEAVR_SPECS_FROM: mirror,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/· unchanged ← /);
    expect(r.stdout).not.toContain('specs/lock.json updated');
    expect(readFileSync(lockFile)).toEqual(bytes);
    expect(inode(lockFile)).toBe(ino);
  });

  test('a relative mirror folder is resolved from the working directory', async () => {
    const dir = await project();
    const mirror = join(dir, 'mirror');
    mkdirSync(mirror);
    writeFileSync(join(mirror, 'backoffice.json'), backofficeJson);
    const r = await runScript(
      'pull-specs',
      ['--root', dir, 'backoffice'],
      { WEAVR_SPECS_FROM: 'mirror' },
      dir,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('verified ← mirror/backoffice.json');
  });
});

describe('pull-specs with specs already pulled (offline builds and tests)', () => {
  /** A project whose every specs/<name>.json is this repository's pulled copy, i.e. matches the lock. */
  async function pulledProject(): Promise<string> {
    const dir = await project();
    for (const name of sourceNames) writeFileSync(join(dir, 'specs', `${name}.json`), pulledSpec(name));
    return dir;
  }

  test('copies that match the lock are not fetched: no network, no mirror, nothing written', async () => {
    const dir = await pulledProject();
    const before = snapshotFiles(join(dir, 'specs'));
    const inodes = sourceNames.map((n) => inode(join(dir, 'specs', `${n}.json`)));
    // Every source URL is a closed port and WEAVR_SPECS_FROM is unset: any fetch would fail.
    const r = await runScript('pull-specs', ['--root', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(sourceNames.length);
    sourceNames.forEach((name, i) => {
      expect(lines[i]).toBe(
        `[${i + 1}/${sourceNames.length}] ${name} ${lock[name].version} · ${lines[i]?.split(' · ')[1]} · sha256 ${lock[name].sha256.slice(0, 12)}… · up to date (specs/${name}.json matches specs/lock.json, nothing fetched)`,
      );
    });
    expect(snapshotFiles(join(dir, 'specs'))).toEqual(before);
    expect(sourceNames.map((n) => inode(join(dir, 'specs', `${n}.json`)))).toEqual(inodes);
  });

  test('--force fetches them anyway (and so fails offline, leaving them untouched)', async () => {
    const dir = await pulledProject();
    await expectCleanFailure(
      dir,
      () => runScript('pull-specs', ['--force', '--root', dir, 'backoffice']),
      /cannot download http:\/\/127\.0\.0\.1:\d+\/backoffice\.json \(ECONNREFUSED\)/,
      /Check the network, or pull from a mirror with WEAVR_SPECS_FROM/,
    );
  });

  test('only the copies that do not match are fetched: edited, missing or not JSON', async () => {
    const served: string[] = [];
    const url = await server((req, res) => {
      served.push(req.url ?? '');
      const name = (req.url ?? '').replace(/^\/|\.json$/g, '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(pulledSpec(name));
    });
    const dir = await pulledProject();
    writeFileSync(join(dir, 'specs', 'backoffice.json'), earlierPull()); // edited: another hash
    writeFileSync(join(dir, 'specs', 'simulator.json'), '{ "openapi": '); // cut short
    for (const name of ['backoffice', 'simulator']) setSourceUrl(dir, name, `${url}/${name}.json`);
    const untouched = inode(join(dir, 'specs', 'multi.json'));

    const r = await runScript('pull-specs', ['--root', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(served.sort()).toEqual(['/backoffice.json', '/simulator.json']);
    expect(r.stdout).toMatch(/\] multi .* · up to date /);
    expect(r.stdout).toMatch(/\] backoffice .* · verified ← /);
    expect(r.stdout).toMatch(/\] simulator .* · verified ← /);
    for (const name of sourceNames) {
      const written = JSON.parse(readFileSync(join(dir, 'specs', `${name}.json`), 'utf8'));
      expect(contentHash(written)).toBe(lock[name].sha256);
    }
    expect(inode(join(dir, 'specs', 'multi.json'))).toBe(untouched);
  });
});

/** The first 2 KB of the Back-Office JSON: the start of a real document, cut mid-way. */
function backofficeJsonHead(): string {
  return pulledSpec('backoffice').slice(0, 2048);
}
