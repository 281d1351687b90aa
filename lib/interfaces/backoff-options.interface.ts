/** Retry delay after failed attempt k = min(baseMs × multiplier^(k−1), maxMs) ± jitter fraction. */
export interface BackoffOptions {
  baseMs?: number;
  multiplier?: number;
  maxMs?: number;
  jitter?: number;
}

/** Backoff settings with every field present. */
export type ResolvedBackoffOptions = Required<BackoffOptions>;
