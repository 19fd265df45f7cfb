import { type ClientOptions, createWeavrClient, type WeavrClient } from '@weavr-sdk/core/internal';
import { runtime } from './generated/runtime.js';
import type { paths } from './generated/schema.js';
import { server } from './generated/spec.js';

// The public runtime (errors, option and result types, sessions): users import everything from here.
export * from '@weavr-sdk/core';
// Types read off the spec (types only) and `isWeavrErrorCode` typed with the spec's error codes; named, so it
// takes the place of the runtime's untyped one above.
export * from './generated/exports.js';
export { isWeavrErrorCode } from './generated/exports.js';
// Pagination, bulk processes and documents, bound to this API's operations and types.
export * from './generated/helpers.js';
export { type OperationKey, operations } from './generated/operations.js';
export type { components, operations as OperationTypes, paths } from './generated/schema.js';
export { spec } from './generated/spec.js';
export {
  createSession,
  type IdentityRef,
  type LoginCredentials,
  type LoginResult,
  listIdentities,
  loginWithPassword,
  logout,
  type MultiSession,
  type PasswordSource,
  requestAccessToken,
  type SessionOptions,
  type UserIdentity,
  updateExpiredPassword,
  WeavrPasswordExpiredError,
} from './session.js';
export {
  type ChallengeResourceType,
  confirmChallenge,
  isStepUpRequired,
  issueChallenge,
  issueStepUp,
  type OtpChannel,
  SANDBOX_VERIFICATION_CODE,
  stepUp,
  type VerificationCodeSource,
  verifyChallenge,
  verifyStepUp,
  withStepUp,
} from './stepup.js';

export {
  STEP_UP_REISSUE_WAIT_MS,
  WeavrStepUpIssueLimitError,
  WeavrStepUpRetryLaterError,
} from './stepup-errors.js';

/** The Weavr Multi API client type. */
export type MultiClient<Throw extends boolean = false> = WeavrClient<paths, Throw>;

/** Options for `createMultiClient`. `baseUrl` defaults to the Multi sandbox, `https://sandbox.weavr.io/multi`. */
export type MultiClientOptions = ClientOptions;

/**
 * Creates a typed client for every operation of Weavr's Multi API.
 *
 * @example
 * const weavr = createMultiClient({ apiKey: process.env.WEAVR_API_KEY!, token: () => session.token });
 * const { data, error } = await weavr.GET('/managed_cards/{id}', { params: { path: { id } } });
 */
export function createMultiClient<Throw extends boolean = false>(
  options: MultiClientOptions & { throwOnError?: Throw },
): MultiClient<Throw> {
  return createWeavrClient<paths, Throw>(
    {
      name: 'createMultiClient',
      defaultBaseUrl: server ?? 'https://sandbox.weavr.io/multi',
      runtime,
    },
    options,
  );
}
