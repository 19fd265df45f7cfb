/**
 * Context `user`: the README's quickstart up to a funded account, for the guides' blocks marked
 * `fragment=user`. A corporate is onboarded (email verified, password set, KYB approved by the simulator), its
 * root user signed in with `createSession` and enrolled for SMS one-time passwords, and one managed account
 * holds EUR 100.00.
 */
import { createSession, type MultiClient, SANDBOX_VERIFICATION_CODE } from '@weavr-sdk/multi';
import { createSimulatorClient } from '@weavr-sdk/simulator';
import { apiKey, url, weavr } from './client.js';

export { apiKey, url, weavr };

/** The programme's profile ids: the emulator's fixed ones, or yours from Weavr's portal. */
export const profiles = {
  corporate: process.env.WEAVR_CORPORATE_PROFILE_ID ?? '101000000000000011',
  account: process.env.WEAVR_ACCOUNT_PROFILE_ID ?? '101000000000000013',
  card: process.env.WEAVR_CARD_PROFILE_ID ?? '101000000000000014',
  transfer: process.env.WEAVR_TRANSFER_PROFILE_ID ?? '101000000000000015',
  send: process.env.WEAVR_SEND_PROFILE_ID ?? '101000000000000016',
};

/** Asks the user for the one-time code they received; on the emulator and the sandbox it is always 123456. */
export const code = async (): Promise<string> => SANDBOX_VERIFICATION_CODE;

/** The sandbox simulator (deposits, purchases, KYB); the emulator serves it too. */
export const simulator = createSimulatorClient({
  programmeKey: apiKey,
  baseUrl: `${url}/simulate/api`,
  throwOnError: true,
});

export const email = `ada+${Date.now()}@example.com`;
export const password = 'Correct-Horse-42!';

const { data: created } = await weavr.POST('/corporates', {
  body: {
    profileId: profiles.corporate,
    rootUser: {
      name: 'Ada',
      surname: 'Lovelace',
      email,
      mobile: { countryCode: '+44', number: '7700900123' },
      companyPosition: 'DIRECTOR',
    },
    company: { name: 'Analytical Engines Ltd', type: 'LLC', registrationCountry: 'GB' },
    baseCurrency: 'EUR',
    acceptedTerms: true,
    ipAddress: '192.0.2.10',
  },
});
/** The onboarded corporate. */
export const corporate = created;
await weavr.POST('/corporates/verification/email/send', { body: { email } });
await weavr.POST('/corporates/verification/email/verify', {
  body: { email, verificationCode: await code() },
});
await weavr.POST('/passwords/{user_id}/create', {
  params: { path: { user_id: corporate.rootUser.id.id } },
  body: { password: { value: password } },
});

/** The root user's session. */
export const session = await createSession(weavr, { email, password, identity: corporate.id });
/** A client acting as the signed-in root user. */
export const user: MultiClient<true> = session.client;

await user.POST('/authentication_factors/otp/{channel}', { params: { path: { channel: 'SMS' } } });
await user.POST('/authentication_factors/otp/{channel}/verify', {
  params: { path: { channel: 'SMS' } },
  body: { verificationCode: await code() },
});
await simulator.POST('/corporates/{corporate_id}/verify', {
  params: { path: { corporate_id: corporate.id.id } },
});

const { data: opened } = await user.POST('/managed_accounts', {
  body: { profileId: profiles.account, friendlyName: 'Main', currency: 'EUR' },
});
/** A managed account holding EUR 100.00 (10_000 minor units). */
export const account = opened;
await simulator.POST('/accounts/{account_id}/deposit', {
  params: { path: { account_id: account.id } },
  body: { depositAmount: { currency: 'EUR', amount: 10_000 } },
});
