// The same real-server helpers core's own tests use (one copy, so both suites mean the same by "a fault").
export { type Fault, type Ledger, startLedger } from '../../../packages/core/test/helpers/ledger.js';
export {
  readBody,
  sendJson,
  startServer,
  type TestServer,
  within,
} from '../../../packages/core/test/helpers/server.js';

export const API_KEY = 'sk_int_APIKEY_31d7e0c2aa45';
export const TOKEN = 'tok_int_BEARER_8e21f0b9c3d4';

/** The client methods, untyped: these tests drive every operation from the generated map. */
// biome-ignore lint/suspicious/noExplicitAny: operations are chosen at run time from the operation map
type Loose = any;
export type LooseClient = Record<
  'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD',
  (path: string, init?: Loose) => Promise<Loose>
>;

/** `/managed_cards/{id}/block` → `{ id: 'id-1' }`: a value for every path parameter of a template. */
export function pathParams(template: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, name] of template.matchAll(/\{([^}]+)\}/g)) if (name) out[name] = `${name}-1`;
  return out;
}
