import { WeavrConfigError } from '@weavr-sdk/core/internal';
import type { paths } from './generated/schema.js';

/**
 * The simulator's spec declares every id in a path as an int64 number, but Weavr ids (e.g.
 * `110141186813853702`) are larger than a JavaScript number holds exactly, and the Multi API hands them out as
 * strings. The simulator's path types therefore also take the id string, which is sent unchanged.
 */
type WidenIds<P> = { [K in keyof P]: P[K] extends number ? number | string : P[K] };

type WidenOperation<Op> = Op extends { parameters: { path: infer P } }
  ? Omit<Op, 'parameters'> & { parameters: Omit<Op['parameters'], 'path'> & { path: WidenIds<P> } }
  : Op;

/** The simulator's `paths`, with ids in paths taking a string (the id as the Multi API returns it) or a number. */
export type SimulatorPaths = {
  [Path in keyof paths]: {
    [M in keyof paths[Path]]: M extends 'parameters' ? paths[Path][M] : WidenOperation<paths[Path][M]>;
  };
};

/** Refuses a numeric id that has already lost digits (above 2^53), before anything is sent. */
export function checkPathIds(where: string, init: unknown): void {
  const path = (init as { params?: { path?: Record<string, unknown> } } | undefined)?.params?.path;
  if (!path) return;
  for (const [name, value] of Object.entries(path)) {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new WeavrConfigError(
        `${where}: ${name} is the number ${value}, past the largest integer a JavaScript number holds exactly, so it is not the id you meant; pass the id as a string (as the Multi API returns it)`,
      );
    }
  }
}
