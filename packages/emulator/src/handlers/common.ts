import type { Ctx } from '../context.js';
import { badRequest, conflict, forbidden } from '../http-error.js';
import type { SuccessStatus } from '../typed.js';
import type { IdentityRef, User } from '../world.js';

/** The sandbox's one-time password, email and step-up code. */
export const SANDBOX_CODE = '123456';

/** A success answer with `body` (its type checked against the operation's success schema where it is registered). */
export const ok = <const T>(body: T, status?: SuccessStatus): { body: T; status?: SuccessStatus } => ({
  body,
  ...(status !== undefined ? { status } : {}),
});
export const noContent = (): { body: undefined } => ({ body: undefined });

/** The identity the call acts for: a user's access token or a Back-Office identity token. */
export function identityOf(ctx: Ctx): IdentityRef {
  const identity = ctx.caller.identity;
  if (!identity) throw forbidden('ACCESS_TOKEN_REQUIRED');
  return identity;
}

/** The signed-in user (any token of a user). */
export function userOf(ctx: Ctx): User {
  const user = ctx.caller.user;
  if (!user) throw forbidden('INSUFFICIENT_PERMISSIONS');
  return user;
}

/** Checks a verification code as Weavr does: six characters, and on the sandbox `123456`. */
export function checkCode(code: unknown, wrong = 'VERIFICATION_CODE_INVALID'): void {
  if (typeof code !== 'string' || code.length !== 6)
    throw badRequest('request.verificationCode: size must be between 6 and 6');
  if (code !== SANDBOX_CODE) throw conflict(wrong);
}

/**
 * Copies the defined fields of `patch` onto `target` (a PATCH), one level deep for objects. Each field of the patch
 * is one of the resource's, of its type (an object field may be a part of it: it is merged into the one stored).
 */
export function applyPatch<T extends object>(
  target: T,
  patch: { [K in keyof T]?: T[K] | Partial<T[K]> } | undefined,
  fields?: readonly (keyof T & string)[],
): void {
  // Written by name: the loop's key is any of `T`'s, checked above for its value's type.
  const to = target as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch ?? {})) {
    if (v === undefined || (fields && !fields.includes(k as keyof T & string))) continue;
    const was = to[k];
    to[k] =
      v && typeof v === 'object' && !Array.isArray(v) && was && typeof was === 'object'
        ? { ...was, ...v }
        : v;
  }
}

/** Drops `undefined` fields, so optional ones the caller did not send stay absent. */
export function defined<T extends Record<string, unknown>>(o: T): T {
  // A copy, not `delete`: an object that loses properties drops to V8's slow dictionary mode, and these resources
  // are read and serialised on every later call (a list of five transfers serialised ~20 % slower that way).
  // (Bodies reach handlers without `__proto__` keys, dropped when parsed; never copied here either.)
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) if (o[k] !== undefined && k !== '__proto__') out[k] = o[k];
  return out as T;
}
