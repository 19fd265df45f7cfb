import type { Ctx, Programme } from '../context.js';
import { conflict, forbidden, notFound } from '../http-error.js';
import { available, checkFunds, checkUsable, currencyOf, post, transactionFee } from '../money.js';
import type { OutgoingWireTransfer, Send } from '../resources.js';
import { area, type TypedCtx } from '../typed.js';
import {
  type EntryType,
  type Instrument,
  isType,
  sameIdentity,
  type TransactionOf,
  type TransactionType,
} from '../world.js';
import { checkCode, defined, identityOf, noContent, ok, userOf } from './common.js';
import {
  checkMovement,
  creator,
  instrumentFor,
  listOf,
  movementFields,
  opening,
  record,
  settle,
  transactionOf,
} from './transfers.js';

/** A send or an outgoing wire transfer: the transactions that wait for an OTP. */
type Payment = TransactionOf<'sends' | 'outgoing_wire_transfers'>;
/** A state of a send or of a wire transfer. */
type PaymentState = Send['state'] | OutgoingWireTransfer['state'];

/** Reports a send's or an outgoing wire transfer's state, each with its own event. */
function report(ctx: Ctx, tx: Payment): void {
  if (tx.type === 'sends') ctx.emit('/send/watch', tx.resource);
  else ctx.emit('/outgoing_wire_transfers/watch', tx);
}

/** Moves a send or an outgoing wire transfer to `state` (one of its type's, `wireOnly` a wire transfer's) and reports it. */
function moveTo(ctx: Ctx, tx: Payment, state: PaymentState): void {
  // Each caller moves a transaction to a state of its own type (`SUBMITTED`, `REJECTED`: wire transfers only).
  (tx.resource as { state: PaymentState }).state = state;
  report(ctx, tx);
}

/**
 * Executes a send or wire transfer once it is confirmed (or exempt): the money moves and it reaches `done`, or it
 * is FAILED when an instrument is no longer usable or the funds are gone.
 */
function execute(
  ctx: Ctx,
  tx: Payment,
  ends: { source: Instrument; dest?: Instrument; amount: number; fee?: number },
  entryType: EntryType,
  done: PaymentState,
): void {
  const { source, dest, amount, fee = 0 } = ends;
  try {
    checkUsable(source, 'SOURCE');
    if (dest) checkUsable(dest, 'DESTINATION');
    checkFunds(ctx.world, source, amount + fee);
  } catch {
    moveTo(ctx, tx, 'FAILED');
    return;
  }
  settle(ctx, tx, source, dest, amount, entryType, fee);
  moveTo(ctx, tx, done);
}

function completeSend(ctx: Ctx, tx: TransactionOf<'sends'>): void {
  const ends = {
    source: instrumentFor(ctx, tx.resource.source, 'SOURCE'),
    dest: instrumentFor(ctx, tx.resource.destination, 'DESTINATION'),
    amount: tx.resource.destinationAmount.amount,
    fee: sendFee(ctx, tx.resource.destinationAmount.currency),
  };
  execute(ctx, tx, ends, 'SEND', 'COMPLETED');
}

/** The programme's fee on a send (QA: CreateSendsTests.SendFunds_CorporateMaToMa_Success, `MA_TO_MA_SEND_FEE`). */
const sendFee = (ctx: Ctx, currency: string) => transactionFee(ctx.programme, 'send', currency);

/** Submits a confirmed transfer: the amount leaves the account now; the simulator accepts or rejects it. */
function submitWire(ctx: Ctx, tx: TransactionOf<'outgoing_wire_transfers'>): void {
  const source = instrumentFor(ctx, tx.resource.sourceInstrument, 'SOURCE');
  const ends = { source, amount: tx.resource.transferAmount.amount, fee: tx.resource.fee?.amount ?? 0 };
  execute(ctx, tx, ends, 'OUTGOING_WIRE_TRANSFER', 'SUBMITTED');
}

/** What confirming a pending transaction of each type does. */
const RESOURCE_COMPLETES: Record<string, ((ctx: Ctx, tx: Payment) => void) | undefined> = {
  sends: (ctx, tx) => isType(tx, 'sends') && completeSend(ctx, tx),
  outgoing_wire_transfers: (ctx, tx) => isType(tx, 'outgoing_wire_transfers') && submitWire(ctx, tx),
};

/**
 * The state fields of a new send or wire transfer, and how it starts: from the programme's threshold for its type
 * up it waits for an OTP (a send `PENDING` until its challenge is issued, a wire transfer `PENDING_CHALLENGE` at
 * once; reported); below, it is exempt (`LOW_VALUE`) and executes now.
 */
function pendingOrExempt<T extends keyof Programme['challengeThreshold'], I extends string>(
  ctx: Ctx,
  type: T,
  amount: number,
  initial: I,
) {
  const challenge = amount >= ctx.programme.challengeThreshold[type];
  return {
    fields: challenge
      ? { state: WAITING[type] }
      : { state: initial, challengeExemptionReason: 'LOW_VALUE' as const },
    start(tx: Payment): void {
      if (challenge) report(ctx, tx);
      else RESOURCE_COMPLETES[tx.type]?.(ctx, tx);
    },
  };
}

/** The state a challenged transaction is created in (QA: `StartSendOtpVerificationTests.StartVerification_Corporate_Success`). */
const WAITING = { sends: 'PENDING', outgoing_wire_transfers: 'PENDING_CHALLENGE' } as const;

const createSend = (ctx: TypedCtx<'multi', 'sendCreate'>) => {
  const { owner, b } = creator(ctx, ctx.body, ctx.programme.profiles.sends);
  // Sends to a beneficiary (`beneficiaryId`) are not modelled: only to an instrument.
  const to = b.destination;
  if (!('id' in to) || !to.id) throw conflict('DESTINATION_NOT_FOUND');
  const source = instrumentFor(ctx, b.source, 'SOURCE', owner);
  const dest = instrumentFor(ctx, to, 'DESTINATION');
  // A send goes to another identity; within one identity it is a transfer (QA: `SendFunds_SendsOnSameIdentity_Conflict`).
  if (dest.id !== source.id && sameIdentity(dest.owner, owner))
    throw conflict('DESTINATION_BELONGS_TO_SAME_IDENTITY');
  checkMovement(ctx, source, dest, b.destinationAmount, sendFee(ctx, b.destinationAmount.currency));
  const begin = pendingOrExempt(ctx, 'sends', b.destinationAmount.amount, 'INITIALISED');
  const resource = defined({
    ...opening(ctx, b),
    ...movementFields(b),
    destination: to,
    transactionAmount: b.destinationAmount,
    ...begin.fields,
    creationTimestamp: ctx.clock.now(),
  });
  begin.start(record(ctx, 'sends', owner, resource));
  return ok(resource);
};

// --- outgoing wire transfers ---

function wireType(beneficiary: object | undefined): 'FASTER_PAYMENTS' | 'SEPA' | 'SWIFT' {
  // Any of the spec's beneficiary shapes, read by the fields that tell the rail.
  type Details = { sortCode?: unknown; accountNumber?: unknown; iban?: unknown };
  const b = beneficiary as (Details & { bankAccountDetails?: Details }) | undefined;
  const details = b?.bankAccountDetails ?? b ?? {};
  if (details.sortCode || details.accountNumber) return 'FASTER_PAYMENTS';
  if (details.iban) return 'SEPA';
  return 'SWIFT';
}

const RAIL_CURRENCY: Record<string, string> = { SEPA: 'EUR', FASTER_PAYMENTS: 'GBP' };

const createWire = (ctx: TypedCtx<'multi', 'outgoingWireTransferCreate'>) => {
  const { owner, b } = creator(ctx, ctx.body, ctx.programme.profiles.outgoingWireTransfers);
  const source = instrumentFor(ctx, b.sourceInstrument, 'SOURCE', owner);
  if (!(b.transferAmount.amount > 0)) throw conflict('AMOUNT_INVALID');
  if (currencyOf(ctx.world, source) !== b.transferAmount.currency) throw conflict('CURRENCY_MISMATCH');
  // SEPA carries euros, Faster Payments pounds (QA: `SendOwt_SepaUnsupportedCurrency_CurrencyMismatch`,
  // `SendOwt_FasterPaymentsUnsupportedCurrency_Conflict`).
  const rail = RAIL_CURRENCY[wireType(b.destinationBeneficiary)];
  if (rail && rail !== b.transferAmount.currency) throw conflict('CURRENCY_MISMATCH');
  checkUsable(source, 'SOURCE');
  // Refused for funds, the transfer is still recorded, `INVALID` (QA: `SendOwt_NoFunds_FundsInsufficient` finds it
  // by its tag), and the call answers 409.
  // The programme's fee counts (QA: `SendOwt_NotEnoughFundsForFee_FundsInsufficient`).
  const fee = transactionFee(ctx.programme, 'outgoingWireTransfer', b.transferAmount.currency);
  const short = available(ctx.world, source) < b.transferAmount.amount + fee;
  const begin = pendingOrExempt(ctx, 'outgoing_wire_transfers', b.transferAmount.amount, 'INVALID');
  const resource = defined({
    ...opening(ctx, b),
    sourceInstrument: b.sourceInstrument,
    transferAmount: b.transferAmount,
    fee: { currency: b.transferAmount.currency, amount: fee },
    purpose: b.purpose,
    description: b.description,
    type: wireType(b.destinationBeneficiary),
    destination: b.destinationBeneficiary,
    ...(short ? { state: 'INVALID' as const } : begin.fields),
    creationTimestamp: ctx.clock.now(),
  });
  const tx = record(ctx, 'outgoing_wire_transfers', owner, resource);
  if (short) throw conflict('FUNDS_INSUFFICIENT');
  begin.start(tx);
  return ok(resource);
};

// --- SCA challenges ---

const isPayment = (tx: TransactionOf<TransactionType>): tx is Payment =>
  tx.type === 'sends' || tx.type === 'outgoing_wire_transfers';

/** A challenge issued for several transactions at once (`POST /challenges/otp/{channel}`). */
export interface Challenge {
  resourceType: string;
  resourceIds: string[];
  /** The identity's id. */
  identity: string;
  verified: boolean;
}

/** A transaction of the caller's identity in `state` (by default: waiting for its OTP), else 404 or 409. */
function pending(ctx: Ctx, type: string, id: string, state = 'PENDING_CHALLENGE'): Payment {
  const tx = ctx.world.transactions.get(id);
  const owner = identityOf(ctx);
  if (!tx || tx.type !== type || !isPayment(tx) || tx.owner.id !== owner.id) throw notFound();
  if (tx.resource.state !== state) throw conflict('STATE_INVALID');
  return tx;
}

/**
 * Issuing a challenge: a send moves from `PENDING` to `PENDING_CHALLENGE` (a second issue is 409 `STATE_INVALID`,
 * QA: `StartVerification_ConsumerCallEndpointTwice_Success`); a wire transfer already waits in `PENDING_CHALLENGE`.
 */
function challengeIssued(ctx: Ctx, type: string, ids: string[]): void {
  const txs = ids.map((id) => pending(ctx, type, id, WAITING[type as keyof typeof WAITING]));
  requireEnrolled(ctx);
  for (const tx of txs) if (tx.resource.state !== 'PENDING_CHALLENGE') moveTo(ctx, tx, 'PENDING_CHALLENGE');
}

function requireEnrolled(ctx: Ctx): void {
  if (!userOf(ctx).otpEnrolled) throw conflict('CHANNEL_NOT_REGISTERED');
}

function issueOne(type: string) {
  return (ctx: Ctx) => {
    challengeIssued(ctx, type, [ctx.path.id as string]);
    return noContent();
  };
}

type VerifyOne = TypedCtx<'multi', 'sendSCAVerify'> | TypedCtx<'multi', 'outgoingWireTransferSCAVerify'>;

function verifyOne(type: string) {
  return (ctx: VerifyOne) => {
    const tx = pending(ctx, type, ctx.path.id as string);
    requireEnrolled(ctx);
    checkCode(ctx.body.verificationCode);
    RESOURCE_COMPLETES[type]?.(ctx, tx);
    return noContent();
  };
}

const issueMany = (ctx: TypedCtx<'multi', 'multipleSCAChallenge'>) => {
  const { resourceType, resourceIds } = ctx.body;
  if (!RESOURCE_COMPLETES[resourceType]) throw conflict('CHANNEL_NOT_SUPPORTED');
  challengeIssued(ctx, resourceType, resourceIds.map(String));
  const scaChallengeId = ctx.world.newId();
  ctx.world.table('challenges').set(scaChallengeId, {
    resourceType,
    resourceIds: resourceIds.map(String),
    identity: identityOf(ctx).id,
    verified: false,
  });
  return ok({ scaChallengeId });
};

const verifyMany = (ctx: TypedCtx<'multi', 'multipleSCAVerify'>) => {
  const challenge = ctx.world.table('challenges').get(ctx.path.scaChallengeId as string);
  // Another resource type than the challenge's is not found (QA: `VerifyOtpChallenges_BadResourceType_NotFound`).
  if (
    !challenge ||
    challenge.identity !== identityOf(ctx).id ||
    challenge.resourceType !== ctx.body.resourceType
  )
    throw notFound();
  if (challenge.verified) throw conflict('STATE_INVALID');
  checkCode(ctx.body.verificationCode);
  challenge.verified = true;
  for (const id of challenge.resourceIds) {
    const tx = ctx.world.transactions.get(id);
    if (tx && isPayment(tx) && tx.resource.state === 'PENDING_CHALLENGE')
      RESOURCE_COMPLETES[challenge.resourceType]?.(ctx, tx);
  }
  return noContent();
};

function cancel(type: 'sends' | 'outgoing_wire_transfers') {
  return (ctx: Ctx) => {
    const tx = transactionOf(ctx, type);
    if (!(['PENDING', 'PENDING_CHALLENGE', 'SCHEDULED'] as const).some((s) => s === tx.resource.state))
      throw conflict('STATE_INVALID');
    moveTo(ctx, tx, 'CANCELLED');
    return noContent();
  };
}

// --- the simulator's decision on a submitted wire transfer ---

function wireOutcome(accept: boolean) {
  return (ctx: Ctx) => {
    const tx = ctx.world.transactions.get(ctx.path.outgoing_wire_transfer_id as string);
    if (!tx || !isType(tx, 'outgoing_wire_transfers')) return ok({ code: 'DENIED_WIRE_TRANSFER_NOT_FOUND' });
    if (tx.resource.state !== 'SUBMITTED') return ok({ code: 'DENIED_WIRE_TRANSFER_ALREADY_COMPLETED' });
    if (accept) moveTo(ctx, tx, 'COMPLETED');
    else {
      // A rejected transfer gives the money back.
      const source = instrumentFor(ctx, tx.resource.sourceInstrument, 'SOURCE');
      post(ctx, source, tx.resource.transferAmount.amount, {
        transactionId: tx.id,
        txType: tx.type,
        entryType: 'ADJUSTMENT',
      });
      tx.resource.rejectedInfo = 'SYSTEM';
      moveTo(ctx, tx, 'REJECTED');
    }
    return ok({ code: 'COMPLETED' });
  };
}

export const paymentHandlers = area({
  multi: {
    sendCreate: createSend,
    sendsGet: (ctx) => listOf(ctx, 'sends', 'send', ['source', 'destination']),
    sendGet: (ctx) => ok(transactionOf(ctx, 'sends').resource),
    sendSingleCancel: cancel('sends'),
    sendSCAChallenge: issueOne('sends'),
    sendSCAVerify: verifyOne('sends'),
    outgoingWireTransferCreate: createWire,
    outgoingWireTransfersGet: (ctx) =>
      listOf(ctx, 'outgoing_wire_transfers', 'transfer', ['sourceInstrument']),
    // Another identity's wire transfer is 403, not 404 (QA: `GetOutgoingWireTransferTests.GetOwt_CrossIdentityChecks_Forbidden`).
    outgoingWireTransferGet: (ctx) =>
      ok(transactionOf(ctx, 'outgoing_wire_transfers', () => forbidden()).resource),
    outgoingWireTransferSingleCancel: cancel('outgoing_wire_transfers'),
    outgoingWireTransferSCAChallenge: issueOne('outgoing_wire_transfers'),
    outgoingWireTransferSCAVerify: verifyOne('outgoing_wire_transfers'),
    multipleSCAChallenge: issueMany,
    multipleSCAVerify: verifyMany,
  },
  simulator: {
    wiretransfers_outgoing_outgoing_wire_transfer_id_accept: wireOutcome(true),
    wiretransfers_outgoing_outgoing_wire_transfer_id_reject: wireOutcome(false),
  },
});
