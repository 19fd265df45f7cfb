import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  hashSeed,
  inlineSchema,
  readSpec,
  type SpecOperation,
  sampleBodyBranches,
  sampleRequest,
  sampleSchema,
  schemaErrors,
  specOperations,
} from '../src/index.js';

const doc = readSpec(fileURLToPath(new URL('./fixtures/tiny.json', import.meta.url)));
const byKey = new Map(specOperations(doc).map((op) => [op.key, op]));
function op(key: string): SpecOperation {
  const found = byKey.get(key);
  if (!found) throw new Error(`no ${key} in the fixture`);
  return found;
}
const payment = { $ref: '#/components/schemas/Payment' };

describe('specOperations', () => {
  test('reads method, path, parameters (path-level ones too), body, successes, security, idempotency-ref', () => {
    expect([...byKey.keys()]).toEqual(['POST /payments', 'GET /payments/{id}']);
    const get = op('GET /payments/{id}');
    expect(get.parameters.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      'path:id:true',
      'query:limit:false',
    ]);
    expect(get.successes).toEqual([{ status: 200, media: ['application/json'] }]);
    expect(get.security).toEqual([['apiKey']]);
    expect(get.declaresIdempotencyRef).toBe(false);
    expect(op('POST /payments').declaresIdempotencyRef).toBe(true);
    expect(op('POST /payments').successes.map((s) => s.status)).toEqual([201]);
  });
});

describe('sampleSchema', () => {
  test('gives a value valid against the schema: required fields, patterns, enums, formats', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { value, problems } = await sampleSchema(doc, payment, seed);
      expect(problems).toEqual([]);
      expect(schemaErrors(inlineSchema(doc, payment), value)).toEqual([]);
      expect(value).toMatchObject({ id: expect.stringMatching(/^[0-9]+$/) });
    }
  });

  test('is deterministic: same seed, same value; another seed, another value', async () => {
    const a = await sampleSchema(doc, payment, 7);
    const b = await sampleSchema(doc, payment, 7);
    const c = await sampleSchema(doc, payment, 8);
    expect(a.value).toEqual(b.value);
    expect(c.value).not.toEqual(a.value);
  });

  test('a $ref reached more than once (array items) still gives values of the right type', async () => {
    const list = { type: 'array', minItems: 2, items: payment };
    const { value, problems } = await sampleSchema(doc, list, 3);
    expect(problems).toEqual([]);
    for (const item of value as { amount: { currency: unknown } }[]) {
      expect(item.amount.currency).toMatch(/^[A-Z]{3}$/);
    }
  });

  test('caps arrays at two items whatever maxItems says', () => {
    const inlined = inlineSchema(doc, { type: 'array', maxItems: 10000, items: { type: 'string' } });
    expect(inlined.maxItems).toBe(2);
  });
});

describe('sampleRequest', () => {
  test('samples path and query parameters and the body, skipping the headers left to the client', async () => {
    const get = await sampleRequest(doc, op('GET /payments/{id}'));
    expect(get.problems).toEqual([]);
    expect(get.params.path.id).toMatch(/^[0-9]+$/);
    expect(get.params.query.limit).toBeGreaterThanOrEqual(1);
    const post = await sampleRequest(doc, op('POST /payments'), { skipHeaders: ['Idempotency-Ref'] });
    expect(post.params.header).toEqual({});
    expect(Array.isArray(post.body)).toBe(true);
  });

  test('derives each operation seed from the base seed and the key', () => {
    expect(hashSeed('GET /a')).toBe(hashSeed('GET /a'));
    expect(hashSeed('GET /a')).not.toBe(hashSeed('GET /b'));
    expect(hashSeed('GET /a', 2)).not.toBe(hashSeed('GET /a', 1));
  });
});

describe('sampleBodyBranches', () => {
  test('builds one body per oneOf alternative and tells which ones can never be sent', async () => {
    const branches = await sampleBodyBranches(doc, op('POST /payments'));
    const summary = branches.map((b) => [b.branch.location, b.branch.name, b.rejected.length > 0]);
    expect(summary).toEqual([
      ['[]/to', 'Iban', true],
      ['[]/to', 'IbanTwin', true],
      ['[]/to', 'Uk', false],
    ]);
    expect(branches[0]?.rejected.join()).toContain('must match exactly one schema in oneOf');
    const uk = branches[2]?.body as { to: { sortCode: string } }[];
    expect(uk[0]?.to.sortCode).toMatch(/^[0-9]{6}$/);
  });
});
