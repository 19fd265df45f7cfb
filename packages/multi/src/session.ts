import {
  apiErrorFor,
  paginate as corePaginate,
  errorOf,
  type HelperCallOptions,
  type JsonOk,
  refreshableToken,
  type WeavrClient,
  WeavrConfigError,
  WeavrError,
  withTokenRefresh,
} from '@weavr-sdk/core/internal';
import { operations } from './generated/operations.js';
import type { components, paths } from './generated/schema.js';

// biome-ignore lint/suspicious/noExplicitAny: a throwing or non-throwing client
type AnyMultiClient = WeavrClient<paths, any>;

/** An identity a user can act for: `{ type: 'CORPORATE' | 'CONSUMER', id }`. */
export type IdentityRef = components['schemas']['IdentityId'];
/** One entry of `GET /identities`: `{ id: { type, id }, name }`. */
export type UserIdentity = NonNullable<JsonOk<paths['/identities']['get']>['identities']>[number];

/** A password, or a function returning one (called each time the session has to sign in again). */
export type PasswordSource = string | (() => string | Promise<string>);

export interface LoginCredentials {
  email: string;
  password: PasswordSource;
}

type LoginBody = JsonOk<paths['/login_with_password']['post']>;

/** The outcome of `loginWithPassword`. */
export type LoginResult =
  | ({ status: 'LOGGED_IN'; token: string } & Omit<LoginBody, 'token'>)
  | {
      /** The password expired: `temporaryToken` is only good for `POST /passwords/update` (`updateExpiredPassword`). */
      status: 'PASSWORD_EXPIRED';
      temporaryToken: string;
    };

/** Signing in found the password expired and no `onPasswordExpired` was given to choose a new one. */
export class WeavrPasswordExpiredError extends WeavrError {
  override name = 'WeavrPasswordExpiredError';
  /** Only usable for `POST /passwords/update`. Not enumerable, so it never reaches logs or JSON. */
  declare readonly temporaryToken: string;
  constructor(temporaryToken: string) {
    super(
      'The password has expired: set a new one with updateExpiredPassword() (or pass onPasswordExpired to createSession)',
    );
    Object.defineProperty(this, 'temporaryToken', { value: temporaryToken, enumerable: false });
  }
}

async function resolvePassword(source: PasswordSource, where: string): Promise<string> {
  const value = typeof source === 'function' ? await source() : source;
  if (typeof value !== 'string' || value === '') throw new WeavrConfigError(`${where}: password is required`);
  return value;
}

function opInfo(key: keyof typeof operations) {
  const op = operations[key];
  return { method: op.method, path: op.path, operationId: op.operationId };
}

/**
 * `POST /login_with_password`. A 409 from this operation means the password expired: it is returned as
 * `{ status: 'PASSWORD_EXPIRED', temporaryToken }` rather than thrown. Other failures throw typed errors.
 */
export async function loginWithPassword(
  client: AnyMultiClient,
  credentials: LoginCredentials,
  options: HelperCallOptions = {},
): Promise<LoginResult> {
  if (!credentials || typeof credentials.email !== 'string' || credentials.email === '')
    throw new WeavrConfigError('loginWithPassword: email is required');
  const password = await resolvePassword(credentials.password, 'loginWithPassword');
  const result = await client.POST('/login_with_password', {
    ...options,
    body: { email: credentials.email, password: { value: password } },
    throwOnError: false,
  });
  const { response } = result;
  if (response.status === 409) {
    const temporaryToken = (result.error as { token?: unknown } | undefined)?.token;
    if (typeof temporaryToken === 'string' && temporaryToken !== '')
      return { status: 'PASSWORD_EXPIRED', temporaryToken };
  }
  if (!response.ok || !result.data)
    throw (
      errorOf(result) ??
      apiErrorFor(
        response.status,
        result.error,
        opInfo('POST /login_with_password'),
        result.requestRef,
        undefined,
        [password],
      )
    );
  const { token, ...rest } = result.data;
  if (!token) throw new TypeError('loginWithPassword: the response carries no token');
  return { status: 'LOGGED_IN', token, ...rest };
}

/**
 * Sets a new password with the temporary token of an expired-password login (`POST /passwords/update`).
 * Returns the token the response carries, if any.
 */
export async function updateExpiredPassword(
  client: AnyMultiClient,
  args: { temporaryToken: string; oldPassword: PasswordSource; newPassword: PasswordSource },
  options: HelperCallOptions = {},
): Promise<{ token: string | undefined }> {
  if (!args?.temporaryToken) throw new WeavrConfigError('updateExpiredPassword: temporaryToken is required');
  const oldPassword = await resolvePassword(args.oldPassword, 'updateExpiredPassword (oldPassword)');
  const newPassword = await resolvePassword(args.newPassword, 'updateExpiredPassword (newPassword)');
  const { data } = await client.POST('/passwords/update', {
    ...options,
    token: args.temporaryToken,
    body: { oldPassword: { value: oldPassword }, newPassword: { value: newPassword } },
    throwOnError: true,
  });
  return { token: data?.token || undefined };
}

/** The identities the signed-in user can act for (`GET /identities`, every page). */
export async function listIdentities(
  client: AnyMultiClient,
  options: HelperCallOptions = {},
): Promise<UserIdentity[]> {
  const out: UserIdentity[] = [];
  for await (const identity of corePaginate(client, operations, '/identities', { ...options }))
    out.push(identity as UserIdentity);
  return out;
}

function checkIdentity(identity: IdentityRef | undefined, where: string): IdentityRef {
  if (!identity || typeof identity.type !== 'string' || typeof identity.id !== 'string' || !identity.id)
    throw new WeavrConfigError(
      `${where}: identity must be { type: 'CORPORATE' | 'CONSUMER', id: string } (got ${JSON.stringify(identity)})`,
    );
  return identity;
}

/** A token for one identity (`POST /access_token`), sent with the signed-in user's token. */
export async function requestAccessToken(
  client: AnyMultiClient,
  identity: IdentityRef,
  options: HelperCallOptions = {},
): Promise<string> {
  const { type, id } = checkIdentity(identity, 'requestAccessToken');
  const { data } = await client.POST('/access_token', {
    ...options,
    body: { identity: { type, id } },
    throwOnError: true,
  });
  if (!data?.token) throw new TypeError('requestAccessToken: the response carries no token');
  return data.token;
}

/** Ends the session of `token` (or of the client's token): `POST /logout`. */
export async function logout(client: AnyMultiClient, options: HelperCallOptions = {}): Promise<void> {
  await client.POST('/logout', { ...options, throwOnError: true });
}

export interface SessionOptions extends LoginCredentials {
  /**
   * The identity to act for, or a function choosing one from `GET /identities`.
   * @default the only identity `GET /identities` lists (an error names the choice when there are several)
   */
  identity?: IdentityRef | ((identities: UserIdentity[]) => IdentityRef | Promise<IdentityRef>);
  /**
   * Called when the password has expired; return a new password and the session sets it with the temporary
   * token (`POST /passwords/update`), then signs in with it. Without it an expired password throws
   * `WeavrPasswordExpiredError`.
   */
  onPasswordExpired?: () => string | Promise<string>;
  /**
   * Sign in again before a call when the token sat unused this long (Weavr tokens expire five minutes after
   * their last use). A 401 also triggers one new sign-in and a replay of the call.
   * @default 270000 (4.5 minutes)
   */
  maxIdleMs?: number;
}

/** A signed-in user acting for one identity. */
export interface MultiSession<Throw extends boolean = false> {
  /** The client with the session's token; a 401 signs in again once and replays the call. */
  client: WeavrClient<paths, Throw>;
  /** The current token (signing in when there is none or it expired): a `token` provider for any client. */
  token(): Promise<string>;
  /** Signs in again now and returns the new token. */
  refresh(): Promise<string>;
  /** The identity the token is for (known after the first sign-in). */
  readonly identity: IdentityRef | undefined;
  /** `POST /logout` with the current token, then forgets it. */
  logout(options?: HelperCallOptions): Promise<void>;
}

function sameIdentity(a: IdentityRef, b: IdentityRef): boolean {
  return a.type === b.type && a.id === b.id;
}

/**
 * Signs a user in (`/login_with_password`) and returns a client that carries an access token, signing in
 * again when it expires. By the login's `tokenType`: an `ACCESS` token is kept as it is; an `AUTH` (or
 * `NO_TYPE`) token is exchanged: the identity is picked (`GET /identities`) and its access token fetched
 * (`POST /access_token`), as Weavr's docs ask.
 *
 * @example
 * const session = await createSession(weavr, { email, password: () => process.env.WEAVR_PASSWORD! });
 * const { data } = await session.client.GET('/managed_cards');
 */
export async function createSession<Throw extends boolean = false>(
  client: WeavrClient<paths, Throw>,
  options: SessionOptions,
): Promise<MultiSession<Throw>> {
  if (!options || typeof options.email !== 'string' || options.email === '')
    throw new WeavrConfigError('createSession: email is required');
  if (options.password === undefined) throw new WeavrConfigError('createSession: password is required');
  let password: PasswordSource = options.password;
  let identity: IdentityRef | undefined =
    options.identity && typeof options.identity === 'object'
      ? checkIdentity(options.identity, 'createSession')
      : undefined;

  const signIn = async (signal?: AbortSignal): Promise<string> => {
    const call = signal ? { signal } : {};
    let login = await loginWithPassword(client, { email: options.email, password }, call);
    if (login.status === 'PASSWORD_EXPIRED') {
      if (!options.onPasswordExpired) throw new WeavrPasswordExpiredError(login.temporaryToken);
      const next = await resolvePassword(options.onPasswordExpired, 'onPasswordExpired');
      await updateExpiredPassword(
        client,
        { temporaryToken: login.temporaryToken, oldPassword: password, newPassword: next },
        call,
      );
      password = next;
      login = await loginWithPassword(client, { email: options.email, password }, call);
      if (login.status !== 'LOGGED_IN')
        throw new WeavrPasswordExpiredError((login as { temporaryToken: string }).temporaryToken);
    }
    // An ACCESS token already acts for the login's identity: keep it. AUTH (and NO_TYPE) tokens work only
    // on GET /identities and POST /access_token (elsewhere 403 ACCESS_TOKEN_REQUIRED): exchange them.
    // (A chooser function still gets to choose first.)
    const chosen = identity ?? (typeof options.identity === 'function' ? undefined : login.identity);
    if (login.tokenType === 'ACCESS' && login.identity && chosen && sameIdentity(chosen, login.identity)) {
      identity = login.identity;
      return login.token;
    }
    const userCall = { ...call, token: login.token };
    if (!identity) {
      const choice = options.identity;
      const identities = await listIdentities(client, userCall);
      if (typeof choice === 'function') identity = checkIdentity(await choice(identities), 'createSession');
      else if (identities.length === 1 && identities[0]?.id) identity = identities[0].id;
      else if (identities.length === 0 && login.identity) identity = login.identity;
      else
        throw new WeavrConfigError(
          `createSession: the user can act for ${identities.length} identities; pass identity: { type, id } or a function choosing one`,
        );
    }
    return requestAccessToken(client, identity, userCall);
  };

  const state = refreshableToken(signIn, { maxIdleMs: options.maxIdleMs ?? 270_000 });
  let current: string | undefined = await state.token();
  const tokenOf = async () => (current = await state.token());
  return {
    client: withTokenRefresh(client, {
      token: async (signal) => (current = await state.token(signal)),
      refresh: async (stale, signal) => (current = await state.refresh(stale, signal)),
      clear: () => state.clear(),
    }),
    token: tokenOf,
    refresh: async () => (current = await state.refresh(current)),
    get identity() {
      return identity;
    },
    async logout(call = {}) {
      const token = current;
      state.clear();
      current = undefined;
      if (token) await logout(client, { ...call, token });
    },
  };
}
