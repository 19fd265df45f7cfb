// HMAC-SHA256 with Web Crypto, so verification runs unchanged on Node, Deno, Bun, edge runtimes and browsers.

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('Web Crypto (globalThis.crypto.subtle) is not available in this runtime');
  return s;
}

// The last key imported, so a server verifying many deliveries with one API key imports it once.
let lastKey: { secret: string; key: Promise<CryptoKey> } | undefined;

/** The API key as an HMAC-SHA256 key (its UTF-8 bytes are the HMAC secret). */
export function hmacKey(secret: string): Promise<CryptoKey> {
  if (lastKey?.secret !== secret) {
    const key = subtle().importKey(
      'raw',
      utf8(secret) as BufferSource,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    lastKey = { secret, key };
  }
  return lastKey.key;
}

/** Base64 (standard alphabet, padded) of the HMAC-SHA256 of `message`. */
export async function hmacBase64(secret: string, message: Uint8Array): Promise<string> {
  const mac = new Uint8Array(await subtle().sign('HMAC', await hmacKey(secret), message as BufferSource));
  return toBase64(mac);
}

/**
 * Whether `signature` is the base64 HMAC-SHA256 of `message`. Only the canonical encoding is accepted (44
 * characters, padded, no whitespace), so no two header values stand for the same MAC. The comparison is
 * Web Crypto's `verify`, which compares in constant time.
 */
export async function hmacMatches(secret: string, message: Uint8Array, signature: string): Promise<boolean> {
  const mac = fromCanonicalBase64(signature, 32);
  if (!mac) return false;
  return macCheck.verify(await hmacKey(secret), mac, message);
}

/**
 * The one place a signature is compared: Web Crypto's HMAC `verify`, constant time by specification. An
 * object rather than a function so that a test can watch it decide (and so prove no `===` on the MAC text
 * stands in for it); nothing else replaces it.
 */
export const macCheck = {
  verify(key: CryptoKey, mac: Uint8Array, message: Uint8Array): Promise<boolean> {
    return subtle().verify('HMAC', key, mac as BufferSource, message as BufferSource);
  },
};

export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Decodes base64 of exactly `length` bytes, or returns undefined if the text is not its canonical encoding. */
function fromCanonicalBase64(text: string, length: number): Uint8Array | undefined {
  if (text.length !== Math.ceil(length / 3) * 4 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  let bin: string;
  try {
    bin = atob(text);
  } catch {
    return undefined;
  }
  if (bin.length !== length) return undefined;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = bin.charCodeAt(i);
  // Unused low bits of the last character can differ without changing the bytes: insist on the canonical form.
  return toBase64(bytes) === text ? bytes : undefined;
}
