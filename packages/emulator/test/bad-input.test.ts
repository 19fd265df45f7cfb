import { createMultiClient } from '@weavr-sdk/multi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ maxBodyBytes: 64 * 1024 });
});
afterAll(() => emu?.close());

const post = (path: string, body: string) =>
  fetch(`${emu.url}${path}`, {
    method: 'POST',
    headers: { 'api-key': emu.apiKey, 'content-type': 'application/json' },
    body,
  });

describe('bad input gets a Weavr-shaped answer, never a crash', () => {
  test('malformed JSON: 400 with a message', async () => {
    const r = await post('/multi/corporates', '{"profileId": ');
    expect(r.status).toBe(400);
    expect((await r.json()).message).toMatch(/^Malformed JSON request body/);
  });

  test('a body that breaks the spec: 400 naming each field', async () => {
    const r = await post('/multi/corporates', JSON.stringify({ profileId: 'abc', rootUser: {} }));
    expect(r.status).toBe(400);
    const body = await r.json();
    expect(body.message).toBe('Invalid request');
    const fields = body.syntaxErrors.invalidFields.map(
      (f: { fieldName: string; error: string }) => `${f.fieldName} ${f.error}`,
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        'profileId REGEX',
        'rootUser.email REQUIRED',
        'company REQUIRED',
        'ipAddress REQUIRED',
      ]),
    );
  });

  test('an oversized body: 413', async () => {
    const r = await post('/multi/corporates', JSON.stringify({ pad: 'x'.repeat(100 * 1024) }));
    expect(r.status).toBe(413);
  });

  test('an unknown path: 404; a wrong method: 405 with Allow', async () => {
    const unknown = await fetch(`${emu.url}/multi/no_such_thing`, { headers: { 'api-key': emu.apiKey } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'NOT_FOUND' });
    const outside = await fetch(`${emu.url}/elsewhere`);
    expect(outside.status).toBe(404);
    const wrong = await fetch(`${emu.url}/multi/corporates`, {
      method: 'DELETE',
      headers: { 'api-key': emu.apiKey },
    });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST, PATCH');
  });

  test('a bad query parameter: 400 naming it', async () => {
    const r = await fetch(`${emu.url}/multi/managed_accounts?limit=0`, {
      headers: { 'api-key': emu.apiKey, authorization: 'Bearer x' },
    });
    // Credentials are checked first, as Weavr does.
    expect(r.status).toBe(401);
  });

  test('stays up under 200 concurrent clients', async () => {
    const clients = Array.from({ length: 200 }, () =>
      createMultiClient({ apiKey: emu.apiKey, baseUrl: `${emu.url}/multi`, maxRetries: 0 }),
    );
    const results = await Promise.all(
      clients.map((c, i) =>
        c.POST('/passwords/validate', { body: { password: { value: i % 2 ? 'long-enough-1' : 'short' } } }),
      ),
    );
    const statuses = results.map((r) => r.response.status);
    expect(statuses.filter((s) => s === 204)).toHaveLength(100);
    expect(statuses.filter((s) => s === 409)).toHaveLength(100);
    const after = await fetch(`${emu.url}/multi/managed_accounts`, { headers: { 'api-key': emu.apiKey } });
    expect(after.status).toBe(401);
  });
});
