import { expect, test } from 'vitest';
import { backoffice } from '../src/generated/backoffice.js';
import { multi } from '../src/generated/multi.js';
import { handlers } from '../src/handlers/index.js';
import { byOperationId } from '../src/typed.js';

test('typed handlers register under the route of their operationId; an id the spec lacks is refused', () => {
  const answer = () => ({ body: { state: 'COMPLETED' as const } });
  const registered = byOperationId('multi', multi.operations, {
    transferGet: answer,
    transferCreate: answer,
  });
  expect(Object.keys(registered).sort()).toEqual(['multi GET /transfers/{id}', 'multi POST /transfers']);
  expect(registered['multi GET /transfers/{id}']).toBe(answer);
  // Every route the emulator serves statefully is one the spec declares, so each has an operationId to type it by.
  const routes = new Set(
    [multi, backoffice].flatMap((t) => t.operations.map((o) => `${t.name} ${o.method} ${o.path}`)),
  );
  for (const key of Object.keys(handlers).filter((k) => !k.startsWith('simulator ')))
    expect(routes.has(key), key).toBe(true);
  expect(() => byOperationId('multi', multi.operations, { nope: answer } as never)).toThrow(
    "emulator: no operation 'nope' in the multi spec",
  );
});
