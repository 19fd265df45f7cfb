/**
 * Where Weavr's published specs are wrong about the real API (unlike `known-defects.ts`, which lists what the
 * contract cases run into against Prism). Each entry says what the spec says, what the real API does, where
 * that was seen, and what the SDK does about it. `tests/runtime-integration/test/real-api-defects.test.ts`
 * checks that each defect still shows in the spec (so a fix upstream is noticed) and that the client neither
 * refuses nor mangles the call.
 *
 * Evidence: Weavr's own QA regression suite (Java, RestAssured, run against its QA and sandbox environments),
 * its demo card app and docs.weavr.io, as summarised in WEAVR-API.md ("How the real API behaves where the
 * spec is silent").
 */
export interface RealApiDefect {
  id: string;
  spec: 'multi' | 'backoffice' | 'simulator' | 'webhooks';
  /** What the spec says. */
  specSays: string;
  /** What the real API does. */
  realApi: string;
  /** Where that was seen. */
  evidence: string;
  /** What the SDK does about it. */
  sdk: string;
}

export const realApiDefects: readonly RealApiDefect[] = [
  {
    id: 'simulator-server-quote',
    spec: 'simulator',
    specSays:
      "servers: [{ url: 'https://sandbox.weavr.io/simulate/api\"' }] (a stray double quote at the end)",
    realApi: 'the simulator is served at https://sandbox.weavr.io/simulate/api',
    evidence:
      "the published simulator spec's servers entry; Weavr's QA suite calls the URL without the quote",
    sdk: 'generation drops quotes and spaces around server URLs: spec.server and defaultSimulatorUrl are clean',
  },
  {
    id: 'webhooks-server-empty',
    spec: 'webhooks',
    specSays: 'servers: [{ url: \'""\' }] (a quoted empty string)',
    realApi: 'webhooks are posted by Weavr to your URL; the spec has no server of its own',
    evidence: 'the published webhooks spec',
    sdk: 'generation reads no server from it (only an https URL counts)',
  },
  {
    id: 'impersonate-without-token',
    spec: 'backoffice',
    specSays: 'POST /impersonate_identity_login requires a bearer token (security: auth_token and api-key)',
    realApi: 'it works with the API key alone',
    evidence: "Weavr's QA suite calls it with the api-key header and no Authorization",
    sdk: 'a missing token is never refused before sending: the call goes out with the API key alone',
  },
  {
    id: 'simulator-int64-ids',
    spec: 'simulator',
    specSays: 'path ids are int64 numbers',
    realApi: 'ids are 18-digit strings (e.g. 110141186813853702), beyond 2^53, so a number loses digits',
    evidence: "Weavr's QA suite and the ids the Multi API returns",
    sdk: 'simulator path ids take the id string, sent unchanged; an unsafe number is refused before sending',
  },
  {
    id: 'transfers-instrument-id-plain',
    spec: 'multi',
    specSays: 'GET /transfers query instrumentId is an InstrumentId object ({ type, id })',
    realApi: 'filtering with a plain instrumentId=<id> works',
    evidence: "Weavr's QA suite filters GET /transfers with instrumentId=<id>",
    sdk: 'a string value is sent as instrumentId=<id>, unchanged (a cast is needed: the type follows the spec)',
  },
  {
    id: 'simulator-purchase-merchant-name',
    spec: 'simulator',
    specSays: 'the card purchase simulation requires merchantName',
    realApi: 'a purchase without merchantName is accepted',
    evidence: "Weavr's QA suite simulates purchases without it",
    sdk: 'request bodies are not validated at run time: the body is sent as given',
  },
];
