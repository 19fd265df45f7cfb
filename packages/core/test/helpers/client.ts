import {
  type ClientOptions,
  createWeavrClient,
  FETCH_TRANSPORT,
  FLAG_BEARER_OPTIONAL,
  FLAG_BEARER_REQUIRED,
  FLAG_IDEMPOTENCY_REF,
  type Logger,
  type RuntimeTable,
} from '../../src/internal.js';

/**
 * A hand-built runtime table shaped like the generated ones: a few operations with the flags Weavr's specs
 * give them (POST /transfers declares idempotency-ref; POST /login_with_password does not).
 */
export const runtime: RuntimeTable = {
  apiKeyHeader: 'api-key',
  ops: {
    'POST /login_with_password': [0, 'loginWithPassword'],
    'POST /access_token': [FLAG_BEARER_OPTIONAL, 'requestAccessToken'],
    'POST /transfers': [FLAG_BEARER_REQUIRED | FLAG_IDEMPOTENCY_REF, 'transferCreate'],
    'GET /transfers/{id}': [FLAG_BEARER_REQUIRED, 'transferGet'],
    'GET /managed_cards/{id}': [FLAG_BEARER_REQUIRED, 'managedCardGet'],
    'PATCH /managed_cards/{id}': [FLAG_BEARER_REQUIRED | FLAG_IDEMPOTENCY_REF, 'managedCardUpdate'],
    'POST /managed_cards/{id}/remove': [FLAG_BEARER_REQUIRED, 'managedCardRemove'],
    'DELETE /managed_cards/{id}/spend_rules': [FLAG_BEARER_REQUIRED, 'managedCardSpendRulesDelete'],
    'POST /users/{user_id}/invite': [FLAG_BEARER_REQUIRED, 'userInviteSend'],
  },
  query: {},
};

export const API_KEY = 'sk_test_APIKEY_9f8e7d6c5b4a';
export const TOKEN = 'tok_BEARER_1a2b3c4d5e6f7a8b';

// biome-ignore lint/suspicious/noExplicitAny: tests call paths the hand-built table declares, untyped
type Call = (path: string, init?: Record<string, any>) => Promise<any>;
/** The client over the hand-built table, untyped (types are tested against the generated packages). */
export interface TestClient {
  GET: Call;
  POST: Call;
  PUT: Call;
  PATCH: Call;
  DELETE: Call;
  HEAD: Call;
  use(...m: unknown[]): void;
  eject(...m: unknown[]): void;
  withOptions(o: Partial<ClientOptions>): TestClient;
  intercept(i: unknown): TestClient;
}

export function testClient(baseUrl: string, options: Partial<ClientOptions> = {}): TestClient {
  return createWeavrClient(
    { name: 'testClient', defaultBaseUrl: baseUrl, runtime },
    {
      apiKey: API_KEY,
      token: TOKEN,
      baseUrl,
      backoff: { initialDelayMs: 1, maxDelayMs: 20 },
      // Tests that look at logs pass their own logger and level.
      logLevel: 'off',
      // WEAVR_TEST_TRANSPORT=fetch runs the same cases through fetch where node:http would be used.
      ...(process.env.WEAVR_TEST_TRANSPORT === 'fetch' ? { [FETCH_TRANSPORT]: true } : {}),
      ...options,
    },
  ) as unknown as TestClient;
}

/** A console-like logger that keeps every line, with its level. */
export function captureLogger(): Logger & { lines: string[]; text(): string } {
  const lines: string[] = [];
  const at =
    (level: string) =>
    (message: string, ...rest: unknown[]) => {
      lines.push(`${level} ${[message, ...rest.map((r) => String(r))].join(' ')}`);
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => lines.join('\n'),
  };
}
