/** The tarball audit the release test runs on every published package finds what it is meant to find. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { auditPackage } from '../src/tarball-audit.js';

const root = mkdtempSync(join(tmpdir(), 'weavr-audit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function pkg(name: string, files: Record<string, string>): string {
  const dir = join(root, name, 'package');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

test('a clean package passes', () => {
  const dir = pkg('clean', {
    'package.json': '{"name":"x"}',
    'dist/index.mjs': 'export const a = 1;\n//# sourceMappingURL=index.mjs.map\n',
    'dist/index.mjs.map': JSON.stringify({ version: 3, sources: ['../src/index.ts'] }),
    'src/index.ts': 'export const a = 1;\n',
  });
  expect(auditPackage(dir)).toEqual([]);
});

test('tests, maps pointing outside, missing map files and secrets are each named', () => {
  const fakeNpmToken = `npm_${'A1b2C3d4E5'.repeat(4).slice(0, 36)}`;
  const dir = pkg('dirty', {
    'package.json': '{"name":"x"}',
    'dist/index.test.mjs': 'test()\n',
    'test/a.js': '\n',
    'dist/index.mjs': `export const t = "${fakeNpmToken}";\n//# sourceMappingURL=gone.map\n`,
    'dist/other.mjs.map': JSON.stringify({ version: 3, sources: ['../../../../home/ci/src/other.ts'] }),
    'dist/key.txt': '-----BEGIN RSA PRIVATE KEY-----\n',
    'dist/extra.txt': 'the-known-secret\n',
  });
  expect(auditPackage(dir, ['the-known-secret']).sort()).toEqual([
    'dist/extra.txt: holds a known secret',
    'dist/index.mjs: looks like a npm token',
    'dist/index.mjs: sourceMappingURL gone.map is not in the package',
    'dist/index.test.mjs: a test',
    'dist/key.txt: looks like a private key',
    'dist/other.mjs.map: source ../../../../home/ci/src/other.ts is not in the package',
    'test/a.js: a test',
  ]);
});
