/**
 * A spec's server URL as it is meant, or undefined when there is none: quotes and spaces around it are
 * dropped (the simulator spec's URL ends in a stray `"`, `https://sandbox.weavr.io/simulate/api"`; the
 * webhooks spec declares `'""'`), as is a trailing slash. Only an https URL counts.
 */
export function cleanServerUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const cleaned = raw.replace(/^["'\s]+|["'\s]+$/g, '');
  if (!/^https:\/\//i.test(cleaned)) return undefined;
  try {
    return new URL(cleaned).href.replace(/\/$/, '');
  } catch {
    return undefined;
  }
}

/** The first usable https server URL of a spec's `servers`. */
export function specServer(servers: readonly { url?: unknown }[] | undefined): string | undefined {
  for (const s of servers ?? []) {
    const url = cleanServerUrl(s?.url);
    if (url) return url;
  }
  return undefined;
}
