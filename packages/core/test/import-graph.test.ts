import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, without types
import { importGraph } from '../scripts/import-graph.mjs';

describe("core's import graph", () => {
  it('has no import circle (so no import points back up the layers), type imports included', () => {
    const graph = importGraph(join(__dirname, '../src')) as {
      cycles: string[][];
      files: number;
      layers: number;
    };
    expect(graph.cycles).toEqual([]);
    expect(graph.files).toBeGreaterThan(30);
  });
});
