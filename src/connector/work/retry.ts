// When to try again: exponential backoff with full jitter, capped; a 429's Retry-After wins when longer.
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Attempts before a transient failure is given up as failed. */
  maxAttempts: number;
}

/** About three days of retries (every 15 minutes once the delay is capped) before transient failures stop too. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 15 * 60_000, maxAttempts: 300 };

/** Delay before attempt `attempt + 1` (attempt counts failures so far, from 1). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random, retryAfterMs = 0): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  // Half fixed, half random: spreads retries of a burst without ever retrying immediately.
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(Math.round(jittered), Math.min(retryAfterMs, options.maxMs));
}
