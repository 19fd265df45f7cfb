import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventForUrl, specs, webhookEvents } from '../src/index.js';

const specsDir = join(__dirname, '../../../specs');
const read = (name: string) => JSON.parse(readFileSync(join(specsDir, `${name}.json`), 'utf8'));
const lock = read('lock');

describe('the generated event table', () => {
  it('holds every webhook of the Webhooks spec and of the Multi spec, as the lock counts them', () => {
    const expected: [string, string, unknown][] = [];
    for (const source of ['webhooks', 'multi']) {
      const doc = read(source);
      expect(Object.keys(doc.webhooks)).toHaveLength(lock[source].webhooks);
      for (const [name, item] of Object.entries<Record<string, { operationId: string }>>(doc.webhooks)) {
        expected.push([name, item.post?.operationId as string, source]);
      }
    }
    const actual = Object.entries(webhookEvents).map(([name, e]) => [name, e.operationId, e.source]);
    expect(actual).toEqual(expected);
    expect(actual).toHaveLength(32 + 2);
  });

  it('marks as signed exactly the events whose spec declares signature-v2', () => {
    const unsigned = Object.entries(webhookEvents)
      .filter(([, e]) => !(e.headers as readonly string[]).includes('signature-v2'))
      .map(([name]) => name);
    expect(unsigned).toEqual(['/bulk_process_end/watch']);
    const replying = Object.entries(webhookEvents)
      .filter(([, e]) => e.reply)
      .map(([, e]) => e.operationId);
    expect(replying).toEqual(['bankTransferInForwarding', 'managed_cards_authorisation_forwarding']);
  });

  it('records the spec versions it was generated from, in the code and in the README', () => {
    expect(specs.webhooks.sha256).toBe(lock.webhooks.sha256);
    expect(specs.multi.sha256).toBe(lock.multi.sha256);
    const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');
    for (const name of ['webhooks', 'multi'] as const) {
      const { title, version, sha256 } = specs[name];
      expect(readme).toContain(`Generated from the ${title} spec ${version} (sha256 \`${sha256}\`).`);
    }
  });
});

describe('eventForUrl', () => {
  it('finds the event from the path Weavr delivers to', () => {
    expect(eventForUrl('https://example.com/weavr/transfers/watch')).toBe('/transfers/watch');
    expect(eventForUrl('/weavr/transfers/watch/?x=1')).toBe('/transfers/watch');
    expect(eventForUrl('/correspondent_bank_transfers/watch')).toBe('/correspondent_bank_transfers/watch');
    expect(eventForUrl('/corporates/kyb/beneficiaries/watch')).toBe('/corporates/kyb/beneficiaries/watch');
    expect(eventForUrl('/hooks/managed_cards_authorisation_forwarding')).toBe(
      '/managed_cards/authorisation_request',
    );
    expect(eventForUrl('/hooks/bankTransferInForwarding')).toBe('/bank_transfers_in/authorisation_request');
    expect(eventForUrl('/bank_transfers/watch')).toBeUndefined();
    expect(eventForUrl('/')).toBeUndefined();
  });
});
