import {
  asksForStepUp,
  type HelperCallOptions,
  sleep,
  type WeavrClient,
  WeavrConfigError,
  WeavrForbiddenError,
} from '@weavr-sdk/core/internal';
import type { components, paths } from './generated/schema.js';
import { STEP_UP_REISSUE_WAIT_MS, stepUpIssueError, WeavrStepUpRetryLaterError } from './stepup-errors.js';

// biome-ignore lint/suspicious/noExplicitAny: a throwing or non-throwing client
type AnyMultiClient = WeavrClient<paths, any>;

/** Where one-time passwords go (`SMS`). */
export type OtpChannel = components['schemas']['SCAOtpChannel'];
/** What a confirmation challenge covers: `sends`, `outgoing_wire_transfers`, … */
export type ChallengeResourceType = components['schemas']['MultipleSCAResourceType'];
/** A one-time password, or a function that returns it once it has been sent (e.g. by asking the user). */
export type VerificationCodeSource = string | (() => string | Promise<string>);

/** On Weavr's sandbox no SMS is sent and every one-time password is this. */
export const SANDBOX_VERIFICATION_CODE = '123456';

interface OtpOptions extends HelperCallOptions {
  /** @default 'SMS' */
  channel?: OtpChannel;
}

async function codeOf(source: VerificationCodeSource | undefined, where: string): Promise<string> {
  const code = typeof source === 'function' ? await source() : source;
  // The code is a secret: the message never shows it.
  if (typeof code !== 'string' || code.trim() === '')
    throw new WeavrConfigError(
      `${where}: verificationCode is required (a string, or a function returning one)`,
    );
  return code;
}

/**
 * True when Weavr refused a call until the user steps up (403 with `errorCode` or `message`
 * `STEP_UP_REQUIRED`: both occur): pass a thrown error or a non-throwing result `{ error, response }`.
 */
export function isStepUpRequired(value: unknown): boolean {
  if (value instanceof WeavrForbiddenError) return value.stepUpRequired;
  const r = value as { error?: unknown; response?: { status?: number } } | undefined;
  return asksForStepUp(r?.response?.status, r?.error);
}

interface IssueOptions extends OtpOptions {
  /**
   * When Weavr refuses a new code because one was issued less than 15 s ago (409 `RETRY_IN_15SEC`), wait
   * and issue once more instead of throwing `WeavrStepUpRetryLaterError`. The wait honours `signal`.
   * @default false
   */
  waitToReissue?: boolean;
  /**
   * How long `waitToReissue` waits, in milliseconds.
   * @default 15000 (Weavr's window)
   */
  reissueWaitMs?: number;
}

/**
 * Sends a step-up one-time password to the signed-in user (`POST /stepup/challenges/otp/{channel}`).
 * A step-up applies to the token it is done with only: a new sign-in has to step up again. Throws
 * `WeavrStepUpRetryLaterError` when a code was issued less than 15 s ago (see `waitToReissue`) and
 * `WeavrStepUpIssueLimitError` when Weavr refuses a third code in one session.
 */
export async function issueStepUp(client: AnyMultiClient, options: IssueOptions = {}): Promise<void> {
  const {
    channel = 'SMS',
    waitToReissue = false,
    reissueWaitMs = STEP_UP_REISSUE_WAIT_MS,
    ...call
  } = options;
  if (!(Number.isFinite(reissueWaitMs) && reissueWaitMs >= 0))
    throw new WeavrConfigError(`issueStepUp: reissueWaitMs must be a number of milliseconds ≥ 0`);
  const issue = () =>
    client
      .POST('/stepup/challenges/otp/{channel}', {
        ...call,
        params: { path: { channel } },
        throwOnError: true,
      })
      .catch((e: unknown) => {
        throw stepUpIssueError(e);
      });
  try {
    await issue();
  } catch (e) {
    if (!(waitToReissue && e instanceof WeavrStepUpRetryLaterError)) throw e;
    await sleep(reissueWaitMs, call.signal, () => call.signal?.reason);
    await issue();
  }
}

/** Verifies the step-up code; the session's existing token becomes stepped up. */
export async function verifyStepUp(
  client: AnyMultiClient,
  options: OtpOptions & { verificationCode: VerificationCodeSource },
): Promise<void> {
  const { channel = 'SMS', verificationCode, ...call } = options;
  const code = await codeOf(verificationCode, 'verifyStepUp');
  await client.POST('/stepup/challenges/otp/{channel}/verify', {
    ...call,
    params: { path: { channel } },
    body: { verificationCode: code },
    throwOnError: true,
  });
}

/**
 * Steps the session's token up: issues the one-time password, then verifies the code (a function is called
 * after the code was sent, e.g. to prompt the user).
 *
 * @example
 * await stepUp(session.client, { verificationCode: () => prompt('Code sent by SMS:') });
 */
export async function stepUp(
  client: AnyMultiClient,
  options: IssueOptions & { verificationCode: VerificationCodeSource },
): Promise<void> {
  if (!options || options.verificationCode === undefined)
    throw new WeavrConfigError(
      'stepUp: verificationCode is required (a string, or a function returning one)',
    );
  const { verificationCode, waitToReissue, reissueWaitMs, ...rest } = options;
  await issueStepUp(client, { ...rest, waitToReissue, reissueWaitMs });
  await verifyStepUp(client, { ...rest, verificationCode });
}

/**
 * Runs `call`; when Weavr answers 403 `STEP_UP_REQUIRED` (thrown or returned), steps up and runs it once more.
 *
 * @example
 * const { data } = await withStepUp(session.client, () => session.client.GET('/managed_cards'), { verificationCode });
 */
export async function withStepUp<T>(
  client: AnyMultiClient,
  call: () => Promise<T>,
  options: IssueOptions & { verificationCode: VerificationCodeSource },
): Promise<T> {
  try {
    const result = await call();
    if (!isStepUpRequired(result)) return result;
  } catch (e) {
    if (!isStepUpRequired(e)) throw e;
  }
  await stepUp(client, options);
  return call();
}

/**
 * Sends a one-time password to confirm resources waiting for SCA (a send waits in `PENDING` until its challenge is
 * issued, then in `PENDING_CHALLENGE`; an outgoing wire transfer in `PENDING_CHALLENGE`):
 * `POST /challenges/otp/{channel}`. Returns the challenge id to verify.
 */
export async function issueChallenge(
  client: AnyMultiClient,
  options: OtpOptions & { resourceType: ChallengeResourceType; resourceIds: readonly string[] },
): Promise<{ scaChallengeId: string }> {
  const { channel = 'SMS', resourceType, resourceIds, ...call } = options ?? {};
  if (typeof resourceType !== 'string' || (resourceType as string) === '')
    throw new WeavrConfigError(
      'issueChallenge: resourceType is required (e.g. sends, outgoing_wire_transfers)',
    );
  if (!Array.isArray(resourceIds) || resourceIds.length === 0 || resourceIds.some((id) => !id))
    throw new WeavrConfigError('issueChallenge: resourceIds must be a non-empty array of ids');
  const { data } = await client.POST('/challenges/otp/{channel}', {
    ...call,
    params: { path: { channel } },
    body: { resourceType, resourceIds: [...resourceIds] },
    throwOnError: true,
  });
  if (!data?.scaChallengeId) throw new TypeError('issueChallenge: the response carries no scaChallengeId');
  return { scaChallengeId: data.scaChallengeId };
}

/** Verifies a confirmation challenge; on success Weavr executes the resources. */
export async function verifyChallenge(
  client: AnyMultiClient,
  options: OtpOptions & {
    scaChallengeId: string;
    resourceType: ChallengeResourceType;
    verificationCode: VerificationCodeSource;
  },
): Promise<void> {
  const { channel = 'SMS', scaChallengeId, resourceType, verificationCode, ...call } = options ?? {};
  if (!scaChallengeId) throw new WeavrConfigError('verifyChallenge: scaChallengeId is required');
  const code = await codeOf(verificationCode, 'verifyChallenge');
  await client.POST('/challenges/{scaChallengeId}/otp/{channel}/verify', {
    ...call,
    params: { path: { scaChallengeId, channel } },
    body: { verificationCode: code, resourceType },
    throwOnError: true,
  });
}

/**
 * Confirms sends or outgoing wire transfers waiting for SCA with a one-time password: issues the challenge for
 * all of them, then verifies the code. A challenge is issued once: after a wrong code, verify that challenge
 * again (`verifyChallenge`) rather than calling this again, which Weavr answers `409 STATE_INVALID`.
 *
 * @example
 * await confirmChallenge(session.client, { resourceType: 'outgoing_wire_transfers', resourceIds: [owt.id], verificationCode: '123456' });
 */
export async function confirmChallenge(
  client: AnyMultiClient,
  options: OtpOptions & {
    resourceType: ChallengeResourceType;
    resourceIds: readonly string[];
    verificationCode: VerificationCodeSource;
  },
): Promise<{ scaChallengeId: string }> {
  if (!options || options.verificationCode === undefined)
    throw new WeavrConfigError('confirmChallenge: verificationCode is required');
  const { verificationCode, resourceIds, ...rest } = options;
  const { scaChallengeId } = await issueChallenge(client, { ...rest, resourceIds });
  await verifyChallenge(client, { ...rest, scaChallengeId, verificationCode });
  return { scaChallengeId };
}
