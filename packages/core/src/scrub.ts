import { scrubError, scrubText } from './redact.js';

/**
 * The one scrubber of a call, built once by `plan` from the API key, the token and the values the call sent
 * under secret names; every error message and log line of the call goes through it.
 */
export interface Scrubber {
  readonly secrets: readonly (string | undefined)[];
  text(text: string): string;
  error(error: unknown): unknown;
  /** A response header as text the SDK may write (`request-ref`). */
  header(value: string | null): string | undefined;
}

export function scrubber(secrets: readonly (string | undefined)[]): Scrubber {
  return Object.freeze({
    secrets,
    text: (text: string) => scrubText(text, secrets),
    error: (error: unknown) => scrubError(error, secrets),
    header: (value: string | null) => (value === null ? undefined : scrubText(value, secrets)),
  });
}
