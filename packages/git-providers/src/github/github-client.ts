import type { GitProviderClient } from '../adapter';
import { createGithubProviderClient } from './adapter';
import type { PostingAccountStore } from '../publish/own-posts';
import type { GithubAuth } from './auth';
import type { RetryPolicy } from './transport';

export interface GithubClientOptions {
  /** `https://api.github.com`, or a GitHub Enterprise Server's `https://HOST/api/v3`. */
  apiUrl: string;
  auth: GithubAuth;
  userAgent?: string;
  /** Another fetch (a proxy agent). */
  fetch?: typeof fetch;
  /** Retries of idempotent requests on retryable failures. */
  retry?: Partial<RetryPolicy>;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** Where the bot user an integration token posts as is kept across restarts. */
  accounts?: PostingAccountStore;
}

/** A neutral client for github.com or a GitHub Enterprise Server (token or GitHub App installation). */
export function createGithubClient(options: GithubClientOptions): GitProviderClient {
  const { apiUrl, auth, accounts, ...settings } = options;
  return createGithubProviderClient(apiUrl, auth, settings, accounts);
}
