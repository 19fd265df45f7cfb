import { existsSync } from 'node:fs';
import { type PrismServer, startPrism } from '@weavr-sdk/testing';
import type { TestProject } from 'vitest/node';
import { apis } from './apis.js';
import { PRISM_SEED } from './seeds.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** API name → URL of the Prism serving its spec. */
    prism: Record<string, string>;
  }
}

/** Starts one Prism per API before any case runs; the returned teardown stops them, also when cases fail. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  for (const api of apis) {
    if (!existsSync(api.specFile)) {
      throw new Error(
        `${api.specFile} is missing: run \`pnpm build\` first (offline: WEAVR_SPECS_FROM=../shared/specs)`,
      );
    }
  }
  const started = await Promise.allSettled(
    apis.map((api) => startPrism({ spec: api.specFile, seed: PRISM_SEED })),
  );
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stopAll = async () => {
    await Promise.all(servers.map((s: PrismServer) => s.stop()));
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  project.provide('prism', Object.fromEntries(apis.map((api, i) => [api.name, servers[i]?.url ?? ''])));
  return stopAll;
}
