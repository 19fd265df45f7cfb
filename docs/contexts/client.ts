/**
 * Context `client`: a Multi client with the API key only, for the guides' blocks marked `fragment=client`.
 * Against the emulator (`npx weavr-emulator`) by default; WEAVR_URL and WEAVR_API_KEY point it elsewhere.
 */
import { createMultiClient } from '@weavr-sdk/multi';

/** Where Weavr is: the emulator's origin, or https://sandbox.weavr.io. */
export const url = process.env.WEAVR_URL ?? 'http://127.0.0.1:4100';
/** The programme's API key (the emulator prints its own; `--api-key` chooses it). */
export const apiKey = process.env.WEAVR_API_KEY ?? 'quickstart-key';
/** A client with the API key alone: enough for onboarding and sign-in. */
export const weavr = createMultiClient({ apiKey, baseUrl: `${url}/multi`, throwOnError: true });
