/** An answer that ends a request early, in Weavr's error shapes. */
export class HttpError extends Error {
  readonly status: number;
  readonly body?: unknown;
  readonly headers: Record<string, string>;

  constructor(status: number, body?: unknown, headers: Record<string, string> = {}) {
    // An answer, not a fault: no stack is captured (capturing one cost more than the rest of a refused request).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`HTTP ${status}`);
    Error.stackTraceLimit = limit;
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** One entry of a 400's `syntaxErrors.invalidFields`. */
export interface InvalidField {
  fieldName: string;
  error: string;
  params: string[];
}

/** 400 `{ message, syntaxErrors: { invalidFields } }`, as Weavr answers a request that breaks the spec. */
export function invalid(fields: InvalidField[], message = 'Invalid request'): HttpError {
  return new HttpError(400, { message, syntaxErrors: { invalidFields: fields } });
}

/** 400 with a bare message (Weavr: `request.verificationCode: size must be between 6 and 6`). */
export function badRequest(message: string): HttpError {
  return new HttpError(400, { message });
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
