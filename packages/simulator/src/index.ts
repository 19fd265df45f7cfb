import {
  type ClientOptions,
  createWeavrClient,
  type Interceptor,
  type WeavrClient,
  WeavrConfigError,
} from '@weavr-sdk/core/internal';
import { runtime } from './generated/runtime.js';
import { server } from './generated/spec.js';
import { checkPathIds, type SimulatorPaths } from './ids.js';

export * from '@weavr-sdk/core';
// Types read off the spec (types only) and `isWeavrErrorCode` typed with the spec's error codes; named, so it
// takes the place of the runtime's untyped one above.
export * from './generated/exports.js';
export { isWeavrErrorCode } from './generated/exports.js';
export { type OperationKey, operations } from './generated/operations.js';
export type { components, operations as OperationTypes, paths } from './generated/schema.js';
export { spec } from './generated/spec.js';
export type { SimulatorPaths } from './ids.js';

/** The sandbox simulator client type. */
export type SimulatorClient<Throw extends boolean = false> = WeavrClient<SimulatorPaths, Throw>;

/** Options for `createSimulatorClient`: the client options, with the key named for the header it fills. */
export type SimulatorClientOptions = Omit<ClientOptions, 'apiKey'> &
  (
    | {
        /**
         * The programme's API secret key, sent as the `programme-key` header the simulator's spec asks for
         * (the portal's Configuration area). Required (or give it as `apiKey`).
         */
        programmeKey: string;
        apiKey?: undefined;
      }
    | {
        /** Same as `programmeKey`, under the name the other clients use. */
        apiKey: string;
        programmeKey?: undefined;
      }
  );

/**
 * The simulator's sandbox URL, read from the spec. The published spec's server URL ends with a stray `"`
 * (`https://sandbox.weavr.io/simulate/api"`); generation drops it (tests/contract/real-api-defects.ts).
 */
export const defaultSimulatorUrl: string = server ?? 'https://sandbox.weavr.io/simulate/api';

/**
 * Creates a typed client for Weavr's sandbox simulator (sandbox only): deposit funds into managed accounts,
 * simulate card purchases, refunds and expiries, settle KYC/KYB, accept or reject outgoing wire transfers,
 * resolve authentication challenges and verify linked accounts, from integration tests.
 *
 * Every call carries `programme-key`; the three challenge operations also carry the user's bearer token
 * (set `token`), because their spec asks for it.
 *
 * @example
 * const simulator = createSimulatorClient({ programmeKey: process.env.WEAVR_PROGRAMME_KEY! });
 * await simulator.POST('/accounts/{account_id}/deposit', {
 *   params: { path: { account_id: accountId } },
 *   body: { depositAmount: { currency: 'EUR', amount: 10_000 } },
 * });
 */
export function createSimulatorClient<Throw extends boolean = false>(
  options: SimulatorClientOptions & { throwOnError?: Throw },
): SimulatorClient<Throw> {
  const factory = 'createSimulatorClient';
  if (!options || typeof options !== 'object') {
    throw new WeavrConfigError(`${factory}: options are required, e.g. { programmeKey }`);
  }
  const { programmeKey, apiKey, ...rest } = options;
  if (programmeKey !== undefined && apiKey !== undefined && programmeKey !== apiKey) {
    throw new WeavrConfigError(
      `${factory}: give the key once, as programmeKey or as apiKey, not two different values`,
    );
  }
  const key = programmeKey ?? apiKey;
  if (typeof key !== 'string' || key.trim() === '') {
    throw new WeavrConfigError(
      `${factory}: programmeKey is required (got ${key === '' ? 'an empty string' : typeof key}): the API secret key from the Configuration area of the sandbox portal, sent as the programme-key header`,
    );
  }
  return createWeavrClient<SimulatorPaths, Throw>(
    { name: factory, defaultBaseUrl: defaultSimulatorUrl, runtime, interceptors: [checkIds] },
    { ...rest, apiKey: key } as ClientOptions & { throwOnError?: Throw },
  );
}

/** Checks path ids on every call (every simulator operation is a POST), on clients from `withOptions` too. */
const checkIds: Interceptor = async (call, next) => {
  checkPathIds(`${call.method} ${call.path}`, call.init);
  return next();
};
