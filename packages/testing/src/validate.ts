import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import type { Schema } from './spec.js';

type FormatsPlugin = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS: under Node's ESM loader the default import is `module.exports`, the plugin itself.
const addFormats = ((formatsModule as unknown as { default?: FormatsPlugin }).default ??
  formatsModule) as unknown as FormatsPlugin;

// The validator Prism 5 itself uses (Ajv 8, draft-07 keywords, ajv-formats, non-strict): a sample this accepts is
// one Prism accepts. Formats Ajv does not know (int32, int64, binary, password) are not checked, as in Prism.
const ajv = new Ajv({
  allErrors: true,
  allowUnionTypes: true,
  allowMatchingProperties: true,
  strict: false,
  logger: false,
});
addFormats(ajv);

const compiled = new WeakMap<Schema, ValidateFunction>();

/** Problems with `value` against an inlined `schema`, as `<path>: <message>` lines; empty when valid. */
export function schemaErrors(schema: Schema, value: unknown): string[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (e: ErrorObject) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`,
  );
}
