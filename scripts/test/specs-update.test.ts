import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { contentHash, type OpenApiDocument, parseDocument } from '../src/lib/spec.js';
import { bumpFor, specReadmeLine, specsUpdate, UpdateError } from '../src/specs-update.js';

/**
 * specs-update end to end in scratch project roots: a pinned, pulled spec; a mirror folder holding a modified
 * spec; the real pull, generate and diff; the changeset it writes, fed to the real `changeset version`.
 */

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const shared = join(repoRoot, '..', 'shared', 'specs');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), `weavr-${prefix}-`));
  dirs.push(d);
  return d;
}

/**
 * A project root as after `pnpm specs:pull`: sources (just `name`), a lock pinning `baseline`, the pulled
 * specs/<name>.json, the package (with the shared generator) and its siblings named in .changeset/config.json.
 */
async function project(
  name: string,
  pkg: string,
  baseline: OpenApiDocument,
  version = '0.3.1',
  alsoBuilds?: Record<string, string>,
): Promise<string> {
  const root = tempDir('specs-update');
  mkdirSync(join(root, 'specs'));
  writeFileSync(
    join(root, 'specs', 'sources.json'),
    JSON.stringify({
      [name]: {
        title: name,
        url: 'http://127.0.0.1:9/none',
        reference: '',
        package: pkg,
        ...(alsoBuilds ? { alsoBuilds } : {}),
      },
    }),
  );
  writeFileSync(join(root, 'specs', 'lock.json'), '{}\n');
  const short = pkg.replace(/^@[^/]+\//, '');
  const extra = Object.keys(alsoBuilds ?? {}).map((p) => p.replace(/^@[^/]+\//, ''));
  for (const other of ['core', 'multi', 'backoffice', short, ...extra]) {
    mkdirSync(join(root, 'packages', other), { recursive: true });
    writeFileSync(
      join(root, 'packages', other, 'package.json'),
      `${JSON.stringify(
        {
          name: `@weavr-sdk/${other}`,
          version,
          ...(other === short ? { scripts: { generate: `tsx ../../scripts/src/generate.ts ${name}` } } : {}),
        },
        null,
        2,
      )}\n`,
    );
  }
  writeFileSync(
    join(root, 'packages', short, 'README.md'),
    `# ${pkg}\n\n${specReadmeLine(baseline.info.title, baseline.info.version, contentHash(baseline))}\n\nMore text.\n`,
  );
  writeFileSync(join(root, 'package.json'), '{ "name": "scratch", "private": true }\n');
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  mkdirSync(join(root, '.changeset'));
  cpSync(join(repoRoot, '.changeset', 'config.json'), join(root, '.changeset', 'config.json'));
  // Accept the baseline the way a maintainer once did: pull-specs --update from a mirror.
  const { pullSpecs } = await import('../src/pull-specs.js');
  await pullSpecs({ root, update: true, mirror: mirror({ [name]: baseline }), log: () => {} });
  return root;
}

/** A mirror folder holding the given documents as <name>.json. */
function mirror(docs: Record<string, OpenApiDocument>): string {
  const dir = tempDir('mirror');
  for (const [name, doc] of Object.entries(docs))
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(doc));
  return dir;
}

function files(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules') continue;
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(relative(root, full), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return out;
}

function changesets(root: string): string[] {
  return readdirSync(join(root, '.changeset')).filter((f) => f.endsWith('.md'));
}

const lockOf = (root: string) => JSON.parse(readFileSync(join(root, 'specs', 'lock.json'), 'utf8'));

/** A small API, so each run generates in well under a second. */
function demo(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: { title: 'Demo API', version: '1.0.0' },
    servers: [{ url: 'https://sandbox.example.test/demo' }],
    components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'api-key' } } },
    security: [{ key: [] }],
    paths: {
      '/cards': {
        get: {
          operationId: 'listCards',
          description: 'Lists cards.',
          responses: {
            '200': {
              description: 'ok',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['id'],
                    properties: {
                      id: { type: 'string' },
                      state: { type: 'string', enum: ['ACTIVE', 'BLOCKED'] },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}

describe('the real Multi releases: 3.32.1 pinned, the mirror holds the current spec', () => {
  test('pulls, regenerates, writes a changeset that `changeset version` accepts; a rerun changes nothing', async () => {
    const old = parseDocument(
      readFileSync(join(shared, 'history', 'multi-3.32.1.yaml'), 'utf8'),
    ) as OpenApiDocument;
    const root = await project('multi', '@weavr-sdk/multi', old);
    const oldSha = contentHash(old);
    const oldPulled = readFileSync(join(root, 'specs', 'multi.json'), 'utf8');
    const next = mirror({
      multi: parseDocument(readFileSync(join(shared, 'multi.yaml'), 'utf8')) as OpenApiDocument,
    });

    // As a maintainer runs it: the command, with the mirror in WEAVR_SPECS_FROM.
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      const env: Record<string, string | undefined> = { ...process.env, WEAVR_SPECS_FROM: next };
      execFile(
        process.execPath,
        ['--import', tsxLoader, join(repoRoot, 'scripts', 'src', 'specs-update.ts'), '--root', root],
        { cwd: repoRoot, env, timeout: 120_000, maxBuffer: 32 * 1024 * 1024 },
        (error, stdout, stderr) =>
          done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      );
    });
    expect(run.stderr.replace(/.*nodedir.*\n?/g, '')).toBe('');
    expect(run.code).toBe(0);
    const summary = run.stdout.match(/^spec diff: (\d+) breaking, (\d+) additive$/m);
    expect(summary).not.toBeNull();
    expect(Number(summary?.[1])).toBeGreaterThan(0);

    const lock = lockOf(root);
    expect(lock.multi).toMatchObject({ version: 'v3', operations: 153 });
    const newSha: string = lock.multi.sha256;
    expect(newSha).not.toBe(oldSha);
    expect(readFileSync(join(root, 'packages', 'multi', 'src', 'generated', 'spec.ts'), 'utf8')).toContain(
      newSha,
    );
    expect(readFileSync(join(root, 'specs', 'multi.previous.json'), 'utf8')).toBe(oldPulled);
    expect(readFileSync(join(root, 'packages', 'multi', 'README.md'), 'utf8')).toBe(
      `# @weavr-sdk/multi\n\n${specReadmeLine('Weavr Multi Product API', 'v3', newSha)}\n\nMore text.\n`,
    );

    expect(changesets(root)).toEqual([`multi-spec-v3-${newSha.slice(0, 8)}.md`]);
    const changeset = readFileSync(
      join(root, '.changeset', `multi-spec-v3-${newSha.slice(0, 8)}.md`),
      'utf8',
    );
    // 0.x: breaking → minor
    expect(changeset.startsWith('---\n"@weavr-sdk/multi": minor\n---\n\n')).toBe(true);
    expect(changeset).toContain(
      `Weavr Multi Product API spec updated: 3.32.1 (sha256 ${oldSha.slice(0, 12)}) → v3 (sha256 ${newSha.slice(0, 12)}). ${summary?.[0]}.`,
    );
    expect(changeset).toContain('Breaking changes are released as a minor bump while the package is 0.x.');
    expect(changeset).toContain('- `POST /managed_cards/assign`');
    expect(changeset).toContain('- `POST /login_via_biometrics`');

    // The real changesets CLI with this repository's config takes it: 0.3.1 → 0.4.0 and a CHANGELOG.
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
    const version = await new Promise<number>((done) =>
      execFile(join(repoRoot, 'node_modules', '.bin', 'changeset'), ['version'], { cwd: root }, (e) =>
        done(e ? Number(e.code ?? 1) : 0),
      ),
    );
    expect(version).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'packages', 'multi', 'package.json'), 'utf8')).version).toBe(
      '0.4.0',
    );
    const changelog = readFileSync(join(root, 'packages', 'multi', 'CHANGELOG.md'), 'utf8');
    expect(changelog).toContain('## 0.4.0');
    expect(changelog).toContain('Weavr Multi Product API spec updated: 3.32.1');
    expect(changesets(root)).toEqual([]);

    // Same spec again: nothing changes, not even the lock.
    const before = files(root);
    const result = await specsUpdate({ root, mirror: next, log: () => {} });
    expect(result).toEqual([]);
    expect(files(root)).toEqual(before);
  });
});

describe('the bump follows the diff', () => {
  test('additive only: patch at 0.x, minor from 1.0', async () => {
    const changed = demo();
    changed.paths['/accounts'] = {
      get: { operationId: 'listAccounts', responses: { '204': { description: 'ok' } } },
    };
    for (const [version, bump] of [
      ['0.3.1', 'patch'],
      ['1.2.3', 'minor'],
    ] as const) {
      const root = await project('demo', '@weavr-sdk/demo', demo(), version);
      const [u] = await specsUpdate({ root, mirror: mirror({ demo: changed }), log: () => {} });
      expect(u).toMatchObject({ name: 'demo', packages: [{ name: '@weavr-sdk/demo', bump }] });
      expect([u?.diff.breaking, u?.diff.additive]).toEqual([0, 1]);
      const text = readFileSync(join(root, u?.changesets[0] ?? 'missing'), 'utf8');
      expect(text).toContain(`"@weavr-sdk/demo": ${bump}`);
      expect(text).toContain('spec diff: 0 breaking, 1 additive.');
      expect(text).toContain('**Operations added (1)**\n- `GET /accounts`');
      expect(text).not.toContain('0.x');
    }
  });

  test('breaking: major from 1.0', async () => {
    const changed = demo();
    changed.paths['/cards'].get.responses['200'].content['application/json'].schema.properties.state.enum = [
      'ACTIVE',
    ];
    changed.paths['/cards'].get.parameters = [
      { name: 'tag', in: 'query', required: true, schema: { type: 'string' } },
    ];
    const root = await project('demo', '@weavr-sdk/demo', demo(), '1.2.3');
    const [u] = await specsUpdate({ root, mirror: mirror({ demo: changed }), log: () => {} });
    expect(u?.packages).toEqual([{ name: '@weavr-sdk/demo', bump: 'major' }]);
    const sha = lockOf(root).demo.sha256;
    expect(u?.changesets).toEqual([`.changeset/demo-spec-1.0.0-${sha.slice(0, 8)}.md`]);
    const text = readFileSync(join(root, u?.changesets[0] ?? 'missing'), 'utf8');
    expect(text.startsWith('---\n"@weavr-sdk/demo": major\n---\n')).toBe(true);
    expect(text).toContain('**Breaking changes in existing operations (1)**');
    expect(text).toContain('- `GET /cards` `query.tag`: new required parameter');
    expect(text).toContain('**Additive changes in existing operations (1)**\n- `GET /cards`: 1 change');
  });
});

/** The demo API with one webhook whose payload is a component, like the Multi spec's forwarding events. */
function demoWithWebhook(): OpenApiDocument {
  const doc = demo();
  doc.components.schemas = {
    CardEvent: {
      type: 'object',
      required: ['id', 'state'],
      properties: { id: { type: 'string' }, state: { type: 'string' } },
    },
  };
  doc.webhooks = {
    cards_watch: {
      post: {
        operationId: 'cardsWatch',
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/CardEvent' } } },
        },
        responses: { '204': { description: 'ok' } },
      },
    },
  };
  return doc;
}

describe('a package built from one part of a spec (sources.json alsoBuilds), like webhooks from Multi', () => {
  const HOOKS = { '@weavr-sdk/demo-hooks': 'webhooks' };
  const OTHER = `Generated from the Other API spec 1 (sha256 \`${'a'.repeat(64)}\`).`;

  /** The demo project, plus demo-hooks whose README names the demo spec twice (as the simulator's once did). */
  async function hooksProject(): Promise<{ root: string; oldLine: string }> {
    const root = await project('demo', '@weavr-sdk/demo', demoWithWebhook(), '1.2.3', HOOKS);
    const oldLine = specReadmeLine('Demo API', '1.0.0', contentHash(demoWithWebhook()));
    writeFileSync(
      join(root, 'packages', 'demo-hooks', 'README.md'),
      `# hooks\n\n${OTHER}\n\n${oldLine}\n\nText.\n\n${oldLine}\n`,
    );
    return { root, oldLine };
  }

  /** Every README under packages/ names the new hash wherever it named the old one, and the old one nowhere. */
  function expectRestamped(root: string, oldLine: string): void {
    const sha = lockOf(root).demo.sha256;
    const newLine = specReadmeLine('Demo API', '1.0.0', sha);
    expect(readFileSync(join(root, 'packages', 'demo-hooks', 'README.md'), 'utf8')).toBe(
      `# hooks\n\n${OTHER}\n\n${newLine}\n\nText.\n\n${newLine}\n`,
    );
    expect(readFileSync(join(root, 'packages', 'demo', 'README.md'), 'utf8')).toContain(newLine);
    const stale = [...files(root)].filter(([f, text]) => f.endsWith('README.md') && text.includes(oldLine));
    expect(stale.map(([f]) => f)).toEqual([]);
  }

  test('a change outside its part bumps only the package built from the whole spec; every spec line is restamped', async () => {
    const { root, oldLine } = await hooksProject();
    const changed = demoWithWebhook();
    changed.paths['/accounts'] = {
      get: { operationId: 'listAccounts', responses: { '204': { description: 'ok' } } },
    };
    const logs: string[] = [];
    const [u] = await specsUpdate({ root, mirror: mirror({ demo: changed }), log: (l) => logs.push(l) });
    expect(u?.packages).toEqual([{ name: '@weavr-sdk/demo', bump: 'minor' }]);
    const sha = lockOf(root).demo.sha256;
    expect(u?.changesets).toEqual([`.changeset/demo-spec-1.0.0-${sha.slice(0, 8)}.md`]);
    expect(changesets(root)).toEqual([`demo-spec-1.0.0-${sha.slice(0, 8)}.md`]);
    expect(logs).toContain(
      'demo: @weavr-sdk/demo-hooks is built from its webhooks, which did not change: no bump.',
    );
    expectRestamped(root, oldLine);
  });

  test('a change in its part bumps it too, with its own changeset describing only that part', async () => {
    const { root, oldLine } = await hooksProject();
    const changed = demoWithWebhook();
    // A payload field removed: receivers that read it break.
    changed.components.schemas.CardEvent.required = ['id'];
    delete changed.components.schemas.CardEvent.properties.state;
    const [u] = await specsUpdate({ root, mirror: mirror({ demo: changed }), log: () => {} });
    expect(u?.packages).toEqual([
      { name: '@weavr-sdk/demo', bump: 'major' },
      { name: '@weavr-sdk/demo-hooks', bump: 'major' },
    ]);
    const sha8 = lockOf(root).demo.sha256.slice(0, 8);
    expect(u?.changesets).toEqual([
      `.changeset/demo-spec-1.0.0-${sha8}.md`,
      `.changeset/demo-webhooks-spec-1.0.0-${sha8}.md`,
    ]);
    const hooks = readFileSync(join(root, '.changeset', `demo-webhooks-spec-1.0.0-${sha8}.md`), 'utf8');
    expect(
      hooks.startsWith('---\n"@weavr-sdk/demo-hooks": major\n---\n\nDemo API (its webhooks) spec updated'),
    ).toBe(true);
    expect(hooks).toContain('WEBHOOK cards_watch');
    expectRestamped(root, oldLine);
  });

  test('sources.json naming a package that does not exist, or an unknown part: an error before anything is pulled', async () => {
    const { root } = await hooksProject();
    const before = files(root);
    const sources = join(root, 'specs', 'sources.json');
    const good = readFileSync(sources, 'utf8');
    const changed = demoWithWebhook();
    changed.info.version = '2.0.0';
    for (const [alsoBuilds, message] of [
      [
        { '@weavr-sdk/nope': 'webhooks' },
        /demo names @weavr-sdk\/nope, which is not a package under packages\//,
      ],
      [
        { '@weavr-sdk/demo-hooks': 'paths' },
        /builds @weavr-sdk\/demo-hooks from "paths", which is not a part it knows \(webhooks, document\)/,
      ],
    ] as const) {
      const edited = JSON.parse(good);
      edited.demo.alsoBuilds = alsoBuilds;
      writeFileSync(sources, JSON.stringify(edited));
      await expect(specsUpdate({ root, mirror: mirror({ demo: changed }), log: () => {} })).rejects.toThrow(
        message,
      );
      writeFileSync(sources, good);
      expect(files(root)).toEqual(before);
    }
  });
});

describe('the bump follows the diff (continued)', () => {
  test('documentation only: patch', async () => {
    const changed = demo();
    changed.paths['/cards'].get.description = 'Lists the cards you issued.';
    const root = await project('demo', '@weavr-sdk/demo', demo(), '1.2.3');
    const [u] = await specsUpdate({ root, mirror: mirror({ demo: changed }), log: () => {} });
    expect(u?.packages).toEqual([{ name: '@weavr-sdk/demo', bump: 'patch' }]);
    expect(u?.diff.docsOnly).toBe(true);
    const text = readFileSync(join(root, u?.changesets[0] ?? 'missing'), 'utf8');
    expect(text).toContain('spec diff: 0 breaking, 0 additive.');
    expect(text).toContain('Only documentation changed');
  });

  test('bumpFor', () => {
    const diff = (breaking: number, additive: number) =>
      ({ breaking, additive }) as Parameters<typeof bumpFor>[0];
    expect([
      bumpFor(diff(1, 5), '0.9.0'),
      bumpFor(diff(0, 5), '0.9.0'),
      bumpFor(diff(0, 0), '0.9.0'),
    ]).toEqual(['minor', 'patch', 'patch']);
    expect([
      bumpFor(diff(1, 0), '2.0.0'),
      bumpFor(diff(0, 1), '2.0.0'),
      bumpFor(diff(0, 0), '2.0.0'),
    ]).toEqual(['major', 'minor', 'patch']);
  });
});

describe('nothing half-written', () => {
  test('no pulled baseline: a clear error before anything is pulled', async () => {
    const root = await project('demo', '@weavr-sdk/demo', demo());
    rmSync(join(root, 'specs', 'demo.json'));
    const before = files(root);
    const changed = demo();
    changed.info.version = '2.0.0';
    await expect(specsUpdate({ root, mirror: mirror({ demo: changed }), log: () => {} })).rejects.toThrow(
      new UpdateError(
        'demo: specs/demo.json is missing. Run `pnpm specs:pull` first: the pinned spec is the baseline the new one is compared with.',
      ),
    );
    expect(files(root)).toEqual(before);
  });

  test('a new spec that does not generate: lock and pulled spec restored, no changeset', async () => {
    const root = await project('demo', '@weavr-sdk/demo', demo());
    const before = files(root);
    const broken = demo();
    broken.paths['/cards'].get.security = [{ undeclared: [] }]; // the operation map cannot classify it
    await expect(specsUpdate({ root, mirror: mirror({ demo: broken }), log: () => {} })).rejects.toThrow(
      /undeclared.*specs\/lock\.json and the pulled specs were restored; nothing was accepted\./,
    );
    const after = files(root);
    for (const f of ['specs/lock.json', 'specs/demo.json', 'packages/demo/README.md'])
      expect(after.get(f)).toBe(before.get(f));
    expect(changesets(root)).toEqual([]);
    expect(existsSync(join(root, 'specs', 'demo.previous.json'))).toBe(false);
  });
});
