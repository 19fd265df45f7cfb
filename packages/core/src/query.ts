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
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const [style, explode] = styles?.[name] ?? ['form', true];
    let part: string;
    if (Array.isArray(value)) {
      if (!value.length) continue;
      part = serializeArrayParam(name, value, { style: style as 'form', explode });
    } else if (typeof value === 'object') {
      part = serializeObjectParam(name, value as Record<string, unknown>, {
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
