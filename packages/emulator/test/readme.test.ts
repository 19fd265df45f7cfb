import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { webhooks as webhookTable } from '../src/generated/webhooks.js';
import { handlers } from '../src/handlers/index.js';
import { specs } from '../src/index.js';
import { PAYLOADS } from '../src/webhook-payloads.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

test('the README names the spec versions the package was generated from', () => {
  for (const s of Object.values(specs))
    expect(readme).toContain(`Generated from the ${s.title} spec ${s.version} (sha256 \`${s.sha256}\`).`);
});

test('every stateful operation belongs to an area the README describes', () => {
  // Each handler key's first path segment (managed_accounts, transfers, …) is named in "What it models".
  const models = readme.slice(readme.indexOf('## What it models'));
  const areas = new Set(Object.keys(handlers).map((k) => k.split(' ')[2]?.split('/')[1] ?? ''));
  const words: Record<string, string> = {
    login_with_password: 'login_with_password',
    identities: 'GET /identities',
    access_token: 'access_token',
    logout: 'logout',
    passwords: 'passwords',
    authentication_factors: 'SMS enrolment',
    stepup: 'step-up',
    corporates: 'corporates',
    consumers: 'consumers',
    users: 'authorised users',
    managed_accounts: 'managed accounts',
    managed_cards: 'managed cards',
    transfers: 'transfers',
    sends: 'sends',
    outgoing_wire_transfers: 'outgoing wire transfers',
    challenges: 'SCA challenges',
    accounts: 'deposits',
    cards: 'card purchases',
    wiretransfers: 'wire transfer accept/reject',
    impersonate_identity_login: 'Back-Office',
    fees: 'fee charges',
    bulks: 'bulk processes',
  };
  for (const area of areas) {
    expect(words[area], `no README wording for /${area}`).toBeDefined();
    expect(models.toLowerCase()).toContain((words[area] as string).toLowerCase());
  }
});

test('the README says of every webhook event of the spec whether it is sent, and every event sent is in the spec', () => {
  const section = readme.slice(readme.indexOf('## Webhook events'));
  const sent = section.slice(0, section.indexOf('Not sent ('));
  const notSent = section.slice(section.indexOf('Not sent ('));
  const events = webhookTable.events.map((e) => e.event);
  for (const event of events) {
    const inSent = sent.includes(`\`${event}\``);
    expect(inSent, `${event} is sent: ${inSent}`).toBe(event in PAYLOADS);
    expect(inSent || notSent.includes(`\`${event}\``), `${event} is listed`).toBe(true);
  }
  for (const event of Object.keys(PAYLOADS)) expect(events).toContain(event);
  expect(sent).toContain(
    `Sent (${Object.keys(PAYLOADS).length + 1} of the 34 events: ${Object.keys(PAYLOADS).length} of the Webhooks spec's ${events.length}`,
  );
});
