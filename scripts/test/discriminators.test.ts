import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readDiscriminators, typesWithUnions } from '../src/lib/discriminators.js';
import type { OpenApiDocument } from '../src/lib/spec.js';
import { repoRoot } from './helpers.js';

/**
 * Every `discriminator.mapping` of the four pulled specs, found here by walking `components.schemas`
 * independently of the generator, must come out of openapi-typescript as the union of its mapped subtypes,
 * each narrowed to its value, and no reference to the base may be left outside the subtypes' own `allOf`.
 */
const SPECS = ['multi', 'backoffice', 'webhooks', 'simulator'] as const;
/** What issue 12 counted in today's specs: eleven discriminators over the four specs. */
const KNOWN_COUNT = 11;

interface Mapping {
  spec: string;
  base: string;
  property: string;
  mapping: Record<string, string>;
}

const docs = {} as Record<(typeof SPECS)[number], OpenApiDocument>;
const sources = {} as Record<(typeof SPECS)[number], string>;
const mappings: Mapping[] = [];

beforeAll(async () => {
  for (const spec of SPECS) {
    docs[spec] = JSON.parse(readFileSync(join(repoRoot, 'specs', `${spec}.json`), 'utf8'));
    sources[spec] = (await typesWithUnions(docs[spec])).source;
    for (const [base, schema] of Object.entries<OpenApiDocument>(docs[spec].components?.schemas ?? {})) {
      if (!schema.discriminator?.mapping) continue;
      mappings.push({
        spec,
        base,
        property: schema.discriminator.propertyName,
        mapping: schema.discriminator.mapping,
      });
    }
  }
});

const target = (ref: string) => ref.replace('#/components/schemas/', '');
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text of one schema's definition under `components.schemas` in the generated source. */
function definition(source: string, name: string): string {
  const start = source.indexOf(`\n        ${name}: `);
  expect(start, `${name} is defined`).toBeGreaterThan(-1);
  return source.slice(start, source.indexOf('\n        };\n', start));
}

test(`the specs have ${KNOWN_COUNT} discriminators, all of whose subtypes extend their base`, () => {
  expect(mappings).toHaveLength(KNOWN_COUNT);
  for (const spec of SPECS) {
    const { found, skipped } = readDiscriminators(docs[spec]);
    expect(skipped).toEqual([]);
    expect(found.map((d) => d.name).sort()).toEqual(
      mappings
        .filter((m) => m.spec === spec)
        .map((m) => m.base)
        .sort(),
    );
  }
});

describe('each discriminator becomes a union of its subtypes', () => {
  test('the union lists exactly the mapped subtypes, each narrowed to its value', () => {
    for (const { spec, base, property, mapping } of mappings) {
      const source = sources[spec as keyof typeof sources];
      const line = source.match(new RegExp(`^    "${esc(base)}": (.*);$`, 'm'));
      expect(line, `${spec} ${base} is in discriminated`).not.toBeNull();
      const members = (line?.[1] ?? '').split(' | ').sort();
      expect(members, `${spec} ${base}`).toEqual(
        Object.values(mapping)
          .map((ref) => `components["schemas"][${JSON.stringify(target(ref))}]`)
          .sort(),
      );
      for (const [value, ref] of Object.entries(mapping)) {
        const def = definition(source, target(ref));
        expect(def, `${spec} ${target(ref)}`).toContain(
          `Omit<components["schemas"][${JSON.stringify(base)}], ${JSON.stringify(property)}>`,
        );
        expect(def, `${spec} ${target(ref)}`).toMatch(
          new RegExp(`\\n\\s+${esc(property)}: ${esc(JSON.stringify(value))};`),
        );
      }
    }
  });

  test('no reference to a base is left outside its subtypes', () => {
    for (const { spec, base, property, mapping } of mappings) {
      const ref = `components["schemas"][${JSON.stringify(base)}]`;
      const text = sources[spec as keyof typeof sources];
      const all = text.split(ref).length - 1;
      const extending = text.split(`Omit<${ref}, ${JSON.stringify(property)}>`).length - 1;
      expect(extending, `${spec} ${base}`).toBe(new Set(Object.values(mapping)).size);
      // The only other mention: the `Schemas` interface's `Omit` of every discriminated name (by keyof).
      expect(all, `${spec} ${base}`).toBe(extending);
      expect(text).toContain(`discriminated[${JSON.stringify(base)}]`);
    }
  });

  test('Multi responses and request bodies reference the union', () => {
    const multi = sources.multi;
    expect(multi).toMatch(/"application\/json": discriminated\["ManagedCard"\];/);
    expect(multi).toMatch(/cards\?: discriminated\["ManagedCard"\]\[\];/);
    expect(multi).toMatch(/"application\/json": discriminated\["ManagedCardRequest"\];/);
  });
});

describe('edge cases, on a small spec', () => {
  const doc = {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {
      '/pets': {
        get: {
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Pet: {
          type: 'object',
          required: ['kind'],
          properties: { kind: { type: 'string' } },
          discriminator: {
            propertyName: 'kind',
            mapping: {
              CAT: '#/components/schemas/Cat',
              LION: '#/components/schemas/Cat',
              DOG: '#/components/schemas/Dog',
            },
          },
        },
        Cat: {
          allOf: [
            { $ref: '#/components/schemas/Pet' },
            { type: 'object', properties: { purrs: { type: 'boolean' } } },
          ],
        },
        Dog: {
          allOf: [
            { $ref: '#/components/schemas/Pet' },
            { type: 'object', properties: { barks: { type: 'boolean' } } },
          ],
        },
        Shape: {
          type: 'object',
          properties: { sides: { type: 'integer' } },
          discriminator: { propertyName: 'sides', mapping: { '3': '#/components/schemas/Triangle' } },
        },
        Triangle: { type: 'object', properties: { sides: { type: 'integer' } } },
      },
    },
  };

  test('a subtype mapped from several values takes all of them', async () => {
    const { source, found } = await typesWithUnions(doc);
    expect(found).toEqual([
      {
        name: 'Pet',
        property: 'kind',
        variants: [
          { name: 'Cat', values: ['CAT', 'LION'] },
          { name: 'Dog', values: ['DOG'] },
        ],
      },
    ]);
    expect(source).toContain(
      '"Pet": (Omit<components["schemas"]["Cat"], "kind"> & { "kind": "CAT" | "LION" }) | components["schemas"]["Dog"];',
    );
    expect(source).toMatch(/"application\/json": discriminated\["Pet"\];/);
  });

  test('a mapping whose subtype does not extend the base is left as it is, and said why', async () => {
    const { skipped, source } = await typesWithUnions(doc);
    expect(skipped).toEqual([
      { name: 'Shape', reason: 'Triangle (mapped from 3) does not extend Shape with allOf' },
    ]);
    expect(source).not.toContain('discriminated["Shape"]');
  });

  test('the input document is not changed', async () => {
    const before = JSON.stringify(doc);
    await typesWithUnions(doc);
    expect(JSON.stringify(doc)).toBe(before);
  });
});
