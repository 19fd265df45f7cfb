/**
 * Bulk payments' challenges, ported from Weavr's QA suite
 * (`opc/junit/multi/sends/bulkpayments/AbstractIssueOtpSendChallengesTests.java` and
 * `AbstractVerifyOtpSendChallengesTests.java`, each run as its `Corporate…` and `Consumer…` class): each title is
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

/** `POST /challenges/{scaChallengeId}/otp/SMS/verify` (`ChallengesService.verifyOtpChallenges`). */
const verify = (
  token: string,
  scaChallengeId: string,
  resourceType = 'sends',
  code = qa.CODE,
  apiKey?: string,
) =>
  raw(emu, 'POST', `/multi/challenges/${scaChallengeId}/otp/SMS/verify`, {
    token,
    body: { resourceType, verificationCode: code },
    ...(apiKey !== undefined ? { apiKey } : {}),
  });

const issue = (token: string, resourceType: string, resourceIds: string[], apiKey?: string) =>
  raw(emu, 'POST', '/multi/challenges/otp/SMS', {
    token,
    body: { resourceType, resourceIds },
    ...(apiKey !== undefined ? { apiKey } : {}),
  });

describe.each([
  ['Corporate', 'CORPORATE'],
  ['Consumer', 'CONSUMER'],
] as const)('%s bulk send challenges', (label, type) => {
  let who: Onboarded;
  let destination: Onboarded;
  beforeAll(async () => {
    who = await onboard(emu, type);
    await enrolOtp(who);
    destination = await onboard(emu, 'CORPORATE');
  });
  const title = (method: string) => `${label}IssueOtpSendChallengesTests.IssueOtpChallenges_${method}`;
  const verifyTitle = (method: string) =>
    `${label}VerifyOtpSendChallengesTests.VerifyOtpChallenges_${method}`;
  /** `ChallengesHelper.issueOtpChallenges`: the challenge's id. */
  const issued = async (sends: string[]): Promise<string> => {
    const res = await issue(who.token, 'sends', sends);
    expect(res.status).toBe(200);
    return res.body.scaChallengeId;
  };

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

  test(verifyTitle('AllValidSend_Success'), async () => {
    const sends = await twoSends();
    expect((await verify(who.token, await issued(sends))).status).toBe(204);
    for (const id of sends) expect(await state(who, id)).toBe('COMPLETED');
  });

  test(verifyTitle('VerifyOnlyOneChallengeFromSameBulk_Success'), async () => {
    const [first, second] = (await twoSends()) as [string, string];
    const challenge = await issued([first]);
    expect([await state(who, first), await state(who, second)]).toEqual(['PENDING_CHALLENGE', 'PENDING']);
    expect((await verify(who.token, challenge)).status).toBe(204);
    expect([await state(who, first), await state(who, second)]).toEqual(['COMPLETED', 'PENDING']);
  });

  test(verifyTitle('InvalidVerificationCode_Conflict'), async () => {
    const [first, second] = (await twoSends()) as [string, string];
    const challenge = await issued([first]);
    expect(await verify(who.token, challenge, 'sends', '987654')).toMatchObject({
      status: 409,
      body: { errorCode: 'VERIFICATION_CODE_INVALID' },
    });
    expect([await state(who, first), await state(who, second)]).toEqual(['PENDING_CHALLENGE', 'PENDING']);
  });

  test(verifyTitle('ChallengeAlreadyCompleted_Conflict'), async () => {
    const challenge = await issued(await twoSends());
    expect((await verify(who.token, challenge)).status).toBe(204);
    expect(await verify(who.token, challenge)).toMatchObject({
      status: 409,
      body: { errorCode: 'STATE_INVALID' },
    });
  });

  test(verifyTitle('BadResourceType_NotFound'), async () => {
    const sends = await twoSends();
    const challenge = await issued(sends);
    expect((await verify(who.token, challenge, 'outgoing_wire_transfers')).status).toBe(404);
    for (const id of sends) expect(await state(who, id)).toBe('PENDING_CHALLENGE');
  });

  test(verifyTitle('InvalidScaChallengeId_NotFound'), async () => {
    await issued(await twoSends());
    expect((await verify(who.token, qa.unknownId())).status).toBe(404);
  });

  test.each([
    ['NoApiKey_BadRequest', '', 400],
    ['InvalidApiKey_Unauthorized', 'abc', 401],
  ])(`${label}VerifyOtpSendChallengesTests.VerifyOtpChallenges_%s`, async (_method, apiKey, status) => {
    expect((await verify(who.token, qa.unknownId(), 'sends', qa.CODE, apiKey)).status).toBe(status);
  });

  test(verifyTitle('InvalidToken_Unauthorized'), async () => {
    expect((await verify('', qa.unknownId())).status).toBe(401);
  });
});
