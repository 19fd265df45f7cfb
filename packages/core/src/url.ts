import { WeavrConfigError } from './errors.js';

/**
 * Checks a base URL and returns it without a trailing slash. It must be http(s) (any case) with a host, and
 * carry no credentials, query or fragment: credentials would leak into messages, and a `?` or `#` would
 * swallow every path appended to it. Errors never echo a URL that holds credentials.
 */
export function checkBaseUrl(where: string, value: unknown): string {
  let url: URL | undefined;
  if (typeof value === 'string' && /^https?:\/\/[^/?#]/i.test(value)) {
    try {
      url = new URL(value);
    } catch {}
  }
  if (!url)
    throw new WeavrConfigError(
      `${where}: baseUrl must be an http(s) URL (got ${typeof value === 'string' ? (value.includes('@') ? 'a string that is not one' : JSON.stringify(value)) : typeof value})`,
    );
  if (url.username || url.password)
    throw new WeavrConfigError(`${where}: baseUrl must not contain credentials; pass the API key as apiKey`);
  if (url.search || url.hash || /[?#]/.test(value as string))
    throw new WeavrConfigError(`${where}: baseUrl must not have a query or a fragment (${url.origin}…)`);
  return url.href.replace(/\/+$/, '');
}

/**
 * Refuses a base URL whose path is another Weavr API's: Multi is served at `/multi` and Back-Office under it at
 * `/multi/backoffice`, so a path that is a strict prefix or extension of this API's own (`/multi` given to the
 * Back-Office client) is the other API, and every call would fail with a 401/403 that points at the key or
 * token instead. Any other path (a gateway, a local server at `/`) is left alone.
 */
export function checkApiPath(where: string, baseUrl: string, defaultBaseUrl: string): void {
  const path = (u: string) => new URL(u).pathname.replace(/\/+$/, '');
  const given = path(baseUrl);
  const own = path(defaultBaseUrl);
  if (!given || !own || given === own) return;
  if (own.startsWith(`${given}/`) || given.startsWith(`${own}/`))
    throw new WeavrConfigError(
      `${where}: baseUrl ends in ${given}, which is another Weavr API's path: this client's API is served at ${own} (e.g. ${defaultBaseUrl})`,
    );
}

const PARAM = /\{([^{}]+)\}/g;

/**
 * Fills a path template. Each value must be a non-empty string or a finite number, and not `.` or `..`
 * (which URL parsing would resolve, moving the call to another operation); it is percent-encoded as one
 * segment, so a `/` in a value never splits the path.
 */
export function fillPath(where: string, template: string, values: unknown): string {
  if (!template.includes('{')) return template;
  const given = (values ?? {}) as Record<string, unknown>;
  return template.replace(PARAM, (_, name: string) => {
    const v = given[name];
    const text =
      typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v : undefined;
    if (text === undefined || text === '' || text === '.' || text === '..') {
      throw new WeavrConfigError(
        `${where}: path parameter ${name} must be a non-empty string or a finite number${text === undefined ? ` (got ${v === null ? 'null' : typeof v})` : text === '' ? ' (got an empty string)' : ` (got ${JSON.stringify(text)}, which would change the path)`}`,
      );
    }
    try {
      return encodeURIComponent(text);
    } catch {
      throw new WeavrConfigError(
        `${where}: path parameter ${name} is not well-formed text (a lone surrogate)`,
      );
    }
  });
}
