/**
 * Pages through a card's transactions (`GET /managed_cards/{id}/transactions`, 100 per request) and sums them
 * up by type, then downloads the card's statement as a PDF.
 *
 *   WEAVR_API_KEY=… WEAVR_EMAIL=… WEAVR_PASSWORD=… [WEAVR_CARD_ID=…] pnpm --filter @weavr-sdk/examples exec tsx src/card-transactions.ts
 *
 * Without WEAVR_CARD_ID it uses the first card listed. WEAVR_MAX_TRANSACTIONS caps how many are read
 * (default 1000); WEAVR_STATEMENT_FILE saves the PDF there.
 */
import { writeFile } from 'node:fs/promises';
import { createMultiClient, createSession, getDocument, paginate } from '@weavr-sdk/multi';
import { baseUrl, setting } from './env.js';

const weavr = createMultiClient({ apiKey: setting('WEAVR_API_KEY'), ...baseUrl(), throwOnError: true });
const session = await createSession(weavr, {
  email: setting('WEAVR_EMAIL'),
  password: () => setting('WEAVR_PASSWORD'),
  identity: (identities) => {
    const first = identities[0];
    if (!first) throw new Error('this user cannot act for any identity');
    return first.id;
  },
});
const client = session.client;

let cardId = process.env.WEAVR_CARD_ID;
if (!cardId) {
  // `break` after the first card: no further page is requested.
  for await (const card of paginate(client, '/managed_cards')) {
    cardId = card.id;
    break;
  }
}
if (!cardId) {
  console.log('no cards yet');
} else {
  const byType = new Map<string, number>();
  let seen = 0;
  for await (const tx of paginate(client, '/managed_cards/{id}/transactions', {
    params: { path: { id: cardId }, query: { sortOrder: 'DESC' } },
    maxItems: Number(setting('WEAVR_MAX_TRANSACTIONS', '1000')),
  })) {
    seen++;
    byType.set(tx.type, (byType.get(tx.type) ?? 0) + 1);
  }
  console.log(`card ${cardId}: ${seen} transactions`);
  for (const [type, n] of byType) console.log(`  ${type}: ${n}`);

  const { data: pdf } = await getDocument(client, '/managed_cards/{id}/statement', {
    params: { path: { id: cardId } },
    accept: 'application/pdf',
  });
  console.log(`statement: ${pdf.size} bytes of PDF`);
  const file = process.env.WEAVR_STATEMENT_FILE;
  if (file) await writeFile(file, Buffer.from(await pdf.arrayBuffer()));
}
await session.logout();
