import type { Ctx, Handler, Handlers } from '../context.js';
import { conflict, forbidden, notFound } from '../http-error.js';
import { page } from '../shape.js';
import type { Identity, IdentityRef, IdentityType, Json, User } from '../world.js';
import { applyPatch, checkCode, defined, identityOf, noContent, ok, SANDBOX_CODE } from './common.js';

function registerUser(ctx: Ctx, user: User): void {
  const email = user.email.toLowerCase();
  if (ctx.world.usersByEmail.has(email))
    throw conflict(user.root ? 'ROOT_EMAIL_NOT_UNIQUE' : 'EMAIL_NOT_UNIQUE');
  ctx.world.users.set(user.id, user);
  ctx.world.usersByEmail.set(email, user);
}

function createIdentity(type: IdentityType): Handler {
  return (ctx) => {
    const b = ctx.body;
    const profile =
      type === 'CORPORATE' ? ctx.programme.profiles.corporates : ctx.programme.profiles.consumers;
    if (b.profileId !== profile) throw conflict('PROFILE_NOT_FOUND');
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
    const resource: Json = defined({
      ...b,
      id: ref,
      rootUser,
      creationTimestamp: ctx.clock.now(),
    });
    if (type === 'CORPORATE') {
      const { registrationCountry, ...company } = b.company;
      resource.company = { ...company, countryOfRegistration: registrationCountry };
    }
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
    const identity: Identity = { ref, resource, rootUserId: userId, verification: 'NOT_STARTED' };
    ctx.world.identities.set(id, identity);
    return ok(resource);
  };
}

function ownIdentity(ctx: Ctx, type: IdentityType): Identity {
  const ref = identityOf(ctx);
  const identity = ctx.world.identities.get(ref.id);
  if (!identity || ref.type !== type) throw forbidden('INSUFFICIENT_PERMISSIONS');
  return identity;
}

function getIdentity(type: IdentityType): Handler {
  return (ctx) => ok(ownIdentity(ctx, type).resource);
}

function patchIdentity(type: IdentityType): Handler {
  return (ctx) => {
    const identity = ownIdentity(ctx, type);
    const { rootUser: _ignored, ...rest } = ctx.body ?? {};
    applyPatch(identity.resource, rest);
    return ok(identity.resource);
  };
}

/** `POST /<identities>/verification/email/send`: nothing is sent; the code is always `123456`. */
const sendEmailCode: Handler = (ctx) => {
  if (!ctx.world.usersByEmail.has(String(ctx.body.email).toLowerCase())) throw conflict('EMAIL_NOT_FOUND');
  return noContent();
};

const verifyEmail: Handler = (ctx) => {
  const user = ctx.world.usersByEmail.get(String(ctx.body.email).toLowerCase());
  checkCode(ctx.body.verificationCode);
  if (!user) throw conflict('VERIFICATION_CODE_INVALID');
  user.emailVerified = true;
  user.resource.emailVerified = true;
  return noContent();
};

function verificationStatus(identity: Identity): string {
  return identity.verification === 'APPROVED'
    ? 'APPROVED'
    : identity.verification === 'REJECTED'
      ? 'REJECTED'
      : 'NOT_STARTED';
}

const corporateKyb: Handler = (ctx) => {
  const identity = ownIdentity(ctx, 'CORPORATE');
  return ok({ kybStatus: verificationStatus(identity), ongoingKybStatus: verificationStatus(identity) });
};
const consumerKyc: Handler = (ctx) => {
  const identity = ownIdentity(ctx, 'CONSUMER');
  return ok({
    fullDueDiligence: verificationStatus(identity),
    ongoingFullDueDiligence: verificationStatus(identity),
  });
};

// --- authorised users ---

function userResource(user: User): Json {
  return user.resource;
}

const createUser: Handler = (ctx) => {
  const identity = identityOf(ctx);
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

function ownUser(ctx: Ctx): User {
  const identity = identityOf(ctx);
  const user = ctx.world.users.get(ctx.path.user_id as string);
  if (!user || user.identity.id !== identity.id || user.root) throw notFound();
  return user;
}

const listUsers: Handler = (ctx) => {
  const identity = identityOf(ctx);
  let users = [...ctx.world.users.values()].filter((u) => u.identity.id === identity.id && !u.root).reverse();
  if (ctx.query.email) users = users.filter((u) => u.email === ctx.query.email);
  if (ctx.query.active !== undefined) users = users.filter((u) => u.resource.active === ctx.query.active);
  return ok(page('users', users.map(userResource), ctx.query));
};

const getUser: Handler = (ctx) => ok(userResource(ownUser(ctx)));
const patchUser: Handler = (ctx) => {
  const user = ownUser(ctx);
  applyPatch(user.resource, ctx.body);
  if (typeof ctx.body?.email === 'string') {
    ctx.world.usersByEmail.delete(user.email.toLowerCase());
    user.email = ctx.body.email;
    ctx.world.usersByEmail.set(user.email.toLowerCase(), user);
  }
  return ok(user.resource);
};
function setActive(active: boolean): Handler {
  return (ctx) => {
    const user = ownUser(ctx);
    user.resource.active = active;
    if (!active) ctx.emit('/auth/users/user_deactivated/watch', user);
    return noContent();
  };
}
/** The invite code is the sandbox's `123456`; nothing is emailed. */
const invite: Handler = (ctx) => {
  ownUser(ctx).inviteCode = SANDBOX_CODE;
  return noContent();
};
function invited(ctx: Ctx): User {
  const user = ctx.world.users.get(ctx.path.user_id as string);
  if (!user?.inviteCode || ctx.body.inviteCode !== user.inviteCode)
    throw conflict('INVITE_OR_INVITE_CODE_INVALID');
  return user;
}
const validateInvite: Handler = (ctx) => {
  invited(ctx);
  return noContent();
};
const consumeInvite: Handler = (ctx) => {
  const user = invited(ctx);
  if (user.password !== undefined) throw conflict('PASSWORD_ALREADY_CREATED');
  user.password = String(ctx.body.password.value);
  user.inviteCode = undefined;
  user.emailVerified = true;
  return ok({ token: ctx.world.newToken({ type: 'AUTH', userId: user.id }).value });
};

export const identityHandlers: Handlers = {
  'multi POST /corporates': createIdentity('CORPORATE'),
  'multi GET /corporates': getIdentity('CORPORATE'),
  'multi PATCH /corporates': patchIdentity('CORPORATE'),
  'multi POST /corporates/verification/email/send': sendEmailCode,
  'multi POST /corporates/verification/email/verify': verifyEmail,
  'multi GET /corporates/kyb': corporateKyb,
  'multi POST /consumers': createIdentity('CONSUMER'),
  'multi GET /consumers': getIdentity('CONSUMER'),
  'multi PATCH /consumers': patchIdentity('CONSUMER'),
  'multi POST /consumers/verification/email/send': sendEmailCode,
  'multi POST /consumers/verification/email/verify': verifyEmail,
  'multi GET /consumers/kyc': consumerKyc,
  'multi POST /users': createUser,
  'multi GET /users': listUsers,
  'multi GET /users/{user_id}': getUser,
  'multi PATCH /users/{user_id}': patchUser,
  'multi POST /users/{user_id}/activate': setActive(true),
  'multi POST /users/{user_id}/deactivate': setActive(false),
  'multi POST /users/{user_id}/invite': invite,
  'multi POST /users/{user_id}/invite/validate': validateInvite,
  'multi POST /users/{user_id}/invite/consume': consumeInvite,
  'multi POST /users/verification/email/send': sendEmailCode,
  'multi POST /users/verification/email/verify': verifyEmail,
  'backoffice POST /users': createUser,
  'backoffice POST /users/{user_id}/deactivate': setActive(false),
  'backoffice POST /users/{user_id}/invite': invite,
};
