import type { Ctx } from '../context.js';
import { conflict, forbidden, invalid, notFound } from '../http-error.js';
import type { Consumer, Corporate } from '../resources.js';
import { page } from '../shape.js';
import { area, type TypedCtx } from '../typed.js';
import type { Identity, IdentityOf, IdentityRef, IdentityResources, IdentityType, User } from '../world.js';
import { loginToken } from './access.js';
import { applyPatch, checkCode, defined, identityOf, noContent, ok, SANDBOX_CODE } from './common.js';

function registerUser(ctx: Ctx, user: User): void {
  const email = user.email.toLowerCase();
  if (ctx.world.usersByEmail.has(email))
    throw conflict(user.root ? 'ROOT_EMAIL_NOT_UNIQUE' : 'EMAIL_NOT_UNIQUE');
  ctx.world.users.set(user.id, user);
  ctx.world.usersByEmail.set(email, user);
}

/** The one fee group the emulated programme has (QA: CreateCorporatesTests asserts `feeGroup: DEFAULT`). */
const DEFAULT_FEE_GROUP = 'DEFAULT';

/**
 * What Weavr refuses at onboarding beyond the spec's schema (QA: CreateCorporatesTests /
 * CreateConsumersTests `…_TermsNotAccepted_TermsNotAccepted`, `…_UnknownCurrency_CurrencyUnsupported`,
 * `CreateCorporate_UnknownFeeGroup_FeeGroupInvalid`). Terms left out are not refused: the spec marks
 * `acceptedTerms` deprecated and optional, and the QA suite always sends it.
 */
function checkOnboarding(
  ctx: Ctx,
  type: IdentityType,
  b: { acceptedTerms?: boolean; baseCurrency?: string; feeGroup?: string },
): void {
  if (b.acceptedTerms === false) throw conflict('TERMS_NOT_ACCEPTED');
  const currencies = ctx.programme.currencies[type === 'CORPORATE' ? 'corporates' : 'consumers'];
  if (b.baseCurrency !== undefined && !currencies.has(b.baseCurrency)) throw conflict('CURRENCY_UNSUPPORTED');
  if (b.feeGroup !== undefined && b.feeGroup !== DEFAULT_FEE_GROUP) throw conflict('FEE_GROUP_INVALID');
}

type IdentityCreate = TypedCtx<'multi', 'corporateCreate'> | TypedCtx<'multi', 'consumerCreate'>;

function createIdentity<T extends IdentityType>(type: T) {
  return (ctx: IdentityCreate) => {
    const b = ctx.body;
    const profile =
      type === 'CORPORATE' ? ctx.programme.profiles.corporates : ctx.programme.profiles.consumers;
    if (b.profileId !== profile) throw conflict('PROFILE_NOT_FOUND');
    checkOnboarding(ctx, type, b);
    const id = ctx.world.newId();
    const ref: IdentityRef = { type, id };
    // The root user has the identity's own id (QA: AuthenticateCorporateRootTests.LoginWithPassword_Root_Success
    // asserts credentials.id == identity id; Weavr's helpers create the first password at /passwords/{identityId}).
    const userId = id;
    const rootUser = defined({
      ...b.rootUser,
      id: { type, id: userId },
      active: true,
      emailVerified: false,
      mobileNumberVerified: false,
      passwordAlreadySet: false,
    });
    // A corporate's company as the spec answers it: `registrationCountry` becomes `countryOfRegistration`.
    const company =
      'company' in b
        ? (({ registrationCountry, ...rest }) => ({ ...rest, countryOfRegistration: registrationCountry }))(
            b.company,
          )
        : undefined;
    // The body passed the operation's schema: with the fields set here it is the identity of `type` (TypeScript
    // does not relate `type` to the body's type).
    const resource = defined({
      ...b,
      ...(company ? { company } : {}),
      feeGroup: b.feeGroup ?? DEFAULT_FEE_GROUP,
      id: ref,
      rootUser,
      creationTimestamp: ctx.clock.now(),
    }) as Corporate | Consumer;
    const user: User = {
      id: userId,
      identity: ref,
      root: true,
      email: String(b.rootUser.email),
      emailVerified: false,
      resource: rootUser,
      otpEnrolled: false,
    };
    registerUser(ctx, user);
    const identity = { ref, resource, rootUserId: userId, verification: 'NOT_STARTED' } as Identity;
    ctx.world.identities.set(id, identity);
    return ok(resource as IdentityResources[T]);
  };
}

const ofType = <T extends IdentityType>(i: Identity, type: T): i is IdentityOf<T> => i.ref.type === type;

function ownIdentity<T extends IdentityType>(ctx: Ctx, type: T): IdentityOf<T> {
  const ref = identityOf(ctx);
  const identity = ctx.world.identities.get(ref.id);
  if (!identity || ref.type !== type || !ofType(identity, type)) throw forbidden('INSUFFICIENT_PERMISSIONS');
  return identity;
}

function getIdentity<T extends IdentityType>(type: T) {
  // The identity of type `T`'s resource (TypeScript widens it to either through `T`).
  return (ctx: Ctx) => ok(ownIdentity(ctx, type).resource as IdentityResources[T]);
}

/** The root user's fields a PATCH of the identity carries at its top level. */
const ROOT_USER_FIELDS = ['name', 'surname', 'email', 'mobile', 'dateOfBirth'] as const;

type IdentityPatch = TypedCtx<'multi', 'corporateUpdate'> | TypedCtx<'multi', 'consumerUpdate'>;

function patchIdentity<T extends IdentityType>(type: T) {
  return (ctx: IdentityPatch) => {
    const identity: Identity = ownIdentity(ctx, type);
    // Read field by field (the corporate's and the consumer's PATCH bodies differ; either passed its schema).
    const body: Record<string, unknown> = ctx.body ?? {};
    const person = ROOT_USER_FIELDS.filter((f) => body[f] !== undefined);
    // Once KYB/KYC is approved the root user's personal details are frozen (QA: PatchCorporatesTests
    // `PatchCorporates_Update{Name,Surname,Email,…}KybVerified_RootUserAlreadyVerified`, PatchConsumersTests
    // `PatchConsumers_Update…KycVerified_ConsumerVerified`).
    if (person.length && identity.verification === 'APPROVED')
      throw conflict(type === 'CORPORATE' ? 'ROOT_USER_ALREADY_VERIFIED' : 'CONSUMER_VERIFIED');
    if (body.feeGroup !== undefined && body.feeGroup !== DEFAULT_FEE_GROUP)
      throw conflict('FEE_GROUP_INVALID');
    const root = ctx.world.users.get(identity.rootUserId);
    if (typeof body.email === 'string' && root) renameEmail(ctx, root, body.email, 'EMAIL_NOT_UNIQUE');
    const { companyBusinessAddress, rootUser: _ignored, ...rest } = body;
    for (const f of ROOT_USER_FIELDS) delete rest[f];
    // The PATCH body passed its schema and lost the fields it does not declare: what is left are the identity's.
    applyPatch<object>(identity.resource, rest);
    applyPatch<object>(identity.resource.rootUser, Object.fromEntries(person.map((f) => [f, body[f]])));
    if (companyBusinessAddress && 'company' in identity.resource)
      identity.resource.company.businessAddress =
        companyBusinessAddress as Corporate['company']['businessAddress'];
    return ok(identity.resource as IdentityResources[T]);
  };
}

/** Moves a user to a new email (unverified again); another user's email answers `taken`. */
function renameEmail(ctx: Ctx, user: User, email: string, taken: string): void {
  const key = email.toLowerCase();
  if (key === user.email.toLowerCase()) return;
  if (ctx.world.usersByEmail.has(key)) throw conflict(taken);
  ctx.world.usersByEmail.delete(user.email.toLowerCase());
  user.email = email;
  user.emailVerified = false;
  user.emailCodeSent = false;
  user.resource.emailVerified = false;
  ctx.world.usersByEmail.set(key, user);
}

/** `POST /<identities>/verification/email/send`: nothing is sent; the code is always `123456`. */
type EmailSend =
  | TypedCtx<'multi', 'corporateRootUserEmailVerificationCodeSend'>
  | TypedCtx<'multi', 'consumerRootUserEmailVerificationCodeSend'>
  | TypedCtx<'multi', 'authorisedUserEmailVerificationCodeSend'>;

const sendEmailCode = (ctx: EmailSend) => {
  const user = ctx.world.usersByEmail.get(String(ctx.body.email).toLowerCase());
  if (!user) throw conflict('EMAIL_NOT_FOUND');
  user.emailCodeSent = true;
  return noContent();
};

/**
 * A verification uses up the code sent: an unknown email, a code never sent, a wrong code and a second
 * verification without a new send are all `409 VERIFICATION_CODE_INVALID` (QA: corporates VerifyEmailTests
 * `VerifyEmail_UnknownEmail_…`, `VerifyEmail_VerificationCodeNotSent_…`,
 * `VerifyEmail_EmailAlreadyVerified_VerificationCodeInvalid`); a new send lets a verified email verify again
 * (PatchCorporatesTests.PatchCorporates_SameEmail_NoChanges).
 */
type EmailVerify =
  | TypedCtx<'multi', 'corporateRootUserEmailVerify'>
  | TypedCtx<'multi', 'consumerRootUserEmailVerify'>
  | TypedCtx<'multi', 'authorisedUserEmailVerify'>;

const verifyEmail = (ctx: EmailVerify) => {
  const user = ctx.world.usersByEmail.get(String(ctx.body.email).toLowerCase());
  checkCode(ctx.body.verificationCode);
  if (!user?.emailCodeSent) throw conflict('VERIFICATION_CODE_INVALID');
  user.emailVerified = true;
  user.emailCodeSent = false;
  user.resource.emailVerified = true;
  return noContent();
};

/** The KYC level a consumer's KYC starts at when none is asked for (QA: StartConsumersKyc_NoKycLevel_Success). */
const DEFAULT_KYC_LEVEL = 'KYC_LEVEL_2' as const;

const corporateKyb = (ctx: Ctx) => {
  const { verification } = ownIdentity(ctx, 'CORPORATE');
  return ok({ kybStatus: verification, ongoingKybStatus: verification });
};
const consumerKyc = (ctx: Ctx) => {
  const identity = ownIdentity(ctx, 'CONSUMER');
  const kycLevel = identity.kycLevel ?? DEFAULT_KYC_LEVEL;
  return ok({
    fullDueDiligence: identity.verification,
    ongoingFullDueDiligence: identity.verification,
    kycLevel,
    ongoingKycLevel: kycLevel,
  });
};

/**
 * Starts KYB/KYC: refused once approved or rejected, and while the root user's email is unverified (QA:
 * StartCorporatesKybTests `StartCorporatesKyb_Approved_KybAlreadyApproved`, `…_EmailNotVerified_NotAllowed`;
 * StartConsumersKycTests twins). The reference stands for the KYC provider's session.
 */
type VerificationStart = TypedCtx<'multi', 'corporateKybStart'> | TypedCtx<'multi', 'consumerKycStart'>;

function startVerification(type: IdentityType) {
  return (ctx: VerificationStart) => {
    const identity = ownIdentity(ctx, type);
    const what = type === 'CORPORATE' ? 'KYB' : 'KYC';
    if (identity.verification === 'APPROVED') throw conflict(`${what}_ALREADY_APPROVED`);
    if (identity.verification === 'REJECTED')
      throw conflict(type === 'CORPORATE' ? 'KYB_PERMANENTLY_REJECTED' : 'KYC_REJECTED');
    if (!ctx.world.users.get(identity.rootUserId)?.emailVerified) throw conflict('EMAIL_UNVERIFIED');
    identity.verification = 'INITIATED';
    const reference = `${what.toLowerCase()}-${identity.ref.id}`;
    if (type === 'CORPORATE') return ok({ reference });
    identity.kycLevel =
      (ctx.body && 'kycLevel' in ctx.body ? ctx.body.kycLevel : undefined) ?? DEFAULT_KYC_LEVEL;
    return ok({ reference, kycLevel: identity.kycLevel });
  };
}

// --- authorised users ---

type AuthorisedUserOf = Extract<User, { root: false }>;
const isAuthorised = (u: User): u is AuthorisedUserOf => !u.root;

function userResource(user: AuthorisedUserOf): AuthorisedUserOf['resource'] {
  return user.resource;
}

/** Weavr caps a user's name and surname at 20 characters (the spec's PATCH schemas say so; its create says 50). */
const NAME_MAX = 20;

const createUser = (ctx: TypedCtx<'multi', 'userCreate'> | TypedCtx<'backoffice', 'userCreate'>) => {
  const identity = identityOf(ctx);
  // QA: AbstractCreateUserTests.PostUsers_InvalidName / PostUsers_InvalidSurname (25 characters: 400).
  for (const field of ['name', 'surname'] as const)
    if (String(ctx.body[field]).length > NAME_MAX)
      throw invalid(
        [{ fieldName: field, error: 'SIZE', params: ['1', String(NAME_MAX)] }],
        `request.${field}: size must be between 1 and ${NAME_MAX}`,
      );
  const id = ctx.world.newId();
  const resource = defined({ ...ctx.body, id, identity, active: true });
  const user: User = {
    id,
    identity,
    root: false,
    email: String(ctx.body.email),
    emailVerified: false,
    resource,
    otpEnrolled: false,
  };
  registerUser(ctx, user);
  return ok(resource);
};

/**
 * An authorised user of the caller's identity. A root user or an unknown id is 404; another identity's user is 403
 * when that identity is of the caller's type and 404 when it is of the other type (QA: AbstractGetUserTests
 * `GetUser_RootUser_NotFound`, `GetUser_CrossIdentity_Forbidden`, `GetUser_CrossIdentityType_NotFound`).
 */
function ownUser(ctx: Ctx): AuthorisedUserOf {
  const identity = identityOf(ctx);
  const user = ctx.world.users.get(ctx.path.user_id as string);
  if (!user || !isAuthorised(user)) throw notFound();
  if (user.identity.id !== identity.id) throw user.identity.type === identity.type ? forbidden() : notFound();
  return user;
}

const listUsers = (ctx: Ctx) => {
  const identity = identityOf(ctx);
  let users = [...ctx.world.users.values()]
    .filter((u): u is AuthorisedUserOf => u.identity.id === identity.id && isAuthorised(u))
    .reverse();
  if (ctx.query.email) users = users.filter((u) => u.email === ctx.query.email);
  if (ctx.query.active !== undefined) users = users.filter((u) => u.resource.active === ctx.query.active);
  return ok(page('users', users.map(userResource), ctx.query));
};

const getUser = (ctx: Ctx) => ok(userResource(ownUser(ctx)));
const patchUser = (ctx: TypedCtx<'multi', 'userUpdate'>) => {
  const user = ownUser(ctx);
  if (typeof ctx.body?.email === 'string') renameEmail(ctx, user, ctx.body.email, 'EMAIL_NOT_UNIQUE');
  applyPatch(user.resource, ctx.body);
  return ok(user.resource);
};
function setActive(active: boolean) {
  return (ctx: Ctx) => {
    const user = ownUser(ctx);
    user.resource.active = active;
    if (!active) ctx.emit('/auth/users/user_deactivated/watch', user);
    return noContent();
  };
}
/** The invite code is the sandbox's `123456`; nothing is emailed. */
/** An invite once consumed cannot be sent again (QA: AbstractInviteUserTests.SendInvite_InviteAlreadyConsumed_Conflict). */
const invite = (ctx: Ctx) => {
  const user = ownUser(ctx);
  if (user.inviteConsumed) throw conflict('INVITE_ALREADY_CONSUMED');
  user.inviteCode = SANDBOX_CODE;
  return noContent();
};
function invited(ctx: Ctx, inviteCode: string): User {
  const user = ctx.world.users.get(ctx.path.user_id as string);
  if (!user?.inviteCode || inviteCode !== user.inviteCode) throw conflict('INVITE_OR_INVITE_CODE_INVALID');
  return user;
}
const validateInvite = (ctx: TypedCtx<'multi', 'userInviteValidate'>) => {
  invited(ctx, ctx.body.inviteCode);
  return noContent();
};
/**
 * An unknown user is `409 UNRESOLVED_IDENTITY`, an invite consumed already `PASSWORD_ALREADY_CREATED`, a root user
 * or a wrong code `INVITE_OR_INVITE_CODE_INVALID` (QA: AbstractInviteUserTests `ConsumeInvite_UnknownUser_UnresolvedIdentity`,
 * `ConsumeInvite_AlreadyConsumed_PasswordAlreadyCreated`, `ConsumeInvite_RootUser_InviteOrInviteCodeInvalid`).
 */
const consumeInvite = (ctx: TypedCtx<'multi', 'userInviteConsume'>) => {
  const known = ctx.world.users.get(ctx.path.user_id as string);
  if (!known) throw conflict('UNRESOLVED_IDENTITY');
  if (known.inviteConsumed) throw conflict('PASSWORD_ALREADY_CREATED');
  const user = invited(ctx, ctx.body.inviteCode);
  if (user.password !== undefined) throw conflict('PASSWORD_ALREADY_CREATED');
  user.password = String(ctx.body.password.value);
  user.inviteCode = undefined;
  user.inviteConsumed = true;
  user.emailVerified = true;
  return ok({ token: loginToken(ctx, user).value });
};

export const identityHandlers = area({
  multi: {
    corporateCreate: createIdentity('CORPORATE'),
    corporateGet: getIdentity('CORPORATE'),
    corporateUpdate: patchIdentity('CORPORATE'),
    corporateRootUserEmailVerificationCodeSend: sendEmailCode,
    corporateRootUserEmailVerify: verifyEmail,
    corporateKybGet: corporateKyb,
    corporateKybStart: startVerification('CORPORATE'),
    consumerCreate: createIdentity('CONSUMER'),
    consumerGet: getIdentity('CONSUMER'),
    consumerUpdate: patchIdentity('CONSUMER'),
    consumerRootUserEmailVerificationCodeSend: sendEmailCode,
    consumerRootUserEmailVerify: verifyEmail,
    consumerKycGet: consumerKyc,
    consumerKycStart: startVerification('CONSUMER'),
    userCreate: createUser,
    usersGet: listUsers,
    userGetById: getUser,
    userUpdate: patchUser,
    userActivate: setActive(true),
    userDeactivate: setActive(false),
    userInviteSend: invite,
    userInviteValidate: validateInvite,
    userInviteConsume: consumeInvite,
    authorisedUserEmailVerificationCodeSend: sendEmailCode,
    authorisedUserEmailVerify: verifyEmail,
  },
  backoffice: { userCreate: createUser, userDeactivate: setActive(false), userInviteSend: invite },
});
