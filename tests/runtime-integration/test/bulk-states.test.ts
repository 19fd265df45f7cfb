import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BULK_FINAL_STATES, BULK_STATES } from '@weavr-sdk/multi';
import { describe, expect, it } from 'vitest';

// bulk.done() stops on a state outside BULK_STATES (issue 13 §9): the list must be exactly the spec's.
describe('bulk states', () => {
  it("BULK_STATES is the Multi spec's BulkProcessStatus, and the final states are among them", () => {
    const spec = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'specs', 'multi.json'), 'utf8'));
    const defined: string[] = spec.components.schemas.BulkProcessStatus.enum;
    expect([...BULK_STATES].sort()).toEqual([...defined].sort());
    for (const s of BULK_FINAL_STATES) expect(defined).toContain(s);
  });
});
