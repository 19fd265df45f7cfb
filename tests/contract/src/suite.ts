import { readSpec, specOperations } from '@weavr-sdk/testing';
import { describe, inject, test } from 'vitest';
import { knownDefects } from '../known-defects.js';
import { api as apiNamed, type ContractApi } from './apis.js';
import { checkOperation } from './contract-case.js';

/**
 * Declares the contract cases of one API: one per entry of its generated operation map, built from the spec at
 * run time, so a new operation gets its case with no edit here.
 */
export function defineContractSuite(name: ContractApi['name']): void {
  const api = apiNamed(name);
  const doc = readSpec(api.specFile);
  const specOps = new Map(specOperations(doc).map((op) => [op.key, op]));
  const keys = Object.keys(api.operations);
  const defects = knownDefects.filter((d) => d.api === name);

  describe(`contract ${name}`, () => {
    test('the generated operation map lists exactly the operations of the spec Prism serves', ({
      expect,
    }) => {
      expect([...keys].sort(), 'stale build? run `pnpm build`').toEqual([...specOps.keys()].sort());
    });

    test('every known defect names an operation of this API', ({ expect }) => {
      for (const d of defects) expect(keys, `known-defects.ts: ${d.operation}`).toContain(d.operation);
    });

    describe.concurrent('operations', () => {
      for (const key of keys) {
        const known = defects.some((d) => d.operation === key) ? ' [known spec defect]' : '';
        test(`${key}${known}`, async ({ expect, task, annotate }) => {
          task.meta.contract = { api: name, operation: key };
          const op = specOps.get(key);
          if (!op)
            throw new Error(`${key} is in the operation map but not in ${api.specFile}: run \`pnpm build\``);
          await checkOperation(
            {
              api,
              doc,
              baseUrl: inject('prism')[name] ?? '',
              defects,
              note: async (m) => void (await annotate(m)),
            },
            op,
            expect,
          );
        });
      }
    });
  });
}
