import { describe, expect, test } from 'vitest';
import { backoffice } from '../src/generated/backoffice.js';
import { multi } from '../src/generated/multi.js';
import { call, json, seen, stdioClient, useWorld } from './fixture.js';
import { strictAjv } from './json-schema.js';

const world = useWorld();

const reads = [...multi.tools, ...backoffice.tools].filter((t) => t.kind === 'read');

describe('over stdio, the built CLI, read-only by default', () => {
  test('lists exactly the read tools of Multi and Back-Office, annotated read-only', async () => {
    const { client, stderr, close } = await stdioClient(world);
    try {
      const { tools } = await client.listTools();
      expect(reads.length).toBeGreaterThan(50);
      expect(tools.map((t) => t.name).sort()).toEqual(reads.map((t) => t.name).sort());
      const ajv = strictAjv();
      for (const t of tools) {
        expect(() => ajv.compile(t.inputSchema), t.name).not.toThrow();
        expect(t.annotations).toMatchObject({
          readOnlyHint: true,
          destructiveHint: false,
          idempotentHint: true,
        });
        expect(t.inputSchema.type).toBe('object');
        expect(t.description?.length).toBeGreaterThan(10);
      }
      expect(tools.find((t) => t.name === 'multi_transferCreate')).toBeUndefined();
    } finally {
      await close();
      seen.push(stderr());
    }
  });

  test('calls Multi read tools with the configured token and Back-Office ones for a named identity', async () => {
    const { client, stderr, close } = await stdioClient(world);
    try {
      const accounts = json(await call(client, 'multi_managedAccountsGet'));
      expect(accounts.status).toBe(200);
      expect(accounts.data.accounts.map((a: { id: string }) => a.id).sort()).toEqual(
        [world.accounts.funded, world.accounts.empty].sort(),
      );
      const funded = accounts.data.accounts.find((a: { id: string }) => a.id === world.accounts.funded);
      expect(funded.balances).toEqual({ availableBalance: 10_000, actualBalance: 10_000 });
      expect(accounts.paging).toMatchObject({ offset: 0, limit: 20, returned: 2, total: 2 });
      expect(accounts.paging.next).toBeUndefined();

      const card = json(
        await call(client, 'backoffice_managedCardGet', {
          id: world.cardId,
          identity: { type: 'CORPORATE', id: world.corporateId },
        }),
      );
      expect(card.data).toMatchObject({
        id: world.cardId,
        friendlyName: 'Travel',
        state: { state: 'ACTIVE' },
      });
      expect(card.requestRef === undefined || typeof card.requestRef === 'string').toBe(true);
    } finally {
      await close();
      seen.push(stderr());
    }
  });

  test('a token Weavr refuses is a tool error saying what the person running the server must do', async () => {
    const { client, stderr, close } = await stdioClient(world, [], {
      WEAVR_TOKEN: 'not-a-token-weavr-knows',
    });
    try {
      const r = await call(client, 'multi_managedAccountsGet');
      expect(r.isError).toBe(true);
      const { error } = json(r);
      expect(error).toMatchObject({ type: 'WeavrUnauthorizedError', status: 401 });
      expect(error.hint).toMatch(/WEAVR_TOKEN may have expired/);
      expect(JSON.stringify(r)).not.toContain('not-a-token-weavr-knows');
    } finally {
      await close();
      seen.push(stderr());
    }
  });
});
