import { hintFor, isPayloadMismatch } from './hints.js';
import { inspect } from './inspect.js';
import { isSecretField, REDACTED, redactBody, rejectedValues, scrubText } from './redact.js';

/** One invalid field, normalised from Multi `syntaxErrors.invalidFields` and Back-Office `validationErrors`. */
export interface FieldError {
  field: string;
  /** The machine-readable reason, e.g. `REQUIRED`, `REGEX`, `RANGE`. */
  error?: string;
  message?: string;
  params?: unknown[];
  /** The value Weavr rejected; redacted when the field carries a secret. */
  invalidValue?: unknown;
}

/** Where a failed call was going, attached to every error the SDK raises for a call. */
export interface RequestInfo {
  method: string;
  /** The path template, e.g. `/managed_cards/{id}`. */
  path: string;
  operationId?: string;
  /** The `idempotency-ref` sent, if the operation declares one: re-drive the call with it to stay safe. */
  idempotencyRef?: string;
  /** Weavr's `request-ref` response header, once a response's headers arrived. */
  requestRef?: string;
}

/** Base of every error the SDK throws. */
export class WeavrError extends Error {
  override name = 'WeavrError';

  /** A plain, secret-free object for logs and JSON. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [k, v] of Object.entries(this)) if (k !== 'name') out[k] = v instanceof Error ? String(v) : v;
    return out;
  }

  /** What `util.inspect` and `console.log` show: the same secret-free view as JSON, plus the stack. */
  [inspect](): string {
    const { name: _n, message: _m, ...rest } = this.toJSON();
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest, null, 2)}` : '';
    return `${this.stack ?? `${this.name}: ${this.message}`}${extra}`;
  }
}

/** Options were wrong: raised at once, before any request. */
export class WeavrConfigError extends WeavrError {
  override name = 'WeavrConfigError';
}

/**
 * The `token` provider threw. Nothing was sent. The message and `cause` are scrubbed of the API key and
 * the last token sent.
 */
export class WeavrTokenProviderError extends WeavrError {
  override name = 'WeavrTokenProviderError';
}

/** The API answered with a non-2xx status. */
export class WeavrApiError extends WeavrError implements RequestInfo {
  override name = 'WeavrApiError';
  // Declared, not initialised: the constructor sets each in this order (the order `toJSON` lists them in).
  declare readonly status: number;
  /** From 403, 404 and 409 bodies, e.g. `FUNDS_INSUFFICIENT`, `STEP_UP_REQUIRED`. */
  declare readonly errorCode: string | undefined;
  declare readonly fieldErrors: FieldError[];
  /** Weavr's `request-ref` header: quote it to Weavr support. */
  declare readonly requestRef: string | undefined;
  declare readonly method: string;
  declare readonly path: string;
  declare readonly operationId: string | undefined;
  declare readonly idempotencyRef: string | undefined;
  /** The error body, with secret fields and known secret values redacted (the response's `error` is not). */
  declare readonly body: unknown;

  /**
   * @param secrets values to scrub from the message and body wherever they appear (the API key, a token)
   */
  constructor(
    status: number,
    body: unknown,
    info: RequestInfo,
    requestRef: string | undefined,
    hint?: string,
    secrets?: readonly (string | undefined)[],
  ) {
    // Every string taken from the response is scrubbed: a server or proxy may echo a secret anywhere.
    const clean = (text: string | undefined) =>
      text !== undefined && secrets ? scrubText(text, secrets) : text;
    const errorCode = clean(pickString(body, 'errorCode') ?? pickString(body, 'code'));
    const fieldErrors = normaliseFieldErrors(body, secrets);
    const message = clean(pickString(body, 'message'));
    const ref = clean(requestRef);
    super(composeMessage(status, errorCode, message, fieldErrors, { ...info, requestRef: ref }, hint));
    Object.assign(this, { status, errorCode, fieldErrors, requestRef: ref }, where(info), {
      body: redactBody(body, secrets),
    });
  }
}

export class WeavrBadRequestError extends WeavrApiError {
  override name = 'WeavrBadRequestError';
}
export class WeavrUnauthorizedError extends WeavrApiError {
  override name = 'WeavrUnauthorizedError';
}
export class WeavrForbiddenError extends WeavrApiError {
  override name = 'WeavrForbiddenError';
  /** True when Weavr asks for a step-up (SCA) first: issue and verify an OTP, then repeat the call. */
  readonly stepUpRequired: boolean;
  constructor(...args: ConstructorParameters<typeof WeavrApiError>) {
    super(...args);
    this.stepUpRequired = asksForStepUp(this.status, this.body);
  }
}
export class WeavrNotFoundError extends WeavrApiError {
  override name = 'WeavrNotFoundError';
}
export class WeavrConflictError extends WeavrApiError {
  override name = 'WeavrConflictError';
}
export class WeavrRateLimitError extends WeavrApiError {
  override name = 'WeavrRateLimitError';
}
export class WeavrServerError extends WeavrApiError {
  override name = 'WeavrServerError';
}

/**
 * The call got no usable answer: the connection failed, or broke while the body was read. `cause` holds the
 * underlying error; `status` and `requestRef` are set when response headers had arrived.
 */
export class WeavrConnectionError extends WeavrError implements RequestInfo {
  override name = 'WeavrConnectionError';
  // Declared, not initialised: the constructor sets each in this order (the order `toJSON` lists them in).
  declare readonly method: string;
  declare readonly path: string;
  declare readonly operationId: string | undefined;
  declare readonly idempotencyRef: string | undefined;
  declare readonly requestRef: string | undefined;
  /** The response status, when headers arrived before the failure. */
  declare readonly status: number | undefined;
  constructor(message: string, info: RequestInfo & { status?: number }, options?: { cause?: unknown }) {
    super(
      `${message} (${info.method} ${info.path}${info.status ? `, HTTP ${info.status}` : ''}${info.requestRef ? `, request-ref ${info.requestRef}` : ''}${info.idempotencyRef ? `, idempotency-ref ${info.idempotencyRef}` : ''})`,
      options,
    );
    Object.assign(this, where(info), { requestRef: info.requestRef, status: info.status });
  }
}

/** An attempt ran past `timeoutMs` and no retry was left (or allowed). */
export class WeavrTimeoutError extends WeavrConnectionError {
  override name = 'WeavrTimeoutError';
}

/** The caller's `AbortSignal` fired. */
export class WeavrAbortError extends WeavrConnectionError {
  override name = 'WeavrAbortError';
}

/**
 * A response arrived but its body could not be used: it broke off, or could not be parsed as the operation
 * declares. The server may have acted on the request: re-drive it only with the same `idempotencyRef`.
 */
export class WeavrResponseError extends WeavrConnectionError {
  override name = 'WeavrResponseError';
}

/** A response body ran over `maxResponseBytes`; it was abandoned and its connection closed. */
export class WeavrResponseTooLargeError extends WeavrResponseError {
  override name = 'WeavrResponseTooLargeError';
}

/**
 * The server answered with a redirect (3xx), which the SDK never follows: the API key, token and body
 * would go to another place. `location` holds only the origin the server pointed to.
 */
export class WeavrRedirectError extends WeavrApiError {
  override name = 'WeavrRedirectError';
  /** The origin of the `Location` header (`https://host:port`), or undefined when absent or unreadable. */
  readonly location: string | undefined;
  constructor(...args: ConstructorParameters<typeof WeavrApiError>) {
    super(...args);
    this.location = pickString(this.body, 'location');
  }
}

/**
 * The `idempotency-ref` was used before with a different body: Weavr answers 400 (`Payloads do not match for
 * the same idempotency-ref.`) and does nothing. Reuse a ref only to repeat the same call; a call that failed
 * is not remembered, so its ref may be reused with a corrected body.
 */
export class WeavrIdempotencyMismatchError extends WeavrBadRequestError {
  override name = 'WeavrIdempotencyMismatchError';
}

const BY_STATUS: Record<number, typeof WeavrApiError> = {
  400: WeavrBadRequestError,
  401: WeavrUnauthorizedError,
  403: WeavrForbiddenError,
  404: WeavrNotFoundError,
  409: WeavrConflictError,
  429: WeavrRateLimitError,
};

/** The typed error for a response status. */
export function apiErrorFor(
  status: number,
  body: unknown,
  info: RequestInfo,
  requestRef: string | undefined,
  hint?: string,
  secrets?: readonly (string | undefined)[],
): WeavrApiError {
  const message = pickString(body, 'message');
  const Ctor =
    status === 400 && isPayloadMismatch(message)
      ? WeavrIdempotencyMismatchError
      : (BY_STATUS[status] ??
        (status >= 500 ? WeavrServerError : status < 400 ? WeavrRedirectError : WeavrApiError));
  // Say what to do (which credential or token to check), not only what went wrong.
  const what = hint ?? hintFor(status, pickString(body, 'errorCode'), message, info);
  return new Ctor(status, body, info, requestRef, what, secrets);
}

/**
 * True for Weavr's step-up refusal: a 403 whose `errorCode` is `STEP_UP_REQUIRED` (as the spec says) or
 * whose `message` is (as Weavr's own demo app tests for): both forms occur.
 */
export function asksForStepUp(status: number | undefined, body: unknown): boolean {
  return (
    status === 403 &&
    (pickString(body, 'errorCode') === 'STEP_UP_REQUIRED' ||
      pickString(body, 'message') === 'STEP_UP_REQUIRED')
  );
}

/** `isWeavrErrorCode` taking only the codes `Code`: each client package exports it with its spec's codes. */
export type ErrorCodeGuard<Code extends string> = <C extends Code>(
  e: unknown,
  code: C,
) => e is WeavrApiError & { errorCode: C };

/** Type guard: an API error carrying this `errorCode`. */
export function isWeavrErrorCode<C extends string>(
  e: unknown,
  code: C,
): e is WeavrApiError & { errorCode: C } {
  return e instanceof WeavrApiError && e.errorCode === code;
}

/** The call an error is about, as its own fields (a copy: `info` may carry more). */
function where(info: RequestInfo): RequestInfo {
  return {
    method: info.method,
    path: info.path,
    operationId: info.operationId,
    idempotencyRef: info.idempotencyRef,
  };
}

function pickString(body: unknown, key: string): string | undefined {
  if (body && typeof body === 'object' && typeof (body as Record<string, unknown>)[key] === 'string') {
    return (body as Record<string, string>)[key];
  }
  return undefined;
}

function normaliseFieldErrors(body: unknown, secrets?: readonly (string | undefined)[]): FieldError[] {
  if (!body || typeof body !== 'object') return [];
  const b = body as { syntaxErrors?: { invalidFields?: unknown }; validationErrors?: unknown };
  const raw = [
    ...(Array.isArray(b.syntaxErrors?.invalidFields) ? b.syntaxErrors.invalidFields : []),
    ...(Array.isArray(b.validationErrors) ? b.validationErrors : []),
  ];
  // Weavr's other 400 shape names the field in a bare message: `request.verificationCode: size must be …`.
  if (!raw.length) raw.push(...fieldsInMessage(pickString(body, 'message')));
  return raw
    .filter((f): f is Record<string, unknown> => !!f && typeof f === 'object')
    .map((f) => {
      const named = String(f.fieldName ?? f.field ?? '');
      const secret = isSecretField(named);
      const scrub = secret ? [...(secrets ?? []), ...rejectedValues(f)] : secrets;
      const field = scrub ? scrubText(named, scrub) : named;
      const out: FieldError = { field };
      if (typeof f.error === 'string') out.error = scrub ? scrubText(f.error, scrub) : f.error;
      if (typeof f.message === 'string') out.message = scrub ? scrubText(f.message, scrub) : f.message;
      if (Array.isArray(f.params))
        out.params = secret ? [REDACTED] : (redactBody(f.params, secrets) as unknown[]);
      if ('invalidValue' in f) out.invalidValue = secret ? REDACTED : redactBody(f.invalidValue, secrets);
      return out;
    });
}

/** One `path.to.field: reason` clause; clauses are joined by `, `. */
const FIELD_CLAUSE =
  /([A-Za-z_$][\w$]*(?:\.[\w$]+|\[\d+\])+): (.+?)(?=, [A-Za-z_$][\w$]*(?:\.[\w$]+|\[\d+\])+: |$)/gs;

/**
 * The fields a bare 400 message names (`request.verificationCode: size must be between 6 and 6`), as
 * `{ fieldName, message }` entries, with the request object's name (`request.`) dropped. Only a message made
 * wholly of such clauses counts; anything else names no field.
 */
export function fieldsInMessage(message: string | undefined): { fieldName: string; message: string }[] {
  if (!message) return [];
  const out: { fieldName: string; message: string }[] = [];
  let covered = 0;
  for (const m of message.matchAll(FIELD_CLAUSE)) {
    if (m.index !== covered) return [];
    out.push({ fieldName: (m[1] as string).replace(/^request\./, ''), message: (m[2] as string).trim() });
    covered = m.index + m[0].length;
    if (message.startsWith(', ', covered)) covered += 2;
  }
  return covered === message.length ? out : [];
}

function composeMessage(
  status: number,
  errorCode: string | undefined,
  message: string | undefined,
  fields: FieldError[],
  info: RequestInfo,
  hint: string | undefined,
): string {
  const parts = [`${status}${errorCode ? ` ${errorCode}` : ''} from ${info.method} ${info.path}`];
  if (message) parts.push(message);
  if (fields.length)
    parts.push(`invalid: ${fields.map((f) => `${f.field}${f.error ? ` (${f.error})` : ''}`).join(', ')}`);
  if (hint) parts.push(hint);
  return parts.join(': ');
}
