/** Reading a response body within a byte budget: the one place the budget is counted, for every transport. */
import type { ByteSource } from './wire.js';

/** Thrown (internally) when a body runs over `maxResponseBytes`; the attempt maps it to a typed error. */
export class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`response body exceeds ${limit} bytes`);
  }
}

const decoder = new TextDecoder();

/**
 * The whole body, as text or bytes, reading at most `limit` bytes (counted after decompression: a small zip
 * can inflate without bound). Past the limit the body is abandoned, connection and decompression included.
 */
export async function readAll(
  source: ByteSource,
  as: 'text' | 'bytes',
  limit: number,
): Promise<string | Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let chunk = await source.next(); chunk; chunk = await source.next()) {
    total += chunk.byteLength;
    if (total > limit) {
      source.cancel();
      throw new TooLarge(limit);
    }
    chunks.push(chunk);
  }
  const bytes = chunks.length === 1 ? (chunks[0] as Uint8Array) : concat(chunks, total);
  return as === 'text' ? decoder.decode(bytes) : bytes;
}

/** The declared `content-length`, when there is a valid one. */
export function declaredLength(value: string | null): number | undefined {
  return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * The body as a stream the caller reads, counted against `limit` (an error on the stream past it), with
 * `done` called once when the stream ends, fails or is cancelled: that is where the attempt's timer and
 * listeners are released. `failure` turns a read error into the error the stream fails with.
 */
export function limitStream(
  source: ByteSource,
  limit: number,
  done: () => void,
  failure: (e: unknown) => unknown,
): ReadableStream<Uint8Array> {
  let total = 0;
  let finished = false;
  const finish = () => {
    if (!finished) {
      finished = true;
      done();
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const value = await source.next();
        if (!value) {
          finish();
          controller.close();
          return;
        }
        total += value.byteLength;
        if (total > limit) {
          source.cancel();
          finish();
          controller.error(failure(new TooLarge(limit)));
          return;
        }
        controller.enqueue(value);
      } catch (e) {
        finish();
        controller.error(failure(e));
      }
    },
    cancel() {
      finish();
      source.cancel();
    },
  });
}
