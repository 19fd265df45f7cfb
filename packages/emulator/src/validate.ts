import type { ErrorObject } from 'ajv';
import { type InvalidField, invalid, type ValidationError } from './http-error.js';
import type { Schemas } from './schemas.js';
import type { OperationSpec, ParamSpec, Schema } from './spec-types.js';

/** A request's parameters, read and checked against the operation's declaration. */
export interface CheckedParams {
  path: Record<string, string>;
  query: Record<string, unknown>;
  header: Record<string, string>;
}

/** Ajv keyword → the `error` Weavr puts in `syntaxErrors.invalidFields` (the spec's `SyntaxError` enum). */
const WEAVR_ERROR: Record<string, string> = {
  required: 'REQUIRED',
  pattern: 'REGEX',
  format: 'REGEX',
  minLength: 'SIZE',
  maxLength: 'SIZE',
  minItems: 'SIZE',
  maxItems: 'SIZE',
  minProperties: 'SIZE',
  maxProperties: 'SIZE',
  minimum: 'RANGE',
  maximum: 'RANGE',
  exclusiveMinimum: 'RANGE',
  exclusiveMaximum: 'RANGE',
  enum: 'IN',
  const: 'IN',
  additionalProperties: 'NOT_IN',
};

/** Ajv's errors as Weavr's `invalidFields`, one per field and kind, with dotted field names. */
export function toInvalidFields(errors: ErrorObject[], prefix = ''): InvalidField[] {
  const seen = new Set<string>();
  const out: InvalidField[] = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'allOf' || e.keyword === 'if')
      continue;
    const parts = e.instancePath.split('/').slice(1);
    if (e.keyword === 'required')
      parts.push(String((e.params as { missingProperty: string }).missingProperty));
    if (e.keyword === 'additionalProperties')
      parts.push(String((e.params as { additionalProperty: string }).additionalProperty));
    const fieldName = [prefix, ...parts].filter(Boolean).join('.') || prefix || 'body';
    const error = WEAVR_ERROR[e.keyword] ?? 'REGEX';
    const key = `${fieldName}|${error}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ fieldName, error, params: paramsOf(e) });
  }
  return out;
}

function paramsOf(e: ErrorObject): string[] {
  const p = e.params as Record<string, unknown>;
  if (Array.isArray(p.allowedValues)) return p.allowedValues.map(String);
  for (const k of ['pattern', 'format', 'limit', 'type', 'allowedValue'])
    if (p[k] !== undefined) return [String(p[k])];
  return [];
}

function typeOf(schema: Schema): string | undefined {
  const t = schema.type;
  return Array.isArray(t) ? (t.find((x) => x !== 'null') as string | undefined) : (t as string | undefined);
}

/**
 * A query or path value as its schema's type: numbers and booleans are converted; an integer beyond 2^53 stays a
 * string (Weavr's ids are), checked for digits only.
 */
function coerce(raw: string, schema: Schema): unknown {
  switch (typeOf(schema)) {
    case 'integer':
      if (!/^-?\d+$/.test(raw)) return raw;
      return Number.isSafeInteger(Number(raw)) ? Number(raw) : raw;
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    default:
      return raw;
  }
}

function itemSchema(schema: Schema): Schema {
  return (schema.items as Schema | undefined) ?? {};
}

/** Reads one query parameter the way the spec declares it (form style; exploded arrays and objects). */
function readQuery(p: ParamSpec, query: URLSearchParams): unknown {
  const type = typeOf(p.schema);
  const explode = p.explode ?? true;
  if (type === 'array') {
    const raw = query.getAll(p.name);
    if (!raw.length) return undefined;
    const values = explode ? raw : raw.flatMap((v) => v.split(','));
    return values.map((v) => coerce(v, itemSchema(p.schema)));
  }
  if (type === 'object') {
    // Weavr's QA suite sends a plain `instrumentId=<id>` where the spec has an object: read it as `{ id }`.
    const plain = query.get(p.name);
    if (plain !== null) return { id: plain };
    const props = (p.schema.properties ?? {}) as Record<string, Schema>;
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(props)) {
      const v = query.get(k) ?? query.get(`${p.name}[${k}]`) ?? query.get(`${p.name}.${k}`);
      if (v !== null) out[k] = coerce(v, s);
    }
    return Object.keys(out).length ? out : undefined;
  }
  const v = query.get(p.name);
  return v === null ? undefined : coerce(v, p.schema);
}

/** Checks a parameter value; an int64 kept as a string (beyond 2^53) is checked for digits only. */
function paramErrors(schemas: Schemas, p: ParamSpec, value: unknown): InvalidField[] {
  if (typeof value === 'string' && typeOf(p.schema) === 'integer')
    return /^-?\d+$/.test(value) ? [] : [{ fieldName: p.name, error: 'REGEX', params: ['^[0-9]+$'] }];
  return toInvalidFields(schemas.errors(p.schema, value), p.name);
}

/** Reads and checks the declared path, query and header parameters; 400 with every problem at once. */
export function checkParams(
  schemas: Schemas,
  op: OperationSpec,
  path: Record<string, string>,
  query: URLSearchParams,
  headers: Record<string, string | string[] | undefined>,
): CheckedParams {
  const out: CheckedParams = { path: {}, query: {}, header: {} };
  const problems: InvalidField[] = [];
  for (const p of op.params) {
    let value: unknown;
    if (p.in === 'path')
      value = path[p.name] === undefined ? undefined : coerce(path[p.name] as string, p.schema);
    else if (p.in === 'query') value = readQuery(p, query);
    else {
      const h = headers[p.name.toLowerCase()];
      value = Array.isArray(h) ? h[0] : h;
    }
    if (value === undefined || value === '') {
      if (p.required) problems.push({ fieldName: p.name, error: 'REQUIRED', params: [] });
      continue;
    }
    // Headers the emulator reads itself (idempotency-ref: its own limits) are not checked as schemas here, nor
    // the plain `instrumentId=<id>` Weavr accepts where the spec has an object.
    const plainObject = p.in === 'query' && typeOf(p.schema) === 'object' && query.get(p.name) !== null;
    if (p.in !== 'header' && !plainObject) problems.push(...paramErrors(schemas, p, value));
    if (p.in === 'path') out.path[p.name] = path[p.name] as string;
    else if (p.in === 'query') out.query[p.name] = value;
    else out.header[p.name.toLowerCase()] = String(value);
  }
  if (problems.length) throw invalid(problems);
  return out;
}

/** Checks a parsed JSON body against the operation's body schema; 400 naming every invalid field. */
export function checkBody(schemas: Schemas, op: OperationSpec, body: unknown): void {
  if (!op.body) return;
  if (body === undefined) {
    if (op.body.required) throw invalid([{ fieldName: 'body', error: 'REQUIRED', params: [] }]);
    return;
  }
  const errors = schemas.errors(submitShape(op.body.schema), body).filter((e) => !acceptedInPractice(op, e));
  if (errors.length)
    throw invalid(
      toInvalidFields(errors),
      beanMessage(schemas, op, errors),
      toValidationErrors(schemas, errors),
    );
}

const COMPOSITE = new Set(['anyOf', 'oneOf', 'allOf', 'if']);

/**
 * Ajv's errors as Back-Office's `validationErrors`. A value that cannot be read as its type (an unknown enum value,
 * a string for a number) fails the whole body: one `INVALID_TYPE_OR_VALUE` per step of its path, alone
 * (`source`, `type`: backoffice/fees/ChargeFeeTests.ChargeFee_InvalidSourceType_BadRequest,
 * transfers/CreateTransfersTests.TransferFunds_UnknownSourceInstrumentType_BadRequest; `spendLimit`, `[0]`,
 * `interval`: managedcards/PostManagedCardSpendRulesTests.PostManagedCardSpendRules_InvalidInterval_BadRequest).
 * Otherwise each broken field, named without array indices (`spendLimit.value.currency`): a size is `RANGE` with
 * `<field> size must be between 3 and 3` (CreateTransfersTests.TransferFunds_InvalidCurrency_BadRequest), a minimum
 * `AT_LEAST` with `<field> must be greater than or equal to 0`
 * (PostManagedCardSpendRulesTests.PostManagedCardSpendRules_InvalidMaximumAmount_BadRequest), a missing or null
 * field `REQUIRED` (…_NullLimitValue_BadRequest), `HAS_TEXT` for a text (CreateTransfersTests.
 * TransferFunds_NoSourceInstrumentId_BadRequest), a pattern `REGEX` (ChargeFee_InvalidManagedAccountId_BadRequest).
 */
export function toValidationErrors(schemas: Schemas, errors: ErrorObject[]): ValidationError[] {
  const relevant = errors.filter((e) => !COMPOSITE.has(e.keyword));
  // A null is read (as no value), then found missing: below.
  const unreadable = relevant.find(
    (e) => e.data !== null && (e.keyword === 'enum' || e.keyword === 'const' || e.keyword === 'type'),
  );
  if (unreadable)
    return unreadable.instancePath
      .split('/')
      .slice(1)
      .map((step) =>
        /^\d+$/.test(step)
          ? { error: 'INVALID_TYPE_OR_VALUE' }
          : { fieldName: step, error: 'INVALID_TYPE_OR_VALUE' },
      );
  const seen = new Set<string>();
  const out: ValidationError[] = [];
  for (const e of relevant) {
    const parts = e.instancePath.split('/').slice(1);
    const missing = (e.params as { missingProperty?: string }).missingProperty;
    if (e.keyword === 'required' && missing) parts.push(missing);
    if (e.keyword === 'additionalProperties')
      parts.push(String((e.params as { additionalProperty: string }).additionalProperty));
    const fieldName = parts.filter((p) => !/^\d+$/.test(p)).join('.') || 'body';
    const entry = validationError(schemas, e, fieldName);
    const key = `${fieldName}|${entry.error}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  return out;
}

function validationError(schemas: Schemas, e: ErrorObject, fieldName: string): ValidationError {
  const schema = (e.parentSchema ?? {}) as Schema;
  switch (e.keyword) {
    // A missing or null text is `HAS_TEXT`, anything else `REQUIRED` (the bean message's `must not be blank` and
    // `must not be null`). `type` errors here are nulls: others are unreadable, above.
    case 'required': {
      const name = (e.params as { missingProperty: string }).missingProperty;
      const field = (schema.properties as Record<string, Schema> | undefined)?.[name];
      return { fieldName, error: isText(schemas, field) ? 'HAS_TEXT' : 'REQUIRED' };
    }
    case 'type':
      return { fieldName, error: isText(schemas, schema) ? 'HAS_TEXT' : 'REQUIRED' };
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems': {
      const [min, max] = e.keyword.endsWith('Length')
        ? [schema.minLength, schema.maxLength]
        : [schema.minItems, schema.maxItems];
      return bound(e, fieldName, 'RANGE', `size must be between ${min ?? 0} and ${max ?? 2147483647}`);
    }
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const low = /min/i.test(e.keyword);
      const limit = low
        ? (schema.minimum ?? schema.exclusiveMinimum)
        : (schema.maximum ?? schema.exclusiveMaximum);
      const constraint = `must be ${low ? 'greater' : 'less'} than or equal to ${limit}`;
      return bound(e, fieldName, low ? 'AT_LEAST' : 'AT_MOST', constraint);
    }
    default:
      return { fieldName, error: WEAVR_ERROR[e.keyword] ?? 'REGEX', params: paramsOf(e) };
  }
}

/** A bound broken, with Back-Office's message: `<field> <constraint>`. */
const bound = (e: ErrorObject, fieldName: string, error: string, constraint: string): ValidationError => ({
  fieldName,
  error,
  message: `${fieldName} ${constraint}`,
  params: paramsOf(e),
});

/**
 * Weavr names one broken body field in its bean-validation message (`request.<path>: <constraint>`; the
 * `invalidFields` stay beside it): a missing or null field, a size, a range, a one-time code that is not six
 * digits. QA: CreateManagedCardTests.CreateManagedCard_NameOnCardTooLong_BadRequest,
 * CreateCorporatesTests.CreateCorporate_NoProfileId_BadRequest (`request.profileId: must not be blank`),
 * CreateCorporate_InvalidDateOfBirthYear_BadRequest (`…year: must be less than or equal to 2100`),
 * CreateConsumersTests.CreateConsumer_InvalidIpAddress_BadRequest (`request.ipAddress: size must be between 5 and
 * 45`), VerifyStepUpTokenUsingOneTimePasswordTests.VerifyStepUpToken_MaxMinVerificationCode_BadRequest. Several
 * broken fields, or other kinds (formats, enums), keep the generic message.
 */
function beanMessage(schemas: Schemas, op: OperationSpec, errors: ErrorObject[]): string | undefined {
  const relevant = errors.filter((e) => !['anyOf', 'oneOf', 'allOf', 'if'].includes(e.keyword));
  const e = relevant[0];
  if (relevant.length !== 1 || !e) return undefined;
  const parts = e.instancePath.split('/').slice(1);
  const missing = (e.params as { missingProperty?: string }).missingProperty;
  if (e.keyword === 'required' && missing) parts.push(missing);
  if (!parts.length) return undefined;
  const field = `request.${parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : `${i ? '.' : ''}${p}`)).join('')}`;
  const schema = (e.parentSchema ?? {}) as Schema;
  const name = parts.at(-1) as string;
  if (ONE_TIME_CODES.has(name) && typeof e.data === 'string') {
    if (e.data.length !== 6) return `${field}: size must be between 6 and 6`;
    return `${field}: must match "^[0-9]${op.path.includes('/verification/') ? '+' : '*'}$"`;
  }
  switch (e.keyword) {
    case 'required':
      return `${field}: ${isString(schemas, (schema.properties as Record<string, Schema>)?.[name]) ? 'must not be blank' : 'must not be null'}`;
    case 'type':
      return e.data === null
        ? `${field}: ${isString(schemas, schema) ? 'must not be blank' : 'must not be null'}`
        : undefined;
    case 'minLength':
    case 'maxLength':
      return `${field}: size must be between ${schema.minLength ?? 0} and ${schema.maxLength ?? 2147483647}`;
    case 'minimum':
      return `${field}: must be greater than or equal to ${schema.minimum}`;
    case 'maximum':
      return `${field}: must be less than or equal to ${schema.maximum}`;
    default:
      return undefined;
  }
}

/** Body fields holding a six-digit one-time code (OTPs, email codes, invite codes). */
const ONE_TIME_CODES = new Set(['verificationCode', 'inviteCode', 'nonce']);

function resolved(schemas: Schemas, schema: Schema | undefined): Schema | undefined {
  const ref = typeof schema?.$ref === 'string' ? /^(\w+)#\/\$defs\/(.+)$/.exec(schema.$ref) : null;
  return ref ? schemas.def(ref[1] as string, ref[2] as string) : schema;
}

function isString(schemas: Schemas, schema: Schema | undefined): boolean {
  return resolved(schemas, schema)?.type === 'string';
}

/** A free text, not an enum (a Java enum is `REQUIRED` when missing, a text `HAS_TEXT`). */
function isText(schemas: Schemas, schema: Schema | undefined): boolean {
  const s = resolved(schemas, schema);
  return s?.type === 'string' && !s.enum;
}

/**
 * Fields the spec requires that Weavr's real API does without (measured against it, see the README): the
 * simulator's card purchase is accepted without `merchantName`.
 */
const NOT_REQUIRED_IN_PRACTICE: Record<string, string[]> = {
  cards_card_id_purchase: ['merchantName'],
  cards_purchase: ['merchantName'],
};

function acceptedInPractice(op: OperationSpec, e: ErrorObject): boolean {
  const missing = (e.params as { missingProperty?: string }).missingProperty;
  return (
    e.keyword === 'required' &&
    e.instancePath === '' &&
    !!missing &&
    !!NOT_REQUIRED_IN_PRACTICE[op.operationId]?.includes(missing)
  );
}

const shapes = new WeakMap<Schema, Schema>();

/**
 * A bulk submission (an array of `{ pathParams, requestBody }`) is checked for its shape only: each item's
 * `requestBody` is checked when the item runs, so an invalid item becomes a failed operation, not a refused bulk.
 */
function submitShape(schema: Schema): Schema {
  const items = schema.items as Schema | undefined;
  const props = items?.properties as Record<string, Schema> | undefined;
  if (schema.type !== 'array' || !props?.requestBody) return schema;
  let shape = shapes.get(schema);
  if (!shape) {
    const { requestBody: _checkedLater, ...rest } = props;
    shape = { ...schema, items: { ...items, properties: rest } };
    shapes.set(schema, shape);
  }
  return shape;
}
