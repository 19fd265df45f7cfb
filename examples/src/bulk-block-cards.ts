/**
 * Blocks many cards in one Weavr bulk process (Multi API): submit one block operation per card, execute, follow
 * the progress, then list what failed. More than 10,000 cards are split into several bulks automatically.
 *
 *   WEAVR_API_KEY=… WEAVR_EMAIL=… WEAVR_PASSWORD=… pnpm --filter @weavr-sdk/examples exec tsx src/bulk-block-cards.ts [cardId …]
 *
 * Without card ids it blocks every ACTIVE card of the signed-in identity. WEAVR_WAIT_MS bounds the wait
 * (default 10 minutes): the bulk keeps running on Weavr's side, and `openBulk(client, bulkId)` picks it up later.
 */
import {
  createMultiClient,
  createSession,
  openBulk,
  paginate,
  submitBulk,
  WeavrAbortError,
} from '@weavr-sdk/multi';
import { baseUrl, setting } from './env.js';

const weavr = createMultiClient({ apiKey: setting('WEAVR_API_KEY'), ...baseUrl(), throwOnError: true });
const session = await createSession(weavr, {
  email: setting('WEAVR_EMAIL'),
  password: () => setting('WEAVR_PASSWORD'),
  // A user who can act for several identities picks one; here, the first.
  identity: (identities) => {
    const first = identities[0];
    if (!first) throw new Error('this user cannot act for any identity');
    return first.id;
  },
});
const client = session.client;

const ids = process.argv.slice(2);
if (ids.length === 0) {
  // Every active card, page by page (100 per request), without holding more than one page of responses.
  for await (const card of paginate(client, '/managed_cards', { params: { query: { state: ['ACTIVE'] } } })) {
    ids.push(card.id);
  }
}
if (ids.length === 0) {
  console.log('no active cards to block');
} else {
  const bulk = await submitBulk(
    client,
    '/bulks/managed_cards/_id_/block',
    ids.map((id) => ({ pathParams: { _id_: id } })),
  );
  console.log(`submitted ${bulk.operationCount} block operations as bulk ${bulk.bulkIds.join(', ')}`);

  await bulk.execute({ mode: 'ON_FAILURE_CONTINUE' });
  try {
    const result = await bulk.done({
      signal: AbortSignal.timeout(Number(setting('WEAVR_WAIT_MS', '600000'))),
      onProgress: ({ status, operationStatusCounts }) =>
        console.log(status, JSON.stringify(operationStatusCounts)),
    });
    console.log(`finished: ${result.status}`);
    for await (const failed of bulk.failures()) {
      console.log(`card #${failed.sequence} failed: ${failed.responsePayload ?? 'no response'}`);
    }
  } catch (e) {
    if (!(e instanceof WeavrAbortError)) throw e;
    // Still running: report where it is and leave it to finish on its own.
    const { status, operationStatusCounts } = await openBulk(client, bulk.bulkIds[0] as string).status();
    console.log(`still ${status} after the wait ${JSON.stringify(operationStatusCounts)}; check again later`);
  }
}
await session.logout();
