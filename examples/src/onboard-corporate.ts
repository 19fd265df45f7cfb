/**
 * Onboards a corporate and issues it a virtual card: create the corporate, verify the root user's email, set a
 * password, sign in, enrol the phone for one-time passwords, step up, and create a prepaid card.
 *
 *   WEAVR_API_KEY=… WEAVR_CORPORATE_PROFILE_ID=… WEAVR_CARD_PROFILE_ID=… pnpm --filter @weavr-sdk/examples exec tsx src/onboard-corporate.ts
 *
 * On the sandbox, one-time passwords are always 123456 and no email or SMS is sent, and the simulator approves the
 * corporate's KYB (instruments need it; `WEAVR_SIMULATOR_URL` points at another simulator, e.g. the emulator's).
 * A live programme approves KYB through its KYB flow instead.
 */
import {
  createMultiClient,
  createSession,
  SANDBOX_VERIFICATION_CODE,
  stepUp,
  WeavrApiError,
  withStepUp,
} from '@weavr-sdk/multi';
import { createSimulatorClient } from '@weavr-sdk/simulator';
import { baseUrl, setting } from './env.js';

const weavr = createMultiClient({ apiKey: setting('WEAVR_API_KEY'), ...baseUrl(), throwOnError: true });
const email = setting('WEAVR_EMAIL', `owner+${Date.now()}@example.com`);
const password = setting('WEAVR_PASSWORD', 'Correct-Horse-42!');

// 1. The corporate and its root user (API key only: no user exists yet to sign in with).
const { data: corporate } = await weavr.POST('/corporates', {
  body: {
    profileId: setting('WEAVR_CORPORATE_PROFILE_ID'),
    rootUser: {
      name: 'Ada',
      surname: 'Lovelace',
      email,
      mobile: { countryCode: '+44', number: '7700900123' },
      companyPosition: 'DIRECTOR',
    },
    company: { name: 'Analytical Engines Ltd', type: 'LLC', registrationCountry: 'GB' },
    ipAddress: '192.0.2.10',
    baseCurrency: 'EUR',
  },
});
console.log(`corporate ${corporate.id.id} created; root user ${corporate.rootUser.id.id}`);

// 2. Verify the root user's email, then give them a password.
await weavr.POST('/corporates/verification/email/send', { body: { email } });
await weavr.POST('/corporates/verification/email/verify', {
  body: { email, verificationCode: SANDBOX_VERIFICATION_CODE },
});
await weavr.POST('/passwords/{user_id}/create', {
  params: { path: { user_id: corporate.rootUser.id.id } },
  body: { password: { value: password } },
});

// 3. The sandbox's simulator approves the corporate's KYB: cards and accounts wait for it.
const simulator = createSimulatorClient({
  programmeKey: setting('WEAVR_API_KEY'),
  ...(process.env.WEAVR_SIMULATOR_URL ? { baseUrl: process.env.WEAVR_SIMULATOR_URL } : {}),
  throwOnError: true,
});
await simulator.POST('/corporates/{corporate_id}/verify', {
  params: { path: { corporate_id: corporate.id.id } },
});

// 4. Sign in as the root user, acting for the new corporate. The session signs in again if the token expires.
const session = await createSession(weavr, { email, password, identity: corporate.id });
const user = session.client;

// 5. Enrol the phone for one-time passwords, then step the session up (sensitive operations ask for it).
await user.POST('/authentication_factors/otp/{channel}', { params: { path: { channel: 'SMS' } } });
await user.POST('/authentication_factors/otp/{channel}/verify', {
  params: { path: { channel: 'SMS' } },
  body: { verificationCode: SANDBOX_VERIFICATION_CODE },
});
await stepUp(user, { verificationCode: SANDBOX_VERIFICATION_CODE });

// 6. Issue a virtual prepaid card. An idempotency-ref is generated and reused on retries: one card, never two.
//    Should Weavr still ask for a step-up, withStepUp steps up and repeats the call once.
try {
  const { data: card } = await withStepUp(
    user,
    () =>
      user.POST('/managed_cards', {
        body: {
          profileId: setting('WEAVR_CARD_PROFILE_ID'),
          mode: 'PREPAID_MODE',
          currency: 'EUR',
          friendlyName: 'Travel expenses',
          nameOnCard: 'Ada Lovelace',
          billingAddress: {
            addressLine1: '1 Engine Street',
            city: 'London',
            postCode: 'N1 9GU',
            country: 'GB',
          },
        },
      }),
    { verificationCode: SANDBOX_VERIFICATION_CODE },
  );
  console.log(
    `card ${card.id} issued: ${card.cardNumberFirstSix}******${card.cardNumberLastFour}, ${card.state.state}`,
  );
} catch (e) {
  if (e instanceof WeavrApiError)
    console.error(`could not issue the card: ${e.message} (request-ref ${e.requestRef})`);
  throw e;
} finally {
  await session.logout();
}
