import { REDACTED, redactBody } from '@weavr-sdk/core/internal';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import type { ToolSpec } from './tool-table.js';

type FormatsPlugin = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS: under Node's ESM loader the default import is `module.exports`, the plugin itself.
const addFormats = ((formatsModule as unknown as { default?: FormatsPlugin }).default ??
  formatsModule) as unknown as FormatsPlugin;

/** Arguments that break a tool's schema, or carry a secret: refused before any request. */
export class InvalidArgumentsError extends Error {
  override name = 'InvalidArguments';
  constructor(
    message: string,
    /** Each problem: the argument's dotted path and what is wrong with it. */
    readonly fields: { field: string; problem: string }[],
  ) {
    super(message);
  }
}

let ajv: Ajv | undefined;
const compiled = new WeakMap<ToolSpec, ValidateFunction>();

/** The dotted path of an Ajv error (`body.company.name`, `body.items[0].id`), naming a missing property too. */
function fieldOf(e: ErrorObject): string {
  const parts = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const missing =
    e.keyword === 'required'
      ? (e.params as { missingProperty: string }).missingProperty
      : e.keyword === 'additionalProperties'
        ? (e.params as { additionalProperty: string }).additionalProperty
        : undefined;
  if (missing !== undefined) parts.push(missing);
  return (
    parts.reduce((path, p) => (/^\d+$/.test(p) ? `${path}[${p}]` : path ? `${path}.${p}` : p), '') ||
    '(arguments)'
  );
}

function problemOf(e: ErrorObject): string {
  if (e.keyword === 'required') return 'is required';
  if (e.keyword === 'additionalProperties') return 'is not an argument of this tool';
  if (e.keyword === 'enum')
    return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return e.message ?? e.keyword;
}

/** The dotted paths of secret fields in `value` (by the SDK's redaction rule), comparing it with its redacted copy. */
function secretPaths(value: unknown, redacted: unknown, at: string): string[] {
  if (redacted === REDACTED && value !== REDACTED) return [at];
  if (!value || typeof value !== 'object' || !redacted || typeof redacted !== 'object') return [];
  return Object.keys(value).flatMap((k) =>
    secretPaths(
      (value as Record<string, unknown>)[k],
      (redacted as Record<string, unknown>)[k],
      Array.isArray(value) ? `${at}[${k}]` : at ? `${at}.${k}` : k,
    ),
  );
}

/**
 * Checks a tool call's arguments against the tool's input schema (Ajv, formats included) and refuses any
 * secret field (a password, a one-time code, a card number: secrets never come from the model). Throws
 * `InvalidArgumentsError` naming each field; nothing is sent.
 */
export function checkArguments(tool: ToolSpec, args: unknown): Record<string, unknown> {
  if (!args || typeof args !== 'object' || Array.isArray(args))
    throw new InvalidArgumentsError(`${tool.name}: arguments must be an object`, [
      { field: '(arguments)', problem: 'must be an object' },
    ]);
  const secrets = secretPaths(args, redactBody(args), '');
  if (secrets.length)
    throw new InvalidArgumentsError(
      `${tool.name}: ${secrets.join(', ')}: secrets (passwords, one-time codes, card numbers, tokens) are never taken from tool arguments`,
      secrets.map((field) => ({ field, problem: 'is a secret and is not accepted' })),
    );
  ajv ??= (() => {
    const a = new Ajv({ allErrors: true, allowUnionTypes: true, strict: false, logger: false });
    addFormats(a);
    return a;
  })();
  let validate = compiled.get(tool);
  if (!validate) {
    validate = ajv.compile(tool.inputSchema);
    compiled.set(tool, validate);
  }
  if (!validate(args)) {
    // anyOf reports every branch; the first few problems name the field well enough.
    const fields = (validate.errors ?? [])
      .slice(0, 8)
      .map((e) => ({ field: fieldOf(e), problem: problemOf(e) }));
    throw new InvalidArgumentsError(
      `${tool.name}: invalid arguments: ${fields.map((f) => `${f.field} ${f.problem}`).join('; ')}`,
      fields,
    );
  }
  return args as Record<string, unknown>;
}
