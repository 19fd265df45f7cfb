import type { Seed } from './seed.js';

/** Fees taken on transactions, by kind: an amount in minor units, or one per currency. */
export interface TransactionFees {
  /** Taken off each simulator deposit. */
  deposit?: number | Record<string, number>;
  /**
   * Taken from the source of each transfer (account or card, either way), on top of the amount moved; the source
   * must hold both (QA: `CreateTransfersTests.TransferFunds_CorporateMaToMa_Success`, source `deposit - amount -
   * MA_TO_MA_TRANSFER_FEE`, destination `amount`; QA's programme has one amount per currency for all four routes).
   */
  transfer?: number | Record<string, number>;
  /**
   * Taken from the source of each send when it executes, on top of the amount moved; the source must hold both, at
   * creation and at execution (QA: `CreateSendsTests.SendFunds_CorporateMaToMa_Success`, `…McToMc…`: source
   * `funded - amount - MA_TO_MA_SEND_FEE`, destination `amount`; one amount per currency for all four routes).
   */
  send?: number | Record<string, number>;
  /**
   * Taken from the source account of each outgoing wire transfer when it is submitted, on top of the amount, and
   * shown as the transfer's `fee`; the account must hold both, else it is recorded `INVALID` and answers 409
   * `FUNDS_INSUFFICIENT` (QA: `SendOutgoingWireTransfersTests.SendOwt_CorporateOtp_Success`: balance `deposit -
   * amount - SEPA_OWT_FEE` or `FASTER_PAYMENTS_OWT_FEE`; `SendOwt_NotEnoughFundsForFee_FundsInsufficient`). SEPA
   * carries euros and Faster Payments pounds, so QA's programme is one amount per currency: `{ EUR: 101, GBP: 102 }`.
   * A rejected transfer gives back the amount, not the fee (QA does not say).
   */
  outgoingWireTransfer?: number | Record<string, number>;
}

/** The profile ids the emulated programme has, one per kind of resource Weavr creates under a profile. */
export interface Profiles {
  corporates: string;
  consumers: string;
  managedAccounts: string;
  managedCards: string;
  transfers: string;
  sends: string;
  outgoingWireTransfers: string;
}

/** The emulator's fixed default profile ids: 18-digit strings tests can rely on. */
export const DEFAULT_PROFILES: Profiles = {
  corporates: '101000000000000011',
  consumers: '101000000000000012',
  managedAccounts: '101000000000000013',
  managedCards: '101000000000000014',
  transfers: '101000000000000015',
  sends: '101000000000000016',
  outgoingWireTransfers: '101000000000000017',
};

/**
 * Multi operations (by operationId) the default programme protects with step-up: a token that has not been
 * stepped up gets `403 STEP_UP_REQUIRED`. This list is the emulator's choice (Weavr's programmes configure it).
 */
export const DEFAULT_STEP_UP_OPERATIONS: readonly string[] = [
  'managedAccountStatement',
  'managedAccountTransactionsGet',
  'managedAccountIBANGet',
  'managedCardPhysicalPinGet',
];

/** The currencies every profile supports unless `currencies` says otherwise: those of Weavr's QA programmes. */
export const DEFAULT_CURRENCIES: readonly string[] = ['EUR', 'GBP', 'USD'];

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /**
   * The port to listen on; `0` picks a free one (read it back from `emu.url`).
   * @default 0
   */
  port?: number;
  /**
   * The interface to listen on.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * The programme's API key (the `api-key` header of Multi and Back-Office, the simulator's `programme-key`).
   * @default a random key, read it from `emu.apiKey`
   */
  apiKey?: string;
  /**
   * The programme's profile ids (a create with another profile id answers `409 PROFILE_NOT_FOUND`).
   * @default DEFAULT_PROFILES
   */
  profiles?: Partial<Profiles>;
  /**
   * The currencies each profile supports: a managed account or prepaid card in another currency answers
   * `409 CURRENCY_NOT_SUPPORTED_BY_PROFILE` (Weavr's QA suite, `CreateManagedAccountTests.
   * CreateManagedAccount_UnknownCurrency_CurrencyNotSupported`). Profiles not named keep the default.
   * @default DEFAULT_CURRENCIES (EUR, GBP, USD) for every profile
   */
  currencies?: Partial<Record<keyof Profiles, readonly string[]>>;
  /**
   * Multi operations (operationIds) that need a stepped-up token.
   * @default DEFAULT_STEP_UP_OPERATIONS
   */
  stepUpOperations?: readonly string[];
  /**
   * What `POST /login_with_password` gives a user of one identity. `'ACCESS'`: a token (`tokenType: ACCESS`) that
   * works as the bearer on every Multi call, as Weavr's QA suite and demo app use it (QA:
   * `CorporateLoginSemiTests.AccessToken_LinkedUserCanUseOnlyAccessToken_Success`). `'AUTH'`: a token that works
   * only on `GET /identities` and `POST /access_token` (elsewhere `403 ACCESS_TOKEN_REQUIRED`), the set-up Weavr's
   * docs describe, where it must be exchanged at `/access_token` first.
   * @default 'ACCESS'
   */
  loginTokenType?: 'ACCESS' | 'AUTH';
  /**
   * How long a user's step-up (SCA) lasts beyond the token it was made with: a new login of the same user within
   * this many milliseconds is stepped up already; after it, the protected operations answer `403
   * STEP_UP_REQUIRED` until the new token steps up (QA: `AbstractManagedAccountsScaTests`, whose programme's window
   * is under 61 s: `GetManagedAccountsStatement_StepUpActive_Success`, `..._StepUpExpired_Forbidden`). `0`: step-up
   * is per token only.
   * @default 60000
   */
  scaWindowMs?: number;
  /**
   * Sends and outgoing wire transfers of at least this amount (minor units) wait for an OTP challenge: a send is
   * created `PENDING` and moves to `PENDING_CHALLENGE` when its challenge is issued, a wire transfer is created
   * `PENDING_CHALLENGE` (QA: `StartSendOtpVerificationTests.StartVerification_Corporate_Success`,
   * `SendOutgoingWireTransfersTests.assertSuccessfulResponse`); smaller ones complete at once
   * (`challengeExemptionReason: LOW_VALUE`). `Infinity` turns challenges off, `0` challenges every one. One number
   * for both, or one per kind (Weavr's QA programme: `{ sends: Infinity, outgoingWireTransfers: 0 }`).
   * @default 3000
   */
  challengeThreshold?: number | { sends?: number; outgoingWireTransfers?: number };
  /**
   * Custom fee types the programme charges (`POST /corporates/fees/charge`, `/consumers/fees/charge`, Back-Office
   * `/fees/charge`): a fixed amount in minor units of the charged instrument's currency, or one amount per currency
   * (Weavr's QA programme: `{ PRINTED_CARD_ACCOUNT_STATEMENT: { EUR: 103, GBP: 108, USD: 106 } }`; a currency
   * without an amount is `409 UNRESOLVED_FEE_TYPE`).
   * @default { PRINTED_CARD_ACCOUNT_STATEMENT: 250 }
   */
  fees?: Record<string, number | Record<string, number>>;
  /**
   * Fees the programme takes on transactions, in minor units of the instrument's currency: one amount, or one per
   * currency. Modelled: `deposit` (a simulator deposit lands less its fee), `transfer`, `send` and
   * `outgoingWireTransfer` (the source pays the amount and the fee). Back-Office statements show the transaction's
   * own amount as `transactionAmount`, the fee as `transactionFee` and `cardholderFee`, and what moved as the
   * balance adjustments (QA, for deposits: `TestHelper.simulateManagedAccountDeposit`,
   * `backoffice/managedaccounts/GetManagedAccountStatementTests.assertSuccessfulResponse`). Weavr's QA programme
   * (`TestHelper.getFees`, `DEPOSIT_FEE`, `MA_TO_MA_TRANSFER_FEE`): `{ deposit: { EUR: 110, GBP: 117, USD: 115 },
   * transfer: { EUR: 100, GBP: 102, USD: 105 }, send: { EUR: 100, GBP: 102, USD: 105 }, outgoingWireTransfer:
   * { EUR: 101, GBP: 102 } }`.
   * @default {} (no fees taken)
   */
  transactionFees?: TransactionFees;
  /**
   * Whether managed accounts and cards need the owner's KYB/KYC approved first (the simulator's
   * `POST /corporates/{id}/verify`, `/consumers/{id}/verify`), as Weavr's sandbox does; otherwise
   * `409 OWNER_IDENTITY_NOT_VERIFIED` (QA: CreateManagedAccountTests `…_OwnerIdentityNotVerified`). `false` lets
   * instruments be created straight after onboarding.
   * @default true
   */
  requireVerification?: boolean;
  /**
   * How fast running bulk processes go: operations executed per second of emulated time (so
   * `emu.clock.advance(ms)` moves them on too). Progress is made when a request arrives.
   * @default 1000
   */
  bulkOperationsPerSecond?: number;
  /**
   * The largest request body accepted; a larger one answers 413.
   * @default 16 MiB (a bulk of 10,000 operations fits)
   */
  maxBodyBytes?: number;
  /**
   * Where webhooks go: each event is POSTed to this URL with the event's path appended
   * (`${webhookUrl}/transfers/watch`). Unset: no webhooks are sent.
   * @default undefined
   */
  webhookUrl?: string;
  /**
   * Card authorisation forwarding: each simulator purchase that passes the card's own checks is first POSTed,
   * signed like a webhook, to this URL with `/managed_cards/authorisation_request` appended; an answer
   * `{ result: 'APPROVED' }` within Weavr's 1.5 s deadline lets it through, `DENIED` declines it
   * (`DENIED_OTHER`), and no answer in time applies the card's `authForwardingDefaultTimeoutDecision` (DECLINE
   * when the card sets none: the emulator's choice). Unset: purchases are decided by the card alone.
   * @default undefined
   */
  cardAuthorisationUrl?: string;
  /**
   * A JSON file the state is loaded from at start and saved to 50 ms after a change and on `close()`: through a
   * temporary file and a rename, so a crash leaves the previous file or the new one, never half of one. A
   * restarted emulator keeps the saved API key unless `apiKey` is given.
   * @default undefined (state lives in memory only)
   */
  stateFile?: string;
  /**
   * Identities, instruments and balances to start with: a `Seed`, or the path of a JSON file holding one (CLI
   * `--seed`). `reset()` returns to the state right after it. Ignored when `stateFile` already holds a state.
   * @default undefined (the emulator starts empty)
   */
  seed?: Seed | string;
  /**
   * The wall clock the emulator starts from (tests can then move it with `emu.clock.advance(ms)`).
   * @default Date.now
   */
  now?: () => number;
}
