/**
 * Checks the emulator's answers against the published specs, independently of the emulator's own tables: each
 * spec is read from specs/<api>.json and validated with @weavr-sdk/testing (Ajv as Prism uses it).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  inlineSchema,
  type OpenApiDocument,
  readSpec,
  resolveRef,
  type Schema,
  type SpecOperation,
  schemaErrors,
  specOperations,
} from '@weavr-sdk/testing';

export type ApiName = 'multi' | 'backoffice' | 'simulator';
export const MOUNT: Record<ApiName, string> = {
  multi: '/multi',
  backoffice: '/multi/backoffice',
  simulator: '/simulate/api',
};

const root = fileURLToPath(new URL('../../..', import.meta.url));
const docs = new Map<ApiName, OpenApiDocument>();

export function specOf(api: ApiName): OpenApiDocument {
  const doc = docs.get(api) ?? readSpec(join(root, 'specs', `${api}.json`));
  docs.set(api, doc);
  return doc;
}

export function operationsOf(api: ApiName): SpecOperation[] {
  return specOperations(specOf(api));
}

const inlined = new Map<string, Schema | null>();

/** The inlined schema of `op`'s JSON answer with `status`, or null when the spec declares none. */
export function responseSchema(api: ApiName, op: SpecOperation, status: number): Schema | null {
  const key = `${api} ${op.key} ${status}`;
  if (!inlined.has(key)) {
    const doc = specOf(api);
    const raw = (doc.paths[op.path]?.[op.method.toLowerCase()] as { responses?: Record<string, unknown> })
      ?.responses?.[String(status)];
    const res = raw ? (resolveRef(doc, raw) as { content?: Record<string, { schema?: Schema }> }) : undefined;
    const json = Object.entries(res?.content ?? {}).find(([m]) => /json/i.test(m))?.[1]?.schema;
    inlined.set(key, json ? inlineSchema(doc, json, { capArrays: false }) : null);
  }
  return inlined.get(key) ?? null;
}

/** Statuses a spec does not declare that Weavr's QA suite asserts (the test that saw each is cited). */
const SEEN_BY_QA: Record<string, number[]> = {
  // AbstractRequestAccessTokenTests.RequestAccessToken_SameUserWrongId_NotFound
  'multi POST /access_token': [404],
  // ImpersonateIdentityTests.ImpersonateIdentity_UnknownIdentity_NotFound (both paths impersonate)
  'backoffice POST /access_token': [404],
  'backoffice POST /impersonate_identity_login': [404],
  // CreateTransfersTests.TransferFunds_UnknownProfileId_NotFound (Multi and Back-Office)
  'multi POST /transfers': [404],
  'backoffice POST /transfers': [404],
};

/** Problems with one answer of `op`: an undeclared status, or a 2xx JSON body that breaks its schema. */
export function answerProblems(api: ApiName, op: SpecOperation, status: number, body: unknown): string[] {
  const declared = Object.keys(
    (specOf(api).paths[op.path]?.[op.method.toLowerCase()] as { responses?: Record<string, unknown> })
      ?.responses ?? {},
  );
  // Weavr answers 400 to any request that breaks the spec (bulk submits declare only 201), 404 for another
  // identity's resource even where the spec declares none, and 413 to an over-long idempotency-ref.
  const hasPathParams = op.parameters.some((p) => p.in === 'path');
  const undeclaredButReal =
    status === 400 ||
    (status === 404 && hasPathParams) ||
    (status === 413 && op.declaresIdempotencyRef) ||
    SEEN_BY_QA[`${api} ${op.key}`]?.includes(status) === true;
  if (!declared.includes(String(status)) && !undeclaredButReal)
    return [`${api} ${op.key}: status ${status} is not declared (${declared.join(', ')})`];
  if (status < 200 || status >= 300 || body === undefined) return [];
  const schema = responseSchema(api, op, status);
  if (!schema) return [];
  return schemaErrors(schema, body).map((e) => `${api} ${op.key} ${status}: ${e}`);
}

function matches(template: string, path: string): boolean {
  const t = template.split('/');
  const p = path.split('/');
  return t.length === p.length && t.every((s, i) => s.startsWith('{') || s === p[i]);
}

/** The operation a request was for, literal paths first. */
export function findOperation(api: ApiName, method: string, path: string): SpecOperation | undefined {
  const candidates = operationsOf(api).filter((o) => o.method === method && matches(o.path, path));
  return candidates.sort((a, b) => b.path.split('{').length - a.path.split('{').length).at(-1);
}

/**
 * A fetch for the SDK clients that checks every answer of the emulator against the spec and collects what is
 * wrong in `problems` (the client still gets the answer untouched).
 */
export function checkingFetch(problems: string[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    const url = new URL(request.url);
    const api = (Object.entries(MOUNT) as [ApiName, string][])
      .sort((a, b) => b[1].length - a[1].length)
      .find(([, prefix]) => url.pathname.startsWith(`${prefix}/`))?.[0];
    if (!api) return response;
    const op = findOperation(api, request.method, url.pathname.slice(MOUNT[api].length));
    if (!op) {
      problems.push(`${request.method} ${url.pathname}: no such operation`);
      return response;
    }
    const type = response.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await response.clone().json() : undefined;
    problems.push(...answerProblems(api, op, response.status, body));
    return response;
  };
}
