import { createBackofficeClient } from '@weavr-sdk/backoffice';
import { createMultiClient, createSession, SANDBOX_VERIFICATION_CODE } from '@weavr-sdk/multi';
import { createSimulatorClient } from '@weavr-sdk/simulator';
import type { Emulator } from '../src/index.js';
import { checkingFetch } from './spec-check.js';

export const PASSWORD = 'Correct-Horse-42!';

/** The billing address the tests' cards are issued with. */
export const BILLING = { addressLine1: '1 Engine Street', city: 'London', postCode: 'N1 9GU', country: 'GB' };

/** The body of `POST /managed_cards` for a prepaid EUR card. */
export function prepaidCardBody(emu: Emulator, friendlyName = 'Card') {
  return {
    profileId: emu.profiles.managedCards,
    mode: 'PREPAID_MODE' as const,
    currency: 'EUR',
    friendlyName,
    nameOnCard: 'Ada Lovelace',
    billingAddress: BILLING,
  };
}

/** The body of `POST /consumers` for a new consumer with this email. */
export function consumerBody(emu: Emulator, email: string) {
  return {
    profileId: emu.profiles.consumers,
    rootUser: {
      name: 'Grace',
      surname: 'Hopper',
      email,
      mobile: { countryCode: '+44', number: '7700900456' },
      dateOfBirth: { year: 1990, month: 12, day: 9 },
      address: { addressLine1: '1 Cobol Way', city: 'London', postCode: 'N1 1AA', country: 'GB' },
    },
    ipAddress: '192.0.2.11',
  };
}

/** Every answer the clients below get, checked against the specs: each test ends expecting this empty. */
export const problems: string[] = [];
const fetch = checkingFetch(problems);

export function clients(emu: Emulator) {
  const multi = createMultiClient({ apiKey: emu.apiKey, baseUrl: `${emu.url}/multi`, maxRetries: 0, fetch });
  const backoffice = createBackofficeClient({
    apiKey: emu.apiKey,
    baseUrl: `${emu.url}/multi/backoffice`,
    maxRetries: 0,
    fetch,
  });
  const simulator = createSimulatorClient({
    programmeKey: emu.apiKey,
    baseUrl: `${emu.url}/simulate/api`,
    maxRetries: 0,
    fetch,
  });
  return { multi, backoffice, simulator };
}

let n = 0;

/**
 * Onboards a corporate through the public client: create, verify the email, set the password, sign in, then
 * (`verified`, the default) approve its KYB with the simulator, as the sandbox asks before any instrument.
 */
export async function onboardCorporate(
  emu: Emulator,
  name = 'Analytical Engines Ltd',
  { verified = true }: { verified?: boolean } = {},
) {
  const { multi, simulator } = clients(emu);
  const email = `owner+${Date.now()}-${n++}@example.com`;
  const { data: corporate, error } = await multi.POST('/corporates', {
    body: {
      profileId: emu.profiles.corporates,
      rootUser: {
        name: 'Ada',
        surname: 'Lovelace',
        email,
        mobile: { countryCode: '+44', number: '7700900123' },
        companyPosition: 'DIRECTOR',
      },
      company: { name, type: 'LLC', registrationCountry: 'GB' },
      ipAddress: '192.0.2.10',
      baseCurrency: 'EUR',
    },
  });
  if (!corporate) throw new Error(`create corporate failed: ${JSON.stringify(error)}`);
  await multi.POST('/corporates/verification/email/send', { body: { email }, throwOnError: true });
  await multi.POST('/corporates/verification/email/verify', {
    body: { email, verificationCode: SANDBOX_VERIFICATION_CODE },
    throwOnError: true,
  });
  await multi.POST('/passwords/{user_id}/create', {
    params: { path: { user_id: corporate.rootUser.id.id } },
    body: { password: { value: PASSWORD } },
    throwOnError: true,
  });
  const session = await createSession(multi, { email, password: PASSWORD, identity: corporate.id });
  if (verified)
    await simulator.POST('/corporates/{corporate_id}/verify', {
      params: { path: { corporate_id: corporate.id.id as unknown as number } },
      throwOnError: true,
    });
  return { corporate, email, session, user: session.client };
}
