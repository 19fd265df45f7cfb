type Style = readonly [string, boolean];

/**
 * Serialises query parameters as the spec declares them. OpenAPI's default for a query parameter is
 * form + explode (objects become `id=…&type=…`); openapi-fetch's default for objects is deepObject, which
 * Weavr does not accept. `styles` lists the parameters that differ from form + explode.
 *
 * Only the styles a query parameter can have (form, spaceDelimited, pipeDelimited, deepObject), written as
 * openapi-fetch 0.17's serialisers write them (same output, same error for nested values); its path-style
 * branches are not needed here, and dropping them keeps its serialisers out of every client bundle.
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
    const name = encodeURIComponent(key);
    let part: string;
    if (Array.isArray(value)) {
      if (!value.length) continue;
      part = explode
        ? value.map((v) => pair(name, v)).join('&')
        : `${name}=${value.map(encodeURIComponent).join(ARRAY_JOINER[style] ?? ',')}`;
    } else if (typeof value === 'object') {
      const entries = Object.entries(value).map(([k, v]) => [encodeURIComponent(k), v] as const);
      if (explode || style === 'deepObject')
        part = entries.map(([k, v]) => pair(style === 'deepObject' ? `${name}[${k}]` : k, v)).join('&');
      else {
        const flat = entries.map(([k, v]) => `${k},${encodeURIComponent(v as string)}`).join(',');
        part = style === 'form' ? `${name}=${flat}` : flat;
      }
    } else {
      part = pair(name, String(value));
    }
    if (part) parts.push(part);
  }
  return parts.join('&');
}

/** How a non-exploded array's values are joined, by style. */
const ARRAY_JOINER: Record<string, string> = { form: ',', spaceDelimited: '%20', pipeDelimited: '|' };

/** `name=value`, the value percent-encoded; nothing for a missing value; nested values are refused. */
function pair(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object')
    throw new Error(
      'Deeply-nested arrays/objects aren’t supported. Provide your own `querySerializer()` to handle these.',
    );
  return `${name}=${encodeURIComponent(value as string)}`;
}
