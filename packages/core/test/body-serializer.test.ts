/**
 * Core's default body serialiser keeps openapi-fetch's `bodySerializer` contract, checked against openapi-fetch
 * 0.17's own default as the oracle: FormData as it is, URL-encoded when the headers say so (a `Headers` or a
 * plain object, either spelling of the name), JSON otherwise.
 */
import { defaultBodySerializer } from 'openapi-fetch';
import { expect, test } from 'vitest';
import { serializeBody } from '../src/body-serializer.js';

const FORM = 'application/x-www-form-urlencoded';
const BODIES: unknown[] = [{ name: 'Weavr & Co', amount: 10 }, ['a', 1], 'text', 0, null];
const HEADERS: [string, unknown][] = [
  ['no headers', undefined],
  ['JSON Headers', new Headers({ 'Content-Type': 'application/json' })],
  ['form Headers', new Headers({ 'content-type': FORM })],
  ['form, plain object, Content-Type', { 'Content-Type': FORM }],
  ['form, plain object, content-type', { 'content-type': FORM }],
  ['plain object without a type', { accept: 'application/json' }],
];

// its declared type takes the body alone; the function reads the headers too (openapi-fetch passes them)
const theirs = defaultBodySerializer as (body: unknown, headers?: unknown) => unknown;

/** What a serialiser gives, or the error it throws (an array body cannot be URL-encoded by either). */
function outcome(serialize: () => unknown): unknown {
  try {
    return { value: serialize() };
  } catch (e) {
    return { threw: (e as Error).constructor.name, message: (e as Error).message };
  }
}

for (const [what, headers] of HEADERS)
  test(`${what}: the same as openapi-fetch's default`, () => {
    for (const body of BODIES)
      expect(
        outcome(() => serializeBody(body, headers)),
        JSON.stringify(body),
      ).toEqual(outcome(() => theirs(body, headers)));
  });

test('FormData goes as it is', () => {
  const form = new FormData();
  form.set('file', 'x');
  expect(serializeBody(form, { 'content-type': FORM })).toBe(form);
});
