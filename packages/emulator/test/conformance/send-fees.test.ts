/**
 * Send fees with `transactionFees.send` set to QA's programme (`TestHelper.getFees`: `MA_TO_MA_SEND_FEE`,
 * `MC_TO_MC_…`, `MC_TO_MA_…`, `MA_TO_MC_…`, all EUR 100, GBP 102, USD 105), ported from Weavr's QA suite
 * (`opc/junit/multi/sends/CreateSendsTests.java`): the source pays the amount and the fee, the other identity's
 * destination gets the amount. Each title is `<QA test class>.<QA test method>`. QA's main programme takes no
 * challenge for sends; sources are funded fee-free (deposits and transfers carry no fee here).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../../src/index.js';
import {
  account,
  balance,
  emptyOf,
  fundedAccount,
  fundedOf,
  movementBody,
  postAs,
  ROUTES,
} from './instruments.js';
import { type Onboarded, onboard } from './onboard.js';

const SEND_FEE = { EUR: 100, GBP: 102, USD: 105 };

let emu: Emulator;
let source: Onboarded;
let destination: Onboarded;
beforeAll(async () => {
  emu = await startEmulator({
    challengeThreshold: { sends: Number.POSITIVE_INFINITY },
    transactionFees: { send: SEND_FEE },
  });
  source = await onboard(emu, 'CORPORATE');
  destination = await onboard(emu, 'CORPORATE');
});
afterAll(() => emu?.close());

const send = (body: object) => postAs(emu, '/multi/sends', source.token, body);

test.each(ROUTES)('CreateSendsTests.SendFunds_%s_Success', async (_name, from, to) => {
  const src = await fundedOf(emu, source, from, 10_000);
  const dest = await emptyOf(emu, destination, to);
  const res = await send(movementBody(emu.profiles.sends, src, dest, 500, [from, to]));
  expect(res.status).toBe(200);
  expect(res.body.state).toBe('COMPLETED');
  expect(await balance(source, from, src)).toBe(10_000 - 500 - SEND_FEE.EUR);
  expect(await balance(destination, to, dest)).toBe(500);
});

test.each(['GBP', 'USD'] as const)(
  'CreateSendsTests.SendFunds_CorporateMaToMa_Success (%s)',
  async (currency) => {
    const src = await fundedAccount(emu, source, 10_000, currency);
    const dest = await account(emu, destination, currency);
    const res = await send(movementBody(emu.profiles.sends, src, dest, 500, undefined, currency));
    expect(res.status).toBe(200);
    expect(await balance(source, 'managed_accounts', src)).toBe(10_000 - 500 - SEND_FEE[currency]);
    expect(await balance(destination, 'managed_accounts', dest)).toBe(500);
  },
);

test('the source must hold the amount and the fee: 409 FUNDS_INSUFFICIENT, nothing moves', async () => {
  const src = await fundedAccount(emu, source, 500);
  const dest = await emptyOf(emu, destination, 'managed_accounts');
  expect(await send(movementBody(emu.profiles.sends, src, dest, 500))).toEqual({
    status: 409,
    body: { errorCode: 'FUNDS_INSUFFICIENT' },
  });
  expect(await balance(source, 'managed_accounts', src)).toBe(500);
});
