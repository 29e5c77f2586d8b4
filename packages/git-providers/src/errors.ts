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

/** A repository full name (or one of its parts) the provider cannot have: a 400 at the API edge. */
export class RepositoryNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RepositoryNameError';
  }
}

/**
 * The pull request moved past the pinned head while its files were read (a listing that follows the
 * current head, as GitHub's pull request files do): the review is superseded, not failed.
 */
export class HeadMovedError extends GitProviderError {
  readonly currentHeadSha: string;

  constructor(provider: ProviderName, pinnedHeadSha: string, currentHeadSha: string) {
    super(
      `the pull request moved on from ${pinnedHeadSha.slice(0, 12)} to ${currentHeadSha.slice(0, 12)} while its files were read`,
      { provider, retryable: false },
    );
    this.name = 'HeadMovedError';
    this.currentHeadSha = currentHeadSha;
  }
}
