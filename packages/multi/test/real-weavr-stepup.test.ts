import { fakeApi, type Hit } from '@weavr-sdk/testing';
import { afterEach, describe, expect, test } from 'vitest';
import {
  createMultiClient,
  isStepUpRequired,
  issueStepUp,
  SANDBOX_VERIFICATION_CODE,
  STEP_UP_REISSUE_WAIT_MS,
  stepUp,
  WeavrConflictError,
  WeavrForbiddenError,
  WeavrStepUpIssueLimitError,
  WeavrStepUpRetryLaterError,
  withStepUp,
} from '../src/index.js';

let api: Awaited<ReturnType<typeof fakeApi>> | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/**
 * Step-up as the real Weavr does it (issue 13): per token; the refusal comes as `errorCode` or as
 * `message`; a re-issue within the window answers 409 RETRY_IN_15SEC; a third issue per session 400.
 * The window is `windowMs` here so that the test does not wait 15 s.
 */
async function weavr(form: 'errorCode' | 'message', windowMs = 150) {
  const issues = new Map<string, number[]>();
  const steppedUp = new Set<string>();
  api = await fakeApi((h: Hit) => {
    const token = String(h.headers.authorization);
    const key = `${h.method} ${h.path}`;
    if (key === 'GET /managed_cards')
      return steppedUp.has(token)
        ? { body: { cards: [], count: 0 } }
        : { status: 403, body: { [form]: 'STEP_UP_REQUIRED' } };
    if (key === 'POST /stepup/challenges/otp/SMS') {
      const times = issues.get(token) ?? [];
      const last = times.at(-1);
      if (last !== undefined && Date.now() - last < windowMs)
        return { status: 409, body: { errorCode: 'RETRY_IN_15SEC' } };
      if (times.length >= 2) return { status: 400, body: {} };
      issues.set(token, [...times, Date.now()]);
      return { status: 204 };
    }
    if (key === 'POST /stepup/challenges/otp/SMS/verify') {
      steppedUp.add(token);
      return { status: 204 };
    }
    return { status: 404 };
  });
  return createMultiClient({ apiKey: 'sk_test_key_0123456789', baseUrl: api.url, token: 'tok_a_123456' });
}

describe('step-up as the real Weavr answers', () => {
  test.each(['errorCode', 'message'] as const)('403 with %s STEP_UP_REQUIRED is recognised', async (form) => {
    const client = await weavr(form);
    expect(isStepUpRequired(await client.GET('/managed_cards'))).toBe(true);
    const err = await client.GET('/managed_cards', { throwOnError: true }).catch((e) => e);
    expect(err).toBeInstanceOf(WeavrForbiddenError);
    expect(err.stepUpRequired).toBe(true);
    expect(isStepUpRequired(err)).toBe(true);
    expect(err.message).toContain('stepped up first');
    const r = await withStepUp(client, () => client.GET('/managed_cards'), {
      verificationCode: SANDBOX_VERIFICATION_CODE,
    });
    expect(r.response.status).toBe(200);
    // Per token: another token is not stepped up.
    const other = await client.GET('/managed_cards', { token: 'tok_b_654321' });
    expect(isStepUpRequired(other)).toBe(true);
  });

  test('a re-issue within the window is a typed, actionable error', async () => {
    const client = await weavr('errorCode', 60_000);
    await issueStepUp(client);
    const err = await issueStepUp(client).catch((e) => e);
    expect(err).toBeInstanceOf(WeavrStepUpRetryLaterError);
    expect(err).toBeInstanceOf(WeavrConflictError);
    expect(err.errorCode).toBe('RETRY_IN_15SEC');
    expect(err.retryAfterMs).toBe(STEP_UP_REISSUE_WAIT_MS);
    expect(err.message).toMatch(/verify the code already sent, or wait 15 s/);
    expect(err.path).toBe('/stepup/challenges/otp/{channel}');
  });

  test('waitToReissue waits and issues once more', async () => {
    const client = await weavr('errorCode', 150);
    await issueStepUp(client);
    const started = Date.now();
    await stepUp(client, { verificationCode: '123456', waitToReissue: true, reissueWaitMs: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    expect(api?.hits.map((h) => h.path)).toEqual([
      '/stepup/challenges/otp/SMS',
      '/stepup/challenges/otp/SMS',
      '/stepup/challenges/otp/SMS',
      '/stepup/challenges/otp/SMS/verify',
    ]);
    // Only once: a second refusal is thrown.
    const again = await issueStepUp(client, { waitToReissue: true, reissueWaitMs: 0 }).catch((e) => e);
    expect(again).toBeInstanceOf(WeavrStepUpRetryLaterError);
  });

  test('the wait honours the signal', async () => {
    const client = await weavr('errorCode', 60_000);
    await issueStepUp(client);
    const signal = AbortSignal.timeout(50);
    const started = Date.now();
    const err = await issueStepUp(client, { waitToReissue: true, signal }).catch((e) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err).toBe(signal.reason);
  });

  test('a third issue in one session is a clear error', async () => {
    const client = await weavr('errorCode', 0);
    await issueStepUp(client);
    await issueStepUp(client);
    const err = await issueStepUp(client).catch((e) => e);
    expect(err).toBeInstanceOf(WeavrStepUpIssueLimitError);
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/at most two step-up codes per session.*sign in again/);
  });
});
