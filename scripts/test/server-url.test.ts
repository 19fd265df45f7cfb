import { describe, expect, it } from 'vitest';
import { cleanServerUrl, specServer } from '../src/lib/server-url.js';

describe('server URLs read from a spec', () => {
  it.each([
    ['https://sandbox.weavr.io/simulate/api"', 'https://sandbox.weavr.io/simulate/api'],
    ['"https://sandbox.weavr.io/multi" ', 'https://sandbox.weavr.io/multi'],
    ["'https://sandbox.weavr.io/backoffice/'", 'https://sandbox.weavr.io/backoffice'],
    ['""', undefined],
    ['http://insecure.example/api', undefined],
    ['not a url', undefined],
    [undefined, undefined],
  ])('%j → %j', (raw, clean) => {
    expect(cleanServerUrl(raw)).toBe(clean);
  });

  it('takes the first usable one', () => {
    expect(specServer([{ url: '""' }, { url: 'https://a.example/x"' }])).toBe('https://a.example/x');
    expect(specServer(undefined)).toBeUndefined();
  });
});
