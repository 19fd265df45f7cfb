import type { Ctx } from '../context.js';
import { conflict, notFound } from '../http-error.js';
import { checkFunds, checkUsable, currencyOf, post, transactionFee } from '../money.js';
import { filterByQuery, page } from '../shape.js';
import { area, type TypedCtx } from '../typed.js';
import {
  type EntryType,
  type IdentityRef,
  type Instrument,
  isType,
  type Transaction,
  type TransactionOf,
  type TransactionResources,
  type TransactionType,
} from '../world.js';
import { defined, identityOf, ok } from './common.js';

/**
 * The caller's identity and the body of a create call, once its `profileId` is the programme's `profile`; another
 * profile is `409 PROFILE_NOT_FOUND`, or what `unknownProfile` answers.
 */
export function creator<B extends { profileId: string }>(
  ctx: Ctx,
  body: B,
  profile: string,
  unknownProfile = () => conflict('PROFILE_NOT_FOUND'),
): { owner: IdentityRef; b: B } {
  const owner = identityOf(ctx);
  if (body.profileId !== profile) throw unknownProfile();
  return { owner, b: body };
}

/** The fields a new transaction's resource starts with: a new id, and the body's profile and tag. */
export function opening(ctx: Ctx, b: { profileId: string; tag?: string }) {
  return { id: ctx.world.newId(), profileId: b.profileId, tag: b.tag };
}

/** The body fields a transfer's and a send's resources repeat. */
export function movementFields<
  B extends { source: unknown; destination: unknown; destinationAmount: unknown; description?: string },
>(b: B): Pick<B, 'source' | 'destination' | 'destinationAmount' | 'description'> {
  return {
    source: b.source,
    destination: b.destination,
    destinationAmount: b.destinationAmount,
    description: b.description,
  };
}

/** Stores a new transaction of `type` (the resource's id is its id). */
export function record<T extends 'transfers' | 'sends' | 'outgoing_wire_transfers'>(
  ctx: Ctx,
  type: T,
  owner: IdentityRef,
  resource: TransactionResources[T],
): TransactionOf<T> {
  // `{ type, …, resource }` is the transaction of `T` (TypeScript does not relate the two through `T`).
  const tx = { type, id: resource.id, owner, resource } as Transaction;
  ctx.world.transactions.set(tx.id, tx);
  return tx as TransactionOf<T>;
}

/** An instrument named in a transaction body, or 409 `<side>_NOT_FOUND`. */
export function instrumentFor(
  ctx: Ctx,
  ref: { id: string; type: string },
  side: 'SOURCE' | 'DESTINATION',
  owner?: IdentityRef,
): Instrument {
  const i = ctx.world.instruments.get(String(ref.id));
  if (!i || i.kind !== ref.type || (owner && i.owner.id !== owner.id)) throw conflict(`${side}_NOT_FOUND`);
  return i;
}

/** The checks transfers and sends share: amount, currencies, states, debit cards, funds. */
export function checkMovement(
  ctx: Ctx,
  source: Instrument,
  dest: Instrument | undefined,
  amount: { currency: string; amount: number },
  fee = 0,
): void {
  if (dest?.id === source.id) throw conflict('SOURCE_AND_DESTINATION_MUST_BE_DIFFERENT');
  if (!(amount.amount > 0)) throw conflict('AMOUNT_INVALID');
  if (isDebitCard(source)) throw conflict('SOURCE_CANNOT_BE_DEBIT_MODE_CARD');
  if (dest && isDebitCard(dest)) throw conflict('DESTINATION_CANNOT_BE_DEBIT_MODE_CARD');
  if (
    currencyOf(ctx.world, source) !== amount.currency ||
    (dest && currencyOf(ctx.world, dest) !== amount.currency)
  )
    throw conflict('CURRENCY_MISMATCH');
  checkUsable(source, 'SOURCE');
  if (dest) checkUsable(dest, 'DESTINATION');
  checkFunds(ctx.world, source, amount.amount + fee);
}

const isDebitCard = (i: Instrument) => i.kind === 'managed_cards' && i.resource.mode === 'DEBIT_MODE';

/**
 * Debits the source (the amount and the programme's `fee`) and credits the destination (the amount) of a completed
 * transaction, one ledger entry each.
 */
export function settle(
  ctx: Ctx,
  tx: TransactionOf<'transfers' | 'sends' | 'outgoing_wire_transfers'>,
  source: Instrument,
  dest: Instrument | undefined,
  amount: number,
  entryType: EntryType,
  fee = 0,
): void {
  post(ctx, source, -(amount + fee), {
    transactionId: tx.id,
    txType: tx.type,
    entryType,
    description: tx.resource.description,
    ...(fee ? { fee } : {}),
  });
  if (dest)
    post(ctx, dest, amount, {
      transactionId: tx.id,
      txType: tx.type,
      entryType,
      description: tx.resource.description,
    });
  tx.resource.executionTimestamp = String(ctx.clock.now());
}

type TransferCreate = TypedCtx<'multi', 'transferCreate'> | TypedCtx<'backoffice', 'transferCreate'>;

const create = (ctx: TransferCreate) => {
  // An unknown transfer profile is 404, not the spec's 409 (QA: `TransferFunds_UnknownProfileId_NotFound`).
  const { owner, b } = creator(ctx, ctx.body, ctx.programme.profiles.transfers, () => notFound());
  const source = instrumentFor(ctx, b.source, 'SOURCE', owner);
  const dest = instrumentFor(ctx, b.destination, 'DESTINATION', owner);
  const fee = transactionFee(ctx.programme, 'transfer', b.destinationAmount.currency);
  checkMovement(ctx, source, dest, b.destinationAmount, fee);
  const resource = defined({
    ...opening(ctx, b),
    ...movementFields(b),
    state: 'COMPLETED' as const,
    creationTimestamp: ctx.clock.now(),
  });
  const tx = record(ctx, 'transfers', owner, resource);
  settle(ctx, tx, source, dest, b.destinationAmount.amount, 'TRANSFER', fee);
  ctx.emit('/transfers/watch', resource);
  return ok(resource);
};

/** Transactions of the caller's identity of one type, newest first, filtered by the list's query. */
export function listOf<T extends 'transfers' | 'sends' | 'outgoing_wire_transfers', F extends string>(
  ctx: Ctx,
  type: T,
  field: F,
  instrumentFields: (keyof TransactionResources[T] & ('source' | 'destination' | 'sourceInstrument'))[],
) {
  const mine = ctx.world
    .ownedBy(ctx.world.transactions.values(), identityOf(ctx))
    .filter((t) => t.type === type);
  // Filtered by type above (TypeScript does not narrow a union through a type parameter).
  let resources = mine.map((t) => t.resource as TransactionResources[T]);
  // The query passed the operation's schema: `instrumentId` (or `instrument`) is `{ id, type }` when given.
  const { instrumentId, instrument, ...rest } = ctx.query as {
    instrumentId?: { id?: unknown };
    instrument?: { id?: unknown };
    executedFrom?: unknown;
    executedTo?: unknown;
  };
  const wanted = instrumentId ?? instrument;
  if (wanted?.id)
    resources = resources.filter((r) =>
      instrumentFields.some((f) => (r[f] as { id?: string } | undefined)?.id === String(wanted.id)),
    );
  const { executedFrom, executedTo, ...filters } = rest;
  if (executedFrom !== undefined)
    resources = resources.filter((r) => Number(r.executionTimestamp) >= Number(executedFrom));
  if (executedTo !== undefined)
    resources = resources.filter((r) => Number(r.executionTimestamp) <= Number(executedTo));
  return ok(page(field, filterByQuery(resources, filters), ctx.query));
}

/** One transaction of the caller's identity; 404 when unknown, `othersAnswer` when another identity's. */
export function transactionOf<T extends TransactionType>(
  ctx: Ctx,
  type: T,
  othersAnswer = () => notFound(),
): TransactionOf<T> {
  const tx: Transaction | undefined = ctx.world.transactions.get(ctx.path.id as string);
  const owner = ctx.caller.identity;
  if (!tx || !isType(tx, type)) throw notFound();
  if (owner && tx.owner.id !== owner.id) throw othersAnswer();
  return tx;
}

const list = (ctx: Ctx) => listOf(ctx, 'transfers', 'transfer', ['source', 'destination']);
const get = (ctx: Ctx) => ok(transactionOf(ctx, 'transfers').resource);

export const transferHandlers = area({
  multi: { transferCreate: create, transfersGet: list, transferGet: get },
  backoffice: { transferCreate: create, transfersGet: list, transferGet: get },
});
