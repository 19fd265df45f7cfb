/**
 * The clients being compared, each set up the way a user would (defaults on), making the same two calls:
 * a GET of one resource and a POST that creates one. Each factory takes an optional `fetch` so the same setup
 * serves both the loopback runs and the stubbed-fetch runs.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createMultiClient, type paths } from '@weavr-sdk/multi';
import OpenAI from 'openai';
import createClient from 'openapi-fetch';
import Stripe from 'stripe';
import { request as undiciRequest } from 'undici';

/**
 * baseline: what ratios are taken to; reference: what ours wraps; ablation: ours with one default off; floor: a
 * bare HTTP client with nothing on top (what any client's socket work costs; loopback runs only).
 */
export type Role = 'baseline' | 'reference' | 'ours' | 'peer' | 'ablation' | 'floor';

export interface Contender {
  name: string;
  role: Role;
  /** One GET of a single resource; resolves with the parsed body. */
  get(): Promise<unknown>;
  /** One POST creating a resource; resolves with the parsed body. */
  post(): Promise<unknown>;
}

type FetchFn = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

const API_KEY = 'bench-api-key';
const TOKEN = 'bench-token';
const CARD_ID = '110141187013853702';
const TRANSFER = {
  profileId: '110141186813853702',
  source: { type: 'managed_accounts', id: '110141186813853702' },
  destination: { type: 'managed_cards', id: CARD_ID },
  destinationAmount: { currency: 'EUR', amount: 1000 },
} as const;

// openapi-fetch's own idiom: `error` is set for any non-2xx answer (the response is there when wanted).
const ok = (r: { error?: unknown; data?: unknown }) => {
  if (r.error !== undefined) throw new Error(`HTTP error ${JSON.stringify(r.error)}`);
  return r.data;
};

/** What a careful hand-written call looks like: the same headers and body bytes as ours, no SDK. */
function rawFetch(base: string, fetchFn: FetchFn): Contender {
  const auth = { 'api-key': API_KEY, authorization: `Bearer ${TOKEN}` };
  return {
    name: 'fetch',
    role: 'baseline',
    get: async () => {
      const res = await fetchFn(`${base}/managed_cards/${CARD_ID}`, { headers: auth });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json();
    },
    post: async () => {
      const res = await fetchFn(`${base}/transfers`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-ref': randomUUID() },
        body: JSON.stringify(TRANSFER),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json();
    },
  };
}

/** openapi-fetch on the same generated types, with nothing on top: what our client wraps. */
function bareOpenapiFetch(base: string, fetchFn: FetchFn | undefined): Contender {
  const client = createClient<paths>({
    baseUrl: base,
    headers: { 'api-key': API_KEY, authorization: `Bearer ${TOKEN}` },
    ...(fetchFn ? { fetch: fetchFn as (r: Request) => Promise<Response> } : {}),
  });
  return {
    name: 'openapi-fetch',
    role: 'reference',
    get: async () => ok(await client.GET('/managed_cards/{id}', { params: { path: { id: CARD_ID } } })),
    post: async () =>
      ok(
        await client.POST('/transfers', {
          params: { header: { 'idempotency-ref': randomUUID() } },
          body: TRANSFER,
        } as never),
      ),
  };
}

export interface WeavrVariant {
  /** Extra client options, for the ablation rows that explain where the overhead goes. */
  options?: Record<string, unknown>;
  /** Pass our own idempotency-ref (skips the UUID) on the POST. */
  ownRef?: boolean;
  name?: string;
}

/** Ours: `createMultiClient` from the built package with every default on (retries, timeouts, idempotency-ref, warn logging). */
export function weavr(base: string, fetchFn: FetchFn | undefined, variant: WeavrVariant = {}): Contender {
  const client = createMultiClient({
    apiKey: API_KEY,
    token: TOKEN,
    baseUrl: base,
    ...(fetchFn ? { fetch: fetchFn as (r: Request) => Promise<Response> } : {}),
    ...variant.options,
  });
  return {
    name: variant.name ?? '@weavr-sdk/multi',
    role: variant.name ? 'ablation' : 'ours',
    get: async () => ok(await client.GET('/managed_cards/{id}', { params: { path: { id: CARD_ID } } })),
    post: async () =>
      ok(
        await client.POST('/transfers', {
          body: TRANSFER,
          ...(variant.ownRef ? { idempotencyRef: 'bench-ref' } : {}),
        } as never),
      ),
  };
}

/** openai (Stainless-generated): retries (2), timeout (10 min), its own headers; a GET and a POST of its API. */
function openai(base: string, fetchFn: FetchFn | undefined): Contender {
  const client = new OpenAI({
    apiKey: API_KEY,
    baseURL: `${base}/v1`,
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
  return {
    name: 'openai',
    role: 'peer',
    get: () => client.models.retrieve('bench-model'),
    post: () =>
      client.chat.completions.create({ model: 'bench-model', messages: [{ role: 'user', content: 'hi' }] }),
  };
}

/** stripe: retries, idempotency keys and telemetry on by default; its Node HTTP client unless given a fetch. */
function stripe(base: string, fetchFn: FetchFn | undefined): Contender {
  const url = new URL(base);
  const client = new Stripe('sk_test_bench', {
    host: url.hostname,
    port: Number(url.port),
    protocol: url.protocol === 'http:' ? 'http' : 'https',
    ...(fetchFn ? { httpClient: Stripe.createFetchHttpClient(fetchFn as typeof fetch) } : {}),
  });
  return {
    name: 'stripe',
    role: 'peer',
    get: () => client.customers.retrieve('cus_bench'),
    post: () => client.customers.create({ email: 'bench@example.com', name: 'Bench' }),
  };
}

/** The floor: `node:http` with a keep-alive agent, the same headers and body, the body read whole and parsed. */
function bareNodeHttp(base: string): Contender {
  const agent = new http.Agent({ keepAlive: true });
  const { hostname, port } = new URL(base);
  const auth = { 'api-key': API_KEY, authorization: `Bearer ${TOKEN}` };
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<unknown>((resolve, reject) => {
      const req = http.request({ hostname, port, path, method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if ((res.statusCode ?? 0) >= 300) return reject(new Error(`HTTP ${res.statusCode}`));
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  return {
    name: 'node:http',
    role: 'floor',
    get: () => send('GET', `/managed_cards/${CARD_ID}`, auth),
    post: () => {
      const body = JSON.stringify(TRANSFER);
      return send(
        'POST',
        '/transfers',
        {
          ...auth,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'idempotency-ref': randomUUID(),
        },
        body,
      );
    },
  };
}

/** The other floor: undici's own `request` (what Node's fetch is built on, without fetch's WHATWG objects). */
function bareUndici(base: string): Contender {
  const auth = { 'api-key': API_KEY, authorization: `Bearer ${TOKEN}` };
  const check = async (r: Awaited<ReturnType<typeof undiciRequest>>) => {
    if (r.statusCode >= 300) throw new Error(`HTTP ${r.statusCode}`);
    return r.body.json();
  };
  return {
    name: 'undici.request',
    role: 'floor',
    get: async () => check(await undiciRequest(`${base}/managed_cards/${CARD_ID}`, { headers: auth })),
    post: async () =>
      check(
        await undiciRequest(`${base}/transfers`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json', 'idempotency-ref': randomUUID() },
          body: JSON.stringify(TRANSFER),
        }),
      ),
  };
}

/**
 * Every contender, pointed at `base`; `fetchFn` replaces the network where a client accepts one (the floors,
 * which have no `fetch` to replace, run only on the loopback server).
 */
export function contenders(base: string, fetchFn?: FetchFn): Contender[] {
  return [
    rawFetch(base, fetchFn ?? ((i, init) => fetch(i, init))),
    bareOpenapiFetch(base, fetchFn),
    weavr(base, fetchFn),
    openai(base, fetchFn),
    stripe(base, fetchFn),
    ...(fetchFn ? [] : [bareNodeHttp(base), bareUndici(base)]),
  ];
}
