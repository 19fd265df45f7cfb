import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { expectCredentialsFollowSpec, type OperationLike } from './credentials.js';
import { type Seen, startServer } from './recording-server.js';

export type RecordingServer = Awaited<ReturnType<typeof startServer>>;

/**
 * A fresh recording server for every test (so a slow test can never leave requests in the next test's record),
 * answering each request with `body(seen)` and a `request-ref` header naming its path. Call the returned
 * function inside a test for the current server.
 */
export function useRecordingServer(body: (seen: Seen) => unknown = () => ({})): () => RecordingServer {
  let server: RecordingServer | undefined;
  beforeEach(async () => {
    server = await startServer((s) => ({
      headers: { 'request-ref': `ref-${s.url.pathname}` },
      body: body(s),
    }));
  });
  afterEach(() => server?.close());
  return () => {
    if (!server) throw new Error('the recording server runs only inside a test');
    return server;
  };
}

/** One call, as `client[method](path, init)`. */
export type ClientCall = readonly [method: 'GET' | 'POST', path: string, init?: object];

// biome-ignore lint/suspicious/noExplicitAny: the shared tests call each package's typed client by path strings
type AnyClient = any;
// biome-ignore lint/suspicious/noExplicitAny: any package's factory (its options and client are its own)
type Factory = (options: any) => any;
type ErrorClass = new (...args: never[]) => Error;

/** What the shared tests need to know of one generated client package (Multi, Back-Office). */
export interface ClientBasics<F extends Factory> {
  /** The package's factory; its configuration errors start with its name. */
  create: F;
  /** The body the recording server answers a request with (a sign-in's token, say); `{}` by default. */
  answer?: (seen: Seen) => unknown;
  /** The package's error class for bad options. */
  configError: ErrorClass;
  operations: Record<string, OperationLike & { operationId: string }>;
  spec: { version: string; sha256: string; server: string };
  /** The spec's entry in specs/lock.json. */
  lock: { version: string; sha256: string; operations: number };
  /** A key-only operation (the one that hands out a token) and its operationId. */
  keyOnly: { call: ClientCall; operationId: string };
  /** An operation whose security asks for the token. */
  tokened: ClientCall;
  /** The default baseUrl (the spec's server), and where `tokened` goes on it. */
  defaultBaseUrl: string;
  defaultUrl: string;
}

/** The API key of the clients on the recording server. */
export const TEST_API_KEY = 'test-api-key';

const call = (client: AnyClient, [method, path, init]: ClientCall) => client[method](path, init);

/**
 * The tests every generated client package passes alike, registered in the calling test file: credentials per
 * the spec for every operation, the token provider, apiKey checks, the default baseUrl, the exports against the
 * lock, the request-ref. Each package's own file keeps what differs (its sign-in, its query styles, its
 * API-specific helpers).
 */
export function describeClientBasics<F extends Factory>(
  o: ClientBasics<F>,
): { server: () => RecordingServer; client: (extra?: Partial<Parameters<F>[0]>) => ReturnType<F> } {
  const server = useRecordingServer(o.answer);
  /** A client on the current recording server, without retries, these options merged over. */
  const client = (extra: object = {}): ReturnType<F> =>
    o.create({ apiKey: TEST_API_KEY, baseUrl: server().baseUrl, maxRetries: 0, ...extra });
  const factory = o.create.name;
  describe(`${factory}: what every generated client does`, () => {
    test('api-key always; bearer only where security asks for it; idempotency-ref where declared', async () => {
      expect(Object.values(o.operations)).toHaveLength(o.lock.operations);
      await expectCredentialsFollowSpec(client({ token: 'the-token' }), o.operations, server(), {
        apiKey: TEST_API_KEY,
        token: 'the-token',
      });
    });

    test('a token provider is awaited on every call that needs a token, once per call, with a fresh value each time', async () => {
      let n = 0;
      const provider = vi.fn(async () => {
        await new Promise((r) => setTimeout(r, 5));
        n += 1;
        return `token-${n}`;
      });
      const withProvider = client({ token: provider });
      for (let i = 1; i <= 3; i++) {
        await call(withProvider, o.tokened);
        expect(server().last().headers.authorization).toBe(`Bearer token-${i}`);
        expect(provider).toHaveBeenCalledTimes(i);
      }
      // A key-only operation does not ask for a token.
      await call(withProvider, o.keyOnly.call);
      expect(provider).toHaveBeenCalledTimes(3);
      expect(server().last().headers.authorization).toBeUndefined();
    });

    test.each([
      ['missing', {}],
      ['undefined', { apiKey: undefined }],
      ['empty', { apiKey: '' }],
      ['blank', { apiKey: '   ' }],
      ['not a string', { apiKey: 42 }],
    ])('apiKey %s: a configuration error naming apiKey', (_, options) => {
      const create = () => o.create(options);
      expect(create).toThrow(o.configError);
      expect(create).toThrow(new RegExp(`${factory}: apiKey is required`));
    });

    test('no options at all: a configuration error', () => {
      expect(() => (o.create as (options?: unknown) => unknown)()).toThrow(o.configError);
    });

    test("the default baseUrl is the spec's server (read from the request an injected fetch receives)", async () => {
      const urls: string[] = [];
      const injected = o.create({
        apiKey: TEST_API_KEY,
        fetch: async (request: Request) => {
          urls.push(request.url);
          return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
        },
      });
      await call(injected, o.tokened);
      expect(urls).toEqual([o.defaultUrl]);
      expect(o.spec.server).toBe(o.defaultBaseUrl);
    });

    test('operations covers the spec; spec names the locked version and sha256', () => {
      expect(Object.keys(o.operations)).toHaveLength(o.lock.operations);
      expect(o.spec.version).toBe(o.lock.version);
      expect(o.spec.sha256).toBe(o.lock.sha256);
      const [method, path] = o.keyOnly.call;
      expect(o.operations[`${method} ${path}`]).toMatchObject({
        operationId: o.keyOnly.operationId,
        bearer: 'none',
      });
    });

    test('a result carries the request-ref response header', async () => {
      const result = await call(client({ token: 't' }), o.tokened);
      expect(result.requestRef).toBe(`ref-${server().last().url.pathname}`);
      expect(result.response.status).toBe(200);
    });
  });
  return { server, client };
}
