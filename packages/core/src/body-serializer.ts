/**
 * The default `bodySerializer` (openapi-fetch's contract): a `FormData` as it is, URL-encoded when the headers
 * say `application/x-www-form-urlencoded`, else JSON.
 */
export function serializeBody(body: unknown, headers?: unknown): unknown {
  if (body instanceof FormData) return body;
  const h = headers as { get?: unknown } & Record<string, string | undefined>;
  const type = !h
    ? undefined
    : h.get instanceof Function
      ? ((h as unknown as Headers).get('Content-Type') ?? (h as unknown as Headers).get('content-type'))
      : (h['Content-Type'] ?? h['content-type']);
  return type === 'application/x-www-form-urlencoded'
    ? new URLSearchParams(body as Record<string, string>).toString()
    : JSON.stringify(body);
}
