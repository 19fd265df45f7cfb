import { steppedUp } from '../auth.js';
import type { Ctx } from '../context.js';
import { badRequest, conflict, forbidden, notFound, unauthorized } from '../http-error.js';
import { page } from '../shape.js';
import { area, type TypedCtx } from '../typed.js';
import type { IdentityRef, Token, User } from '../world.js';
import { checkCode, noContent, ok, SANDBOX_CODE, userOf } from './common.js';

/** Re-issuing a step-up code sooner than this answers `409 RETRY_IN_15SEC`. */
const STEP_UP_RETRY_MS = 15_000;
/** A third step-up issue on one token answers 400. */
const STEP_UP_MAX_ISSUES = 2;

function credentialsOf(user: User) {
  return { type: user.root ? ('ROOT' as const) : ('USER' as const), id: user.id };
}

/**
 * The token a sign-in gives (login, password creation, an invite consumed): by the programme's `loginTokenType`,
 * an access token for the user's identity or an AUTH token to exchange at `/access_token`.
 */
export function loginToken(ctx: Ctx, user: User): Token & { type: 'ACCESS' | 'AUTH' } {
  return ctx.programme.loginTokenType === 'ACCESS'
    ? ctx.world.newToken({ type: 'ACCESS', userId: user.id, identity: user.identity })
    : ctx.world.newToken({ type: 'AUTH', userId: user.id });
}

/**
 * An empty password is refused before any lookup, in Weavr's bean-validation shape
 * (QA: AbstractAuthenticationTests.LoginWithPassword_NoPassword_BadRequest, CreatePasswordTests.CreatePassword_NoPassword_BadRequest).
 */
function checkPasswordGiven(password: { value?: unknown } | undefined, field = 'password'): void {
  if (password?.value === '') throw badRequest(`request.${field}.value: must not be blank`);
}

function login(ctx: TypedCtx<'multi', 'loginWithPassword'>) {
  const { email, password } = ctx.body;
  checkPasswordGiven(password);
  const user = ctx.world.usersByEmail.get(String(email).toLowerCase());
  // Wrong password and unknown email are both 403, as Weavr answers (never 409: that is an expired password).
  if (
    !user ||
    user.password === undefined ||
    user.password !== password?.value ||
    user.resource.active === false
  )
    throw forbidden();
  const token = loginToken(ctx, user);
  return ok({
    token: token.value,
    tokenType: token.type,
    identity: user.identity,
    credentials: credentialsOf(user),
  });
}

function identities(ctx: Ctx) {
  const user = userOf(ctx);
  const identity = ctx.world.identities.get(user.identity.id);
  const list = identity ? [{ id: identity.ref, name: identityName(identity.resource) }] : [];
  return ok(page('identities', list, ctx.query));
}

function identityName(resource: {
  company?: { name?: string };
  rootUser?: { name?: string; surname?: string };
}) {
  return (
    resource.company?.name ?? `${resource.rootUser?.name ?? ''} ${resource.rootUser?.surname ?? ''}`.trim()
  );
}

function accessToken(ctx: TypedCtx<'multi', 'requestAccessToken'>) {
  const user = userOf(ctx);
  const wanted: IdentityRef = ctx.body.identity;
  // Another identity's id is 404, the user's own id with the other type 401
  // (QA: AbstractRequestAccessTokenTests.RequestAccessToken_SameUserWrongId_NotFound, ..._SameUserWrongType_Unauthorized).
  if (wanted.id !== user.identity.id) throw notFound();
  if (wanted.type !== user.identity.type) throw unauthorized();
  const token = ctx.world.newToken({ type: 'ACCESS', userId: user.id, identity: user.identity });
  const stepped = steppedUp(token, user, ctx.clock.now(), ctx.programme.scaWindowMs);
  return ok({
    token: token.value,
    identity: user.identity,
    credentials: credentialsOf(user),
    status: stepped ? 'STEPPED_UP' : 'STANDARD',
  });
}

/** 204, as Weavr answers (QA: AuthenticateCorporateRootTests.Logout_Success); the spec documents 200 too. */
function logout(ctx: Ctx) {
  if (ctx.caller.token) ctx.caller.token.loggedOut = true;
  return ok(undefined, 204);
}

function tooSimple(password: string): string | undefined {
  if (password.length < 8) return 'PASSWORD_TOO_SHORT';
  if (password.length > 50) return 'PASSWORD_TOO_LONG';
  return undefined;
}

function passwordCreate(ctx: TypedCtx<'multi', 'passwordCreate'>) {
  const user = ctx.world.users.get(ctx.path.user_id as string);
  if (!user) throw notFound('TOKEN_NOT_FOUND');
  checkPasswordGiven(ctx.body.password);
  if (user.password !== undefined) throw conflict('PASSWORD_ALREADY_CREATED');
  const value = String(ctx.body.password.value);
  const problem = tooSimple(value);
  if (problem) throw conflict(problem);
  user.password = value;
  if (user.root) user.resource.passwordAlreadySet = true;
  // The answer's token signs the user in (QA: StartCorporatesKybTests.StartCorporatesKyb_EmailNotVerified_NotAllowed
  // calls with it); passwords never expire here (`expiryDate: 0`, as CreatePasswordTests asserts).
  return ok({
    passwordInfo: { identityId: user.identity, expiryDate: 0 },
    token: loginToken(ctx, user).value,
  });
}

/** The new password's info and a fresh sign-in token (QA: UpdatePasswordTests.UpdatePassword_Corporate_Success). */
function passwordUpdate(ctx: TypedCtx<'multi', 'passwordUpdate'>) {
  const user = userOf(ctx);
  checkPasswordGiven(ctx.body.oldPassword, 'oldPassword');
  checkPasswordGiven(ctx.body.newPassword, 'newPassword');
  if (user.password !== ctx.body.oldPassword?.value) throw conflict('PASSWORD_INCORRECT');
  const next = String(ctx.body.newPassword.value);
  if (next === user.password) throw conflict('PASSWORD_ALREADY_USED');
  const problem = tooSimple(next);
  if (problem) throw conflict(problem);
  user.password = next;
  return ok({
    passwordInfo: { identityId: user.identity, expiryDate: 0 },
    token: loginToken(ctx, user).value,
  });
}

function passwordValidate(ctx: TypedCtx<'multi', 'passwordValidate'>) {
  checkPasswordGiven(ctx.body.password);
  const problem = tooSimple(String(ctx.body.password?.value ?? ''));
  if (problem) throw conflict(problem);
  return noContent();
}

/**
 * SMS enrolment: to the user's mobile number (none: `409 MOBILE_NUMBER_NOT_AVAILABLE`); repeatable until verified
 * (QA: EnrolDeviceByOtpViaSmsTests `EnrolUser_AuthenticatedUserNoMobileNumber_MobileNumberNotAvailable`,
 * `EnrolUser_AlreadyEnrolledNotVerified_Success`, `EnrolUser_AlreadyEnrolledAndVerified_ChannelAlreadyRegistered`).
 */
/**
 * Starts a lost-password flow (the nonce is the sandbox's `123456`, nothing is emailed). An unknown email or an
 * inactive user is `409 ACCOUNT_NOT_FOUND` (QA: StartLostPasswordTests `StartLostPassword_CorporateUserInactive_AccountNotFound`,
 * `StartLostPassword_UnknownEmail_Conflict`).
 */
function lostPasswordStart(ctx: TypedCtx<'multi', 'lostPasswordInitiate'>) {
  const user = ctx.world.usersByEmail.get(String(ctx.body.email).toLowerCase());
  if (!user || user.resource.active === false) throw conflict('ACCOUNT_NOT_FOUND');
  user.lostPassword = true;
  return noContent();
}

/**
 * Sets the new password and signs the user in; the user's step-up ends (QA: ResumeLostPasswordTests
 * `ResumeLostPassword_Corporate_Success`, `…_PasswordNotStarted_InvalidNonceOrEmail`, `…_NonceMismatch_…`,
 * `…_CorporateUserInactive_Forbidden`; AbstractManagedAccountsScaTests
 * `GetManagedAccountsStatement_ForgotPasswordIssueStepUpAgain_Success`).
 */
function lostPasswordResume(ctx: TypedCtx<'multi', 'lostPasswordResume'>) {
  const user = ctx.world.usersByEmail.get(String(ctx.body.email).toLowerCase());
  if (!user?.lostPassword || ctx.body.nonce !== SANDBOX_CODE) throw conflict('INVALID_NONCE_OR_EMAIL');
  if (user.resource.active === false) throw forbidden();
  checkPasswordGiven(ctx.body.newPassword, 'newPassword');
  const next = String(ctx.body.newPassword.value);
  const problem = tooSimple(next);
  if (problem) throw conflict(problem);
  user.password = next;
  user.lostPassword = false;
  user.steppedUpAt = undefined;
  for (const t of ctx.world.tokens.values()) if (t.userId === user.id) t.steppedUp = false;
  return ok({ token: loginToken(ctx, user).value });
}

function enrolOtp(ctx: Ctx) {
  const user = userOf(ctx);
  if (user.otpEnrolled) throw conflict('CHANNEL_ALREADY_REGISTERED');
  if (!user.resource.mobile) throw conflict('MOBILE_NUMBER_NOT_AVAILABLE');
  user.pendingEnrolment = true;
  return noContent();
}

function verifyEnrolment(ctx: TypedCtx<'multi', 'enrolDeviceUsingOtpStepTwo'>) {
  const user = userOf(ctx);
  if (user.otpEnrolled) throw conflict('CHANNEL_ALREADY_REGISTERED');
  if (!user.pendingEnrolment) throw conflict('STATE_INVALID');
  checkCode(ctx.body.verificationCode);
  user.otpEnrolled = true;
  user.pendingEnrolment = false;
  // The code went to the user's mobile: it is verified now (QA: VerifyOtpUserEnrolmentTests.VerifyEnrolment_Corporate_Success).
  user.resource.mobileNumberVerified = true;
  return noContent();
}

/** The user's factors: `PENDING_VERIFICATION` once enrolment starts, `ACTIVE` once verified, no list without any. */
function factors(ctx: Ctx) {
  const user = userOf(ctx);
  const status = user.otpEnrolled ? 'ACTIVE' : user.pendingEnrolment ? 'PENDING_VERIFICATION' : undefined;
  return ok(status ? { factors: [{ type: 'OTP', channel: 'SMS', status }] } : {});
}

function tokenOf(ctx: Ctx): Token {
  const token = ctx.caller.token;
  if (!token) throw unauthorized();
  return token;
}

function stepUpIssue(ctx: Ctx) {
  const user = userOf(ctx);
  const token = tokenOf(ctx);
  if (!user.otpEnrolled) throw conflict('CHANNEL_NOT_REGISTERED');
  const now = ctx.clock.now();
  const last = token.stepUpIssued.at(-1);
  if (last !== undefined && now - last < STEP_UP_RETRY_MS) throw conflict('RETRY_IN_15SEC');
  if (token.stepUpIssued.length >= STEP_UP_MAX_ISSUES)
    throw badRequest('Step-up challenge limit reached for this session.');
  token.stepUpIssued.push(now);
  return noContent();
}

function stepUpVerify(ctx: TypedCtx<'multi', 'stepupSCAVerify'>) {
  const user = userOf(ctx);
  const token = tokenOf(ctx);
  if (!token.stepUpIssued.length) throw conflict('STATE_INVALID');
  if (token.steppedUp) throw conflict('ALREADY_VERIFIED');
  checkCode(ctx.body.verificationCode);
  token.steppedUp = true;
  user.steppedUpAt = ctx.clock.now();
  return noContent();
}

export const accessHandlers = area({
  multi: {
    loginWithPassword: login,
    userIdentities: identities,
    requestAccessToken: accessToken,
    logout,
    passwordCreate,
    passwordUpdate,
    passwordValidate,
    lostPasswordInitiate: lostPasswordStart,
    lostPasswordResume,
    authFactorsGet: factors,
    enrolDeviceUsingOtpStepOne: enrolOtp,
    enrolDeviceUsingOtpStepTwo: verifyEnrolment,
    stepupSCAChallenge: stepUpIssue,
    stepupSCAVerify: stepUpVerify,
  },
});
