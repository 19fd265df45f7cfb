/** Replaces secrets wherever the SDK writes: logs, error messages, serialised errors. */
export const REDACTED = '[REDACTED]';

/**
 * Body fields that carry secrets, matched on the whole field name, case-insensitively: passwords and
 * passcodes (`password`, `newPassword`), PINs, card numbers, CVVs, OTP, verification, activation and invite
 * codes and nonces, tokens (`token`, `accessToken`; not `tokenType`), secrets and API keys. Whole-name
 * matching keeps look-alikes such as `cardNumberLastFour` or `passportNumber` readable.
 */
const SECRET_FIELD =
  /^(?:\w*pass(?:word|code|phrase)|pin|pin_?code|pan|card_?number|cvv2?|cvc2?|security_?code|otp|\w*otp_?code|(?:verification|activation|invite)_?code|nonce|\w*token|\w*secret|api[-_]?key|programme[-_]?key|authori[sz]ation|cookie)$/i;

/** True for a secret field name, or a dotted path with a secret segment (`password.value`, `card[0].cvv`). */
export function isSecretField(name: string): boolean {
  if (SECRET_FIELD.test(name)) return true;
  if (!/[.[\]]/.test(name)) return false;
  return name.split(/[.[\]]+/).some((segment) => segment !== '' && SECRET_FIELD.test(segment));
}

/**
 * A deep copy of `value` with secret fields replaced, and known secret values (the API key, a bearer
 * token) removed from any string. Returns primitives unchanged. Never modifies `value`.
 */
export function redactBody(value: unknown, secrets?: readonly (string | undefined)[], depth = 0): unknown {
  if (typeof value === 'string') return secrets ? scrubText(value, secrets) : value;
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactBody(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  // A field error naming a secret field (`{ fieldName: 'password.value', invalidValue: … }`): its values go too.
  const named =
    (value as { fieldName?: unknown; field?: unknown }).fieldName ?? (value as { field?: unknown }).field;
  const secretEntry = typeof named === 'string' && isSecretField(named);
  // …and its rejected value is scrubbed from its other strings (a message may quote it).
  const scrub = secretEntry
    ? [...(secrets ?? []), ...rejectedValues(value as Record<string, unknown>)]
    : secrets;
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      isSecretField(k) || (secretEntry && ENTRY_VALUE_KEYS.has(k))
        ? REDACTED
        : redactBody(v, scrub, depth + 1);
  }
  return out;
}

/** The string values a field-error entry rejected. */
export function rejectedValues(entry: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const k of ENTRY_VALUE_KEYS) {
    const v = entry[k];
    for (const one of Array.isArray(v) ? v : [v]) if (typeof one === 'string') out.push(one);
  }
  return out;
}

/** Keys of a field-error entry that can hold the rejected value. */
const ENTRY_VALUE_KEYS = new Set(['invalidValue', 'rejectedValue', 'value', 'params']);

/**
 * The string values held under secret fields anywhere in `value` (`{ password: { value: 'x' } }` → `['x']`):
 * what a request sent, so that a server echoing it back cannot put it in an error.
 */
export function secretValues(value: unknown, under = false, out: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') {
    if (under) out.push(value);
  } else if (value !== null && typeof value === 'object' && depth <= 32) {
    if (Array.isArray(value)) for (const v of value) secretValues(v, under, out, depth + 1);
    else
      for (const [k, v] of Object.entries(value)) secretValues(v, under || isSecretField(k), out, depth + 1);
  }
  return out;
}

/** Removes known secret values (the API key, a bearer token) from free text such as a server message. */
export function scrubText(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4 && out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}
