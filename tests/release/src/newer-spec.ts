/**
 * A recorded newer Weavr spec for the spec-bump test, made from the pinned one: a mirror folder holding every
 * pinned spec as it is, except Multi, which gains an operation (`GET /managed_accounts/{id}/nickname`,
 * additive) and a required `view` query parameter on `GET /managed_accounts/{id}` (breaking).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Doc = { paths: Record<string, Record<string, { operationId?: string; parameters?: unknown[] }>> };

export function newerSpecMirror(repo: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const sources = JSON.parse(readFileSync(join(repo, 'specs', 'sources.json'), 'utf8')) as object;
  for (const name of Object.keys(sources)) {
    const doc = JSON.parse(readFileSync(join(repo, 'specs', `${name}.json`), 'utf8')) as Doc;
    if (name === 'multi') {
      const account = doc.paths['/managed_accounts/{id}'];
      if (!account?.get) throw new Error('specs/multi.json: no GET /managed_accounts/{id} to derive from');
      const get = structuredClone(account.get);
      doc.paths['/managed_accounts/{id}/nickname'] = {
        get: { ...get, operationId: 'managedAccountNicknameGet' },
      };
      account.get.parameters = [
        ...(account.get.parameters ?? []),
        { name: 'view', in: 'query', required: true, schema: { type: 'string' } },
      ];
    }
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(doc));
  }
  return dir;
}
