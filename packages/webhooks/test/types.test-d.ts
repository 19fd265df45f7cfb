import { describe, expectTypeOf, it } from 'vitest';
import {
  createCardAuthorisationHandler,
  createForwardingHandler,
  type MultiWebhookSchemas,
  type NodeRequestLike,
  signWebhook,
  type UnidentifiedWebhook,
  type VerifiedWebhook,
  verifyNodeWebhook,
  verifyWebhook,
  verifyWebhookRequest,
  type WebhookComponents,
  type WebhookEvent,
  type WebhookPayload,
  type WebhookSchemas,
} from '../src/index.js';

declare const headers: Record<string, string>;
declare const rawBody: Uint8Array;
const apiKey = 'k';

describe('request adapter types', () => {
  it('type the event given, and any event otherwise, for a web Request and a Node request alike', async () => {
    const request = new Request('http://127.0.0.1/transfers/watch', { method: 'POST' });
    const req = {} as NodeRequestLike;
    const fromRequest = await verifyWebhookRequest(request, { apiKey, event: 'transfers_watch' });
    expectTypeOf(fromRequest).toEqualTypeOf<VerifiedWebhook<'/transfers/watch'>>();
    const fromNode = await verifyNodeWebhook(req, { apiKey, event: '/managed_cards/authorisation_request' });
    expectTypeOf(fromNode).toEqualTypeOf<VerifiedWebhook<'/managed_cards/authorisation_request'>>();
    expectTypeOf(await verifyWebhookRequest(request, { apiKey })).toEqualTypeOf<
      WebhookEvent | UnidentifiedWebhook
    >();
    expectTypeOf(await verifyNodeWebhook(req, { apiKey, maxBodyBytes: 1024 })).toEqualTypeOf<
      WebhookEvent | UnidentifiedWebhook
    >();
    // @ts-expect-error not an event of either spec
    await verifyNodeWebhook(req, { apiKey, event: 'transfer_watch' });
    // @ts-expect-error a Node request is not a web Request
    await verifyWebhookRequest(req, { apiKey });
  });
});

describe('verifyWebhook types', () => {
  it('types the payload from the event given by name or operationId', async () => {
    const byId = await verifyWebhook({ headers, rawBody, apiKey, event: 'transfers_watch' });
    expectTypeOf(byId).toEqualTypeOf<VerifiedWebhook<'/transfers/watch'>>();
    expectTypeOf(byId.payload).toEqualTypeOf<WebhookComponents['schemas']['TransferEvent']>();
    expectTypeOf(byId.payload.transfer).toEqualTypeOf<WebhookComponents['schemas']['LegacyTransfer']>();
    const byName = await verifyWebhook({
      headers,
      rawBody,
      apiKey,
      event: '/managed_cards/authorisation_request',
    });
    expectTypeOf(byName.payload).toEqualTypeOf<MultiWebhookSchemas['CardAuthorisationEvent']>();
    expectTypeOf<WebhookPayload<'consumers_kyc_watch'>>().toEqualTypeOf<
      WebhookComponents['schemas']['KycEvent']
    >();
    // @ts-expect-error not an event of either spec
    await verifyWebhook({ headers, rawBody, apiKey, event: 'transfer_watch' });
  });

  it('returns a union narrowed by name when the event is not given', async () => {
    const event = await verifyWebhook({ headers, rawBody, apiKey, url: '/hooks/transfers/watch' });
    expectTypeOf(event).toEqualTypeOf<WebhookEvent | UnidentifiedWebhook>();
    switch (event.name) {
      case '/managed_accounts/deposits/watch':
        expectTypeOf(event.payload).toEqualTypeOf<
          WebhookComponents['schemas']['ManagedAccountsDepositEvent']
        >();
        expectTypeOf(event.operationId).toEqualTypeOf<'managed_accounts_deposits_watch'>();
        break;
      case undefined:
        expectTypeOf(event.payload).toEqualTypeOf<Record<string, unknown>>();
        break;
      default:
        // @ts-expect-error the union has other payloads: `transfer` is not on all of them
        void event.payload.transfer;
    }
  });

  it('refuses a parsed body and missing required options', async () => {
    // @ts-expect-error a parsed object is not a raw body
    await verifyWebhook({ headers, rawBody: { id: '1' }, apiKey });
    // @ts-expect-error apiKey is required
    await verifyWebhook({ headers, rawBody });
  });
});

describe('signWebhook types', () => {
  it('returns text for an object payload and bytes for bytes', async () => {
    expectTypeOf((await signWebhook({ payload: { a: 1 }, apiKey })).body).toEqualTypeOf<string>();
    expectTypeOf(
      (await signWebhook({ payload: new Uint8Array(1), apiKey })).body,
    ).toEqualTypeOf<Uint8Array>();
  });
});

describe('forwarding handler types', () => {
  it('types the payload and the answer from the Multi spec', () => {
    createCardAuthorisationHandler({
      apiKey,
      fallback: { result: 'DENIED' },
      decide: (auth, { signal }) => {
        expectTypeOf(auth).toEqualTypeOf<MultiWebhookSchemas['CardAuthorisationEvent']>();
        expectTypeOf(signal).toEqualTypeOf<AbortSignal>();
        return { result: 'APPROVED' };
      },
    });
    createForwardingHandler({
      event: 'bankTransferInForwarding',
      apiKey,
      fallback: { result: 'APPROVED' },
      decide: async (transfer) => {
        expectTypeOf(transfer.amount).not.toBeAny();
        return { result: 'DENIED' };
      },
    });
    createCardAuthorisationHandler({
      apiKey,
      // @ts-expect-error not an answer the spec allows
      fallback: { result: 'MAYBE' },
      decide: () => ({ result: 'APPROVED' }),
    });
    // @ts-expect-error fallback is required
    createCardAuthorisationHandler({ apiKey, decide: () => ({ result: 'APPROVED' }) });
    createForwardingHandler({
      // @ts-expect-error transfers_watch does not expect an answer
      event: 'transfers_watch',
      apiKey,
      fallback: {},
      decide: () => ({}),
    });
  });
});

describe('discriminated payloads', () => {
  it('narrow by their discriminator, in both specs', () => {
    const auth = {} as WebhookPayload<'/managed_cards/authorisation_request'>;
    if (auth.mode === 'PREPAID_MODE') {
      expectTypeOf(auth.availableBalance).not.toBeAny();
      // @ts-expect-error only a debit-mode authorisation has a parent managed account
      auth.parentManagedAccountId;
    }
    // @ts-expect-error not a mode of the spec
    if (auth.mode === 'PREPAYD') return;
    const payment = {} as WebhookPayload<'managed_cards_payments_watch'>;
    for (const event of payment.cardPayment.events) {
      expectTypeOf(event).toEqualTypeOf<WebhookSchemas['CardPaymentEvent']>();
      if (event.type === 'SETTLEMENT') expectTypeOf(event.type).toEqualTypeOf<'SETTLEMENT'>();
    }
    expectTypeOf<WebhookSchemas['CardPaymentEvent']['type']>().toEqualTypeOf<
      'AUTHORISATION' | 'SETTLEMENT' | 'REFUND' | 'ORIGINAL_CREDIT'
    >();
  });
});
