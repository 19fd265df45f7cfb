/**
 * Settings the examples read from the environment. `WEAVR_BASE_URL` points them at another host, e.g. a local
 * Prism mock; without it they talk to Weavr's sandbox.
 */
export function setting(name: string, fallback?: string): string {
  const value = process.env[name] || fallback;
  if (!value) {
    console.error(`Set ${name} (see examples/README.md).`);
    process.exit(1);
  }
  return value;
}

/** The base URL, if one was given (the client's default is Weavr's sandbox). */
export function baseUrl(): { baseUrl?: string } {
  const url = process.env.WEAVR_BASE_URL;
  return url ? { baseUrl: url } : {};
}
