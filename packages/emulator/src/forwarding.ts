import { randomUUID } from 'node:crypto';
import { signedHeaders } from './webhooks.js';

/** Weavr waits this long for a card authorisation decision, then applies the card's default. */
export const AUTHORISATION_DEADLINE_MS = 1_500;

/**
 * Asks the programme's authorisation URL about one card purchase, signed as webhooks are: `APPROVED` or `DENIED`
 * from its `{ result }`, or undefined when it is late, fails or answers something else (the card's default
 * then applies).
 */
export async function askAuthorisation(
  url: string,
  apiKey: string,
  payload: unknown,
): Promise<'APPROVED' | 'DENIED' | undefined> {
  const body = JSON.stringify(payload);
  try {
    const res = await fetch(`${url.replace(/\/+$/, '')}/managed_cards/authorisation_request`, {
      method: 'POST',
      headers: signedHeaders(apiKey, randomUUID(), body, Date.now()),
      body,
      signal: AbortSignal.timeout(AUTHORISATION_DEADLINE_MS),
    });
    if (!res.ok) return undefined;
    const answer = (await res.json()) as { result?: unknown };
    return answer.result === 'APPROVED' || answer.result === 'DENIED' ? answer.result : undefined;
  } catch {
    return undefined;
  }
}
