/** What the numbers were measured on, so a reader can compare runs. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  loadStart: number[];
  versions: Record<string, string>;
}

/** The version installed for the bench (read from node_modules: some packages do not export package.json). */
export const version = (pkg: string): string =>
  (
    JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadStart: os.loadavg(),
    versions: {
      '@weavr-sdk/multi': `${version('@weavr-sdk/multi')} (built dist)`,
      'openapi-fetch': version('openapi-fetch'),
      openai: version('openai'),
      stripe: version('stripe'),
      esbuild: version('esbuild'),
      typescript: `${version('typescript')} / ${version('typescript7')}`,
    },
  };
}
