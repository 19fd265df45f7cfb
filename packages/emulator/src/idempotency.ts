import * as crypto from 'node:crypto';
import { badRequest, HttpError } from './http-error.js';

/**
 * The longest `idempotency-ref` accepted; longer ones answer 413. Weavr answered 413 to an 8,000-character ref;
 * where between its limit lies is not documented, so this bound is the emulator's own.
 */
export const MAX_IDEMPOTENCY_REF = 1024;

/**
 * Creates whose failed answer is remembered too, so the same ref with another payload is then 400 (QA:
 * `CreateSendsTests.SendFunds_SameIdempotencyRefDifferentPayloadInitialCallFailed_BadRequest`,
 * `SendOutgoingWireTransfersTests.TransferFunds_SameIdempotencyRefDifferentPayloadInitialCallFailed_BadRequest`);
 * for other creates (transfers, instruments) a failed call leaves its ref free (`…InitialCallFailed_Success`).
 */
export const REMEMBERS_FAILURES: ReadonlySet<string> = new Set(['sendCreate', 'outgoingWireTransferCreate']);

type OneShotHash = (algorithm: string, data: string, encoding: 'base64') => string;
/** Node's one-shot `crypto.hash` (Node 20.12 and later) where there is one: no Hash object per call. */
const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;

/** Base64 SHA-256 of `text` (the same digest either way, so saved state files stay readable). */
const sha256 = (text: string): string =>
  oneShot ? oneShot('sha256', text, 'base64') : crypto.createHash('sha256').update(text).digest('base64');

interface Remembered {
  fingerprint: string;
  status: number;
  body: unknown;
}

/**
 * Weavr's idempotency: the same ref with the same payload replays the first answer (nothing happens twice); the
 * same ref with another payload is `400 Payloads do not match for the same idempotency-ref.`; a failed call is
 * not remembered, so its ref can be used again (except for `REMEMBERS_FAILURES`).
 */
export class IdempotencyStore {
  private readonly seen = new Map<string, Remembered>();

  /** The scope of a ref: the API, the operation and who calls it. */
  static key(api: string, operationId: string, caller: string, ref: string): string {
    return `${api}\u0000${operationId}\u0000${caller}\u0000${ref}`;
  }

  static fingerprint(path: Record<string, string>, body: unknown): string {
    return sha256(JSON.stringify([path, body ?? null]));
  }

  static check(ref: string): void {
    if (ref.length > MAX_IDEMPOTENCY_REF) throw new HttpError(413);
  }

  /** The remembered answer for this ref and payload, undefined when the ref is new; 400 on another payload. */
  replay(key: string, fingerprint: string): Remembered | undefined {
    const hit = this.seen.get(key);
    if (!hit) return undefined;
    if (hit.fingerprint !== fingerprint)
      throw badRequest('Payloads do not match for the same idempotency-ref.', 'INVALID_REQUEST');
    return hit;
  }

  remember(key: string, fingerprint: string, status: number, body: unknown): void {
    this.seen.set(key, { fingerprint, status, body });
  }

  clear(): void {
    this.seen.clear();
  }

  entries(): [string, Remembered][] {
    return [...this.seen];
  }

  load(entries: [string, Remembered][]): void {
    this.seen.clear();
    for (const [k, v] of entries) this.seen.set(k, v);
  }
}
