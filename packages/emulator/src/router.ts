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

/** Finds the operation a request is for, by the paths and methods the specs declare. */
export class Router {
  private readonly routes = new Map<ApiName, Route[]>();

  constructor(tables: Record<ApiName, ApiTable>) {
    for (const [api, table] of Object.entries(tables) as [ApiName, ApiTable][]) {
      const list = table.operations.map((op) => {
        const segments = op.path.split('/').slice(1);
        return { op, segments, literals: segments.filter((s) => !s.startsWith('{')).length };
      });
      list.sort((a, b) => b.literals - a.literals);
      this.routes.set(api, list);
    }
  }

  match(method: string, pathname: string): Match {
    const mount = MOUNTS.find((m) => pathname === m.prefix || pathname.startsWith(`${m.prefix}/`));
    if (!mount) return { kind: 'none' };
    // Repeated and trailing slashes collapse, as behind Weavr's gateway: `/managed_accounts//block` (an empty
    // id) is `/managed_accounts/block`, so it answers 405 (QA: `BlockManagedAccount_NoManagedAccountId_NotFound`,
    // `PatchManagedAccount_NoManagedAccountId_MethodNotAllowed`).
    const rest =
      pathname
        .slice(mount.prefix.length)
        .replace(/\/{2,}/g, '/')
        .replace(/(.)\/$/, '$1') || '/';
    const parts = rest.split('/').slice(1);
    const allowed: string[] = [];
    for (const route of this.routes.get(mount.api) ?? []) {
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
    if (t.startsWith('{') && t.endsWith('}')) {
      if (p === '') return undefined;
      try {
        out[t.slice(1, -1)] = decodeURIComponent(p);
      } catch {
        return undefined;
      }
    } else if (t !== p) return undefined;
  }
  return out;
}
