/** Replaces secrets wherever the SDK writes: logs, error messages, serialised errors. */
export const REDACTED = '[REDACTED]';

/**
 * Body fields that carry secrets, matched on the whole field name, case-insensitively: passwords and
 * passcodes (`password`, `newPassword`), PINs, card numbers, CVVs, OTP, verification, activation and invite
 * codes and nonces, tokens (`token`, `accessToken`; not `tokenType`), secrets, private and secret keys
 * (`secretKey`, `privateKey`), API keys (`apiKey`, `x-api-key`), full card numbers (`pan`, `fullPan`,
 * `cardNo`), `cvc`. Whole-name matching keeps look-alikes such as `cardNumberLastFour` or `passportNumber`
 * readable.
 */
const SECRET_FIELD =
  /^(?:\w*pass(?:word|code|phrase)|pin|pin_?code|(?:full_?)?pan|card_?(?:number|no|num)|cvv2?|cvc2?|security_?code|otp|\w*otp_?code|(?:verification|activation|invite)_?code|nonce|\w*token|\w*secret|(?:x-)?\w*(?:secret|private|signing)[-_]?key|(?:x[-_])?api[-_]?key|programme[-_]?key|authori[sz]ation|cookie)$/i;

/** True for a secret field name, or a dotted path with a secret segment (`password.value`, `card[0].cvv`). */
export function isSecretField(name: string): boolean {
  if (SECRET_FIELD.test(name)) return true;
  if (!/[.[\]]/.test(name)) return false;
  return name.split(/[.[\]]+/).some((segment) => segment !== '' && SECRET_FIELD.test(segment));
}

/** Nesting deeper than this is not copied: it is replaced whole, so no depth lets a secret through. */
const MAX_DEPTH = 32;

/**
 * A deep copy of `value` with secret fields replaced, and known secret values (the API key, a bearer
 * token) removed from every string, object keys included. Returns primitives unchanged. Never modifies
 * `value`. Anything nested deeper than 32 levels is replaced by `[REDACTED]`. Keys are defined, never
 * assigned, so a `__proto__` or `constructor` key in a response stays a plain key of the copy and never
 * changes its prototype.
 */
export function redactBody(value: unknown, secrets?: readonly (string | undefined)[], depth = 0): unknown {
  if (typeof value === 'string') return secrets ? scrubText(value, secrets) : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return REDACTED;
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
    defineOwn(
      out,
      scrub ? scrubText(k, scrub) : k,
      isSecretField(k) || (secretEntry && ENTRY_VALUE_KEYS.has(k))
        ? REDACTED
        : redactBody(v, scrub, depth + 1),
    );
  }
  return out;
}

/** Sets an own, enumerable data property: unlike `out[key] = value`, `__proto__` cannot reach the prototype. */
export function defineOwn(out: object, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
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
 * The string values held under secret fields anywhere in `value` (`{ password: { value: 'x' } }` → `['x']`),
 * at any depth: what a request sent, so that a server echoing it back cannot put it in an error.
 */
export function secretValues(value: unknown): string[] {
  const out: string[] = [];
  // An explicit stack, not recursion: no nesting depth hides a value or overflows the call stack. Values and
  // whether they sit under a secret name alternate on it (no pair allocated per field).
  const todo: unknown[] = [value, false];
  let seen: Set<object> | undefined;
  while (todo.length) {
    const under = todo.pop() as boolean;
    const v = todo.pop();
    if (typeof v === 'string') {
      if (under) out.push(v);
    } else if (v !== null && typeof v === 'object') {
      seen ??= new Set();
      if (seen.has(v)) continue;
      seen.add(v);
      if (Array.isArray(v)) for (const one of v) todo.push(one, under);
      else
        for (const k of Object.keys(v)) todo.push((v as Record<string, unknown>)[k], under || secretKey(k));
    }
  }
  return out;
}

/** `isSecretField` for the field names of request bodies, remembered: a client sends the same names call after call. */
const secretKeys = new Map<string, boolean>();
function secretKey(name: string): boolean {
  let secret = secretKeys.get(name);
  if (secret === undefined) {
    secret = isSecretField(name);
    // Bounded: names are the caller's, and a body with ever-new keys must not grow it without end.
    if (secretKeys.size >= 2048) secretKeys.clear();
    secretKeys.set(name, secret);
  }
  return secret;
}

/** Shorter values are scrubbed only where they stand alone (not inside a longer word or number). */
const WHOLE_TOKEN_BELOW = 4;
/** Values shorter than this are never scrubbed: no secret the SDK knows of (a CVV, a PIN) is this short. */
const SHORTEST_SECRET = 3;

/**
 * Removes known secret values (the API key, a bearer token, values sent under secret fields) from free text
 * such as a server message. A value of 3 characters (a CVV) is removed only where it stands alone, so that
 * `CVV 918 does not match` loses it but `order 19180` stays readable; shorter values are left alone.
 */
export function scrubText(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < SHORTEST_SECRET || !out.includes(s)) continue;
    out =
      s.length >= WHOLE_TOKEN_BELOW
        ? out.split(s).join(REDACTED)
        : out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(s)}(?![\\p{L}\\p{N}])`, 'gu'), REDACTED);
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `scrubText` for text a parser has lower-cased, such as a URL's origin (`new URL` lower-cases and
 * percent-decodes the host): a secret echoed there matches only in lower case.
 */
export function scrubLowered(text: string, secrets: readonly (string | undefined)[]): string {
  return scrubText(text, [...secrets, ...secrets.map((s) => s?.toLowerCase())]);
}

/** A response header as text the SDK may write (e.g. `request-ref`), with known secrets removed. */
export function headerText(
  headers: Headers,
  name: string,
  secrets: readonly (string | undefined)[],
): string | undefined {
  const value = headers.get(name);
  return value === null ? undefined : scrubText(value, secrets);
}

/** How deep `scrubError` follows causes, `errors` and nested objects; anything deeper is replaced whole. */
const MAX_ERROR_DEPTH = 8;

/**
 * An error safe to keep as a `cause`: `error` itself when no string it holds (message, stack, code, its
 * causes, an `AggregateError`'s `errors`, nested objects such as a request's headers, at any depth up to 8,
 * deeper replaced whole) carries a known secret or sits under a secret-named key, else a copy of the same
 * class with those strings scrubbed. The caller's object is never modified.
 */
export function scrubError(error: unknown, secrets: readonly (string | undefined)[]): unknown {
  return scrubDeep(error, secrets, 0, new Map());
}

function scrubDeep(
  value: unknown,
  secrets: readonly (string | undefined)[],
  depth: number,
  seen: Map<object, unknown>,
): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value);
  if (depth > MAX_ERROR_DEPTH) return REDACTED;
  seen.set(value, value);
  // Header collections keep their values in internal slots, out of reach of the own-property walk below.
  if (typeof Headers !== 'undefined' && value instanceof Headers) {
    const copy = new Headers();
    let changed = false;
    value.forEach((v, k) => {
      const clean = isSecretField(k) ? REDACTED : scrubText(v, secrets);
      if (clean !== v) changed = true;
      copy.append(k, clean);
    });
    const out = changed ? copy : value;
    seen.set(value, out);
    return out;
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => scrubDeep(v, secrets, depth + 1, seen));
    const out = items.some((v, i) => v !== value[i]) ? items : value;
    seen.set(value, out);
    return out;
  }
  const names = Object.getOwnPropertyNames(value);
  const fields = new Map<string, unknown>();
  for (const k of names) {
    const d = Object.getOwnPropertyDescriptor(value, k);
    if (!d || !('value' in d)) continue;
    const v = d.value;
    const clean =
      isSecretField(k) && (typeof v === 'string' || (v !== null && typeof v === 'object'))
        ? REDACTED
        : scrubDeep(v, secrets, depth + 1, seen);
    if (clean !== v) fields.set(k, clean);
  }
  if (!fields.size) return value;
  const copy = Object.create(Object.getPrototypeOf(value)) as object;
  seen.set(value, copy);
  for (const k of names) {
    const d = Object.getOwnPropertyDescriptor(value, k);
    if (!d) continue;
    Object.defineProperty(
      copy,
      k,
      fields.has(k)
        ? { value: fields.get(k), writable: true, enumerable: d.enumerable, configurable: true }
        : d,
    );
  }
  return copy;
}
