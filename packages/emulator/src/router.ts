import type { ApiTable, OperationSpec } from './spec-types.js';

/** Where each API is served: the sandbox's own paths, so switching a client is one baseUrl. */
export const MOUNTS = [
  { prefix: '/multi/backoffice', api: 'backoffice' },
  { prefix: '/simulate/api', api: 'simulator' },
  { prefix: '/multi', api: 'multi' },
] as const;

export type ApiName = (typeof MOUNTS)[number]['api'];

interface Route {
  op: OperationSpec;
  segments: string[];
  /** How many segments are literal text: `/beneficiaries/batch` wins over `/beneficiaries/{id}`. */
  literals: number;
}

export type Match =
  | { kind: 'found'; api: ApiName; op: OperationSpec; path: Record<string, string> }
  | { kind: 'method'; api: ApiName; allowed: string[] }
  | { kind: 'none' };

const isParam = (segment: string) => segment.startsWith('{') && segment.endsWith('}');

/** The bucket of templates a path may match: its number of segments and its first segment. */
const bucketKey = (length: number, first: string) => `${length} ${first}`;

/** Finds the operation a request is for, by the paths and methods the specs declare. */
export class Router {
  /**
   * Per API, the routes (most literal first) that a path of that length and first segment can match; a template
   * starting with a parameter is in every bucket of its length and in the `*` one. Only these are tried.
   */
  private readonly buckets = new Map<ApiName, Map<string, Route[]>>();
  private readonly mounts = MOUNTS.map((m) => ({ ...m, under: `${m.prefix}/` }));

  constructor(tables: Record<ApiName, ApiTable>) {
    for (const [api, table] of Object.entries(tables) as [ApiName, ApiTable][]) {
      const list = table.operations.map((op) => {
        const segments = op.path.split('/').slice(1);
        return { op, segments, literals: segments.filter((s) => !s.startsWith('{')).length };
      });
      list.sort((a, b) => b.literals - a.literals);
      const buckets = new Map<string, Route[]>();
      const keys = new Set(
        list.map((r) =>
          bucketKey(r.segments.length, isParam(r.segments[0] ?? '') ? '*' : (r.segments[0] as string)),
        ),
      );
      for (const key of keys) {
        const [length, first] = key.split(' ') as [string, string];
        buckets.set(
          key,
          list.filter(
            (r) =>
              String(r.segments.length) === length &&
              (isParam(r.segments[0] ?? '') || r.segments[0] === first),
          ),
        );
      }
      this.buckets.set(api, buckets);
    }
  }

  match(method: string, pathname: string): Match {
    let mount: (typeof this.mounts)[number] | undefined;
    for (const m of this.mounts)
      if (pathname === m.prefix || pathname.startsWith(m.under)) {
        mount = m;
        break;
      }
    if (!mount) return { kind: 'none' };
    // Repeated and trailing slashes collapse, as behind Weavr's gateway: `/managed_accounts//block` (an empty
    // id) is `/managed_accounts/block`, so it answers 405 (QA: `BlockManagedAccount_NoManagedAccountId_NotFound`,
    // `PatchManagedAccount_NoManagedAccountId_MethodNotAllowed`).
    let rest = pathname.slice(mount.prefix.length);
    if (rest.includes('//') || rest.endsWith('/'))
      rest = rest.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1') || '/';
    if (rest === '') rest = '/';
    const parts = rest.slice(1).split('/');
    const buckets = this.buckets.get(mount.api);
    const routes =
      buckets?.get(bucketKey(parts.length, parts[0] as string)) ?? buckets?.get(bucketKey(parts.length, '*'));
    const allowed: string[] = [];
    for (const route of routes ?? []) {
      const path = matchSegments(route.segments, parts);
      if (!path) continue;
      if (route.op.method === method) return { kind: 'found', api: mount.api, op: route.op, path };
      allowed.push(route.op.method);
    }
    return allowed.length ? { kind: 'method', api: mount.api, allowed } : { kind: 'none' };
  }
}

function matchSegments(template: string[], parts: string[]): Record<string, string> | undefined {
  if (template.length !== parts.length) return undefined;
  const out: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    const p = parts[i] as string;
    if (isParam(t)) {
      if (p === '') return undefined;
      try {
        out[t.slice(1, -1)] = p.includes('%') ? decodeURIComponent(p) : p;
      } catch {
        return undefined;
      }
    } else if (t !== p) return undefined;
  }
  return out;
}
