/**
 * Blocks a set of cards of one identity from the back office (no user signs in): `forIdentity` gets and caches
 * the identity's token (and replaces it if it expires), then the cards are blocked a few at a time.
 *
 *   WEAVR_API_KEY=… WEAVR_IDENTITY_ID=… WEAVR_CARD_IDS=id1,id2,… pnpm --filter @weavr-sdk/examples exec tsx src/backoffice-block-cards.ts
 *
 * The Back-Office API has no bulk block operation (its bulks cover spend rules and transfers), so this sends one
 * `POST /managed_cards/{id}/block` per card; each carries an idempotency-ref, so a retry never blocks twice.
 * For a single bulk process from a signed-in user, see bulk-block-cards.ts.
 */
import { createBackofficeClient, isWeavrErrorCode, WeavrApiError } from '@weavr-sdk/backoffice';
import { baseUrl, setting } from './env.js';

const backoffice = createBackofficeClient({
  apiKey: setting('WEAVR_API_KEY'),
  ...baseUrl(),
  throwOnError: true,
});
const identity = {
  type: setting('WEAVR_IDENTITY_TYPE', 'CORPORATE') as 'CORPORATE' | 'CONSUMER',
  id: setting('WEAVR_IDENTITY_ID'),
};
const cardIds = setting('WEAVR_CARD_IDS')
  .split(',')
  .map((id) => id.trim())
  .filter(Boolean);

// Asks POST /access_token now: an unknown identity fails here, before any card is touched.
const acme = await backoffice.forIdentity(identity);

const outcome = { blocked: [] as string[], alreadyBlocked: [] as string[], failed: [] as string[] };
const queue = [...cardIds];
const CONCURRENCY = 4;
await Promise.all(
  Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        await acme.POST('/managed_cards/{id}/block', { params: { path: { id } } });
        outcome.blocked.push(id);
      } catch (e) {
        if (isWeavrErrorCode(e, 'INSTRUMENT_ALREADY_BLOCKED')) outcome.alreadyBlocked.push(id);
        else if (e instanceof WeavrApiError) {
          outcome.failed.push(id);
          console.error(`card ${id}: ${e.message} (request-ref ${e.requestRef})`);
        } else throw e;
      }
    }
  }),
);
console.log(
  `blocked ${outcome.blocked.length}, already blocked ${outcome.alreadyBlocked.length}, failed ${outcome.failed.length} of ${cardIds.length} cards`,
);
if (outcome.failed.length) process.exitCode = 1;
