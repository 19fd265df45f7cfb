import { utf8 } from './hmac.js';

/**
 * Whether two shared secrets are equal, in time that depends on neither: both are hashed to 32 bytes first, so
 * neither their lengths nor the position of the first difference shows in the timing.
 */
export async function sameSecret(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([digest(a), digest(b)]);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] as number) ^ (y[i] as number);
  return diff === 0;
}

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', utf8(text) as BufferSource));
}
