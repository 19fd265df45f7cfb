import type { Ctx } from '../context.js';
import { notFound } from '../http-error.js';
import { textPdf } from '../pdf.js';
import { page } from '../shape.js';
import { area } from '../typed.js';
import type { Instrument, LedgerEntry } from '../world.js';
import { ok } from './common.js';

/** Statements list up to 500 entries a page (lists of other things: 100). */
const STATEMENT_CAP = 500;

function instrumentOf(ctx: Ctx, kind: Instrument['kind']): Instrument {
  return ctx.world.instrument(kind, ctx.path.id as string, ctx.caller.identity);
}

interface Period {
  from?: number;
  to?: number;
  /** Only entries of these types: the spec's transaction types (`transfers`, `fees`, …) or, on Back-Office, entry types (`TRANSFER`, `CHARGE_FEE`, …). */
  types?: { field: 'txType' | 'entryType'; values: string[] };
  order: 'ASC' | 'DESC';
}

/**
 * The current parameters (`startPeriod`, `endPeriod`, `sortOrder`, `transaction.type`) and Back-Office's older
 * ones (`fromTimestamp`, `toTimestamp`, `orderByTimestamp`, `statementTransactionType`).
 */
function periodOf(q: Record<string, unknown>): Period {
  const num = (v: unknown) => (v === undefined ? undefined : Number(v));
  const list = (v: unknown) => (Array.isArray(v) ? v : [v]).map(String);
  const types =
    q['transaction.type'] !== undefined
      ? { field: 'txType' as const, values: list(q['transaction.type']) }
      : q.statementTransactionType !== undefined
        ? { field: 'entryType' as const, values: list(q.statementTransactionType) }
        : undefined;
  return {
    from: num(q.startPeriod ?? q.fromTimestamp),
    to: num(q.endPeriod ?? q.toTimestamp),
    ...(types ? { types } : {}),
    order: (q.sortOrder ?? q.orderByTimestamp) === 'ASC' ? 'ASC' : 'DESC',
  };
}

/** The ledger of one instrument over a period: opening and closing balances and the matching entries. */
export function statementOf(ctx: Ctx, inst: Instrument, p: Period) {
  const all = ctx.world.ledger.get(inst.id) ?? [];
  const before = all.filter((e) => p.from !== undefined && e.timestamp < p.from).at(-1);
  const inPeriod = all.filter(
    (e) => (p.from === undefined || e.timestamp >= p.from) && (p.to === undefined || e.timestamp <= p.to),
  );
  const opening = before?.balanceAfter ?? (inPeriod[0] ? inPeriod[0].balanceAfter - inPeriod[0].amount : 0);
  const closing = inPeriod.at(-1)?.balanceAfter ?? opening;
  const types = p.types;
  let entries = types ? inPeriod.filter((e) => types.values.includes(e[types.field])) : inPeriod;
  if (p.order === 'DESC') entries = [...entries].reverse();
  const currency = inst.resource.currency as string;
  return { currency, opening, closing, entries };
}

const money = (currency: string, amount: number) => ({ currency, amount });

function entryJson(e: LedgerEntry) {
  return {
    entryId: e.entryId,
    transaction: { id: e.transactionId, type: e.txType },
    ...(e.description ? { description: e.description } : {}),
    timestamp: e.timestamp,
    balanceAdjustment: money(e.currency, e.amount),
    balanceAfter: money(e.currency, e.balanceAfter),
  };
}

function formatAmount(minor: number): string {
  return (minor / 100).toFixed(2);
}

const CSV_HEADER = 'entryId,timestamp,transactionType,transactionId,description,currency,amount,balanceAfter';

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * The first medium the `accept` header lists that the operation offers (JSON, PDF or CSV); JSON when it lists none
 * of them. `application/json, text/csv` is JSON (QA: `GetManagedAccountStatement_JsonAndCsvInAcceptHeader_DefaultToJsonSuccess`).
 */
function mediumOf(ctx: Ctx): string {
  const listed = (ctx.headers.accept ?? '').split(',').map((m) => m.split(';')[0]?.trim() ?? '');
  return listed.find((m) => ctx.op.success.media.includes(m)) ?? 'application/json';
}

/** The statement as the `accept` header asks, among the media the operation offers: JSON, PDF or CSV. */
function render<B>(ctx: Ctx, inst: Instrument, json: (s: ReturnType<typeof statementOf>) => B) {
  const s = statementOf(ctx, inst, periodOf(ctx.query));
  const medium = mediumOf(ctx);
  if (medium === 'application/pdf') {
    const lines = [
      `Opening balance: ${s.currency} ${formatAmount(s.opening)}`,
      ...s.entries.map(
        (e) =>
          `${new Date(e.timestamp).toISOString()}  ${e.entryType.padEnd(16)} ${formatAmount(e.amount).padStart(12)}  balance ${formatAmount(e.balanceAfter)}  ${e.description ?? ''}`,
      ),
      `Closing balance: ${s.currency} ${formatAmount(s.closing)}`,
    ];
    return {
      raw: {
        type: 'application/pdf',
        data: textPdf(`Statement of ${inst.kind.replace('_', ' ')} ${inst.id}`, lines),
      },
    };
  }
  if (medium === 'text/csv') {
    const rows = s.entries.map((e) =>
      [
        e.entryId,
        String(e.timestamp),
        e.entryType,
        e.transactionId,
        e.description ?? '',
        e.currency,
        String(e.amount),
        String(e.balanceAfter),
      ]
        .map(csvCell)
        .join(','),
    );
    return { raw: { type: 'text/csv', data: `${[CSV_HEADER, ...rows].join('\n')}\n` } };
  }
  return ok(json(s));
}

function multiStatement(kind: Instrument['kind']) {
  return (ctx: Ctx) =>
    render(ctx, instrumentOf(ctx, kind), (s) => {
      // Only the page's entries are shaped, not the whole ledger's.
      const one = page('entries', s.entries, ctx.query, STATEMENT_CAP);
      return {
        openingBalance: money(s.currency, s.opening),
        closingBalance: money(s.currency, s.closing),
        ...one,
        entries: one.entries.map(entryJson),
      };
    });
}

/** Back-Office statements keep the older shape: `entry`, `startBalance`, `endBalance`. */
function backofficeStatement(kind: Instrument['kind']) {
  return (ctx: Ctx) =>
    render(ctx, instrumentOf(ctx, kind), (s) => {
      const entries = s.entries.map((e) => ({
        transactionId: { type: e.entryType, id: e.transactionId },
        entryState: 'COMPLETED' as const,
        // The transaction's own amount, before the fee taken out of the adjustment (QA: multi/managedaccounts/
        // GetManagedAccountStatementTests.assertSuccessfulResponse: deposit 1000, adjustment 1000 - DEPOSIT_FEE).
        transactionAmount: money(e.currency, Math.abs(e.amount + (e.fee ?? 0))),
        availableBalanceAdjustment: money(e.currency, e.amount),
        actualBalanceAdjustment: money(e.currency, e.amount),
        balanceAfter: money(e.currency, e.balanceAfter),
        availableBalanceAfter: money(e.currency, e.balanceAfter),
        actualBalanceAfter: money(e.currency, e.balanceAfter),
        ...(e.fee
          ? { transactionFee: money(e.currency, e.fee), cardholderFee: money(e.currency, e.fee) }
          : {}),
        processedTimestamp: e.timestamp,
      }));
      const limit = ctx.query.limit ?? ctx.query.statementLimit;
      return {
        ...page('entry', entries, { offset: ctx.query.offset, limit }, STATEMENT_CAP),
        startBalance: money(s.currency, s.opening),
        endBalance: money(s.currency, s.closing),
      };
    });
}

// --- transaction activity (`GET /managed_*/{id}/transactions`) ---

function activity(e: LedgerEntry) {
  return {
    id: e.transactionId,
    type: e.txType,
    status: 'COMPLETED' as const,
    direction: e.amount < 0 ? ('DEBIT' as const) : ('CREDIT' as const),
    amount: money(e.currency, Math.abs(e.amount)),
    creationTimestamp: e.timestamp,
    lastUpdatedTimestamp: e.timestamp,
  };
}

function activities(ctx: Ctx, kind: Instrument['kind']) {
  // The query passed the operation's schema (its arrays parsed, its timestamps numbers).
  const q = ctx.query as {
    type?: string | readonly string[];
    status?: string | readonly string[];
    direction?: string;
    creationTimestampFrom?: number;
    creationTimestampTo?: number;
    sortOrder?: string;
  };
  let list = (ctx.world.ledger.get(instrumentOf(ctx, kind).id) ?? []).map(activity);
  const { type, status, creationTimestampFrom: from, creationTimestampTo: to } = q;
  if (type) list = list.filter((a) => type.includes(a.type));
  if (status) list = list.filter((a) => status.includes(a.status));
  if (q.direction) list = list.filter((a) => a.direction === q.direction);
  if (from !== undefined) list = list.filter((a) => a.creationTimestamp >= from);
  if (to !== undefined) list = list.filter((a) => a.creationTimestamp <= to);
  return q.sortOrder === 'ASC' ? list : list.reverse();
}

function transactionList(kind: Instrument['kind']) {
  return (ctx: Ctx) => ok(page('transactions', activities(ctx, kind), ctx.query));
}

function transactionOne(kind: Instrument['kind']) {
  return (ctx: Ctx) => {
    const found = activities(ctx, kind).find((a) => a.id === ctx.path.transactionId);
    if (!found) throw notFound();
    return ok(found);
  };
}

export const statementHandlers = area({
  multi: {
    managedAccountStatement: multiStatement('managed_accounts'),
    managedCardStatement: multiStatement('managed_cards'),
    managedAccountTransactionsGet: transactionList('managed_accounts'),
    managedCardTransactionsGet: transactionList('managed_cards'),
    managedAccountTransactionGet: transactionOne('managed_accounts'),
    managedCardTransactionGet: transactionOne('managed_cards'),
  },
  backoffice: {
    managedAccountStatement: backofficeStatement('managed_accounts'),
    managedCardStatement: backofficeStatement('managed_cards'),
  },
});
