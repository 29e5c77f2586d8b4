import type { ProviderName } from './provider-types';

/** A webhook payload that is not what the provider sends: the HTTP layer answers 400. */
export class WebhookPayloadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WebhookPayloadError';
  }
}

export interface GitProviderErrorDetails {
  provider: ProviderName;
  /** HTTP status, absent for network errors and timeouts. */
  status?: number;
  /** True when the same call may succeed later: 5xx, 429, rate limits, network errors, timeouts. */
  retryable: boolean;
  /** How long the provider asked to wait (retry-after, or the rate limit reset), when it said. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * A provider call that failed. `retryable` tells the caller whether trying again later makes sense;
 * 401, 403 (other than rate limits), 404 and 422 never do.
 */
export class GitProviderError extends Error {
  readonly provider: ProviderName;
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;

  constructor(message: string, details: GitProviderErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'GitProviderError';
    this.provider = details.provider;
    this.status = details.status;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * A file that exists but cannot be read as text through the provider's API (a directory, a symlink or
 * submodule, a file over the contents API's 1 MB): retrying cannot help, and the caller may go on without it.
 */
export class UnreadableFileError extends GitProviderError {
  constructor(message: string, provider: ProviderName) {
    super(message, { provider, retryable: false });
    this.name = 'UnreadableFileError';
  }
}
