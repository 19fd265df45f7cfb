import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';

const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (
  a: Ajv2020,
) => Ajv2020;

/**
 * Ajv for JSON Schema 2020-12 (MCP's default dialect) in strict mode, formats known: compiling a schema with it
 * throws for anything that is not valid JSON Schema (unknown keywords included).
 */
export function strictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictTuples: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}
