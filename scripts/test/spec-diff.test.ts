import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { type Change, diffSpecs, type SpecDiff } from '../src/lib/diff.js';
import { renderMarkdown } from '../src/lib/diff-report.js';
import { readSpec, main as specDiff } from '../src/spec-diff.js';

/**
 * spec-diff on small crafted pairs (one per family of rules, in test/fixtures/diff/<case>.{old,new}.yaml),
 * each asserting the complete list of changes so that nothing unexpected is reported either, and on the real
 * pair of Multi releases in ../shared/specs.
 */

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const fixtures = join(repoRoot, 'scripts', 'test', 'fixtures', 'diff');
const shared = join(repoRoot, '..', 'shared', 'specs');
const scratch = mkdtempSync(join(tmpdir(), 'weavr-spec-diff-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function pair(name: string): SpecDiff {
  return diffSpecs(
    readSpec(join(fixtures, `${name}.old.yaml`)),
    readSpec(join(fixtures, `${name}.new.yaml`)),
  );
}

/** One line per change, `severity rule operation location`, sorted: the order of checks is not the contract. */
function lines(changes: Change[]): string[] {
  return changes.map((c) => [c.severity, c.rule, c.operation, c.location ?? ''].join(' ').trim()).sort();
}

function find(diff: SpecDiff, operation: string, location?: string, rule?: string): Change[] {
  return diff.changes.filter(
    (c) =>
      c.operation === operation &&
      (location === undefined || c.location === location) &&
      (rule === undefined || c.rule === rule),
  );
}

describe('crafted pairs, one per family of rules', () => {
  test('operations: removed breaks; added, deprecated and undeprecated are additive; webhooks too', () => {
    const d = pair('operations');
    expect(lines(d.changes)).toEqual(
      [
        'breaking operation-removed POST /cards',
        'breaking operation-removed WEBHOOK card_event',
        'additive operation-added GET /accounts',
        'additive operation-added WEBHOOK account_event',
        'additive operation-deprecated POST /logout',
        'additive operation-undeprecated GET /cards/{id}',
      ].sort(),
    );
    expect([d.breaking, d.additive]).toEqual([2, 4]);
  });

  test('parameters: removed, newly required, narrowed enum and changed type break; optional ones are additive', () => {
    const d = pair('parameters');
    const op = 'GET /cards/{cardId}/statement';
    expect(lines(d.changes)).toEqual(
      [
        // a renamed path parameter still matches the operation, and is breaking for typed callers
        `breaking parameter-removed ${op} path.id`,
        `breaking parameter-added ${op} path.cardId`,
        `breaking parameter-removed ${op} query.orderBy`,
        `breaking parameter-required ${op} query.limit`,
        `additive parameter-optional ${op} query.from`,
        `breaking request-enum-values-removed ${op} query.state[]`,
        `additive request-enum-values-added ${op} query.state[]`,
        `breaking request-type-changed ${op} query.offset`,
        `additive parameter-added ${op} query.tag`,
        `breaking parameter-added ${op} header.x-user`,
        // `Idempotency-Ref` → `idempotency-ref`: header names are case-insensitive, so no change
      ].sort(),
    );
    expect(find(d, op, 'query.state[]', 'request-enum-values-removed')[0]?.message).toBe(
      'enum values removed: BLOCKED',
    );
    expect(find(d, op, 'query.offset')[0]?.message).toBe('type string → integer');
  });

  test('request fields: new required, removed, made required, removed enum value and narrowed type break', () => {
    const d = pair('request-fields');
    const op = 'POST /transfers';
    expect(lines(d.changes)).toEqual(
      [
        `breaking request-field-required ${op} body.tag`,
        `additive request-field-optional ${op} body.legacyCode`,
        `breaking request-field-removed ${op} body.note`,
        `additive request-type-changed ${op} body.amount.value`, // integer → number accepts more
        `breaking request-field-required ${op} body.amount.currency`,
        `breaking request-enum-values-removed ${op} body.amount.currency`,
        `additive request-enum-values-added ${op} body.amount.currency`,
        `breaking request-type-changed ${op} body.count`,
        `breaking request-type-changed ${op} body.reference`, // no longer accepts null
        `breaking request-field-added ${op} body.purpose`,
        `additive request-field-added ${op} body.memo`,
        // body.id was readOnly: callers never sent it, so its removal is not reported
      ].sort(),
    );
    expect(find(d, op, 'body.purpose')[0]?.message).toBe('new required field');
    expect(find(d, op, 'body.memo')[0]?.message).toBe('new optional field');
  });

  test('request bodies and media types', () => {
    const d = pair('request-body');
    expect(lines(d.changes)).toEqual(
      [
        'breaking request-body-added POST /a body',
        'breaking request-body-removed POST /b body',
        'breaking request-body-required POST /c body',
        'additive request-body-optional POST /d body',
        'breaking request-media-removed POST /e body',
        'additive request-media-added POST /e body',
        'additive request-body-added POST /f body',
      ].sort(),
    );
  });

  test('responses: removed field, field that may be absent, new null and removed success status break', () => {
    const d = pair('responses');
    const op = 'GET /cards/{id}';
    expect(lines(d.changes)).toEqual(
      [
        `additive response-status-removed ${op} response.404`,
        `additive response-status-added ${op} response.429`,
        `breaking response-media-removed ${op} response.200`,
        `additive response-media-added ${op} response.200`,
        `additive response-enum-values-added ${op} response.200.state`,
        `breaking response-field-optional ${op} response.200.mobile`,
        `additive response-field-required ${op} response.200.expiry`,
        `breaking response-field-removed ${op} response.200.legacy`,
        `breaking response-type-changed ${op} response.200.balance`,
        `additive response-field-added ${op} response.200.tag`,
        `additive response-enum-values-removed ${op} response.409.errorCode`,
        `additive response-enum-values-added ${op} response.409.errorCode`,
        'breaking response-status-removed POST /cards/{id}/block response.200',
        'additive response-status-added POST /cards/{id}/block response.204',
        // `secret` is writeOnly: never returned, so its removal is not reported
      ].sort(),
    );
    expect(find(d, op, 'response.200.state')[0]?.message).toBe(
      'enum values added: DESTROYED (exhaustive switches need a new case)',
    );
    expect(find(d, op, 'response.200.balance')[0]?.message).toBe('type integer → integer | null');
  });

  test('security: compared by credential kind, not by scheme name; needing more breaks', () => {
    const d = pair('security');
    expect(lines(d.changes)).toEqual([
      'additive security-relaxed GET /cards security',
      'breaking security-tightened POST /login security',
    ]);
    expect(find(d, 'POST /login')[0]?.message).toBe(
      'api key (header api-key) → api key (header api-key) + bearer',
    );
  });

  test('allOf parts add up, oneOf variants unite, and a recursive schema neither loops nor hides changes', () => {
    const d = pair('composition');
    expect(lines(d.changes)).toEqual(
      [
        'breaking request-field-required POST /corporates body.mobile', // from the $ref'd allOf part
        'breaking request-field-added POST /corporates body.country', // required by one part, declared by another
        'additive response-enum-values-added POST /corporates response.200.type', // a new oneOf variant
        'additive response-field-added POST /corporates response.200.address',
        'additive response-field-added GET /folders response.200.owner', // Folder → parent → Folder …
      ].sort(),
    );
  });

  test('webhook payloads are read like responses', () => {
    const d = pair('webhooks');
    expect(lines(d.changes)).toEqual(
      [
        'additive response-enum-values-added WEBHOOK card_event payload.type',
        'breaking response-field-removed WEBHOOK card_event payload.legacy',
        'additive response-field-added WEBHOOK card_event payload.reason', // required, but it is received
      ].sort(),
    );
  });

  test('documentation-only changes are no changes, and are recognised as such', () => {
    const d = pair('docs-only');
    expect(d.changes).toEqual([]);
    expect(d.docsOnly).toBe(true);
    expect(d.identical).toBe(false);
  });

  test('a field named like a documentation keyword is a field', () => {
    const old = readSpec(join(fixtures, 'docs-only.old.yaml'));
    const next = structuredClone(old);
    next.paths['/cards'].get.responses['200'].content['application/json'].schema.properties.description = {
      type: 'string',
    };
    const d = diffSpecs(old, next);
    expect(lines(d.changes)).toEqual(['additive response-field-added GET /cards response.200.description']);
    expect(d.docsOnly).toBe(false);
  });

  test('identical documents', () => {
    const doc = readSpec(join(fixtures, 'responses.old.yaml'));
    const d = diffSpecs(doc, structuredClone(doc));
    expect([d.identical, d.docsOnly, d.changes.length]).toEqual([true, false, 0]);
  });
});

describe('the real pair: Multi 3.32.1 → the current Multi spec', () => {
  const oldFile = join(shared, 'history', 'multi-3.32.1.yaml');
  const newFile = join(shared, 'multi.yaml');
  const d = diffSpecs(readSpec(oldFile), readSpec(newFile));

  test('operations removed, added and deprecated, as read from the two documents', () => {
    const removed = d.changes.filter((c) => c.rule === 'operation-removed').map((c) => c.operation);
    expect(removed.sort()).toEqual([
      'POST /consumers/kyc_mobile_sumsub',
      'POST /managed_cards/assign',
      'PUT /managed_cards/{id}/spend_rules',
    ]);
    const added = d.changes.filter((c) => c.rule === 'operation-added').map((c) => c.operation);
    // 94 operations then, 153 now: 3 gone, so 62 new; plus the 2 webhooks the old document did not have
    expect(added).toHaveLength(62 + 2);
    expect(added).toEqual(
      expect.arrayContaining(['POST /login_via_biometrics', 'GET /linked_accounts', 'POST /bulks/transfers']),
    );
    expect(find(d, 'POST /logout', undefined, 'operation-deprecated')).toHaveLength(1);
  });

  test('known changes inside existing operations', () => {
    // POST /consumers: rootUser.address became required; acceptedTerms became optional
    expect(find(d, 'POST /consumers', 'body.rootUser.address', 'request-field-required')[0]?.severity).toBe(
      'breaking',
    );
    expect(find(d, 'POST /consumers', 'body.acceptedTerms', 'request-field-optional')[0]?.severity).toBe(
      'additive',
    );
    // POST /consumers 409: TERMS_NOT_ACCEPTED is no longer returned (compatible), new codes are
    expect(
      find(d, 'POST /consumers', 'response.409.errorCode', 'response-enum-values-removed')[0]?.message,
    ).toBe('enum values removed: TERMS_NOT_ACCEPTED');
    // POST /authentication_factors/push/{channel}: SCAPushChannel → AuthSCAPushChannel drops BIOMETRIC,
    // and the 200 response is gone (204 remains)
    const push = 'POST /authentication_factors/push/{channel}';
    expect(find(d, push, 'path.channel')[0]).toMatchObject({
      severity: 'breaking',
      rule: 'request-enum-values-removed',
      message: 'enum values removed: BIOMETRIC',
    });
    expect(find(d, push, 'response.200', 'response-status-removed')[0]?.severity).toBe('breaking');
    expect(find(d, push, 'header.idempotency-ref', 'parameter-added')[0]?.severity).toBe('additive');
  });

  test('counts match the changes and the summary line has its shape', async () => {
    expect(d.breaking).toBe(d.changes.filter((c) => c.severity === 'breaking').length);
    expect(d.breaking + d.additive).toBe(d.changes.length);
    expect(d.breaking).toBeGreaterThanOrEqual(3 + 4); // at least the removals and the changes asserted above
    const out: string[] = [];
    expect(await specDiff([oldFile, newFile], (l) => out.push(l))).toBe(0);
    const text = out.join('\n').trimEnd().split('\n');
    expect(text.at(-1)).toBe(`spec diff: ${d.breaking} breaking, ${d.additive} additive`);
    expect(text.at(-1)).toMatch(/^spec diff: \d+ breaking, \d+ additive$/);
    expect(text).toContain('  BREAKING  POST /managed_cards/assign');
    expect(text).toContain('    BREAKING  path.channel: enum values removed: BIOMETRIC');
  });

  test('the changeset body names what breaks and stays short', () => {
    const md = renderMarkdown(d);
    expect(md).toContain('**Operations removed (3, breaking)**');
    expect(md).toContain('- `POST /managed_cards/assign`');
    expect(md).toContain(
      '`POST /authentication_factors/push/{channel}` `path.channel`: enum values removed: BIOMETRIC',
    );
    expect(md.split('\n').length).toBeLessThan(260);
  });
});

describe('the command', () => {
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((done) => {
      execFile(
        process.execPath,
        ['--import', tsxLoader, join(repoRoot, 'scripts', 'src', 'spec-diff.ts'), ...args],
        { cwd: repoRoot, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) =>
          done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      );
    });
  }

  test('prints the report with the summary last, and --fail-on-breaking exits 1', async () => {
    const args = [join(fixtures, 'parameters.old.yaml'), join(fixtures, 'parameters.new.yaml')];
    const r = await run(args);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('spec diff: 7 breaking, 3 additive');
    expect((await run(['--fail-on-breaking', ...args])).code).toBe(1);
    const docs = [join(fixtures, 'docs-only.old.yaml'), join(fixtures, 'docs-only.new.yaml')];
    const quiet = await run(['--fail-on-breaking', ...docs]);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toContain('Only documentation changed');
    expect(quiet.stdout.trimEnd().split('\n').at(-1)).toBe('spec diff: 0 breaking, 0 additive');
  });

  test('--json prints the changes; JSON and YAML of the same document are identical', async () => {
    const yamlFile = join(fixtures, 'responses.old.yaml');
    const jsonFile = join(scratch, 'responses.old.json');
    writeFileSync(jsonFile, JSON.stringify(readSpec(yamlFile)));
    const r = await run(['--json', yamlFile, jsonFile]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ identical: true, breaking: 0, additive: 0, changes: [] });
  });

  test('bad input: one clear line naming the file, exit 1 (2 for usage)', async () => {
    const broken = join(scratch, 'broken.yaml');
    writeFileSync(
      broken,
      readFileSync(join(fixtures, 'responses.new.yaml'), 'utf8').replace(
        /#\/components\/schemas\/Card\b/,
        '#/components/schemas/Nope',
      ),
    );
    const [missing, notOpenApi, unresolved, usage] = await Promise.all([
      run([join(scratch, 'nope.yaml'), join(fixtures, 'docs-only.new.yaml')]),
      run([join(repoRoot, 'package.json'), join(fixtures, 'docs-only.new.yaml')]),
      run([join(fixtures, 'responses.old.yaml'), broken]),
      run([join(fixtures, 'responses.old.yaml')]),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`spec-diff: ${join(scratch, 'nope.yaml')}: cannot read it (ENOENT).`);
    expect(notOpenApi.code).toBe(1);
    expect(notOpenApi.stderr).toContain('package.json: not an OpenAPI 3.x document (no "openapi" field).');
    expect(unresolved.code).toBe(1);
    expect(unresolved.stderr).toContain('unresolved $ref #/components/schemas/Nope');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('expected two files, OLD and NEW, got 1');
  });
});
