// Conformance with Weavr's QA suite, authorised users: src/test/java/opc/junit/multi/users/
// Abstract{Create,Get,Activate,Deactivate}UserTests, run by their Corporate…/Consumer… subclasses
// (CreateCorporateUserTests, GetConsumerUserTests, …). Each test names its source class and method.
import { beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/index.js';
import { clients } from '../helpers.js';
import {
  createAuthenticated,
  createPassword,
  emulatorForFile,
  IDENTITY_TYPE,
  impersonate,
  type Kind,
  QA_PASSWORD,
  randomEmail,
  raw,
  unknownId,
  verifyIdentity,
} from './qa.js';

let emu: Emulator;
emulatorForFile((started) => {
  emu = started;
});

/** `UsersModel.DefaultUsersModel()`. */
const userModel = (email = randomEmail()) => ({
  name: 'Bobby',
  surname: 'Clerk',
  email,
  dateOfBirth: { year: 1992, month: 3, day: 3 },
  mobile: { countryCode: '+356', number: '21123456' },
});

const other = (kind: Kind): Kind => (kind === 'corporates' ? 'consumers' : 'corporates');

/** The other identity the cross-identity tests use: of the other type, or of the same type. */
async function verifiedIdentity(kind: Kind) {
  const identity = await createAuthenticated(emu, kind);
  await verifyIdentity(emu, kind, identity.id);
  return identity;
}

describe.each([
  ['Corporate', 'corporates'],
  ['Consumer', 'consumers'],
] as const)('%s users', (who, kind: Kind) => {
  let owner: { id: string; token: string };
  beforeAll(async () => {
    owner = await verifiedIdentity(kind);
  });
  const create = (body: unknown, init: { token?: string; apiKey?: string; ref?: string } = {}) =>
    fetch(`${emu.url}/multi/users`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'api-key': init.apiKey ?? emu.apiKey,
        ...(init.token !== '' ? { authorization: `Bearer ${init.token ?? owner.token}` } : {}),
        ...(init.ref ? { 'idempotency-ref': init.ref } : {}),
      },
      body: JSON.stringify(body),
    });
  /** `createNewUser`: a user of the owner. */
  async function newUser() {
    const model = userModel();
    const r = await create(model);
    return { model, id: (await r.json()).id as string };
  }
  const create$ = `Create${who}UserTests`;
  const get$ = `Get${who}UserTests`;
  const activate$ = `Activate${who}UserTests`;
  const deactivate$ = `Deactivate${who}UserTests`;

  test(`${create$}.PostUsers_Success`, async () => {
    const model = userModel();
    const r = await create(model);
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body).toMatchObject({
      identity: { id: owner.id, type: IDENTITY_TYPE[kind] },
      name: model.name,
      surname: model.surname,
      email: model.email,
      active: true,
      dateOfBirth: model.dateOfBirth,
    });
    await createPassword(emu, body.id);
    const login = await clients(emu).multi.POST('/login_with_password', {
      body: { email: model.email, password: { value: QA_PASSWORD } },
    });
    expect(login.response.status).toBe(200);
    expect(login.data?.token).toBeTruthy();
  });

  test(`${create$}.PostUsers_RequiredOnly_Success`, async () => {
    const { dateOfBirth: _d, ...model } = userModel();
    const r = await create(model);
    expect(r.status).toBe(200);
    expect((await r.json()).dateOfBirth).toBeUndefined();
  });

  test.each([
    ['PostUsers_InvalidName', { name: 'a'.repeat(25) }],
    ['PostUsers_InvalidSurname', { surname: 'a'.repeat(25) }],
    ['PostUsers_InvalidEmail', { email: 'abcde12345' }],
    ['PostUsers_InvalidDateOfBirthMonth_BadRequest', { dateOfBirth: { year: 2101, month: 12, day: 11 } }],
    ['PostUsers_InvalidDateOfBirthDay_BadRequest', { dateOfBirth: { year: 1980, month: 11, day: 32 } }],
    ['PostUsers_InvalidEmailFormat_BadRequest', { email: 'abcdef.@weavrtest.io' }],
  ])(`${create$}.%s`, async (_name, change) => {
    expect((await create({ ...userModel(), ...change })).status).toBe(400);
  });

  test(`${create$}.PostUsers_EmailNotUnique_Conflict`, async () => {
    const model = userModel();
    expect((await create(model)).status).toBe(200);
    const again = await create(model);
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ errorCode: 'EMAIL_NOT_UNIQUE' });
  });

  test(`${create$}.PostUsers_IdentityImpersonator_Forbidden`, async () => {
    const token = await impersonate(emu, kind, owner.id);
    expect((await create(userModel(), { token })).status).toBe(403);
  });

  test(`${create$}.PostUsers_MobileNotUnique_Success`, async () => {
    const first = userModel();
    await create(first);
    const r = await create({ ...userModel(), mobile: first.mobile });
    expect(r.status).toBe(200);
    expect((await r.json()).mobile).toEqual(first.mobile);
  });

  test(`${create$}.PostUsers_NoSecretKey_BadRequest / _InvalidSecretKey_Unauthorised / _NoToken_Unauthorised / _InvalidToken_Unauthorised`, async () => {
    expect((await create(userModel(), { apiKey: '' })).status).toBe(400);
    expect((await create(userModel(), { apiKey: 'abc' })).status).toBe(401);
    expect((await create(userModel(), { token: '' })).status).toBe(401);
    expect((await create(userModel(), { token: 'a1b2c3' })).status).toBe(401);
  });

  test(`${create$}.PostUsers_SameIdempotencyRefDifferentPayload_BadRequest`, async () => {
    const ref = `ref-${Date.now()}-${kind}`;
    expect((await create(userModel(), { ref })).status).toBe(200);
    const r = await create(userModel(), { ref });
    expect(r.status).toBe(400);
    expect((await r.json()).message).toBe('Payloads do not match for the same idempotency-ref.');
  });

  test(`${create$}.PostUsers_SameIdempotencyRefSamePayload_Success`, async () => {
    const ref = `same-${Date.now()}-${kind}`;
    const model = userModel();
    const first = await (await create(model, { ref })).json();
    const second = await create(model, { ref });
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ id: first.id, email: model.email, active: true });
  });

  test(`${create$}.PostUsers_DifferentIdempotencyRefSamePayload_EmailNotUnique`, async () => {
    const model = userModel();
    expect((await create(model, { ref: `a-${Date.now()}-${kind}` })).status).toBe(200);
    const again = await create(model, { ref: `b-${Date.now()}-${kind}` });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ errorCode: 'EMAIL_NOT_UNIQUE' });
  });

  test(`${create$}.PostUsers_LongIdempotencyRef_RequestTooLong`, async () => {
    expect((await create(userModel(), { ref: 'r'.repeat(8000) })).status).toBe(413);
  });

  test(`${get$}.GetUser_Success`, async () => {
    const { model, id } = await newUser();
    const { data, response } = await clients(emu).multi.GET('/users/{user_id}', {
      params: { path: { user_id: id } },
      token: owner.token,
    });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({
      id,
      identity: { id: owner.id, type: IDENTITY_TYPE[kind] },
      name: model.name,
      surname: model.surname,
      email: model.email,
      dateOfBirth: model.dateOfBirth,
      active: true,
    });
  });

  test(`${get$}.GetUser_NotFound / GetUser_RootUser_NotFound`, async () => {
    const get = (id: string) =>
      clients(emu).multi.GET('/users/{user_id}', { params: { path: { user_id: id } }, token: owner.token });
    expect((await get(unknownId())).response.status).toBe(404);
    // The root user's id is the identity's.
    expect((await get(owner.id)).response.status).toBe(404);
  });

  test(`${get$}.GetUsers_Success`, async () => {
    const fresh = await verifiedIdentity(kind);
    const model = userModel();
    await create(model, { token: fresh.token });
    // Another identity's user is not listed.
    const elsewhere = await verifiedIdentity(other(kind));
    await create(userModel(), { token: elsewhere.token });
    const { data } = await clients(emu).multi.GET('/users', { token: fresh.token, throwOnError: true });
    expect(data).toMatchObject({ count: 1, responseCount: 1 });
    expect(data.users?.[0]).toMatchObject({
      identity: { type: IDENTITY_TYPE[kind], id: fresh.id },
      name: model.name,
      email: model.email,
      active: true,
    });
  });

  test(`${get$}.GetUser_IdentityImpersonator_Forbidden / GetUsers_IdentityImpersonator_Forbidden`, async () => {
    const { id } = await newUser();
    const token = await impersonate(emu, kind, owner.id);
    expect((await raw(emu, 'GET', `/multi/users/${id}`, { token })).status).toBe(403);
    expect((await raw(emu, 'GET', '/multi/users', { token })).status).toBe(403);
  });

  test(`${get$}.GetUser_CrossIdentityType_NotFound`, async () => {
    const { id } = await newUser();
    const stranger = await verifiedIdentity(other(kind));
    expect((await raw(emu, 'GET', `/multi/users/${id}`, { token: stranger.token })).status).toBe(404);
  });

  test(`${get$}.GetUser_CrossIdentity_Forbidden`, async () => {
    const { id } = await newUser();
    const stranger = await verifiedIdentity(kind);
    expect((await raw(emu, 'GET', `/multi/users/${id}`, { token: stranger.token })).status).toBe(403);
  });

  const setActive = (id: string, what: 'activate' | 'deactivate', token = owner.token) =>
    raw(emu, 'POST', `/multi/users/${id}/${what}`, { token });
  const loginAs = (email: string) =>
    clients(emu).multi.POST('/login_with_password', { body: { email, password: { value: QA_PASSWORD } } });

  test(`${deactivate$}.DeDeactivateUser_Success`, async () => {
    const { model, id } = await newUser();
    await createPassword(emu, id);
    expect((await loginAs(model.email)).response.status).toBe(200);
    expect((await setActive(id, 'deactivate')).status).toBe(204);
    expect((await loginAs(model.email)).response.status).toBe(403);
    const r = await raw(emu, 'GET', `/multi/users/${id}`, { token: owner.token });
    expect((await r.json()).active).toBe(false);
  });

  test(`${deactivate$}.DeDeactivateUser_RootUser_NotFound / _NotFound`, async () => {
    expect((await setActive(owner.id, 'deactivate')).status).toBe(404);
    expect((await setActive(unknownId(), 'deactivate')).status).toBe(404);
  });

  test(`${deactivate$}.DeDeactivateUser_AlreadyInactive_Success`, async () => {
    const { id } = await newUser();
    expect((await setActive(id, 'deactivate')).status).toBe(204);
    expect((await setActive(id, 'deactivate')).status).toBe(204);
  });

  test(`${deactivate$}.DeactivateUser_CrossIdentityType_NotFound / DeactivateUser_CrossIdentity_Forbidden`, async () => {
    const { id } = await newUser();
    const otherType = await verifiedIdentity(other(kind));
    const sameType = await verifiedIdentity(kind);
    expect((await setActive(id, 'deactivate', otherType.token)).status).toBe(404);
    expect((await setActive(id, 'deactivate', sameType.token)).status).toBe(403);
  });

  test(`${activate$}.ActivateUser_Success`, async () => {
    const { model, id } = await newUser();
    await createPassword(emu, id);
    expect((await setActive(id, 'deactivate')).status).toBe(204);
    expect((await loginAs(model.email)).response.status).toBe(403);
    expect((await setActive(id, 'activate')).status).toBe(204);
    const r = await raw(emu, 'GET', `/multi/users/${id}`, { token: owner.token });
    expect((await r.json()).active).toBe(true);
    const login = await loginAs(model.email);
    expect(login.response.status).toBe(200);
    expect(login.data?.token).toBeTruthy();
  });

  test(`${activate$}.ActivateUser_RootUser_NotFound / _InvalidUserId_NotFound / _AlreadyActive_Success`, async () => {
    expect((await setActive(owner.id, 'activate')).status).toBe(404);
    expect((await setActive(unknownId(), 'activate')).status).toBe(404);
    const { id } = await newUser();
    expect((await setActive(id, 'activate')).status).toBe(204);
  });

  test(`${activate$}.ActivateUser_IdentityImpersonator_Forbidden / _NoApiKey_BadRequest / _InvalidKey_Unauthorised / _InvalidToken_Unauthorised`, async () => {
    const { id } = await newUser();
    const token = await impersonate(emu, kind, owner.id);
    expect((await setActive(id, 'activate', token)).status).toBe(403);
    const path = `/multi/users/${id}/activate`;
    expect((await raw(emu, 'POST', path, { token: owner.token, apiKey: '' })).status).toBe(400);
    expect((await raw(emu, 'POST', path, { token: owner.token, apiKey: 'abc' })).status).toBe(401);
    expect((await raw(emu, 'POST', path, { token: 'a1b2c3' })).status).toBe(401);
    expect((await raw(emu, 'POST', path)).status).toBe(401);
  });

  const invite$ = `Invite${who}UserTests`;
  const sendInvite = (id: string, token = owner.token) =>
    raw(emu, 'POST', `/multi/users/${id}/invite`, { token });
  const validateInvite = (id: string, inviteCode: string) =>
    raw(emu, 'POST', `/multi/users/${id}/invite/validate`, { body: { inviteCode } });
  const consumeInvite = (id: string, inviteCode: string, password = QA_PASSWORD) =>
    raw(emu, 'POST', `/multi/users/${id}/invite/consume`, {
      body: { inviteCode, password: { value: password } },
    });

  test(`${invite$}.SendInvite_NonRootUser_Success / SendInvite_MultipleInvites`, async () => {
    const { id } = await newUser();
    expect((await sendInvite(id)).status).toBe(204);
    expect((await sendInvite(id)).status).toBe(204);
  });

  test(`${invite$}.SendInvite_RootUser_NotFound / SendInvite_UnknownUser_NotFound`, async () => {
    expect((await sendInvite(owner.id)).status).toBe(404);
    expect((await sendInvite(unknownId())).status).toBe(404);
  });

  test(`${invite$}.SendInvite_InviteAlreadyConsumed_Conflict`, async () => {
    const { id } = await newUser();
    expect((await sendInvite(id)).status).toBe(204);
    expect((await consumeInvite(id, '123456')).status).toBe(200);
    const again = await sendInvite(id);
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ errorCode: 'INVITE_ALREADY_CONSUMED' });
  });

  test(`${invite$}.SendInvite_IdentityImpersonator_Forbidden / SendInvite_CrossIdentityType_NotFound / SendInvite_CrossIdentity_Forbidden`, async () => {
    const { id } = await newUser();
    expect((await sendInvite(id, await impersonate(emu, kind, owner.id))).status).toBe(403);
    expect((await sendInvite(id, (await verifiedIdentity(other(kind))).token)).status).toBe(404);
    expect((await sendInvite(id, (await verifiedIdentity(kind)).token)).status).toBe(403);
  });

  test(`${invite$}.ValidateInvite_Success / ValidateInvite_RootUser_InviteOrInviteCodeInvalid`, async () => {
    const { id } = await newUser();
    await sendInvite(id);
    expect((await validateInvite(id, '123456')).status).toBe(204);
    const root = await validateInvite(owner.id, '123456');
    expect(root.status).toBe(409);
    expect(await root.json()).toEqual({ errorCode: 'INVITE_OR_INVITE_CODE_INVALID' });
  });

  test(`${invite$}.ValidateInvite_UnknownVerificationToken_InviteOrInviteCodeInvalid / ValidateInvite_AlreadyConsumed_Conflict`, async () => {
    const { id } = await newUser();
    await sendInvite(id);
    expect(await (await validateInvite(id, '654321')).json()).toEqual({
      errorCode: 'INVITE_OR_INVITE_CODE_INVALID',
    });
    expect((await consumeInvite(id, '123456')).status).toBe(200);
    const consumed = await validateInvite(id, '123456');
    expect(consumed.status).toBe(409);
    expect(await consumed.json()).toEqual({ errorCode: 'INVITE_OR_INVITE_CODE_INVALID' });
  });

  test(`${invite$}.ValidateInvite_InvalidVerificationToken_BadRequest / ValidateInvite_InvalidInviteCodeSize_BadRequest`, async () => {
    const { id } = await newUser();
    await sendInvite(id);
    const letters = await validateInvite(id, 'abcdef');
    expect(letters.status).toBe(400);
    expect((await letters.json()).message).toBe('request.inviteCode: must match "^[0-9]*$"');
    const short = await validateInvite(id, '12345');
    expect(short.status).toBe(400);
    expect((await short.json()).message).toBe('request.inviteCode: size must be between 6 and 6');
  });

  test(`${invite$}.ConsumeInvite_Success`, async () => {
    const { model, id } = await newUser();
    await sendInvite(id);
    const r = await consumeInvite(id, '123456');
    expect(r.status).toBe(200);
    expect((await r.json()).token).toBeTruthy();
    const login = await loginAs(model.email);
    expect(login.response.status).toBe(200);
  });

  test(`${invite$}.ConsumeInvite_AlreadyConsumed_PasswordAlreadyCreated`, async () => {
    const { id } = await newUser();
    await sendInvite(id);
    expect((await consumeInvite(id, '123456')).status).toBe(200);
    const again = await consumeInvite(id, '123456');
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ errorCode: 'PASSWORD_ALREADY_CREATED' });
  });

  test(`${invite$}.ConsumeInvite_RootUser_InviteOrInviteCodeInvalid / ConsumeInvite_InvalidCode_InviteOrInviteCodeInvalid`, async () => {
    const root = await consumeInvite(owner.id, '123456');
    expect(root.status).toBe(409);
    expect(await root.json()).toEqual({ errorCode: 'INVITE_OR_INVITE_CODE_INVALID' });
    const { id } = await newUser();
    await sendInvite(id);
    expect(await (await consumeInvite(id, '654321')).json()).toEqual({
      errorCode: 'INVITE_OR_INVITE_CODE_INVALID',
    });
  });

  test(`${invite$}.ConsumeInvite_UnknownUser_UnresolvedIdentity`, async () => {
    const r = await consumeInvite(unknownId(), '123456');
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ errorCode: 'UNRESOLVED_IDENTITY' });
  });
});
