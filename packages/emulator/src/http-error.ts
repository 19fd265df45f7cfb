/** An answer that ends a request early, in Weavr's error shapes. */
export class HttpError extends Error {
  readonly status: number;
  readonly body?: unknown;
  readonly headers: Record<string, string>;
  /** The body Back-Office answers instead, where its shape differs from Multi's (its 400s: `validationErrors`). */
  readonly backOfficeBody?: unknown;

  constructor(
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
    backOfficeBody?: unknown,
  ) {
    // An answer, not a fault: no stack is captured (capturing one cost more than the rest of a refused request).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`HTTP ${status}`);
    Error.stackTraceLimit = limit;
    this.status = status;
    this.body = body;
    this.headers = headers;
    if (backOfficeBody !== undefined) this.backOfficeBody = backOfficeBody;
  }

  /** The body as `api` sends it. */
  bodyFor(api: string): unknown {
    return api === 'backoffice' && this.backOfficeBody !== undefined ? this.backOfficeBody : this.body;
  }
}

/** One entry of a 400's `syntaxErrors.invalidFields`. */
export interface InvalidField {
  fieldName: string;
  error: string;
  params: string[];
}

/**
 * One entry of a Back-Office 400's `validationErrors` (the Back-Office spec's `ValidationError`; QA:
 * backoffice/fees/ChargeFeeTests, transfers/CreateTransfersTests, managedcards/PostManagedCardSpendRulesTests).
 */
export interface ValidationError {
  /** Absent for an array element of a body that could not be read (`spendLimit[0].interval`: its `[0]`). */
  fieldName?: string;
  error: string;
  message?: string;
  params?: string[];
}

/** Multi's `invalidFields` entry as Back-Office names it: its `ValidationError` enum has `RANGE` for sizes. */
const asValidationError = (f: InvalidField): ValidationError => ({
  fieldName: f.fieldName,
  error: f.error === 'SIZE' ? 'RANGE' : f.error,
  params: f.params,
});

/**
 * 400 for a request that breaks the spec: Multi answers `{ message, syntaxErrors: { invalidFields } }`, Back-Office
 * `{ message, validationErrors }` (every Back-Office 400 QA asserts, /fees/charge too, whose spec says
 * `syntaxErrors`: backoffice/fees/ChargeFeeTests.ChargeFee_InvalidSourceType_BadRequest, …_NoApiKey_BadRequest).
 */
export function invalid(
  fields: InvalidField[],
  message = 'Invalid request',
  validationErrors: ValidationError[] = fields.map(asValidationError),
): HttpError {
  return new HttpError(
    400,
    { message, syntaxErrors: { invalidFields: fields } },
    {},
    { message: 'Invalid request', validationErrors },
  );
}

/**
 * 400 with a bare message (Weavr: `request.verificationCode: size must be between 6 and 6`); with `backOfficeError`,
 * Back-Office adds one `validationErrors` entry of that kind (QA: ChargeFeeTests.
 * ChargeFee_SameIdempotencyRefDifferentPayload_PreconditionFailed, `INVALID_REQUEST`).
 */
export function badRequest(message: string, backOfficeError?: string): HttpError {
  return new HttpError(
    400,
    { message },
    {},
    backOfficeError ? { message, validationErrors: [{ error: backOfficeError }] } : undefined,
  );
}

/** 401: Weavr sends no body. */
export const unauthorized = (): HttpError => new HttpError(401);

/** 403, with an `errorCode` where Weavr gives one (`STEP_UP_REQUIRED`, `ACCESS_TOKEN_REQUIRED`, …). */
export const forbidden = (errorCode?: string): HttpError =>
  new HttpError(403, errorCode ? { errorCode } : undefined);

/** 404, also Weavr's answer for another identity's resource. */
export const notFound = (errorCode?: string): HttpError =>
  new HttpError(404, errorCode ? { errorCode } : undefined);

/** 409 `{ errorCode }` with one of the operation's documented codes. */
export const conflict = (errorCode: string): HttpError => new HttpError(409, { errorCode });
