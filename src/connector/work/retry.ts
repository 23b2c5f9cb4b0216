// When to try again: exponential backoff with full jitter, capped; a 429's Retry-After wins when longer.
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Attempts before a transient failure is given up as failed. */
  maxAttempts: number;
}

/**
 * 2 s doubling to a cap of 45 s: once a fault is over, everything waiting is written within about a minute. At the
 * cap, 6,000 attempts are about three days before a failure that never passes is stopped too.
 */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 45_000, maxAttempts: 6_000 };

/** Delay before attempt `attempt + 1` (attempt counts failures so far, from 1). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random, retryAfterMs = 0): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  // Half fixed, half random: spreads retries of a burst without ever retrying immediately.
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(Math.round(jittered), Math.min(retryAfterMs, options.maxMs));
}
