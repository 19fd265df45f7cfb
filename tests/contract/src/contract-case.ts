import {
  type OpenApiDocument,
  type SpecOperation,
  sampleBodyBranches,
  sampleRequest,
} from '@weavr-sdk/testing';
import type { ExpectStatic } from 'vitest';
import type { KnownDefect } from '../known-defects.js';
import type { ContractApi, LooseClient } from './apis.js';
import { recordingFetch, type SentRequest } from './recording-fetch.js';
import { SAMPLE_SEED } from './seeds.js';

// Placeholders: Prism checks that credentials are present, not what they are.
export const API_KEY = 'contract-test-api-key';
export const TOKEN = 'contract-test-token';

/** Everything a case needs besides its operation. */
export interface CaseContext {
  api: ContractApi;
  doc: OpenApiDocument;
  /** Prism's URL: it serves the spec's paths at the root, whatever the spec's server path. */
  baseUrl: string;
  defects: readonly KnownDefect[];
  /** Records something worth knowing that is not a failure (e.g. Prism generated an out-of-spec response). */
  note(message: string): Promise<void>;
}

/** One entry of Prism's `sl-violations` response header. */
interface Violation {
  location: string[];
  code: string | number;
  message: string;
}

type Method = keyof LooseClient;
type ParseAs = 'json' | 'text' | 'blob';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function violations(res: Response): Violation[] {
  const header = res.headers.get('sl-violations');
  return header ? (JSON.parse(header) as Violation[]) : [];
}

/**
 * What Prism found wrong with the request. Where the spec declares a 400, Prism answers it and lists the problems
 * in `sl-violations`; where it declares none, Prism answers its own 422 problem document, problems in `validation`.
 */
function requestViolations(result: { response: Response; error?: unknown }): Violation[] {
  const fromHeader = violations(result.response).filter((v) => v.location[0] === 'request');
  const problem = result.error as { validation?: Violation[] } | undefined;
  const fromBody = mediaOf(result.response) === 'application/problem+json' ? (problem?.validation ?? []) : [];
  return [...fromHeader, ...fromBody.map((v) => ({ ...v, location: ['request', ...v.location] }))];
}

/** The `type` of a Prism problem document (its own errors, e.g. `NO_COMPLEX_OBJECT_TEXT`), if that is the answer. */
function prismProblem(result: { response: Response; error?: unknown }): string | undefined {
  if (mediaOf(result.response) !== 'application/problem+json') return undefined;
  return String((result.error as { type?: unknown } | undefined)?.type ?? '').split('#')[1];
}
const isJson = (media: string) => /[/+]json$/i.test(media);
const mediaOf = (res: Response) => (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';

/** `required` when every security alternative needs a bearer token, `optional` when some do. */
function bearerOf(op: SpecOperation): 'required' | 'optional' | 'none' {
  const withBearer = op.security.filter((alt) => alt.includes('bearer')).length;
  if (withBearer === 0) return 'none';
  return withBearer === op.security.length ? 'required' : 'optional';
}

/** `body/0/requestBody/x` in Prism's terms → `[]/requestBody/x`, the notation of `Branch.location`. */
function bodyLocation(location: string[]): string {
  let out = '';
  for (const seg of location.slice(2)) out += /^\d+$/.test(seg) ? '[]' : `${out ? '/' : ''}${seg}`;
  return out || '(root)';
}

/** One call per media type the operation can answer with: each must come back as the type asked for. */
function mediaVariants(op: SpecOperation): { accept: string | undefined; parseAs: ParseAs }[] {
  const media = [...new Set(op.successes.flatMap((s) => s.media))];
  if (!media.length) return [{ accept: undefined, parseAs: 'json' }];
  return media.map((m) => ({
    // A JSON-only operation is called as users call it, without an accept header.
    accept: media.length > 1 || !isJson(m) ? m : undefined,
    parseAs: isJson(m) ? 'json' : m.startsWith('text/') ? 'text' : 'blob',
  }));
}

/**
 * Runs every contract check of one operation through the public client, each as a soft assertion, so one
 * failure does not hide the others: the operation passes when all of them hold.
 */
export async function checkOperation(
  ctx: CaseContext,
  op: SpecOperation,
  expect: ExpectStatic,
): Promise<void> {
  const { api, baseUrl } = ctx;
  const info = api.operations[op.key];
  const method = op.method as Method;
  const bearer = bearerOf(op);

  // The generated map must say what the spec says: the client decides headers from it.
  expect
    .soft(info?.idempotencyRef, `${op.key}: operations map idempotencyRef differs from the spec`)
    .toBe(op.declaresIdempotencyRef);
  expect.soft(info?.bearer, `${op.key}: operations map bearer differs from the spec's security`).toBe(bearer);
  const otherMedia = [...new Set(op.successes.flatMap((s) => s.media))].filter((m) => !isJson(m)).sort();
  expect
    .soft([...(info?.media ?? [])].sort(), `${op.key}: operations map media differs from the spec`)
    .toEqual(otherMedia);

  const sample = await sampleRequest(ctx.doc, op, {
    seed: SAMPLE_SEED,
    skipHeaders: ['idempotency-ref', 'accept'],
  });
  expect.soft(sample.problems, `${op.key}: no request valid against the spec could be sampled`).toEqual([]);
  const declaresAccept = op.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'accept');

  for (const variant of mediaVariants(op)) {
    const tag = `${op.key}${variant.accept ? ` (accept: ${variant.accept})` : ''}`;
    const header = { ...sample.params.header };
    const init: Record<string, unknown> = { params: { ...sample.params, header }, parseAs: variant.parseAs };
    if (sample.body !== undefined) init.body = sample.body;
    if (variant.accept && declaresAccept) header.accept = variant.accept;
    else if (variant.accept) init.headers = { accept: variant.accept };

    const rec = recordingFetch();
    const client = api.createClient({ apiKey: API_KEY, token: TOKEN, baseUrl, fetch: rec.fetch });
    const result = await client[method](op.path, init);
    expect.soft(requestViolations(result), `${tag}: Prism found the request invalid`).toEqual([]);
    checkWire(ctx, op, tag, rec.sent, sample.params.path, variant.accept, result.idempotencyRef, expect);

    const unservable = ctx.defects.some(
      (d) => d.operation === op.key && d.kind === 'unservable-media' && d.media === variant.accept,
    );
    if (unservable) {
      // A known defect: all that can be checked of the answer is that the defect still shows as described.
      const problem = prismProblem(result);
      expect
        .soft(problem, `${tag}: known defect, Prism should answer NO_COMPLEX_OBJECT_TEXT`)
        .toBe('NO_COMPLEX_OBJECT_TEXT');
    } else {
      await checkAnswer(ctx, op, tag, variant, result, expect);
    }
  }

  const baseInit: Record<string, unknown> = { params: sample.params };
  if (sample.body !== undefined) baseInit.body = sample.body;
  await checkSecurity(ctx, op, method, baseInit, expect);
  await checkBranches(ctx, op, method, sample.params, expect);
}

/** What the client put on the wire, as recorded by the injected fetch. */
function checkWire(
  ctx: CaseContext,
  op: SpecOperation,
  tag: string,
  sent: readonly SentRequest[],
  pathParams: Record<string, unknown>,
  accept: string | undefined,
  resultRef: string | undefined,
  expect: ExpectStatic,
): void {
  expect.soft(sent.length, `${tag}: one call, one request`).toBe(1);
  const req = sent[0];
  const expectedPath = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => String(pathParams[name]));
  const url = new URL(req?.url ?? ctx.baseUrl);
  expect.soft(decodeURIComponent(url.pathname), `${tag}: request path`).toBe(expectedPath);
  expect.soft(req?.method, `${tag}: request method`).toBe(op.method);
  expect.soft(req?.headers['api-key'], `${tag}: api-key header`).toBe(API_KEY);
  if (accept) expect.soft(req?.headers.accept, `${tag}: accept header`).toBe(accept);
  const bearer = bearerOf(op);
  expect
    .soft(req?.headers.authorization, `${tag}: bearer token sent only where the spec's security asks for it`)
    .toBe(bearer === 'none' ? undefined : `Bearer ${TOKEN}`);
  const ref = req?.headers['idempotency-ref'];
  if (op.declaresIdempotencyRef) {
    expect.soft(ref, `${tag}: idempotency-ref missing though the spec declares it`).toMatch(UUID);
    expect.soft(resultRef, `${tag}: result.idempotencyRef is not the one sent`).toBe(ref);
  } else {
    expect.soft(ref, `${tag}: idempotency-ref sent though the spec does not declare it`).toBeUndefined();
    expect.soft(resultRef, `${tag}: result.idempotencyRef without a header`).toBeUndefined();
  }
}

/** The answer: a declared success status, in the media type asked for, with a body that parses. */
async function checkAnswer(
  ctx: CaseContext,
  op: SpecOperation,
  tag: string,
  variant: { accept: string | undefined; parseAs: ParseAs },
  result: { data?: unknown; response: Response },
  expect: ExpectStatic,
): Promise<void> {
  const res = result.response;
  const successes = op.successes.map((s) => s.status);
  expect
    .soft(successes, `${tag}: status ${res.status} is not a declared success status`)
    .toContain(res.status);
  const responseSide = violations(res).filter((v) => v.location[0] === 'response');
  if (responseSide.length) {
    const what = responseSide.map((v) => v.message).join('; ');
    await ctx.note(`${tag}: Prism generated a response outside the spec (not asserted): ${what}`);
  }
  const declared = op.successes.find((s) => s.status === res.status);
  if (!declared) return;
  if (!declared.media.length) {
    expect.soft(result.data, `${tag}: status ${res.status} declares no body`).toBeUndefined();
    return;
  }
  const media = mediaOf(res);
  if (variant.accept) expect.soft(media, `${tag}: answered in another media type`).toBe(variant.accept);
  else expect.soft(declared.media, `${tag}: undeclared media type ${media}`).toContain(media);
  if (isJson(media)) {
    // openapi-fetch has parsed the body already (it throws on invalid JSON): it must be there.
    expect.soft(result.data, `${tag}: JSON body missing`).not.toBeUndefined();
  } else if (variant.parseAs === 'blob') {
    expect.soft(result.data, `${tag}: binary body not read as a Blob`).toBeInstanceOf(Blob);
    expect.soft((result.data as Blob | undefined)?.size, `${tag}: empty ${media} body`).toBeGreaterThan(0);
  } else {
    expect.soft(typeof result.data, `${tag}: text body not read as text`).toBe('string');
  }
}

/** No api-key → 401 where every alternative needs one; no token → 401 exactly where a bearer token is required. */
async function checkSecurity(
  ctx: CaseContext,
  op: SpecOperation,
  method: Method,
  init: Record<string, unknown>,
  expect: ExpectStatic,
): Promise<void> {
  const successes = op.successes.map((s) => s.status);
  const needsKey = op.security.length > 0 && op.security.every((alt) => alt.includes('apiKey'));
  const needsBearer = bearerOf(op) === 'required';

  // The client refuses to run without a key, so the key is removed on the way out.
  const noKey = recordingFetch({ strip: ['api-key'] });
  const keyless = ctx.api.createClient({
    apiKey: API_KEY,
    token: TOKEN,
    baseUrl: ctx.baseUrl,
    fetch: noKey.fetch,
  });
  const r1 = (await keyless[method](op.path, init)).response;
  expect.soft(noKey.sent[0]?.headers['api-key'], `${op.key}: api-key removed on the way out`).toBeUndefined();
  if (needsKey) expect.soft(r1.status, `${op.key}: accepted without an api-key`).toBe(401);
  else expect.soft(successes, `${op.key}: refused without an api-key (${r1.status})`).toContain(r1.status);

  const noToken = recordingFetch();
  const tokenless = ctx.api.createClient({ apiKey: API_KEY, baseUrl: ctx.baseUrl, fetch: noToken.fetch });
  const r2 = (await tokenless[method](op.path, init)).response;
  expect
    .soft(noToken.sent[0]?.headers.authorization, `${op.key}: a token appeared from nowhere`)
    .toBeUndefined();
  if (needsBearer) expect.soft(r2.status, `${op.key}: accepted without a bearer token`).toBe(401);
  else
    expect.soft(successes, `${op.key}: refused without a bearer token (${r2.status})`).toContain(r2.status);
}

/**
 * Sends one body per alternative of every `oneOf` in the request body. An alternative that can't be sent (it also
 * matches another one) must be listed in known-defects.ts, and then Prism must reject it as described there.
 */
async function checkBranches(
  ctx: CaseContext,
  op: SpecOperation,
  method: Method,
  params: Record<string, unknown>,
  expect: ExpectStatic,
): Promise<void> {
  const branches = await sampleBodyBranches(ctx.doc, op, { seed: SAMPLE_SEED });
  const listed = ctx.defects.flatMap((d) =>
    d.api === ctx.api.name && d.operation === op.key && d.kind === 'overlapping-oneOf' ? [d] : [],
  );
  const client = ctx.api.createClient({
    apiKey: API_KEY,
    token: TOKEN,
    baseUrl: ctx.baseUrl,
    fetch: recordingFetch().fetch,
  });
  const successes = op.successes.map((s) => s.status);

  for (const b of branches) {
    const where = `${op.key}: body ${b.branch.location} as ${b.branch.name}`;
    expect.soft(b.problems, `${where}: no value could be built`).toEqual([]);
    if (b.problems.length) continue;
    const defect = listed.find((d) => d.location === b.branch.location && d.branches.includes(b.branch.name));
    const result = await client[method](op.path, { params, body: b.body });
    const res = result.response;
    const found = requestViolations(result);
    if (!b.rejected.length) {
      expect.soft(found, `${where}: Prism found the request invalid`).toEqual([]);
      expect.soft(successes, `${where}: status ${res.status}`).toContain(res.status);
      expect
        .soft(defect, `${where}: listed in known-defects.ts but can be sent now: remove the entry`)
        .toBe(undefined);
    } else if (defect) {
      const oneOfHere = found.some((v) => v.code === 'oneOf' && bodyLocation(v.location) === defect.location);
      expect
        .soft(oneOfHere, `${where}: known defect, Prism should report a oneOf violation there`)
        .toBe(true);
      expect.soft(res.status, `${where}: known defect, Prism should answer 4xx`).toBeGreaterThanOrEqual(400);
    } else {
      const why = `${where}: can never be sent. If the spec is at fault, list it in tests/contract/known-defects.ts`;
      expect.soft(b.rejected, why).toEqual([]);
    }
  }
  for (const d of listed) {
    for (const name of d.branches) {
      const seen = branches.some(
        (b) => b.branch.location === d.location && b.branch.name === name && b.rejected.length,
      );
      expect
        .soft(seen, `${op.key}: known defect at ${d.location} (${name}) no longer shows: remove it`)
        .toBe(true);
    }
  }
}
