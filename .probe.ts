import { readFileSync } from 'node:fs';
import { apiKeyHeader, readOperations } from './scripts/src/lib/operations.js';

for (const n of ['multi', 'backoffice', 'simulator']) {
  const doc = JSON.parse(readFileSync(`specs/${n}.json`, 'utf8'));
  const ops = readOperations(doc);
  console.log(
    n,
    ops.length,
    apiKeyHeader(doc),
    'idem',
    ops.filter((o) => o.idempotencyRef).length,
    'lists',
    ops.filter((o) => o.list).length,
    'bearer',
    ['required', 'optional', 'none'].map((b) => ops.filter((o) => o.bearer === b).length),
    'dep',
    ops.filter((o) => o.deprecated).length,
  );
  for (const o of ops)
    if (o.list || o.media || o.query || o.bearer === 'optional')
      console.log('  ', o.method, o.path, JSON.stringify({ l: o.list, m: o.media, q: o.query, b: o.bearer }));
}
