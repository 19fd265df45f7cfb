import type { ClientConfig } from './config.js';
import { WeavrError, WeavrTokenProviderError } from './errors.js';
import type { TokenSource } from './options.js';
import { scrubError, scrubText } from './redact.js';

/**
 * The bearer token from a string or a provider. A provider that throws anything but a `WeavrError` (already
 * typed and scrubbed) is reported as `WeavrTokenProviderError`: its message and `cause` are scrubbed of the
 * API key and the last token sent, since a provider's error may quote either.
 */
export async function tokenFrom(
  where: string,
  source: TokenSource,
  cfg: Pick<ClientConfig, 'secrets' | 'safeToken'>,
): Promise<unknown> {
  if (typeof source !== 'function') return source || undefined;
  try {
    return (await source()) || undefined;
  } catch (e) {
    if (e instanceof WeavrError) throw e;
    const secrets = [...cfg.secrets, cfg.safeToken];
    const detail = scrubText(e instanceof Error ? e.message : String(e), secrets);
    throw new WeavrTokenProviderError(`${where}: the token provider failed: ${detail}`, {
      cause: scrubError(e, secrets),
    });
  }
}
