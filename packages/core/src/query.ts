import { serializeArrayParam, serializeObjectParam, serializePrimitiveParam } from 'openapi-fetch';

type Style = readonly [string, boolean];

/**
 * Serialises query parameters as the spec declares them. OpenAPI's default for a query parameter is
 * form + explode (objects become `id=…&type=…`); openapi-fetch's default for objects is deepObject, which
 * Weavr does not accept. `styles` lists the parameters that differ from form + explode.
 */
export function serializeQuery(
  query: Record<string, unknown> | undefined,
  styles?: Readonly<Record<string, Style>>,
): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const [style, explode] = styles?.[key] ?? ['form', true];
    // Names are encoded like values: `a=b&admin` or `#` in a name must not add a parameter or end the query.
    const name = encodeURIComponent(key);
    let part: string;
    if (Array.isArray(value)) {
      if (!value.length) continue;
      part = serializeArrayParam(name, value, { style: style as 'form', explode });
    } else if (typeof value === 'object') {
      part = serializeObjectParam(name, encodedKeys(value as Record<string, unknown>), {
        style: style as 'form',
        explode,
      });
    } else {
      part = serializePrimitiveParam(name, String(value));
    }
    if (part) parts.push(part);
  }
  return parts.join('&');
}

/** A copy of an object parameter with its keys encoded (form style writes them as parameter names). */
function encodedKeys(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    Object.defineProperty(out, encodeURIComponent(k), { value: v, enumerable: true });
  return out;
}
