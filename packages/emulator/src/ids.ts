/**
 * Weavr's ids are 18-digit decimal strings, beyond 2^53: they are made and kept as strings (a BigInt counter),
 * never through a JavaScript number. The first digits follow the creation time, so ids of a later run differ.
 */
export function createIdSource(startMs: number): () => string {
  let next = 10n ** 17n + BigInt(Math.floor(startMs)) * 1000n;
  return () => {
    next += 1n;
    return next.toString();
  };
}
