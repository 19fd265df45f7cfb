import type { Handlers } from '../context.js';
import { backoffice } from '../generated/backoffice.js';
import { multi } from '../generated/multi.js';
import { simulator } from '../generated/simulator.js';
import { type AreaHandlers, byOperationId, type TypedHandlers } from '../typed.js';
import { accessHandlers } from './access.js';
import { accountHandlers } from './accounts.js';
import { backofficeHandlers } from './backoffice.js';
import { bulkHandlers } from './bulks.js';
import { cardHandlers } from './cards.js';
import { identityHandlers } from './identities.js';
import { paymentHandlers } from './payments.js';
import { simulatorHandlers } from './simulator.js';
import { statementHandlers } from './statements.js';
import { transferHandlers } from './transfers.js';

const areas: AreaHandlers[] = [
  accessHandlers,
  identityHandlers,
  accountHandlers,
  cardHandlers,
  transferHandlers,
  paymentHandlers,
  simulatorHandlers,
  statementHandlers,
  backofficeHandlers,
  bulkHandlers,
];

/** One API's handlers of every area; two areas handling one operation is a mistake, refused at start-up. */
function merged<A extends keyof AreaHandlers>(api: A): TypedHandlers<A> {
  const out: TypedHandlers<A> = {};
  for (const area of areas)
    for (const [id, handler] of Object.entries(area[api] ?? {})) {
      if (id in out) throw new Error(`emulator: two handlers for ${api} ${id}`);
      Object.assign(out, { [id]: handler });
    }
  return out;
}

/**
 * Every stateful operation, by operationId (an id the specs lack does not compile, and is refused at start-up);
 * the others answer their deterministic spec sample.
 */
export const handlers: Handlers = {
  ...byOperationId('multi', multi.operations, merged('multi')),
  ...byOperationId('backoffice', backoffice.operations, merged('backoffice')),
  ...byOperationId('simulator', simulator.operations, merged('simulator')),
};
