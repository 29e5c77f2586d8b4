/** Longest wait a job may ask for: a rate limit reset is at most an hour away on GitHub. */
export const MAX_RETRY_LATER_MS = 60 * 60 * 1000;

/**
 * Thrown by a job processor when the job should run again after a known delay (a provider's rate
 * limit resets at a given time): the consumer delays the job without spending one of its attempts.
 */
export class RetryLaterError extends Error {
  readonly delayMs: number;

  constructor(message: string, delayMs: number) {
    super(message);
    this.name = 'RetryLaterError';
    this.delayMs = Math.min(Math.max(Math.round(delayMs), 1000), MAX_RETRY_LATER_MS);
  }
}
