import type { ProviderAccess, ProviderAdapter, RepositoryLocator } from '../adapter';
import { GitProviderError } from '../errors';
import type { PostingAccountStore } from '../publish/own-posts';
import { checkName, isValidRepositoryNamePart } from '../repository-name';
import { type AuthorizationSource, createAuthorizationSource, type GithubAuth } from './auth';
import { GithubProviderClient } from './client';
import { GithubTransport, type RetryPolicy } from './transport';
import { LookedUpInstallation } from './installation';
import { githubWebhook } from './webhook-adapter';

export interface GithubTransportSettings {
  userAgent?: string;
  fetch?: typeof fetch;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
}

/** GitHub's headers on the shared HTTP layer, for github.com or a GitHub Enterprise Server API root. */
export function githubTransport(apiUrl: string, settings: GithubTransportSettings = {}): GithubTransport {
  const parsed = URL.parse(apiUrl);
  if (parsed === null || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new GitProviderError(`GitHub apiUrl is not an http(s) URL: ${apiUrl}`, {
      provider: 'github',
      retryable: false,
    });
  }
  return new GithubTransport({
    apiUrl: parsed.toString(),
    userAgent: settings.userAgent ?? 'kodus-code-review',
    fetch: settings.fetch ?? globalThis.fetch,
    retry: { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 10_000, ...settings.retry },
    timeoutMs: settings.timeoutMs ?? 30_000,
  });
}

/**
 * Which GitHub credential a job uses: its app installation when it has one and an app is set up, else the
 * token. (A job with no installation id while an app is set up: the adapter's client looks it up.)
 */
export function githubAuthFor(
  access: ProviderAccess['github'],
  installationId: number | undefined,
): { auth: GithubAuth; cacheKey: string } {
  const { token, app } = access;
  if (app !== undefined && installationId !== undefined) {
    return {
      auth: { kind: 'app', appId: app.id, privateKey: app.privateKey, installationId },
      cacheKey: `github:app:${installationId}`,
    };
  }
  if (token !== undefined) return { auth: { kind: 'token', token }, cacheKey: 'github:token' };
  throw new GitProviderError(
    app !== undefined
      ? 'the job has no GitHub App installation id and GITHUB_TOKEN is not set'
      : 'no GitHub credentials: set GITHUB_TOKEN, or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY',
    { provider: 'github', retryable: false },
  );
}

/** A neutral client for github.com or a GitHub Enterprise Server. */
export function createGithubProviderClient(
  apiUrl: string,
  auth: GithubAuth,
  settings: GithubTransportSettings = {},
  accounts?: PostingAccountStore,
): GithubProviderClient {
  const transport = githubTransport(apiUrl, settings);
  const source: AuthorizationSource = createAuthorizationSource(auth, transport);
  return new GithubProviderClient(transport, source, accounts);
}

export const githubAdapter: ProviderAdapter = {
  name: 'github',
  webhook: githubWebhook,

  parseFullName(fullName: string): RepositoryLocator {
    const parts = fullName.split('/');
    if (parts.length !== 2) checkName(false, 'GitHub repository (owner/name)', fullName);
    const [owner = '', name = ''] = parts;
    checkName(isValidRepositoryNamePart(owner), 'GitHub owner', owner);
    checkName(isValidRepositoryNamePart(name), 'GitHub repository name', name);
    return { provider: 'github', owner, name };
  },

  fullName(repo: RepositoryLocator): string {
    if (repo.provider !== 'github') throw new Error(`not a GitHub repository: ${repo.provider}`);
    return `${repo.owner}/${repo.name}`;
  },

  configured(access: ProviderAccess): boolean {
    return access.github.token !== undefined || access.github.app !== undefined;
  },

  clientCacheKey(access, context) {
    const repo = context.repository;
    if (
      access.github.app !== undefined &&
      context.githubInstallationId === undefined &&
      repo.provider === 'github'
    ) {
      // A manual review: the client looks the app's installation up for this repository.
      return `github:app-repo:${repo.owner}/${repo.name}`;
    }
    return githubAuthFor(access.github, context.githubInstallationId).cacheKey;
  },

  createClient(access, context) {
    const { app, token, apiUrl } = access.github;
    const repo = context.repository;
    if (app !== undefined && context.githubInstallationId === undefined && repo.provider === 'github') {
      // A manual review: no webhook told us the installation, the app's JWT finds it.
      const transport = githubTransport(apiUrl, { userAgent: 'kodus-review-worker' });
      return new GithubProviderClient(
        transport,
        new LookedUpInstallation(transport, app, repo, token),
        context.accounts,
      );
    }
    const { auth } = githubAuthFor(access.github, context.githubInstallationId);
    return createGithubProviderClient(apiUrl, auth, { userAgent: 'kodus-review-worker' }, context.accounts);
  },
};
