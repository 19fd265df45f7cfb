/**
 * Core writes query strings itself (openapi-fetch's serialisers stay out of every client bundle), and must write
 * them exactly as openapi-fetch 0.17 does for every style a query parameter can have, which this checks
 * against openapi-fetch's own serialisers as the oracle, value by value. Names are the one place core differs
 * on purpose: it encodes them, so a name cannot add a parameter or end the query.
 */
import { serializeArrayParam, serializeObjectParam, serializePrimitiveParam } from 'openapi-fetch';
import { describe, expect, test } from 'vitest';
import { serializeQuery } from '../src/internal.js';

type Style = 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
const STYLES: [Style, boolean][] = [
  ['form', true],
  ['form', false],
  ['spaceDelimited', true],
  ['spaceDelimited', false],
  ['pipeDelimited', true],
  ['pipeDelimited', false],
  ['deepObject', true],
  ['deepObject', false],
];

/** What openapi-fetch 0.17 writes for one parameter. */
function oracle(name: string, value: unknown, style: Style, explode: boolean): string {
  if (Array.isArray(value)) return serializeArrayParam(name, value, { style: style as 'form', explode });
  if (typeof value === 'object' && value !== null)
    return serializeObjectParam(name, value as Record<string, unknown>, { style: style as 'form', explode });
  return serializePrimitiveParam(name, String(value));
}

const VALUES: [string, unknown][] = [
  ['a string', 'Weavr Ltd'],
  ['reserved characters', 'a&b=c#d?e/f+g%h,i|j k'],
  ['non-ASCII', 'Zürich €'],
  ['a number', 12.5],
  ['a boolean', false],
  ['an empty string', ''],
  ['an array', ['ACTIVE', 'BLOCKED', 'a&b']],
  ['an array of one', ['x y']],
  ['an array with numbers', [1, 2, 3]],
  ['an object', { type: 'CORPORATE', id: '10 11&12' }],
  ['an object of one', { offset: 0 }],
];

describe('the same output as openapi-fetch 0.17, for every query style', () => {
  for (const [style, explode] of STYLES)
    for (const [what, value] of VALUES)
      test(`${style}${explode ? ', explode' : ''}: ${what}`, () => {
        const ours = serializeQuery({ filter: value }, { filter: [style, explode] });
        expect(ours).toBe(oracle('filter', value, style, explode));
      });

  test('several parameters, each in its own style, joined in order; missing ones left out', () => {
    const query = { a: ['x', 'y'], b: { c: 1 }, gone: undefined, none: null, d: 'z', empty: [] };
    const styles = { a: ['pipeDelimited', false], b: ['deepObject', true] } as const;
    expect(serializeQuery(query, styles)).toBe(
      [oracle('a', query.a, 'pipeDelimited', false), oracle('b', query.b, 'deepObject', true), 'd=z'].join(
        '&',
      ),
    );
  });

  test('nested values are refused with openapi-fetch’s error', () => {
    const nested = { a: { b: { c: 1 } } };
    expect(() => oracle('a', nested.a, 'form', true)).toThrow();
    const theirs = (() => {
      try {
        oracle('a', nested.a, 'form', true);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(() => serializeQuery(nested)).toThrow(theirs);
    expect(() => serializeQuery({ a: [[1]] })).toThrow(theirs);
  });
});

describe('names are encoded (where core differs from openapi-fetch on purpose)', () => {
  test('a name cannot add a parameter or end the query', () => {
    expect(serializeQuery({ 'friendlyName=x&admin': 'true' })).toBe('friendlyName%3Dx%26admin=true');
    expect(serializeQuery({ 'a#b': ['1', '2'] })).toBe('a%23b=1&a%23b=2');
    expect(serializeQuery({ f: { 'k&x=1': 'v' } })).toBe('k%26x%3D1=v');
    expect(serializeQuery({ f: { 'k]': 'v' } }, { f: ['deepObject', true] })).toBe('f[k%5D]=v');
  });
});
