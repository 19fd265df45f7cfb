import type { Caller, Programme } from './context.js';
import { forbidden, invalid, unauthorized } from './http-error.js';
import { oncePer } from './once-per.js';
import type { ApiName } from './router.js';
import type { OperationSpec } from './spec-types.js';
import type { Token, User, World } from './world.js';

/** Weavr's Multi tokens expire five minutes after their last use. */
export const TOKEN_IDLE_MS = 5 * 60_000;

/** The two operations an `AUTH` token (from `login_with_password`) may call. */
const AUTH_TOKEN_OPERATIONS = new Set(['userIdentities', 'requestAccessToken']);

/** Operations whose spec asks for a token that Weavr's API does not require (measured against the real API). */
const KEY_ONLY_IN_PRACTICE = new Set(['backoffice impersonateIdentityLogin']);

/**
 * A token is stepped up once its own step-up is verified, and also while its user's last step-up (with any token)
 * is within the programme's SCA window: Weavr's SCA is the user's, not one session's.
 */
export function steppedUp(token: Token, user: User | undefined, now: number, windowMs: number): boolean {
  return token.steppedUp || (user?.steppedUpAt !== undefined && now - user.steppedUpAt < windowMs);
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Checks the API key (the simulator's `programme-key`): missing or empty is 400 naming it, wrong is 401. Also run
 * before a request's body is read, so a caller without the key never gets a body buffered.
 */
export function checkKey(
  apiKey: string,
  api: ApiName,
  headers: Record<string, string | string[] | undefined>,
): void {
  const keyHeader = api === 'simulator' ? 'programme-key' : 'api-key';
  const key = header(headers, keyHeader);
  if (key === undefined || key.trim() === '')
    throw invalid([{ fieldName: keyHeader, error: 'REQUIRED', params: [] }]);
  if (key !== apiKey) throw unauthorized();
}

interface TokenRule {
  /** Every security alternative needs a token (and Weavr's API does ask for one). */
  needsToken: boolean;
  /** Some alternative takes a token. */
  mayUseToken: boolean;
}

/** What an operation's `security` says of tokens, read once per operation. */
const tokenRule = oncePer(
  (op: OperationSpec, api: ApiName): TokenRule => ({
    needsToken:
      op.security.length > 0 &&
      op.security.every((alt) => alt.includes('bearer')) &&
      !KEY_ONLY_IN_PRACTICE.has(`${api} ${op.operationId}`),
    mayUseToken: op.security.some((alt) => alt.includes('bearer')),
  }),
);

/**
 * Checks the credentials an operation's `security` asks for, as Weavr does: an empty or missing key is 400, a
 * wrong key 401; a missing, unknown, expired or logged-out token 401; an `AUTH` token outside `GET /identities`
 * and `POST /access_token`, or a token of the other API, 403.
 */
export function authenticate(
  world: World,
  programme: Programme,
  api: ApiName,
  op: OperationSpec,
  headers: Record<string, string | string[] | undefined>,
): Caller {
  checkKey(programme.apiKey, api, headers);
  if (api === 'simulator') return {};

  const { needsToken, mayUseToken } = tokenRule(op, api);
  const authorization = header(headers, 'authorization');
  if (!authorization || !mayUseToken) {
    if (needsToken) throw unauthorized();
    return {};
  }
  const match = /^Bearer\s+(.+)$/i.exec(authorization);
  const token = match ? world.tokens.get(match[1] as string) : undefined;
  const now = world.clock.now();
  if (!token) throw unauthorized();
  // The kind of token is checked first: a user's token on Back-Office is 403 even once logged out
  // (QA: backoffice GetManagedAccountTests.GetManagedAccount_RootUserLoggedOut_Forbidden).
  if (api === 'backoffice' ? token.type !== 'BACKOFFICE' : token.type === 'BACKOFFICE') throw forbidden();
  if (token.loggedOut) throw unauthorized();
  if (token.type !== 'BACKOFFICE' && now - token.lastUsed > TOKEN_IDLE_MS) {
    world.tokens.delete(token.value);
    throw unauthorized();
  }
  if (token.type === 'AUTH' && !AUTH_TOKEN_OPERATIONS.has(op.operationId))
    throw forbidden('ACCESS_TOKEN_REQUIRED');
  token.lastUsed = now;
  const user = token.userId ? world.users.get(token.userId) : undefined;
  if (token.userId && (!user || user.resource.active === false)) throw unauthorized();
  if (
    programme.stepUpOperations.has(op.operationId) &&
    api === 'multi' &&
    !steppedUp(token, user, now, programme.scaWindowMs)
  )
    throw forbidden('STEP_UP_REQUIRED');
  return { token, ...(user ? { user } : {}), ...(token.identity ? { identity: token.identity } : {}) };
}
