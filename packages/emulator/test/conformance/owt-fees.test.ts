/**
 * Outgoing wire transfer fees with `transactionFees.outgoingWireTransfer` set to QA's programme
 * (`TestHelper.getFees`: `SEPA_OWT_FEE` EUR 101, `FASTER_PAYMENTS_OWT_FEE` GBP 102), ported from Weavr's QA suite
 * (`opc/junit/multi/owt/SendOutgoingWireTransfersTests.java`): each title is `<QA test class>.<QA test method>`.
 * Transfers here are below the challenge threshold, so they are submitted at once (QA verifies an OTP first).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../../src/index.js';
import { balance, fundedAccount, postAs, wireBody } from './instruments.js';
import { type Onboarded, onboard, raw } from './onboard.js';

const OWT_FEE = { EUR: 101, GBP: 102 };

let emu: Emulator;
let corporate: Onboarded;
beforeAll(async () => {
  emu = await startEmulator({ transactionFees: { outgoingWireTransfer: OWT_FEE } });
  corporate = await onboard(emu, 'CORPORATE');
});
afterAll(() => emu?.close());

const create = (body: object) => postAs(emu, '/multi/outgoing_wire_transfers', corporate.token, body);

test.each([
  ['EUR', 'SEPA'],
  ['GBP', 'FASTER_PAYMENTS'],
] as const)('SendOutgoingWireTransfersTests.SendOwt_CorporateOtp_Success (%s %s)', async (currency, type) => {
  const from = await fundedAccount(emu, corporate, 10_000, currency);
  const res = await create(wireBody(emu, from, 200, currency, type));
  expect(res.status).toBe(200);
  expect(res.body.state).toBe('SUBMITTED');
  expect(res.body.fee).toEqual({ currency, amount: OWT_FEE[currency] });
  expect(await balance(corporate, 'managed_accounts', from)).toBe(10_000 - 200 - OWT_FEE[currency]);
});

test('SendOutgoingWireTransfersTests.SendOwt_NotEnoughFundsForFee_FundsInsufficient', async () => {
  const from = await fundedAccount(emu, corporate, 200);
  const body = wireBody(emu, from, 200);
  expect(await create(body)).toEqual({ status: 409, body: { errorCode: 'FUNDS_INSUFFICIENT' } });
  // `getOwtByAccountAndTag`: recorded, INVALID; nothing left the account.
  const list = await raw(emu, 'GET', `/multi/outgoing_wire_transfers?tag=${body.tag}`, {
    token: corporate.token,
  });
  expect(list.body.transfer).toEqual([expect.objectContaining({ state: 'INVALID' })]);
  expect(await balance(corporate, 'managed_accounts', from)).toBe(200);
});
