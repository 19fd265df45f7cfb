import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import type { ApiTable, Schema, WebhookTable } from './spec-types.js';

type FormatsPlugin = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS: under Node's ESM loader the default import is `module.exports`, the plugin itself.
const addFormats = ((formatsModule as unknown as { default?: FormatsPlugin }).default ??
  formatsModule) as unknown as FormatsPlugin;

/**
 * One Ajv for the specs' schemas, configured as Prism 5 validates (Ajv 8, ajv-formats, not strict): formats Ajv
 * does not know (int32, int64, binary, password) are not checked. Each API's component schemas are registered
 * as `<api>#/$defs/<name>`, so any schema of the tables compiles on its own. Compiled lazily, once per schema.
 */
export class Schemas {
  private readonly ajv = new Ajv({
    allErrors: true,
    allowUnionTypes: true,
    allowMatchingProperties: true,
    strict: false,
    logger: false,
    // Errors carry their schema, so a size error can name both bounds as Weavr's message does.
    verbose: true,
  });
  private readonly compiled = new WeakMap<Schema, ValidateFunction>();
  /** Each `$ref` looked up so far (Ajv resolves a ref anew on every `getSchema`, compiling it the first time). */
  private readonly refs = new Map<string, Schema | undefined>();

  constructor(tables: readonly (ApiTable | WebhookTable)[]) {
    addFormats(this.ajv);
    for (const t of tables) this.ajv.addSchema({ $id: t.name, $defs: t.defs });
  }

  /** Ajv's errors for `value` against `schema`; empty when it is valid. */
  errors(schema: Schema, value: unknown): ErrorObject[] {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    return validate(value) ? [] : [...(validate.errors ?? [])];
  }

  /** The schema a `$ref` of the tables points at (`multi#/$defs/ManagedCard`). */
  resolve(ref: string): Schema | undefined {
    if (this.refs.has(ref)) return this.refs.get(ref);
    const schema = this.ajv.getSchema(ref)?.schema as Schema | undefined;
    this.refs.set(ref, schema);
    return schema;
  }

  /** A component schema by name: `schema('multi', 'ManagedCard')`. */
  def(api: string, name: string): Schema | undefined {
    return this.resolve(`${api}#/$defs/${name}`);
  }
}
