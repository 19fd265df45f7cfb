import { expect } from 'vitest';
import { pathParams, type startServer } from './recording-server.js';

type AnyCall = (path: string, init?: unknown) => Promise<unknown>;

export interface OperationLike {
  method: string;
  path: string;
  bearer: 'required' | 'optional' | 'none';
  idempotencyRef: boolean;
}

/**
 * Calls every operation of a generated map through `client` (made with `apiKey` and `token`) against the
 * recording `server`, and checks what each sent: the api-key always, the bearer token wherever the spec's
 * security takes one, an `idempotency-ref` exactly where the spec declares it.
 */
export async function expectCredentialsFollowSpec(
  client: unknown,
  operations: Record<string, OperationLike>,
  server: Awaited<ReturnType<typeof startServer>>,
  credentials: { apiKey: string; token: string; apiKeyHeader?: string },
): Promise<void> {
  const methods = client as Record<string, AnyCall>;
  for (const op of Object.values(operations)) {
    const params = pathParams(op.path);
    await (methods[op.method] as AnyCall)(op.path, { params: { path: params } });
    const s = server.last();
    const where = `${op.method} ${op.path}`;
    expect(s.method, where).toBe(op.method);
    expect(s.url.pathname, where).toBe(op.path.replace(/\{([^}]+)\}/g, (_, n) => params[n] as string));
    expect(s.headers[credentials.apiKeyHeader ?? 'api-key'], where).toBe(credentials.apiKey);
    expect(s.headers.authorization, where).toBe(
      op.bearer === 'none' ? undefined : `Bearer ${credentials.token}`,
    );
    if (op.idempotencyRef) expect(s.headers['idempotency-ref'], where).toMatch(/^[0-9a-f-]{36}$/);
    else expect(s.headers['idempotency-ref'], where).toBeUndefined();
  }
}
