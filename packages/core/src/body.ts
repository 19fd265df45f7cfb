/** Reading a response body within a byte budget. */

/** Thrown (internally) when a body runs over `maxResponseBytes`; the caller maps it to a typed error. */
export class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`response body exceeds ${limit} bytes`);
  }
}

/**
 * The whole body, as text or bytes, reading at most `limit` bytes. A declared `content-length` over the
 * limit fails at once; an identity-encoded body of a declared length within it is read natively (the fast
 * path), since HTTP framing stops at that length. Anything else (chunked, compressed: a small zip can
 * inflate without bound) is read chunk by chunk and abandoned, connection included, past the limit.
 */
export async function readBody(
  response: Response,
  as: 'text' | 'bytes',
  limit: number,
  trustLength: boolean,
): Promise<string | Uint8Array> {
  const length = declaredLength(response, limit);
  if (trustLength && length !== undefined && !response.headers.has('content-encoding')) {
    return as === 'text' ? response.text() : new Uint8Array(await response.arrayBuffer());
  }
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        reader.cancel().catch(() => {});
        throw new TooLarge(limit);
      }
      chunks.push(value);
    }
  }
  const bytes = chunks.length === 1 ? (chunks[0] as Uint8Array) : concat(chunks, total);
  return as === 'text' ? new TextDecoder().decode(bytes) : bytes;
}

/** The declared `content-length`, when there is a valid one; throws `TooLarge` when it is over `limit`. */
function declaredLength(response: Response, limit: number): number | undefined {
  const raw = response.headers.get('content-length');
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  if (n > limit) {
    response.body?.cancel().catch(() => {});
    throw new TooLarge(limit);
  }
  return n;
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
  body: ReadableStream<Uint8Array>,
  limit: number,
  done: () => void,
  failure: (e: unknown) => unknown,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
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
        const { done: end, value } = await reader.read();
        if (end) {
          finish();
          controller.close();
          return;
        }
        total += value.byteLength;
        if (total > limit) {
          reader.cancel().catch(() => {});
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
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
}
