import { inspect } from 'node:util';

/** Every way an error can be written out: as text, its stack, JSON, and what console.log shows. */
export function everyWayWritten(e: unknown): string[] {
  const err = e as Error;
  return [
    String(err),
    err.message,
    err.stack ?? '',
    JSON.stringify(err),
    inspect(err),
    inspect(err, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    inspect({ wrapped: err }, { depth: Number.POSITIVE_INFINITY }),
  ];
}
