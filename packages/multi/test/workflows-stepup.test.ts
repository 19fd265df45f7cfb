import { fakeApi, type Hit } from '@weavr-sdk/testing';
import { afterEach, describe, expect, test } from 'vitest';
import {
  confirmChallenge,
  createMultiClient,
  isStepUpRequired,
  issueStepUp,
  SANDBOX_VERIFICATION_CODE,
  stepUp,
  verifyStepUp,
  WeavrConflictError,
  WeavrForbiddenError,
  withStepUp,
} from '../src/index.js';

let api: Awaited<ReturnType<typeof fakeApi>> | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** Weavr's SCA: GET /managed_cards needs a stepped-up token; OTPs are 123456 as on the sandbox. */
async function scaApi() {
  let issued = false;
  let steppedUp = false;
  const challenges = new Map<string, { resourceType: string; resourceIds: string[] }>();
  const executed: string[] = [];
  api = await fakeApi((h: Hit) => {
    const key = `${h.method} ${h.path}`;
    if (key === 'GET /managed_cards')
      return steppedUp
        ? { body: { cards: [], count: 0 } }
        : { status: 403, body: { errorCode: 'STEP_UP_REQUIRED' } };
    if (key === 'POST /stepup/challenges/otp/SMS') {
      issued = true;
      return { status: 204 };
    }
    if (key === 'POST /stepup/challenges/otp/SMS/verify') {
      const code = (h.body as { verificationCode: string }).verificationCode;
      if (!issued || code !== SANDBOX_VERIFICATION_CODE)
        return { status: 409, body: { errorCode: 'VERIFICATION_CODE_INVALID' } };
      steppedUp = true;
      return { status: 204 };
    }
    if (key === 'POST /challenges/otp/SMS') {
      const id = String(500 + challenges.size);
      challenges.set(id, h.body as { resourceType: string; resourceIds: string[] });
      return { body: { scaChallengeId: id } };
    }
    const verify = /^\/challenges\/(\d+)\/otp\/SMS\/verify$/.exec(h.path);
    if (h.method === 'POST' && verify) {
      const c = challenges.get(verify[1] as string);
      const b = h.body as { verificationCode: string; resourceType: string };
      if (!c || b.verificationCode !== SANDBOX_VERIFICATION_CODE || b.resourceType !== c.resourceType)
        return { status: 409, body: { errorCode: 'VERIFICATION_CODE_INVALID' } };
      executed.push(...c.resourceIds);
      return { status: 204 };
    }
    return { status: 404 };
  });
  return {
    api,
    executed,
    client: createMultiClient({ apiKey: 'sk_test_key_0123456789', baseUrl: api.url, token: 'tok_user_1234' }),
  };
}

describe('step-up', () => {
  test('a 403 STEP_UP_REQUIRED is recognised, thrown or returned', async () => {
    const { client } = await scaApi();
    const result = await client.GET('/managed_cards');
    expect(isStepUpRequired(result)).toBe(true);
    const err = await client.GET('/managed_cards', { throwOnError: true }).catch((e) => e);
    expect(err).toBeInstanceOf(WeavrForbiddenError);
    expect(isStepUpRequired(err)).toBe(true);
    expect(err.message).toContain('STEP_UP_REQUIRED');
    expect(err.message).toContain('stepped up first');
    expect(isStepUpRequired(new Error('x'))).toBe(false);
    expect(
      isStepUpRequired({ response: { status: 403 }, error: { errorCode: 'INSUFFICIENT_PERMISSIONS' } }),
    ).toBe(false);
  });

  test('issue then verify steps the token up; the code asked for after it was sent', async () => {
    const { api, client } = await scaApi();
    const order: string[] = [];
    await stepUp(client, {
      verificationCode: () => {
        order.push(`code asked after ${api.hits.length} request(s)`);
        return SANDBOX_VERIFICATION_CODE;
      },
    });
    expect(order).toEqual(['code asked after 1 request(s)']);
    expect(api.hits.map((h) => h.path)).toEqual([
      '/stepup/challenges/otp/SMS',
      '/stepup/challenges/otp/SMS/verify',
    ]);
    expect(api.hits[1]?.body).toEqual({ verificationCode: '123456' });
    expect(api.hits.every((h) => h.headers.authorization === 'Bearer tok_user_1234')).toBe(true);
    // Both declare idempotency-ref in the spec.
    expect(api.hits.every((h) => typeof h.headers['idempotency-ref'] === 'string')).toBe(true);
    expect((await client.GET('/managed_cards')).response.status).toBe(200);
  });

  test('a wrong code is a typed error that never shows the code', async () => {
    const { client } = await scaApi();
    await issueStepUp(client);
    const err = await verifyStepUp(client, { verificationCode: '999111' }).catch((e) => e);
    expect(err).toBeInstanceOf(WeavrConflictError);
    expect(err.errorCode).toBe('VERIFICATION_CODE_INVALID');
    expect(`${err.message} ${JSON.stringify(err)}`).not.toContain('999111');
    await expect(verifyStepUp(client, { verificationCode: '' })).rejects.toThrow(
      /verificationCode is required/,
    );
  });

  test('withStepUp repeats the call once after stepping up', async () => {
    const { api, client } = await scaApi();
    const r = await withStepUp(client, () => client.GET('/managed_cards'), {
      verificationCode: SANDBOX_VERIFICATION_CODE,
    });
    expect(r.response.status).toBe(200);
    expect(api.hits.map((h) => `${h.method} ${h.path}`)).toEqual([
      'GET /managed_cards',
      'POST /stepup/challenges/otp/SMS',
      'POST /stepup/challenges/otp/SMS/verify',
      'GET /managed_cards',
    ]);
    // Thrown errors work the same way; a call that needs no step-up runs once.
    const again = await withStepUp(client, () => client.GET('/managed_cards', { throwOnError: true }), {
      verificationCode: '123456',
    });
    expect(again.data?.cards).toEqual([]);
    expect(api.hits).toHaveLength(5);
  });
});

describe('confirmation challenges', () => {
  test('confirmChallenge issues one challenge for the resources and verifies it', async () => {
    const { api, client, executed } = await scaApi();
    const { scaChallengeId } = await confirmChallenge(client, {
      resourceType: 'outgoing_wire_transfers',
      resourceIds: ['111', '222'],
      verificationCode: SANDBOX_VERIFICATION_CODE,
    });
    expect(scaChallengeId).toBe('500');
    expect(executed).toEqual(['111', '222']);
    expect(api.hits[0]).toMatchObject({
      path: '/challenges/otp/SMS',
      body: { resourceType: 'outgoing_wire_transfers', resourceIds: ['111', '222'] },
    });
    expect(api.hits[1]).toMatchObject({
      path: '/challenges/500/otp/SMS/verify',
      body: { verificationCode: '123456', resourceType: 'outgoing_wire_transfers' },
    });
  });

  test('bad input fails before any request', async () => {
    const { api, client } = await scaApi();
    await expect(
      confirmChallenge(client, { resourceType: 'sends', resourceIds: [], verificationCode: '123456' }),
    ).rejects.toThrow(/resourceIds must be a non-empty array/);
    await expect(
      confirmChallenge(client, {
        resourceType: 'sends',
        resourceIds: ['1'],
        verificationCode: undefined as never,
      }),
    ).rejects.toThrow(/verificationCode is required/);
    expect(api.hits).toHaveLength(0);
  });
});
