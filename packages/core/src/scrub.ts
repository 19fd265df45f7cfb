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

/** A class, not an object of closures: one small allocation per call. */
class CallScrubber implements Scrubber {
  constructor(readonly secrets: readonly (string | undefined)[]) {}
  text(text: string): string {
    return scrubText(text, this.secrets);
  }
  error(error: unknown): unknown {
    return scrubError(error, this.secrets);
  }
  header(value: string | null): string | undefined {
    return value === null ? undefined : scrubText(value, this.secrets);
  }
}

export function scrubber(secrets: readonly (string | undefined)[]): Scrubber {
  return Object.freeze(new CallScrubber(secrets));
}
