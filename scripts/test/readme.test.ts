/**
 * The package READMEs as npm shows them. Their TypeScript blocks are type-checked (and the root README's and
 * docs/'s run) by tests/docs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { readLock, readSources } from '../src/lib/project.js';
import { specReadmeLine } from '../src/specs-update.js';
import { pulledSpec, repoRoot } from './helpers.js';

/** The packages whose README npm shows. */
const PUBLIC = ['core', 'multi', 'backoffice', 'simulator', 'webhooks', 'emulator', 'mcp'];

/**
 * A package README is read on npm, away from this repository: it must not point into the repository (relative
 * links break there) nor at a web address nobody has checked. Known real: Weavr's own sites, the Model Context
 * Protocol's (the MCP package's README), the reserved `.example` domain used for the webhook URL in examples, and
 * the loopback address where a local emulator or MCP server listens.
 */
const KNOWN_REAL =
  /^(?:https:\/\/(?:(?:[a-z0-9-]+\.)*weavr\.io|modelcontextprotocol\.io|[a-z0-9.-]+\.example)|http:\/\/127\.0\.0\.1:\d+)(?:[/?#`)]|$)/;

test.each(PUBLIC)(
  'the %s package README stands alone on npm and its package.json names no unchecked URL',
  (name) => {
    const readme = readFileSync(join(repoRoot, 'packages', name, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
    expect(links.filter((l) => !/^https?:\/\//.test(l))).toEqual([]);
    const urls = (text: string) => [...text.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]);
    expect(urls(readme).filter((u) => !KNOWN_REAL.test(u))).toEqual([]);
    const manifest = readFileSync(join(repoRoot, 'packages', name, 'package.json'), 'utf8');
    expect(urls(manifest)).toEqual([]);
    expect(JSON.parse(manifest).license).toBe('MIT');
  },
);

/**
 * The "Generated from …" lines: every package README names each spec specs/sources.json says it is built from,
 * once, at the version and hash specs/lock.json pins, and no other (a stale line left by a spec bump fails here).
 */
test('each package README names exactly the specs it is built from, at the pinned version and hash', () => {
  const lock = readLock(repoRoot);
  const expected = new Map<string, string[]>();
  for (const [name, source] of Object.entries(readSources(repoRoot))) {
    const title = JSON.parse(pulledSpec(name)).info.title as string;
    const line = specReadmeLine(title, lock[name]?.version ?? '?', lock[name]?.sha256 ?? '?');
    for (const pkg of [source.package, ...Object.keys(source.alsoBuilds ?? {})])
      expected.set(pkg, [...(expected.get(pkg) ?? []), line]);
  }
  expect([...expected.keys()].sort()).toEqual(
    PUBLIC.filter((p) => p !== 'core')
      .map((p) => `@weavr-sdk/${p}`)
      .sort(),
  );
  for (const [pkg, lines] of expected) {
    const readme = readFileSync(
      join(repoRoot, 'packages', pkg.replace('@weavr-sdk/', ''), 'README.md'),
      'utf8',
    );
    const found = readme.match(/^Generated from the .* spec \S+ \(sha256 `[0-9a-f]{64}`\)\.$/gm) ?? [];
    expect(found.sort(), pkg).toEqual([...lines].sort());
  }
});
