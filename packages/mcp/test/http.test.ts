import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startWeavrMcpHttpServer, type WeavrMcpOptions } from '../src/index.js';
import { CLI, call, httpClient, json, keptLogger, seen, useWorld } from './fixture.js';

const world = useWorld();
let cli: ChildProcess | undefined;
let cliUrl: string;
let cliStderr = '';
const logs: string[] = [];

beforeAll(async () => {
  // The built CLI over HTTP, on a free port: it prints the one line a launcher waits for.
  cli = spawn(
    process.execPath,
    [CLI, '--transport', 'http', '--port', '0', '--base-url', `${world.emu.url}/multi`],
    {
      env: { PATH: process.env.PATH ?? '', WEAVR_API_KEY: world.emu.apiKey, WEAVR_TOKEN: world.token },
    },
  );
  cli.stderr?.on('data', (c: Buffer) => {
    cliStderr += c.toString();
  });
  cliUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${cliStderr}`)), 30_000);
    cli?.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
  });
});

// Registered after useWorld's: hooks after tests run last-registered first, so the CLI stops (and its log
// joins the scan) before the world closes and scans.
afterAll(async () => {
  if (cli && cli.exitCode === null) {
    const exited = new Promise((done) => cli?.once('exit', done));
    cli.kill('SIGTERM');
    await exited;
  }
  seen.push(cliStderr, ...logs);
});

/** An in-process HTTP server on a free port with these options, closed after `fn`. */
async function withServer(options: Partial<WeavrMcpOptions>, fn: (url: string) => Promise<void>) {
  const server = await startWeavrMcpHttpServer(
    {
      apiKey: world.emu.apiKey,
      token: world.token,
      baseUrl: `${world.emu.url}/multi`,
      logger: keptLogger(logs),
      ...options,
    },
    { port: 0 },
  );
  try {
    await fn(server.url);
  } finally {
    await server.close();
  }
}

describe('over Streamable HTTP', () => {
  test('the CLI serves the read tools on 127.0.0.1 and answers calls', async () => {
    expect(cliUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = await httpClient(cliUrl);
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBe(60);
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
      const account = json(await call(client, 'multi_managedAccountGet', { id: world.accounts.funded }));
      expect(account.data).toMatchObject({
        id: world.accounts.funded,
        currency: 'EUR',
        friendlyName: 'Operating',
      });
      expect(account.requestRef).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await client.close();
    }
  });

  test('refuses requests naming another host (DNS rebinding) and paths other than /mcp', async () => {
    const { port } = new URL(cliUrl);
    const status = (path: string, host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path,
            method: 'POST',
            headers: { host, 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    expect(await status('/mcp', `evil.example:${port}`)).toBe(403);
    expect(await status('/other', `127.0.0.1:${port}`)).toBe(404);
  });

  test('an API error is a tool error with the status, errorCode and request-ref, not a protocol failure', async () => {
    const client = await httpClient(cliUrl);
    try {
      const missing = await call(client, 'backoffice_managedCardGet', {
        id: '999999999999999999',
        identity: { type: 'CORPORATE', id: world.corporateId },
      });
      expect(missing.isError).toBe(true);
      const { error } = json(missing);
      expect(error).toMatchObject({ type: 'WeavrNotFoundError', status: 404 });
      expect(error.requestRef).toMatch(/^[0-9a-f-]{36}$/);
      expect(error.message).toMatch(/404/);
      const unknown = await call(client, 'multi_transferCreate', {});
      expect(json(unknown).error.type).toBe('UnknownTool');
    } finally {
      await client.close();
    }
  });

  test('long lists are paged and say how to get more; an answer over the limit is cut with a note', async () => {
    await withServer({ pageSize: 1 }, async (url) => {
      const client = await httpClient(url);
      try {
        const first = json(await call(client, 'multi_managedAccountsGet'));
        expect(first.data.accounts).toHaveLength(1);
        expect(first.paging).toEqual({
          offset: 0,
          limit: 1,
          returned: 1,
          total: 2,
          next: { offset: 1, limit: 1 },
        });
        const second = json(await call(client, 'multi_managedAccountsGet', first.paging.next));
        expect(second.data.accounts).toHaveLength(1);
        expect(second.data.accounts[0].id).not.toBe(first.data.accounts[0].id);
        expect(second.paging.next).toBeUndefined();
      } finally {
        await client.close();
      }
    });
    // Just under the whole two-item page: one item fits, the answer says where to go on.
    const whole = await httpClient(cliUrl);
    const size =
      ((await call(whole, 'multi_managedAccountsGet')).content as { text: string }[])[0]?.text.length ?? 0;
    await whole.close();
    await withServer({ maxResultChars: size - 1 }, async (url) => {
      const client = await httpClient(url);
      try {
        const page = json(await call(client, 'multi_managedAccountsGet'));
        expect(page.data.accounts).toHaveLength(1);
        expect(page.paging).toMatchObject({ returned: 1, total: 2, next: { offset: 1 } });
        expect(page.note).toMatch(/Only the first 1 of the 2 items fitted/);
      } finally {
        await client.close();
      }
    });
    await withServer({ maxResultChars: 300 }, async (url) => {
      const client = await httpClient(url);
      try {
        const cut = await call(client, 'multi_managedAccountGet', { id: world.accounts.funded });
        const text = (cut.content as { text: string }[])[0]?.text ?? '';
        expect(text.length).toBeLessThanOrEqual(300);
        expect(text).toMatch(/\[answer cut at 300 of \d+ characters: ask for less/);
      } finally {
        await client.close();
      }
    });
  });

  test('--dynamic: three tools to list, describe and invoke the same operations', async () => {
    await withServer({ dynamic: true, api: 'backoffice' }, async (url) => {
      const client = await httpClient(url);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name)).toEqual([
          'list_operations',
          'describe_operation',
          'invoke_operation',
        ]);
        const listed = json(await call(client, 'list_operations', { filter: 'managed card' }));
        expect(listed.operations.map((o: { name: string }) => o.name)).toEqual([
          'backoffice_managedCardGet',
          'backoffice_managedCardSpendRulesGet',
          'backoffice_managedCardStatement',
        ]);
        expect(listed.paging).toMatchObject({ total: 3, returned: 3 });
        const described = json(
          await call(client, 'describe_operation', { name: 'backoffice_managedCardGet' }),
        );
        expect(described.inputSchema.required).toEqual(['id', 'identity']);
        expect(described.annotations).toMatchObject({ readOnlyHint: true });
        const card = json(
          await call(client, 'invoke_operation', {
            name: 'backoffice_managedCardGet',
            arguments: { id: world.cardId, identity: { type: 'CORPORATE', id: world.corporateId } },
          }),
        );
        expect(card.data).toMatchObject({ id: world.cardId });
        const hidden = await call(client, 'invoke_operation', {
          name: 'backoffice_transferCreate',
          arguments: {},
        });
        expect(hidden.isError).toBe(true);
        expect(json(hidden).error.type).toBe('UnknownOperation');
      } finally {
        await client.close();
      }
    });
  });
});
