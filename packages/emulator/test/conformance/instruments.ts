/**
 * Instruments for the conformance tests, as the QA suite's `ManagedAccountsHelper` / `ManagedCardsHelper` /
 * `TransfersHelper` make them: created through the identity's own token, funded through the simulator.
 */
import type { Emulator } from '../../src/index.js';
import { clients } from '../helpers.js';
import { type Onboarded, raw } from './onboard.js';

/** `AddressModel.DefaultAddressModel().setCountry(CountryCode.MT)`. */
export const ADDRESS = {
  addressLine1: '1 Test Street',
  city: 'Valletta',
  postCode: 'VLT1000',
  country: 'MT',
};

/** `CreateManagedAccountModel.DefaultCreateManagedAccountModel(profile, currency)`. */
export function accountBody(emu: Emulator, currency = 'EUR') {
  return {
    profileId: emu.profiles.managedAccounts,
    friendlyName: `Account ${currency}`,
    tag: `tag${Date.now() % 100_000}`,
    currency,
  };
}

/** `CreateManagedCardModel.DefaultCreatePrepaidManagedCardModel(profile, currency)`. */
export function prepaidBody(emu: Emulator, currency = 'EUR') {
  return {
    profileId: emu.profiles.managedCards,
    friendlyName: 'Prepaid',
    tag: 'prepaid',
    nameOnCard: 'Ada-Lovelace',
    cardholderMobileNumber: '+35679123456',
    billingAddress: ADDRESS,
    digitalWallets: { walletsEnabled: false },
    mode: 'PREPAID_MODE' as const,
    currency,
  };
}

/** `CreateManagedCardModel.DefaultCreateDebitManagedCardModel(profile, parentManagedAccountId)`. */
export function debitBody(emu: Emulator, parentManagedAccountId: string) {
  const { currency: _none, ...rest } = prepaidBody(emu);
  return {
    ...rest,
    friendlyName: 'Debit',
    tag: 'debit',
    mode: 'DEBIT_MODE' as const,
    parentManagedAccountId,
  };
}

/** `ManagedAccountsHelper.createManagedAccount`: the new account's id. */
export async function account(emu: Emulator, who: Onboarded, currency = 'EUR'): Promise<string> {
  const { data } = await who.multi.POST('/managed_accounts', {
    body: accountBody(emu, currency),
    throwOnError: true,
  });
  return data.id;
}

/** `SimulatorHelper.simulateDeposit` (`TestHelper.simulateManagedAccountDeposit`). */
export async function deposit(emu: Emulator, accountId: string, amount: number, currency = 'EUR') {
  await clients(emu).simulator.POST('/accounts/{account_id}/deposit', {
    params: { path: { account_id: accountId as unknown as number } },
    body: { depositAmount: { currency, amount } },
    throwOnError: true,
  });
}

/** `ManagedAccountsHelper.createFundedManagedAccount`. */
export async function fundedAccount(emu: Emulator, who: Onboarded, amount = 10_000, currency = 'EUR') {
  const id = await account(emu, who, currency);
  await deposit(emu, id, amount, currency);
  return id;
}

/** `ManagedCardsHelper.createPrepaidManagedCard`. */
export async function prepaidCard(emu: Emulator, who: Onboarded, currency = 'EUR'): Promise<string> {
  const { data } = await who.multi.POST('/managed_cards', {
    body: prepaidBody(emu, currency),
    throwOnError: true,
  });
  return data.id;
}

/** `ManagedCardsHelper.createDebitManagedCard`. */
export async function debitCard(emu: Emulator, who: Onboarded, parent: string): Promise<string> {
  const { data } = await who.multi.POST('/managed_cards', {
    body: debitBody(emu, parent),
    throwOnError: true,
  });
  return data.id;
}

/** `TransfersHelper.fundManagedCard`: a prepaid card loaded by a transfer from a newly funded account. */
export async function fundedCard(emu: Emulator, who: Onboarded, amount = 5_000, currency = 'EUR') {
  const card = await prepaidCard(emu, who, currency);
  const from = await fundedAccount(emu, who, amount, currency);
  await who.multi.POST('/transfers', {
    body: {
      profileId: emu.profiles.transfers,
      source: { type: 'managed_accounts', id: from },
      destination: { type: 'managed_cards', id: card },
      destinationAmount: { currency, amount },
    },
    throwOnError: true,
  });
  return card;
}

export type Kind = 'managed_accounts' | 'managed_cards';

/** The four routes QA's transfer and send tests take (`…_CorporateMaToMa_Success`, …): name, source, destination. */
export const ROUTES = [
  ['CorporateMaToMa', 'managed_accounts', 'managed_accounts'],
  ['CorporateMcToMc', 'managed_cards', 'managed_cards'],
  ['CorporateMcToMa', 'managed_cards', 'managed_accounts'],
  ['CorporateMaToMc', 'managed_accounts', 'managed_cards'],
] as const;

/** Blocks, unblocks or removes an instrument through the owner's token. */
export async function setState(
  who: Onboarded,
  kind: Kind,
  id: string,
  action: 'block' | 'unblock' | 'remove',
) {
  const path = `/${kind}/{id}/${action}` as '/managed_accounts/{id}/block';
  await who.multi.POST(path, { params: { path: { id } }, throwOnError: true });
}

/** The instrument as its owner reads it. */
export async function read(who: Onboarded, kind: Kind, id: string) {
  const { data } = await who.multi.GET(`/${kind}/{id}` as '/managed_accounts/{id}', {
    params: { path: { id } },
    throwOnError: true,
  });
  // biome-ignore lint/suspicious/noExplicitAny: accounts and cards are read field by field
  return data as any;
}

/** The answer a QA test expects for a refused call: 409 with its `errorCode`. */
export const conflictWith = (errorCode: string) => ({ status: 409, body: { errorCode } });

/** An instrument's available balance, as its owner reads it. */
export const balance = async (who: Onboarded, kind: Kind, id: string): Promise<number> =>
  (await read(who, kind, id)).balances.availableBalance;

/** A funded source of `kind` (an account with a deposit, or a prepaid card loaded from one). */
export const fundedOf = (emu: Emulator, who: Onboarded, kind: Kind, amount: number) =>
  kind === 'managed_accounts' ? fundedAccount(emu, who, amount) : fundedCard(emu, who, amount);

/** An empty destination of `kind` (an account, or a prepaid card). */
export const emptyOf = (emu: Emulator, who: Onboarded, kind: Kind) =>
  kind === 'managed_accounts' ? account(emu, who) : prepaidCard(emu, who);

/** A create sent as it is with the identity's (or the given) token, and an `idempotency-ref` when given. */
export const postAs = (on: Emulator, path: string, token: string, body: object, idempotencyRef?: string) =>
  raw(on, 'POST', path, {
    token,
    body,
    ...(idempotencyRef ? { headers: { 'idempotency-ref': idempotencyRef } } : {}),
  });

/** `TransferFundsModel` / `SendFundsModel.newBuilder()` with every field set, under `profileId`. */
export function movementBody(
  profileId: string,
  from: string,
  to: string,
  amount = 500,
  kinds: [Kind, Kind] = ['managed_accounts', 'managed_accounts'],
  currency = 'EUR',
) {
  return {
    profileId,
    tag: 'movementTag',
    source: { type: kinds[0], id: from },
    destination: { type: kinds[1], id: to },
    destinationAmount: { currency, amount },
  };
}

let wireTags = 0;
/** `OutgoingWireTransfersModel.DefaultOutgoingWireTransfersModel(profile, account, currency, amount, type)`. */
export function wireBody(
  on: Emulator,
  from: string,
  amount = 200,
  currency = 'EUR',
  type: 'SEPA' | 'FASTER_PAYMENTS' = 'SEPA',
) {
  return {
    profileId: on.profiles.outgoingWireTransfers,
    tag: `owt${wireTags++}`,
    description: 'Invoice',
    sourceInstrument: { type: 'managed_accounts', id: from },
    transferAmount: { currency, amount },
    destinationBeneficiary: {
      name: 'Charles',
      address: 'Street',
      bankName: 'Bank',
      bankAddress: 'Road',
      bankCountry: 'MT',
      bankAccountDetails:
        type === 'SEPA'
          ? { iban: 'DE89370400440532013000', bankIdentifierCode: 'COBADEFFXXX' }
          : { accountNumber: '12345678', sortCode: '123456' },
    },
  };
}
