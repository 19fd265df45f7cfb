import { afterEach, describe, expect, test } from 'vitest';
import { getDocument, WeavrConfigError, WeavrForbiddenError } from '../src/internal.js';
import { type Answer, fakeApi, fakeClient, type Hit, ops } from './workflows-fake.js';

let api: Awaited<ReturnType<typeof fakeApi>> | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

// Bytes that are not valid UTF-8, so a text round trip would corrupt them.
const PDF = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0xff, 0xfe, 0x00, 0x80]);
const CSV = 'date,amount\n2024-01-01,100\n';

/** Answers like Weavr's statement operations: by the accept header, JSON when it is missing or unknown. */
function byAccept(h: Hit): Answer {
  const accept = h.headers.accept;
  if (accept === 'application/pdf') return { raw: { type: 'application/pdf', data: PDF } };
  if (accept === 'text/csv') return { raw: { type: 'text/csv; charset=utf-8', data: CSV } };
  return { body: { entries: [{ id: '1' }], count: 1 }, headers: { 'request-ref': 'rr-1' } };
}

async function serve(route: (h: Hit) => Answer = byAccept) {
  api = await fakeApi(route);
  return { api, client: fakeClient(api.url, { token: 'tok_abcdefgh' }) };
}

const statement = '/accounts/{id}/statement';
const params = { path: { id: '7' } };

describe('getDocument', () => {
  test('JSON by default', async () => {
    const { api, client } = await serve();
    const r = await getDocument(client, ops, statement, { params });
    expect(r.data).toEqual({ entries: [{ id: '1' }], count: 1 });
    expect(r.contentType).toBe('application/json');
    expect(r.requestRef).toBe('rr-1');
    expect(api.hits[0]?.path).toBe('/accounts/7/statement');
    expect(api.hits[0]?.headers.authorization).toBe('Bearer tok_abcdefgh');
  });

  test('a PDF comes back as a Blob with the exact bytes', async () => {
    const { api, client } = await serve();
    const r = await getDocument(client, ops, statement, { params, accept: 'application/pdf' });
    expect(api.hits[0]?.headers.accept).toBe('application/pdf');
    expect(r.data).toBeInstanceOf(Blob);
    expect(Buffer.from(await (r.data as Blob).arrayBuffer())).toEqual(PDF);
    expect(r.contentType).toBe('application/pdf');
  });

  test('a CSV comes back as text; parseAs picks another form', async () => {
    const { client } = await serve();
    const csv = await getDocument(client, ops, statement, { params, accept: 'text/csv' });
    expect(csv.data).toBe(CSV);
    const buf = await getDocument(client, ops, statement, {
      params,
      accept: 'application/pdf',
      parseAs: 'arrayBuffer',
    });
    expect(Buffer.from(buf.data as ArrayBuffer)).toEqual(PDF);
    const stream = await getDocument(client, ops, statement, {
      params,
      accept: 'text/csv',
      parseAs: 'stream',
    });
    expect(await new Response(stream.data as ReadableStream).text()).toBe(CSV);
  });

  test('a PDF-only operation needs no accept', async () => {
    const { api, client } = await serve(() => ({ raw: { type: 'application/pdf', data: PDF } }));
    const r = await getDocument(client, ops, '/wires/{id}/confirmation', { params });
    expect(r.data).toBeInstanceOf(Blob);
    expect(api.hits[0]?.headers.accept).not.toBe('application/json');
  });

  test('asked for a PDF and answered JSON anyway: handed back as asked (a Blob), not parsed', async () => {
    const { client } = await serve(() => ({ body: { entries: [] } }));
    const r = await getDocument(client, ops, statement, { params, accept: 'application/pdf' });
    expect(r.data).toBeInstanceOf(Blob);
    expect(r.contentType).toBe('application/json');
  });

  test('an accept the spec does not list, or an operation without documents, fails before any request', async () => {
    const { api, client } = await serve();
    await expect(getDocument(client, ops, statement, { params, accept: 'image/png' })).rejects.toThrow(
      /accept must be one of application\/json, application\/pdf, text\/csv \(got "image\/png"\)/,
    );
    await expect(getDocument(client, ops, '/cards/{id}', { params })).rejects.toThrow(WeavrConfigError);
    await expect(getDocument(client, ops, '/cards/{id}', { params })).rejects.toThrow(
      /operations that do: \/accounts\/\{id\}\/statement, \/wires\/\{id\}\/confirmation/,
    );
    await expect(getDocument(client, ops, statement, { params, parseAs: 'xml' as never })).rejects.toThrow(
      /parseAs/,
    );
    expect(api.hits).toHaveLength(0);
  });

  test('errors are thrown typed, step-up included', async () => {
    const { client } = await serve(() => ({ status: 403, body: { errorCode: 'STEP_UP_REQUIRED' } }));
    const err = await getDocument(client, ops, statement, { params, accept: 'application/pdf' }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(WeavrForbiddenError);
    expect(err.stepUpRequired).toBe(true);
    // The message says what to do about it.
    expect(err.message).toMatch(/^403 STEP_UP_REQUIRED from GET \/accounts\/\{id\}\/statement: .*stepUp\(\)/);
  });
});
