/** Replaces secrets wherever the SDK writes: logs, error messages, serialised errors. */
export const REDACTED = '[REDACTED]';

/** Headers that carry credentials. */
const SECRET_HEADERS = new Set([
  'api-key',
  'programme-key',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

/**
 * Body fields that carry secrets: passwords and passcodes, card numbers, CVVs and PINs, OTP and verification
 * codes, tokens, API keys and secrets. Matched on the field name, case-insensitively, anywhere in the body.
 */
const SECRET_FIELD =
  /pass(word|code|phrase)?|^pin$|cvv|cvc|card_?number|^pan$|otp|verification_?code|token|secret|api_?key|programme_?key|nonce|authori[sz]ation|cookie|credentials?$/i;

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** A deep copy of `value` with secret fields replaced. Returns primitives unchanged. */
export function redactBody(value: unknown, depth = 0): unknown {
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactBody(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSecretField(k) ? REDACTED : redactBody(v, depth + 1);
  return out;
}

/** A plain object of headers with credentials replaced. */
export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [k, v] of entries) out[k] = isSecretHeader(k) ? REDACTED : v;
  return out;
}

/** Removes known secret values (the API key, a bearer token) from free text such as a server message. */
export function scrubText(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join(REDACTED);
  return out;
}
