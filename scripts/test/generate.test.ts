import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { OpenApiDocument } from '../src/lib/spec.js';
import {
  makeProject,
  pulledSpec,
  removeDir,
  repoRoot,
  runScript,
  snapshotFiles,
  stderrLines,
} from './helpers.js';

/**
 * Runs the real generate script on this repository's pulled specs, in a scratch project, and checks what
 * it wrote against the spec documents, read here independently of the generator's own code.
 */

interface Generated {
  operations: Record<string, OperationLike>;
  runtime: { apiKeyHeader: string; ops: Record<string, [number, string]>; query: Record<string, unknown> };
  spec: { name: string; version: string; sha256: string; server?: string };
}

interface OperationLike {
  method: string;
  path: string;
  operationId: string;
  security: string[][];
  bearer: 'required' | 'optional' | 'none';
  idempotencyRef: boolean;
  list?: { itemField: string; limitParam: string; maxLimit: number };
  media?: string[];
  deprecated?: boolean;
  query?: Record<string, [string, boolean]>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const lock = JSON.parse(readFileSync(join(repoRoot, 'specs', 'lock.json'), 'utf8'));

/** What issue 2 counted by hand in today's specs; the tests also derive each figure from the spec. */
const KNOWN = {
  multi: { operations: 153, idempotencyRef: 55, lists: 25 },
  backoffice: { operations: 32, idempotencyRef: 9, lists: 5 },
} as const;
type Api = keyof typeof KNOWN;
const APIS = Object.keys(KNOWN) as Api[];

let root: string;
const docs = {} as Record<Api, OpenApiDocument>;
const generated = {} as Record<Api, Generated>;
let generateOutput: string;

function generatedDir(dir: string, api: Api): string {
  return join(dir, 'packages', api, 'src', 'generated');
}

beforeAll(async () => {
  root = makeProject();
  for (const api of APIS) {
    const text = pulledSpec(api);
    docs[api] = JSON.parse(text);
    writeFileSync(join(root, 'specs', `${api}.json`), text);
    mkdirSync(join(root, 'packages', api), { recursive: true });
  }
  const r = await runScript('generate', ['--root', root, ...APIS]);
  generateOutput = r.stdout;
  if (r.code !== 0) throw new Error(`generate failed (${r.code}): ${r.stderr}`);
  for (const api of APIS) {
    const dir = generatedDir(root, api);
    generated[api] = {
      ...(await import(join(dir, 'operations.ts'))),
      ...(await import(join(dir, 'runtime.ts'))),
      ...(await import(join(dir, 'spec.ts'))),
    };
  }
});

afterAll(() => {
  if (root) removeDir(root);
});

function deref(doc: OpenApiDocument, value: unknown): OpenApiDocument {
  let v = value as OpenApiDocument | undefined;
  for (let hops = 0; v && typeof v.$ref === 'string' && hops < 32; hops++) {
    v = (v.$ref as string)
      .slice(2)
      .split('/')
      .reduce<OpenApiDocument | undefined>((at, k) => at?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return v ?? {};
}

/** Every operation of a spec as "METHOD /path" → its operation object and merged parameters. */
function specOperations(doc: OpenApiDocument) {
  const out = new Map<string, { op: OpenApiDocument; params: OpenApiDocument[] }>();
  for (const [path, raw] of Object.entries<OpenApiDocument>(doc.paths ?? {})) {
    const item = deref(doc, raw);
    for (const m of METHODS) {
      if (!item[m]) continue;
      const op = item[m];
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(doc, p));
      out.set(`${m.toUpperCase()} ${path}`, { op, params });
    }
  }
  return out;
}

describe.each(APIS)('generated %s', (api) => {
  test('writes the six files, each headed "generated from … do not edit"', () => {
    const dir = generatedDir(root, api);
    const doc = docs[api];
    expect(readdirSync(dir).sort()).toEqual([
      'exports.ts',
      'helpers.ts',
      'operations.ts',
      'runtime.ts',
      'schema.ts',
      'spec.ts',
      'types.ts',
    ]);
    for (const f of readdirSync(dir)) {
      const first = readFileSync(join(dir, f), 'utf8').split('\n')[0];
      expect(first, f).toBe(
        `// generated from specs/${api}.json (${doc.info.title} ${doc.info.version}, sha256 ${lock[api].sha256.slice(0, 12)}), do not edit`,
      );
    }
    expect(generateOutput).toContain(`${api} ${doc.info.version}: ${KNOWN[api].operations} operations`);
  });

  test('the operation map has exactly the operations of the spec', () => {
    const expected = [...specOperations(docs[api]).keys()].sort();
    const keys = Object.keys(generated[api].operations).sort();
    expect(keys).toEqual(expected);
    expect(keys).toHaveLength(lock[api].operations);
    expect(keys).toHaveLength(KNOWN[api].operations);
    expect(Object.keys(generated[api].runtime.ops).sort()).toEqual(expected);
    for (const [key, { op }] of specOperations(docs[api])) {
      const o = generated[api].operations[key] as OperationLike;
      expect(`${o.method} ${o.path}`).toBe(key);
      expect(o.operationId).toBe(op.operationId);
      expect(generated[api].runtime.ops[key]?.[1]).toBe(op.operationId);
      expect(o.deprecated ?? false, key).toBe(op.deprecated === true);
    }
  });

  test('idempotency-ref is flagged exactly where the spec declares the header', () => {
    const declared = [...specOperations(docs[api])]
      .filter(([, { params }]) =>
        params.some((p) => p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-ref'),
      )
      .map(([k]) => k)
      .sort();
    const flagged = Object.entries(generated[api].operations)
      .filter(([, o]) => o.idempotencyRef)
      .map(([k]) => k)
      .sort();
    expect(flagged).toEqual(declared);
    expect(flagged).toHaveLength(KNOWN[api].idempotencyRef);
    for (const k of flagged)
      expect(generated[api].runtime.ops[k]?.[0]).toSatisfy((f: number) => (f & 4) === 4);
  });

  test('bearer follows each operation’s security', () => {
    const doc = docs[api];
    const bearerSchemes = new Set(
      Object.entries<OpenApiDocument>(doc.components.securitySchemes)
        .filter(([, s]) => s.type === 'http' && String(s.scheme).toLowerCase() === 'bearer')
        .map(([n]) => n),
    );
    for (const [key, { op }] of specOperations(doc)) {
      const alternatives: Record<string, unknown>[] = op.security ?? doc.security ?? [];
      const withBearer = alternatives.filter((a) => Object.keys(a).some((n) => bearerSchemes.has(n))).length;
      const want = withBearer === 0 ? 'none' : withBearer === alternatives.length ? 'required' : 'optional';
      expect(generated[api].operations[key]?.bearer, key).toBe(want);
    }
  });

  test('offset/limit lists name their item field and limit cap', () => {
    const lists = Object.entries(generated[api].operations).filter(([, o]) => o.list);
    expect(lists).toHaveLength(KNOWN[api].lists);
    const ops = specOperations(docs[api]);
    for (const [key, o] of lists) {
      const { op, params } = ops.get(key) as { op: OpenApiDocument; params: OpenApiDocument[] };
      const list = o.list as NonNullable<OperationLike['list']>;
      const query = params.filter((p) => p.in === 'query');
      expect(
        query.map((p) => p.name),
        key,
      ).toContain('offset');
      const limit = query.find((p) => p.name === list.limitParam);
      expect(limit, key).toBeDefined();
      expect(list.maxLimit, key).toBe(deref(docs[api], limit?.schema).maximum ?? 100);
      const ok = deref(docs[api], op.responses['200']);
      const schema = deref(docs[api], ok.content['application/json'].schema);
      const props = {
        ...schema.properties,
        ...Object.assign({}, ...(schema.allOf ?? []).map((s: unknown) => deref(docs[api], s).properties)),
      };
      expect(deref(docs[api], props[list.itemField]).type, `${key} ${list.itemField}`).toBe('array');
      expect(props, key).toHaveProperty('count');
    }
  });

  test('types.ts records the errorCode values of each operation’s 4xx bodies, and only types.ts does', () => {
    const text = readFileSync(join(generatedDir(root, api), 'types.ts'), 'utf8');
    const block = text.slice(text.indexOf('export interface ErrorCodes {'));
    const recorded = new Map(
      [...block.slice(0, block.indexOf('\n}\n')).matchAll(/^ {2}"([^"]+)": (.*);$/gm)].map((m) => [
        m[1] as string,
        m[2] === 'never' ? [] : (m[2] as string).split(' | ').map((c) => JSON.parse(c) as string),
      ]),
    );
    const codesOf = (schema: OpenApiDocument): string[] => {
      const s = deref(docs[api], schema);
      const fields = [s, ...(s.allOf ?? []).map((p: unknown) => deref(docs[api], p))].flatMap((x) =>
        ['errorCode', 'code'].map((f) => deref(docs[api], x.properties?.[f])),
      );
      return fields.flatMap((f) => (Array.isArray(f.enum) ? f.enum : []));
    };
    let documented = 0;
    for (const [key, { op }] of specOperations(docs[api])) {
      const expected = new Set<string>();
      for (const [status, res] of Object.entries<OpenApiDocument>(op.responses ?? {})) {
        if (!status.startsWith('4')) continue;
        const schema = deref(docs[api], res).content?.['application/json']?.schema;
        if (schema) for (const c of codesOf(schema)) expected.add(c);
      }
      expect(recorded.get(key), key).toEqual([...expected].sort());
      if (expected.size) documented++;
    }
    expect(recorded.size).toBe(KNOWN[api].operations);
    expect(documented).toBeGreaterThan(KNOWN[api].operations / 2);
    // The runtime files carry none of it: they are what a client bundles.
    for (const f of ['runtime.ts', 'operations.ts']) {
      const runtimeText = readFileSync(join(generatedDir(root, api), f), 'utf8');
      expect(runtimeText, f).not.toContain('INSUFFICIENT_PERMISSIONS');
      expect(runtimeText, f).not.toContain('errorCode');
    }
  });

  test('spec.ts names the version and hash it was generated from', () => {
    expect(generated[api].spec).toMatchObject({
      name: api,
      version: lock[api].version,
      sha256: lock[api].sha256,
      server: docs[api].servers.find((s: { url: string }) => s.url.startsWith('https://')).url,
    });
    expect(generated[api].runtime.apiKeyHeader).toBe('api-key');
  });
});

test('list item fields and caps of well-known Multi and Back-Office lists', () => {
  const m = generated.multi.operations;
  const b = generated.backoffice.operations;
  expect(m['GET /managed_cards']?.list).toEqual({ itemField: 'cards', limitParam: 'limit', maxLimit: 100 });
  expect(m['GET /managed_accounts']?.list?.itemField).toBe('accounts');
  expect(m['GET /transfers']?.list?.itemField).toBe('transfer');
  expect(m['GET /managed_accounts/{id}/statement']?.list).toMatchObject({
    itemField: 'entries',
    maxLimit: 500,
  });
  expect(b['GET /transfers']?.list?.itemField).toBe('transfer');
  expect(b['GET /bulks']?.list?.itemField).toBe('bulkProcesses');
  // Non-JSON success media (statements as PDF/CSV) and declared query styles.
  expect(m['GET /managed_cards/{id}/statement']?.media).toEqual(['application/pdf']);
  expect(b['GET /managed_cards/{id}/statement']?.media).toEqual(['application/pdf', 'text/csv']);
  expect(m['GET /card_payments']?.query?.status).toEqual(['form', false]);
  // Security: sign-in is key-only, card listing needs a bearer token; Back-Office's token exchange is key-only.
  expect(m['POST /login_with_password']?.bearer).toBe('none');
  expect(m['GET /managed_cards']?.bearer).toBe('required');
  expect(b['POST /access_token']?.bearer).toBe('none');
});

describe('generate refuses bad input and leaves the previous output whole', () => {
  function projectWithOutput(): string {
    const dir = makeProject();
    writeFileSync(join(dir, 'specs', 'backoffice.json'), pulledSpec('backoffice'));
    mkdirSync(join(dir, 'packages', 'backoffice'), { recursive: true });
    cpSync(generatedDir(root, 'backoffice'), generatedDir(dir, 'backoffice'), { recursive: true });
    return dir;
  }

  async function expectRefused(dir: string, args: string[], message: RegExp, code = 1) {
    const before = snapshotFiles(join(dir, 'packages'));
    const r = await runScript('generate', ['--root', dir, ...args]);
    const lines = stderrLines(r);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(r.code).toBe(code);
    // The same files, byte for byte, and no half-written sibling folders.
    expect(snapshotFiles(join(dir, 'packages'))).toEqual(before);
    expect(readdirSync(join(dir, 'packages', 'backoffice', 'src'))).toEqual(['generated']);
  }

  test('a spec that does not match the lock', async () => {
    const dir = projectWithOutput();
    try {
      const doc = JSON.parse(pulledSpec('backoffice'));
      doc.info.description = 'edited by hand';
      writeFileSync(join(dir, 'specs', 'backoffice.json'), JSON.stringify(doc));
      await expectRefused(
        dir,
        ['backoffice'],
        new RegExp(
          `^generate: backoffice: specs/backoffice\\.json \\(sha256 [0-9a-f]{12}…\\) does not match specs/lock\\.json, which pins sha256 ${lock.backoffice.sha256.slice(0, 12)}…\\. Run \`pnpm specs:pull\``,
        ),
      );
    } finally {
      removeDir(dir);
    }
  });

  test('a spec that was never pulled, or is not JSON', async () => {
    const dir = projectWithOutput();
    try {
      writeFileSync(join(dir, 'specs', 'backoffice.json'), '{ "openapi": ');
      await expectRefused(
        dir,
        ['backoffice'],
        /^generate: backoffice: specs\/backoffice\.json is not valid JSON/,
      );
      removeDir(join(dir, 'specs', 'backoffice.json'));
      await expectRefused(
        dir,
        ['backoffice'],
        /^generate: backoffice: specs\/backoffice\.json is missing\. Run `pnpm specs:pull` first\.$/,
      );
      expect(existsSync(join(dir, 'specs', 'backoffice.json'))).toBe(false);
    } finally {
      removeDir(dir);
    }
  });

  test('an unknown source name, an unknown option', async () => {
    const dir = projectWithOutput();
    try {
      await expectRefused(
        dir,
        ['nope'],
        /^generate: nope: not a source in specs\/sources\.json \(known: multi, /,
      );
      await expectRefused(dir, ['--bogus'], /^generate: .*'--bogus'.*See --help\.$/, 2);
    } finally {
      removeDir(dir);
    }
  });

  test('--help prints usage and exits 0', async () => {
    const r = await runScript('generate', ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: generate \[--root DIR\] \[NAME\.\.\.\]/);
    expect(r.stderr).toBe('');
  });
});
