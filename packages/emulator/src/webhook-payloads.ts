import type { Instrument, Json } from './world.js';

/**
 * The events the emulator sends, each built from what the handler emitted into the shape the Webhooks spec gives
 * it (ids as `{ type, id }`, amounts and timestamps as strings). Any other event name is not sent.
 */
export const PAYLOADS: Record<string, (data: Json, now: number) => Json> = {
  '/transfers/watch': (t, now) => ({
    eventType: t.state,
    transfer: {
      id: { type: 'transfers', id: t.id },
      profileId: t.profileId,
      ...(t.tag ? { tag: t.tag } : {}),
      source: t.source,
      destination: t.destination,
      destinationAmount: {
        currency: t.destinationAmount.currency,
        amount: String(t.destinationAmount.amount),
      },
      state: t.state,
      creationTimestamp: String(t.creationTimestamp),
      ...(t.executionTimestamp ? { executionTimestamp: String(t.executionTimestamp) } : {}),
    },
    publishedTimestamp: String(now),
  }),
  '/send/watch': (s, now) => {
    const amount = (a: { currency: string; amount: number }) => ({
      currency: a.currency,
      amount: String(a.amount),
    });
    return {
      eventType: s.state,
      send: {
        id: { type: 'sends', id: s.id },
        profileId: s.profileId,
        ...(s.tag ? { tag: s.tag } : {}),
        source: s.source,
        destination: s.destination,
        destinationAmount: amount(s.destinationAmount),
        transactionAmount: amount(s.transactionAmount),
        state: s.state,
        ...(s.challengeExemptionReason ? { challengeExemptionReason: s.challengeExemptionReason } : {}),
        creationTimestamp: String(s.creationTimestamp),
        ...(s.executionTimestamp ? { executionTimestamp: String(s.executionTimestamp) } : {}),
      },
      publishedTimestamp: String(now),
    };
  },
  '/managed_accounts/deposits/watch': (
    d: { transactionId: string; account: Instrument; amount: Json; body: Json },
    now,
  ) => ({
    id: { id: d.account.id, type: 'managed_accounts' },
    transactionId: d.transactionId,
    transactionAmount: { currency: d.amount.currency, amount: String(d.amount.amount) },
    transactionTimestamp: String(now),
    owner: { type: d.account.owner.type, id: d.account.owner.id },
    state: 'COMPLETED',
    ...(d.body.paymentNetwork ? { paymentNetwork: d.body.paymentNetwork } : {}),
    ...(d.body.senderName ? { senderName: d.body.senderName } : {}),
    ...(d.body.reference ? { senderReference: d.body.reference } : {}),
  }),
};
