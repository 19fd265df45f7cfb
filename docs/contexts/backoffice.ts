/**
 * Context `backoffice`: the `user` context (an onboarded corporate with a funded account) and a Back-Office
 * client for the same programme, for the guides' blocks marked `fragment=backoffice`.
 */
import { createBackofficeClient } from '@weavr-sdk/backoffice';
import { account, apiKey, corporate, profiles, simulator, url, user } from './user.js';

export { account, apiKey, corporate, profiles, simulator, url, user };

/** A Back-Office client: the API key alone; `forIdentity` gets each identity's token. */
export const backoffice = createBackofficeClient({
  apiKey,
  baseUrl: `${url}/multi/backoffice`,
  throwOnError: true,
});
