import type { Logger, LogLevel } from '@weavr-sdk/core';

/** Which API's operations become tools. */
export type ApiChoice = 'multi' | 'backoffice' | 'all';

/** Options of `createWeavrMcpServer` (the CLI's flags and environment map onto them one to one). */
export interface WeavrMcpOptions {
  /** Your Weavr API key (`WEAVR_API_KEY`). Required. Sent only to the configured base URLs; never shown to the model. */
  apiKey: string;
  /**
   * The Multi user's bearer token (`WEAVR_TOKEN`), for Multi operations whose spec asks for one. Without it
   * those tools answer with an error saying so. Back-Office tools need none: they act for the identity named
   * in their `identity` argument, with a token the server gets from the API key.
   * @default undefined
   */
  token?: string;
  /**
   * Which API's operations are tools.
   * @default 'all' (Multi and Back-Office)
   */
  api?: ApiChoice;
  /**
   * Also expose the sandbox simulator's operations (deposits, card purchases, KYB/KYC outcomes): sandbox and
   * emulator only. They are writes, so they also need `allowWrites` (and `allowMoney` for deposits and purchases).
   * @default false
   */
  simulator?: boolean;
  /**
   * The Multi API's base URL. Also where the others are found when not given: `<baseUrl>/backoffice`, and the
   * simulator beside it (`…/multi` → `…/simulate/api`), as on the sandbox and the emulator.
   * @default 'https://sandbox.weavr.io/multi'
   * @example 'http://127.0.0.1:4100/multi' // the emulator
   */
  baseUrl?: string;
  /**
   * The Back-Office API's base URL.
   * @default `${baseUrl}/backoffice` when `baseUrl` is given, else 'https://sandbox.weavr.io/multi/backoffice'
   */
  backofficeUrl?: string;
  /**
   * The simulator's base URL.
   * @default beside `baseUrl` (`…/multi` → `…/simulate/api`), else 'https://sandbox.weavr.io/simulate/api'
   */
  simulatorUrl?: string;
  /**
   * Expose operations that change something (every method but GET). Without it only reads are tools.
   * @default false
   */
  allowWrites?: boolean;
  /**
   * Also expose operations that move money: writes on transfers, sends, wire transfers, fees, and running a
   * bulk (read from the spec's tags and paths). Needs `allowWrites` too.
   * @default false
   */
  allowMoney?: boolean;
  /**
   * Only these tools: each pattern is an operationId, a tool name (`backoffice_managedCardGet`) or a tag
   * (`Managed Cards`), case-insensitive, with `*` and `?` wildcards. Writes and money moves still need
   * their flags. A pattern that matches no operation at all is refused (a typo would expose nothing).
   * @default undefined (every tool the flags allow)
   * @example ['Managed Cards', 'transfers*']
   */
  tools?: string[];
  /**
   * Never these tools (same patterns as `tools`), applied after it.
   * @default undefined
   */
  excludeTools?: string[];
  /**
   * Three tools instead of one per operation: `list_operations` (with a filter), `describe_operation` (one
   * operation's input schema) and `invoke_operation`. For clients that choke on 150+ tools. The same
   * operations are reachable as without it.
   * @default false
   */
  dynamic?: boolean;
  /**
   * Items per page a list tool asks for when the model gives no `limit` (capped by the operation's own maximum).
   * @default 20
   */
  pageSize?: number;
  /**
   * Longest tool answer, in characters. A longer list answer keeps the items that fit and says how to page on;
   * any other answer is cut with a note.
   * @default 40000
   */
  maxResultChars?: number;
  /**
   * Time allowed per attempt of an API call, in milliseconds (core's `timeoutMs`).
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * Retries of a failed attempt (core's `maxRetries`): writes are retried with the same idempotency-ref only.
   * @default 2
   */
  maxRetries?: number;
  /**
   * Where log lines go: the SDK's (retries, refused redirects) and one per tool call (tool, status,
   * request-ref, duration; never arguments or results). Never stdout, which is the stdio transport's.
   * @default a logger writing to stderr
   */
  logger?: Logger;
  /**
   * The least severe level written.
   * @default 'info'
   */
  logLevel?: LogLevel;
}
