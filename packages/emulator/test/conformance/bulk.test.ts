/**
 * Bulk payments' challenges, ported from Weavr's QA suite
 * (`opc/junit/multi/sends/bulkpayments/AbstractIssueOtpSendChallengesTests.java`, run as
 * `CorporateIssueOtpSendChallengesTests` and `ConsumerIssueOtpSendChallengesTests`): each title is
 * `<QA test class>.<QA test method>`. QA creates its sends with `/multi/sends/bulk/create`, which the spec the
 * emulator serves does not have: here each send of the "bulk" is created alone, on a programme whose sends all take a
 * challenge (QA's `secretKeyScaSendsApp`), and challenged together through `POST /challenges/otp/{channel}` as QA
 * does. QA's internal states read by `SendsHelper.checkSendStateById` are the API's: `REQUIRES_SCA` is `PENDING`,
 * `PENDING_SCA` is `PENDING_CHALLENGE`. Not ported: `AllInvalidSends_Conflict` (a bulk records invalid sends as
 * `INVALID`; a single send with an unknown source or destination is refused and not recorded), and the
 * `Create*BulkSendTests`/`*BulkOwtTests` (their endpoints are not in the spec).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Emulator, startEmulator } from '../../src/index.js';
import { account, fundedAccount, movementBody, postAs } from './instruments.js';
import { enrolOtp, type Onboarded, onboard, raw } from './onboard.js';
import * as qa from './qa.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ requireVerification: true, challengeThreshold: { sends: 0 } });
});
afterAll(() => emu?.close());

const state = async (who: Onboarded, id: string) =>
  (await raw(emu, 'GET', `/multi/sends/${id}`, { token: who.token })).body.state;

const issue = (token: string, resourceType: string, resourceIds: string[], apiKey?: string) =>
  raw(emu, 'POST', '/multi/challenges/otp/SMS', {
    token,
    body: { resourceType, resourceIds },
    ...(apiKey !== undefined ? { apiKey } : {}),
  });

describe.each([
  ['CorporateIssueOtpSendChallengesTests', 'CORPORATE'],
  ['ConsumerIssueOtpSendChallengesTests', 'CONSUMER'],
] as const)('%s', (qaClass, type) => {
  let who: Onboarded;
  let destination: Onboarded;
  beforeAll(async () => {
    who = await onboard(emu, type);
    await enrolOtp(who);
    destination = await onboard(emu, 'CORPORATE');
  });
  const title = (method: string) => `${qaClass}.IssueOtpChallenges_${method}`;

  /** `SendModelHelper.createSendBulkPayments(2, …, 100L)`: two sends of 100 waiting for a challenge. */
  async function twoSends(): Promise<string[]> {
    const src = await fundedAccount(emu, who, 10_000);
    const dest = await account(emu, destination);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await postAs(
        emu,
        '/multi/sends',
        who.token,
        movementBody(emu.profiles.sends, src, dest, 100),
      );
      expect(res.status).toBe(200);
      ids.push(res.body.id);
    }
    for (const id of ids) expect(await state(who, id)).toBe('PENDING');
    return ids;
  }

  test(title('AllValidSends_Success'), async () => {
    const sends = await twoSends();
    expect((await issue(who.token, 'sends', sends)).status).toBe(200);
    for (const id of sends) expect(await state(who, id)).toBe('PENDING_CHALLENGE');
  });

  test(title('IssueOnlyOneChallengeFromSameBulk_Success'), async () => {
    const [first, second] = (await twoSends()) as [string, string];
    expect((await issue(who.token, 'sends', [first])).status).toBe(200);
    expect(await state(who, first)).toBe('PENDING_CHALLENGE');
    expect(await state(who, second)).toBe('PENDING');
  });

  test(title('BadResourceType_NotFound'), async () => {
    const sends = await twoSends();
    expect((await issue(who.token, 'outgoing_wire_transfers', sends)).status).toBe(404);
  });

  test(title('MixOfValidAndInvalidSends_NotFound'), async () => {
    const sends = await twoSends();
    expect((await issue(who.token, 'sends', [...sends, qa.unknownId()])).status).toBe(404);
  });

  test(title('AlreadyIssued_Conflict'), async () => {
    const [first, second] = (await twoSends()) as [string, string];
    expect((await issue(who.token, 'sends', [first])).status).toBe(200);
    const again = await issue(who.token, 'sends', [first]);
    expect(again).toMatchObject({ status: 409, body: { errorCode: 'STATE_INVALID' } });
    expect(await state(who, first)).toBe('PENDING_CHALLENGE');
    expect(await state(who, second)).toBe('PENDING');
  });

  test(title('AllNonExistent_NotFound'), async () => {
    expect((await issue(who.token, 'sends', [qa.unknownId(), qa.unknownId()])).status).toBe(404);
  });

  test(title('NoApiKey_BadRequest'), async () => {
    expect((await issue(who.token, 'sends', [qa.unknownId()], '')).status).toBe(400);
  });

  test(title('InvalidApiKey_Unauthorized'), async () => {
    expect((await issue(who.token, 'sends', [qa.unknownId()], 'abc')).status).toBe(401);
  });

  test(title('InvalidToken_Unauthorized'), async () => {
    expect((await issue('', 'sends', [qa.unknownId()])).status).toBe(401);
  });
});
