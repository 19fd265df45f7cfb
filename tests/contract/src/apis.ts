import { fileURLToPath } from 'node:url';
import { operations as backofficeOperations, createBackofficeClient } from '@weavr-sdk/backoffice';
import type { OperationInfo } from '@weavr-sdk/multi';
import { createMultiClient, operations as multiOperations } from '@weavr-sdk/multi';

/** A call as the contract cases make it: any method, a path template, openapi-fetch's init. */
export type LooseCall = (
  path: string,
  init?: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response; idempotencyRef: string | undefined }>;
export type LooseClient = Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD', LooseCall>;

/** Options every contract client is built with; `fetch` and `token` vary per call. */
export interface ContractClientOptions {
  apiKey: string;
  baseUrl: string;
  token?: string;
  fetch: (request: Request, init?: RequestInit) => Promise<Response>;
}

/** One API under contract: its public client, its generated operation map and the spec Prism serves. */
export interface ContractApi {
  name: 'multi' | 'backoffice';
  /** The pulled spec (`pnpm build` pulls it): served by Prism and read by the cases. */
  specFile: string;
  operations: Readonly<Record<string, OperationInfo>>;
  createClient(options: ContractClientOptions): LooseClient;
}

const specFile = (name: string) => fileURLToPath(new URL(`../../../specs/${name}.json`, import.meta.url));

// The clients are typed per path; the cases call every path from the operation map, so they go through a loose view.
export const apis: readonly ContractApi[] = [
  {
    name: 'multi',
    specFile: specFile('multi'),
    operations: multiOperations as Readonly<Record<string, OperationInfo>>,
    createClient: (o) => createMultiClient({ ...o, maxRetries: 0 }) as unknown as LooseClient,
  },
  {
    name: 'backoffice',
    specFile: specFile('backoffice'),
    operations: backofficeOperations as Readonly<Record<string, OperationInfo>>,
    createClient: (o) => createBackofficeClient({ ...o, maxRetries: 0 }) as unknown as LooseClient,
  },
];

export function api(name: ContractApi['name']): ContractApi {
  const found = apis.find((a) => a.name === name);
  if (!found) throw new Error(`unknown API ${name}`);
  return found;
}
