import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type Emulator, startEmulator } from '@weavr-sdk/emulator';
import { createMultiClient, createSession, SANDBOX_VERIFICATION_CODE, stepUp } from '@weavr-sdk/multi';
import { afterAll, beforeAll, expect } from 'vitest';

/** The built CLI, as `npx weavr-mcp` runs it. */
export const CLI = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));

const PASSWORD = 'Correct-Horse-42!';
let n = 0;

/** A programme on the emulator with one onboarded corporate, two EUR accounts (one funded) and a card. */
export interface World {
  emu: Emulator;
  /** Where the emulator keeps its state: read at the end for every token and card number it issued. */
  stateFile: string;
  /** The corporate's stepped-up user token, as `WEAVR_TOKEN`. */
  token: string;
  corporateId: string;
  accounts: { funded: string; empty: string };
  cardId: string;
  /** The onboarded user's client, to check state the tools changed. */
  balance(accountId: string): Promise<unknown>;
  /** Stops the emulator and returns every secret it held (see secretsOf). */
  close(): Promise<{ label: string; value: string }[]>;
}

/**
 * Starts the emulator on a free loopback port with a corporate, its two EUR accounts (10,000 deposited into one)
 * and a prepaid card, made by the emulator's seed through the operations a client calls (create, verify the
 * email, set a password, KYB, instruments, deposit); then signs its user in through the SDK, enrols SMS and
 * steps up, for the stepped-up token the tools run with.
 */
export async function startWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'weavr-mcp-'));
  const stateFile = join(dir, 'state.json');
  const email = `owner+${Date.now()}-${n++}@example.com`;
  const emu = await startEmulator({
    stateFile,
    seed: {
      corporates: [
        {
          ref: 'owner',
          email,
          password: PASSWORD,
          name: 'Analytical Engines Ltd',
          managedAccounts: [
            { ref: 'funded', currency: 'EUR', friendlyName: 'Operating', balance: 10_000 },
            { ref: 'empty', currency: 'EUR', friendlyName: 'Savings' },
          ],
          managedCards: [
            { ref: 'card', currency: 'EUR', friendlyName: 'Travel', nameOnCard: 'Ada Lovelace' },
          ],
        },
      ],
    },
  });
  const { corporates, managedAccounts, managedCards } = emu.seeded;
  const corporateId = corporates.owner?.id as string;
  const multi = createMultiClient({
    apiKey: emu.apiKey,
    baseUrl: `${emu.url}/multi`,
    maxRetries: 0,
    throwOnError: true,
    logLevel: 'off',
  });
  const session = await createSession(multi, {
    email,
    password: PASSWORD,
    identity: { type: 'CORPORATE', id: corporateId },
  });
  const user = session.client;
  await user.POST('/authentication_factors/otp/{channel}', { params: { path: { channel: 'SMS' } } });
  await user.POST('/authentication_factors/otp/{channel}/verify', {
    params: { path: { channel: 'SMS' } },
    body: { verificationCode: SANDBOX_VERIFICATION_CODE },
  });
  await stepUp(user, { verificationCode: SANDBOX_VERIFICATION_CODE });
  const token = await session.token();
  return {
    emu,
    stateFile,
    token,
    corporateId,
    accounts: { funded: managedAccounts.funded as string, empty: managedAccounts.empty as string },
    cardId: managedCards.card as string,
    async balance(id) {
      return (await user.GET('/managed_accounts/{id}', { params: { path: { id } } })).data.balances;
    },
    async close() {
      await emu.close();
      const secrets = secretsOf(emu.apiKey, token, stateFile);
      rmSync(dir, { recursive: true, force: true });
      return secrets;
    },
  };
}

/**
 * Every secret the emulator held, read from its saved state (written on close): the API key, every token it
 * issued (users' and Back-Office identities'), and full card numbers.
 */
function secretsOf(apiKey: string, token: string, stateFile: string): { label: string; value: string }[] {
  const state = readFileSync(stateFile, 'utf8');
  const out = [
    { label: 'api key', value: apiKey },
    { label: 'user token', value: token },
  ];
  for (const m of state.matchAll(/"(cardNumber|value)":"([^"]{12,})"/g))
    out.push({ label: m[1] === 'cardNumber' ? 'card number' : 'token', value: m[2] as string });
  return out;
}

/**
 * A world for one test file: started before its tests, filled in place (so tests hold it from the start), and
 * stopped after them, when every tool answer and log line the file saw (`seen`) is scanned for its secrets.
 */
export function useWorld(): World {
  const world = {} as World;
  beforeAll(async () => {
    Object.assign(world, await startWorld());
  });
  afterAll(async () => {
    const secrets = await world.close();
    expect(seen.length).toBeGreaterThan(0);
    // The scan knows what to look for: the card's full number and the tokens the emulator issued.
    expect(new Set(secrets.map((s) => s.label))).toEqual(
      new Set(['api key', 'user token', 'card number', 'token']),
    );
    expectNoSecret(seen, secrets);
  });
  return world;
}

/** Fails naming the secret and where it was seen, if any text holds one. */
export function expectNoSecret(texts: readonly string[], secrets: { label: string; value: string }[]): void {
  const found = secrets.flatMap((s) =>
    texts.filter((t) => t.includes(s.value)).map((t) => `${s.label} in: ${t.slice(0, 200)}`),
  );
  if (found.length) throw new Error(`secrets leaked:\n${found.join('\n')}`);
}

/** A logger keeping every line (for the secret scan), as `logger` of the server options. */
export function keptLogger(lines: string[]) {
  const keep = (m: string) => {
    lines.push(m);
  };
  return { debug: keep, info: keep, warn: keep, error: keep };
}

/** A connected MCP client over Streamable HTTP. */
export async function httpClient(url: string): Promise<Client> {
  const client = new Client({ name: 'weavr-mcp-test', version: '0.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

/** A connected MCP client over stdio, running the built CLI with these flags; its stderr is collected. */
export async function stdioClient(
  world: World,
  flags: string[] = [],
  env: Record<string, string> = {},
): Promise<{ client: Client; stderr: () => string; close(): Promise<void> }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, '--base-url', `${world.emu.url}/multi`, ...flags],
    env: {
      PATH: process.env.PATH ?? '',
      WEAVR_API_KEY: world.emu.apiKey,
      WEAVR_TOKEN: world.token,
      ...env,
    },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'weavr-mcp-test', version: '0.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

/** The JSON a tool answered (the text of its one content item). */
// biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field
export function json(result: unknown): Record<string, any> {
  const r = result as CallToolResult;
  const first = r.content[0];
  if (first?.type !== 'text') throw new Error(`expected one text item, got ${JSON.stringify(r.content)}`);
  return JSON.parse(first.text);
}

/** The text of every tool answer and log line a test saw, for the secret scan. */
export const seen: string[] = [];

/** Calls a tool and keeps its answer for the secret scan. */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  seen.push(JSON.stringify(result));
  return result;
}
