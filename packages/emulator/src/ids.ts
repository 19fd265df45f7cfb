/**
 * Weavr's ids are 18-digit decimal strings, beyond 2^53: they are made and kept as strings (a BigInt counter),
 * never through a JavaScript number. The first digits follow the creation time, so ids of a later run differ.
 */
export class IdSource {
  private last: bigint;

  constructor(startMs: number) {
    this.last = 10n ** 17n + BigInt(Math.floor(startMs)) * 1000n;
  }

  next(): string {
    this.last += 1n;
    return this.last.toString();
  }

  /** The last id given, to carry on from after a reload. */
  get current(): string {
    return this.last.toString();
  }

  /** Never gives an id at or below `id` again (after loading saved state). */
  skipPast(id: string): void {
    if (BigInt(id) > this.last) this.last = BigInt(id);
  }
}
