/**
 * A seed: identities, instruments and balances the emulator starts with (`startEmulator({ seed })`,
 * `weavr-emulator --seed seed.json`, `POST /_emulator/seed`). Each is made through the same operations a client
 * would call (create, verify the email, set the password, KYB/KYC approval, create instruments, simulator
 * deposit, transfer), so a seeded identity is exactly what onboarding through the API makes.
 */
import { readFileSync } from 'node:fs';
import type { Caller } from './context.js';
import type { runOperation } from './dispatch.js';
import type { TransactionFees } from './options.js';
import type { Consumer, Corporate, ManagedAccount, ManagedCard } from './resources.js';
import type { IdentityType, User } from './world.js';

/** A managed account to create, with the money it starts with. */
export interface SeedAccount {
  /** A name to find its id by in the seed's result. */
  ref?: string;
  /** ISO 4217 code. */
  currency: string;
  /** @default the ref, or 'Seeded account' */
  friendlyName?: string;
  /**
   * Deposited through the simulator, in minor units.
   * @default 0
   */
  balance?: number;
}

/** A managed card to create: prepaid (with its own balance) or debit (spending a seeded account's). */
export interface SeedCard {
  ref?: string;
  /** @default 'PREPAID_MODE' */
  mode?: 'PREPAID_MODE' | 'DEBIT_MODE';
  /** Prepaid cards: ISO 4217 code. */
  currency?: string;
  /** Debit cards: the `ref` of the owner's seeded account it spends from. */
  parentAccount?: string;
  /** @default the ref, or 'Seeded card' */
  friendlyName?: string;
  /** @default the identity's name */
  nameOnCard?: string;
  /**
   * Prepaid cards, minor units: moved by a transfer from the owner's first seeded account in the card's currency
   * (deposited there first, so the account keeps its own `balance`), as money reaches a card on Weavr.
   * @default 0
   */
  balance?: number;
}

/** A corporate or consumer with a root user who can sign in. */
export interface SeedIdentity {
  ref?: string;
  /** The root user's email (unique across the emulator). */
  email: string;
  /**
   * The root user's password; without one the user exists but cannot sign in.
   * @default undefined
   */
  password?: string;
  /** Corporates: the company name; consumers: `Name Surname`. @default the ref, or 'Seeded' */
  name?: string;
  /** @default 'EUR' */
  baseCurrency?: string;
  /**
   * Whether KYB (corporates) or KYC (consumers) is approved, through the simulator.
   * @default true
   */
  verified?: boolean;
  /** Fields merged over the emulator's default create body (`POST /corporates`, `/consumers`). */
  create?: Record<string, unknown>;
  managedAccounts?: SeedAccount[];
  managedCards?: SeedCard[];
}

/** The seed file's shape. */
export interface Seed {
  corporates?: SeedIdentity[];
  consumers?: SeedIdentity[];
}

/** What a seed made: ids by the refs the seed gave (identities without a ref are listed by email). */
export interface Seeded {
  corporates: Record<string, { id: string; rootUserId: string; email: string }>;
  consumers: Record<string, { id: string; rootUserId: string; email: string }>;
  managedAccounts: Record<string, string>;
  managedCards: Record<string, string>;
}

/** `runOperation`'s arguments after the engine: the API, method, path template, caller, path values, body. */
type RunArgs = Parameters<typeof runOperation> extends [unknown, ...infer R] ? R : never;

/** Runs one operation as a client would, for a caller; a refusal stops the seed. */
export type Run = (...args: RunArgs) => ReturnType<typeof runOperation>;

export const emptySeeded = (): Seeded => ({
  corporates: {},
  consumers: {},
  managedAccounts: {},
  managedCards: {},
});

/** Reads a seed file (JSON), naming the file when it cannot. */
export function readSeed(file: string): Seed {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(
      `seed: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  try {
    return JSON.parse(text) as Seed;
  } catch (e) {
    throw new Error(`seed: ${file} is not JSON: ${(e as Error).message}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkFields(at: string, v: unknown, fields: Record<string, string>): Record<string, unknown> {
  if (!isObject(v)) throw new TypeError(`seed: ${at} must be an object`);
  for (const [k, value] of Object.entries(v)) {
    const want = fields[k];
    if (!want)
      throw new TypeError(`seed: ${at}.${k} is not a seed field (fields: ${Object.keys(fields).join(', ')})`);
    const ok =
      want === 'array'
        ? Array.isArray(value)
        : want === 'object'
          ? isObject(value)
          : want === 'amount'
            ? Number.isSafeInteger(value) && (value as number) >= 0
            : typeof value === want;
    if (!ok)
      throw new TypeError(
        `seed: ${at}.${k} must be ${want === 'amount' ? 'a whole number ≥ 0 (minor units)' : `a${want === 'object' || want === 'array' ? 'n' : ''} ${want}`}`,
      );
  }
  return v;
}

const ACCOUNT_FIELDS = { ref: 'string', currency: 'string', friendlyName: 'string', balance: 'amount' };
const CARD_FIELDS = {
  ref: 'string',
  mode: 'string',
  currency: 'string',
  parentAccount: 'string',
  friendlyName: 'string',
  nameOnCard: 'string',
  balance: 'amount',
};
const IDENTITY_FIELDS = {
  ref: 'string',
  email: 'string',
  password: 'string',
  name: 'string',
  baseCurrency: 'string',
  verified: 'boolean',
  create: 'object',
  managedAccounts: 'array',
  managedCards: 'array',
};

/** Checks a seed's shape before anything is made, naming the first wrong field (never quoting a password). */
export function checkSeed(seed: unknown): Seed {
  const s = checkFields('seed', seed, { corporates: 'array', consumers: 'array' }) as Seed;
  for (const kind of ['corporates', 'consumers'] as const)
    (s[kind] ?? []).forEach((identity, i) => {
      const at = `${kind}[${i}]`;
      checkFields(at, identity, IDENTITY_FIELDS);
      if (typeof identity.email !== 'string') throw new TypeError(`seed: ${at}.email is required`);
      (identity.managedAccounts ?? []).forEach((a, j) => {
        checkFields(`${at}.managedAccounts[${j}]`, a, ACCOUNT_FIELDS);
        if (typeof a.currency !== 'string')
          throw new TypeError(`seed: ${at}.managedAccounts[${j}].currency is required`);
      });
      (identity.managedCards ?? []).forEach((c, j) => {
        const cat = `${at}.managedCards[${j}]`;
        checkFields(cat, c, CARD_FIELDS);
        const mode = c.mode ?? 'PREPAID_MODE';
        if (mode !== 'PREPAID_MODE' && mode !== 'DEBIT_MODE')
          throw new TypeError(`seed: ${cat}.mode must be 'PREPAID_MODE' or 'DEBIT_MODE'`);
        if (mode === 'PREPAID_MODE' && typeof c.currency !== 'string')
          throw new TypeError(`seed: ${cat}.currency is required for a prepaid card`);
        if (mode === 'DEBIT_MODE') {
          if (!identity.managedAccounts?.some((a) => a.ref !== undefined && a.ref === c.parentAccount))
            throw new TypeError(`seed: ${cat}.parentAccount must be the ref of one of ${at}.managedAccounts`);
          if (c.balance)
            throw new TypeError(`seed: ${cat}.balance: a debit card spends its account's balance`);
        }
      });
    });
  return s;
}

const BILLING = { addressLine1: '1 Seed Street', city: 'London', postCode: 'N1 9GU', country: 'GB' };

/** Makes everything a (checked) seed describes, in order; stops at the first refusal, saying which step. */
export function applySeed(
  seed: Seed,
  run: Run,
  profiles: Record<string, string>,
  users: (id: string) => User | undefined,
  into: Seeded,
  /**
   * The programme's fee on a deposit or transfer in a currency: seeded deposits add the fees of their deposit and of
   * a card's funding transfer, so a seeded balance is what lands and the account keeps its own.
   */
  feeOn: (kind: keyof TransactionFees, currency: string) => number = () => 0,
): void {
  /** Runs one operation; its answer, of type `T`, was checked by the dispatcher against the operation's schema. */
  const step = <T = unknown>(what: string, ...args: RunArgs): T => {
    const [api, method, template] = args;
    const out = run(...args);
    if (out.status < 200 || out.status >= 300)
      throw new Error(
        `seed: ${what}: ${method} ${template} answered ${out.status} ${JSON.stringify(out.body ?? '')}`,
      );
    // The simulator answers 200 with a code; anything but COMPLETED is a refusal.
    const code = (out.body as { code?: unknown } | undefined)?.code;
    if (api === 'simulator' && code !== undefined && code !== 'COMPLETED')
      throw new Error(`seed: ${what}: ${method} ${template} answered ${code}`);
    return out.body as T;
  };

  for (const type of ['CORPORATE', 'CONSUMER'] as IdentityType[]) {
    const kind = type === 'CORPORATE' ? 'corporates' : 'consumers';
    (seed[kind] ?? []).forEach((s, i) => {
      const at = `${kind}[${i}]`;
      const name = s.name ?? s.ref ?? 'Seeded';
      const currency = s.baseCurrency ?? 'EUR';
      const [first, ...rest] = name.split(' ');
      const base =
        type === 'CORPORATE'
          ? {
              profileId: profiles.corporates,
              rootUser: {
                name: 'Seeded',
                surname: 'Owner',
                email: s.email,
                mobile: { countryCode: '+44', number: '7700900000' },
                companyPosition: 'DIRECTOR',
              },
              company: { name, type: 'LLC', registrationCountry: 'GB' },
              ipAddress: '192.0.2.1',
              baseCurrency: currency,
              acceptedTerms: true,
            }
          : {
              profileId: profiles.consumers,
              rootUser: {
                name: first || 'Seeded',
                surname: rest.join(' ') || 'Consumer',
                email: s.email,
                mobile: { countryCode: '+44', number: '7700900000' },
                dateOfBirth: { year: 1990, month: 1, day: 1 },
                address: { addressLine1: '1 Seed Street', city: 'London', postCode: 'N1 1AA', country: 'GB' },
              },
              ipAddress: '192.0.2.1',
              baseCurrency: currency,
              acceptedTerms: true,
            };
      const identity = step<Corporate | Consumer>(
        `${at} create`,
        'multi',
        'POST',
        `/${kind}`,
        {},
        {},
        { ...base, ...s.create },
      );
      const email = identity.rootUser.email as string;
      step(`${at} email`, 'multi', 'POST', `/${kind}/verification/email/send`, {}, {}, { email });
      step(
        `${at} email`,
        'multi',
        'POST',
        `/${kind}/verification/email/verify`,
        {},
        {},
        {
          email,
          verificationCode: '123456',
        },
      );
      const rootUserId = identity.rootUser.id.id as string;
      if (s.password !== undefined)
        step(
          `${at} password`,
          'multi',
          'POST',
          '/passwords/{user_id}/create',
          {},
          { user_id: rootUserId },
          {
            password: { value: s.password },
          },
        );
      if (s.verified ?? true) {
        const param = type === 'CORPORATE' ? 'corporate_id' : 'consumer_id';
        step(
          `${at} verify`,
          'simulator',
          'POST',
          `/${kind}/{${param}}/verify`,
          {},
          { [param]: identity.id.id },
          undefined,
        );
      }
      into[kind][s.ref ?? email] = { id: identity.id.id, rootUserId, email };
      // Instruments are created as the root user signed in would create them.
      const user = users(rootUserId);
      const owner: Caller = { identity: { type, id: identity.id.id }, ...(user ? { user } : {}) };
      const accounts = new Map<string, { id: string; currency: string }>();
      (s.managedAccounts ?? []).forEach((a, j) => {
        const aat = `${at}.managedAccounts[${j}]`;
        const account = step<ManagedAccount>(
          aat,
          'multi',
          'POST',
          '/managed_accounts',
          owner,
          {},
          {
            profileId: profiles.managedAccounts,
            friendlyName: a.friendlyName ?? a.ref ?? 'Seeded account',
            currency: a.currency,
          },
        );
        accounts.set(a.ref ?? account.id, { id: account.id, currency: a.currency });
        if (a.ref !== undefined) into.managedAccounts[a.ref] = account.id;
        if (a.balance) deposit(aat, account.id, a.currency, a.balance);
      });
      (s.managedCards ?? []).forEach((c, j) => {
        const cat = `${at}.managedCards[${j}]`;
        const common = {
          profileId: profiles.managedCards,
          friendlyName: c.friendlyName ?? c.ref ?? 'Seeded card',
          nameOnCard: c.nameOnCard ?? name,
          billingAddress: BILLING,
        };
        const body =
          c.mode === 'DEBIT_MODE'
            ? {
                ...common,
                mode: 'DEBIT_MODE',
                parentManagedAccountId: accounts.get(c.parentAccount as string)?.id,
              }
            : { ...common, mode: 'PREPAID_MODE', currency: c.currency };
        const card = step<ManagedCard>(cat, 'multi', 'POST', '/managed_cards', owner, {}, body);
        if (c.ref !== undefined) into.managedCards[c.ref] = card.id;
        if (!c.balance) return;
        const from = [...accounts.values()].find((a) => a.currency === c.currency);
        if (!from)
          throw new Error(
            `seed: ${cat}.balance: the card is funded by a transfer from a seeded ${c.currency} account of ${at}; add one`,
          );
        deposit(cat, from.id, c.currency as string, c.balance + feeOn('transfer', c.currency as string));
        step(
          `${cat} funding transfer`,
          'multi',
          'POST',
          '/transfers',
          owner,
          {},
          {
            profileId: profiles.transfers,
            source: { type: 'managed_accounts', id: from.id },
            destination: { type: 'managed_cards', id: card.id },
            destinationAmount: { currency: c.currency, amount: c.balance },
          },
        );
      });
    });
  }

  function deposit(at: string, accountId: string, currency: string, amount: number) {
    step(
      `${at} deposit`,
      'simulator',
      'POST',
      '/accounts/{account_id}/deposit',
      {},
      { account_id: accountId },
      {
        depositAmount: { currency, amount: amount + feeOn('deposit', currency) },
      },
    );
  }
}
