import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { selectTools, TABLES } from '../src/catalog.js';
import { strictAjv } from './json-schema.js';

/**
 * The generated tools read against the specs themselves (read here independently of the generator), and the
 * exposure rules. No server: these are the tables every server is built from.
 */

const lock = JSON.parse(readFileSync(new URL('../../../specs/lock.json', import.meta.url), 'utf8'));

describe('generated from the specs', () => {
  test.each(Object.keys(TABLES) as (keyof typeof TABLES)[])(
    '%s: every operation is a tool or withheld, with a reason',
    (api) => {
      const t = TABLES[api];
      expect(t.sha256).toBe(lock[api].sha256);
      expect(t.tools.length + t.withheld.length).toBe(lock[api].operations);
      expect(new Set(t.tools.map((x) => x.name)).size).toBe(t.tools.length);
      for (const w of t.withheld) expect(w.reason).toMatch(/requires a secret \(body\.\w+/);
      for (const tool of t.tools) {
        expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
        expect(tool.description.length).toBeGreaterThan(5);
        expect(tool.description.length).toBeLessThan(1_000);
      }
    },
  );

  test('the money-moving set is read from tags and paths: transfers, sends, wire transfers, fees, bulk runs', () => {
    const money = (api: keyof typeof TABLES) =>
      TABLES[api].tools
        .filter((t) => t.kind === 'money')
        .map((t) => t.operationId)
        .sort();
    expect(money('multi')).toEqual(
      [
        'bulkIdExecute',
        'bulkIdResume',
        'bulksOutgoingWireTransferCreate',
        'bulksSendCreate',
        'bulksTransferCreate',
        'consumerChargeFee',
        'corporateChargeFee',
        'correspondentBankTransferCancel',
        'correspondentBankTransferConfirm',
        'correspondentBankTransferCreate',
        'outgoingWireTransferConfirm',
        'outgoingWireTransferCreate',
        'outgoingWireTransferSCAChallenge',
        'outgoingWireTransferSCAChallengePush',
        'outgoingWireTransferSingleCancel',
        'outgoingWireTransferUpdateBeneficiaryName',
        'sendCreate',
        'sendSCAChallenge',
        'sendSCAChallengePush',
        'sendSingleCancel',
        'transferCancel',
        'transferCreate',
      ].sort(),
    );
    expect(money('backoffice')).toEqual(
      [
        'bulkIdExecute',
        'bulkIdResume',
        'bulksTransferCreate',
        'chargeFee',
        'consumerChargeFee',
        'corporateChargeFee',
        'transferCreate',
      ].sort(),
    );
    // Sending an email is not sending money; reads never move money.
    expect(
      TABLES.multi.tools.find((t) => t.operationId === 'corporateRootUserEmailVerificationCodeSend')?.kind,
    ).toBe('write');
    expect(TABLES.multi.tools.find((t) => t.operationId === 'transfersGet')?.kind).toBe('read');
  });

  test('every input schema is valid JSON Schema (2020-12, Ajv strict), $ref-free, an object, and at most 12 KB', () => {
    const ajv = strictAjv();
    let largest = 0;
    for (const t of Object.values(TABLES).flatMap((x) => x.tools)) {
      const text = JSON.stringify(t.inputSchema);
      expect(text, t.name).not.toContain('"$ref"');
      expect(t.inputSchema.type).toBe('object');
      expect(t.inputSchema.additionalProperties).toBe(false);
      expect(() => ajv.compile(t.inputSchema), t.name).not.toThrow();
      largest = Math.max(largest, text.length);
    }
    expect(largest).toBeLessThanOrEqual(12_000);
  });

  test('no tool takes a secret: optional secret fields are left out of the inputs', () => {
    const update = TABLES.multi.tools.find((t) => t.operationId === 'managedCardUpdate');
    expect(update?.inputSchema.properties.body.properties).not.toHaveProperty('activationCode');
    expect(update?.inputSchema.properties.body.properties).toHaveProperty('friendlyName');
    const withheld = TABLES.multi.withheld.map((w) => w.operationId);
    expect(withheld).toEqual(
      expect.arrayContaining(['loginWithPassword', 'stepupSCAVerify', 'sendSCAVerify']),
    );
  });

  test('Back-Office tools that need a token take the identity; Multi ones use the configured token', () => {
    const get = TABLES.backoffice.tools.find((t) => t.operationId === 'managedCardGet');
    expect(get).toMatchObject({ identity: true, bearer: 'required' });
    expect(get?.inputSchema.required).toContain('identity');
    expect(get?.inputSchema.properties.identity.properties.type.enum).toEqual(['CONSUMER', 'CORPORATE']);
    expect(TABLES.multi.tools.every((t) => !t.identity && !('identity' in t.inputSchema.properties))).toBe(
      true,
    );
  });
});

describe('what the options expose', () => {
  const names = (o: Parameters<typeof selectTools>[0]) => selectTools(o).tools.map((t) => t.name);

  test('reads only by default; writes and money each behind their flag', () => {
    const reads = names({ apiKey: 'k' });
    expect(reads.length).toBe(60);
    expect(selectTools({ apiKey: 'k' }).tools.every((t) => t.kind === 'read')).toBe(true);
    expect(names({ apiKey: 'k', allowWrites: true })).not.toContain('multi_transferCreate');
    expect(names({ apiKey: 'k', allowWrites: true, allowMoney: true })).toContain('multi_transferCreate');
    expect(() => selectTools({ apiKey: 'k', allowMoney: true })).toThrow(/needs allowWrites/);
  });

  test('--api, --simulator, --tools and --exclude-tools by operationId, tool name, tag and glob', () => {
    expect(names({ apiKey: 'k', api: 'backoffice' }).every((n) => n.startsWith('backoffice_'))).toBe(true);
    expect(
      names({ apiKey: 'k', simulator: true, allowWrites: true }).some((n) => n.startsWith('simulator_')),
    ).toBe(true);
    expect(names({ apiKey: 'k', tools: ['Managed Cards'], api: 'backoffice' })).toEqual([
      'backoffice_managedCardGet',
      'backoffice_managedCardSpendRulesGet',
      'backoffice_managedCardStatement',
    ]);
    expect(names({ apiKey: 'k', tools: ['transfer*'], api: 'multi' })).toEqual([
      'multi_transfersGet',
      'multi_transferGet',
    ]);
    expect(names({ apiKey: 'k', tools: ['backoffice_transferGet'] })).toEqual(['backoffice_transferGet']);
    expect(
      names({ apiKey: 'k', api: 'multi', tools: ['transfer*'], excludeTools: ['transfersGet'] }),
    ).toEqual(['multi_transferGet']);
  });

  test('a pattern that matches nothing is refused; one naming only hidden writes is reported', () => {
    expect(() => selectTools({ apiKey: 'k', tools: ['managedCardGot'] })).toThrow(
      /tool pattern "managedCardGot" matches no operation/,
    );
    const { tools, notes } = selectTools({ apiKey: 'k', tools: ['transferCreate'] });
    expect(tools).toEqual([]);
    expect(notes[0]).toMatch(/--tools transferCreate: every tool it names is hidden \(moves money/);
  });
});
