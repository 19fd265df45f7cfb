import type { Handlers } from '../context.js';
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

/** Every stateful operation; the others answer their deterministic spec sample. */
export const handlers: Handlers = {
  ...accessHandlers,
  ...identityHandlers,
  ...accountHandlers,
  ...cardHandlers,
  ...transferHandlers,
  ...paymentHandlers,
  ...simulatorHandlers,
  ...statementHandlers,
  ...backofficeHandlers,
  ...bulkHandlers,
};
