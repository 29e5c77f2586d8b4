import type { RepositoryLocator } from '../adapter';
import { GitProviderError } from '../errors';
import type { GithubTransportSettings } from './adapter';
import { githubTransport } from './adapter';
import { repositoryInstallationResponse } from './api-schemas';
import { createAppJwt, readAppPrivateKey } from './app-jwt';
import { type AuthorizationSource, createAuthorizationSource, type GithubIdentity } from './auth';
import { repoPath } from './paths';
import type { GithubTransport } from './transport';

type GithubApp = { id: string; privateKey: string };

async function lookUp(
  transport: GithubTransport,
  app: GithubApp,
  repo: { owner: string; name: string },
): Promise<number | undefined> {
  const path = `${repoPath(repo)}/installation`;
  const jwt = createAppJwt(app.id, readAppPrivateKey(app.privateKey));
  try {
    const response = await transport.send({
      method: 'GET',
      url: transport.url(path),
      authorization: `Bearer ${jwt}`,
      idempotent: true,
    });
    return transport.parse(repositoryInstallationResponse, response.data, `GET ${path}`).id;
  } catch (error) {
    if (error instanceof GitProviderError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * The GitHub App installation on a repository (`GET /repos/{owner}/{repo}/installation` with the app's
 * JWT): how a manual review finds the credential a webhook would have carried.
 * undefined when the app is not installed there (404).
 */
export function findGithubInstallation(
  apiUrl: string,
  app: GithubApp,
  repo: { owner: string; name: string },
  settings: GithubTransportSettings = {},
): Promise<number | undefined> {
  return lookUp(githubTransport(apiUrl, settings), app, repo);
}

/**
 * Credentials for a job with no installation id (a manual review): the app's installation on the
 * repository, looked up once on first use; the token when the app is not installed there and one is set.
 */
export class LookedUpInstallation implements AuthorizationSource {
  private source: AuthorizationSource | undefined;
  private inflight: Promise<AuthorizationSource> | undefined;

  constructor(
    private readonly transport: GithubTransport,
    private readonly app: GithubApp,
    private readonly repo: Extract<RepositoryLocator, { provider: 'github' }>,
    private readonly token: string | undefined,
  ) {}

  private async resolve(): Promise<AuthorizationSource> {
    const installationId = await lookUp(this.transport, this.app, this.repo);
    if (installationId !== undefined) {
      const { id: appId, privateKey } = this.app;
      return createAuthorizationSource({ kind: 'app', appId, privateKey, installationId }, this.transport);
    }
    if (this.token !== undefined)
      return createAuthorizationSource({ kind: 'token', token: this.token }, this.transport);
    throw new GitProviderError(`the GitHub App is not installed on ${this.repo.owner}/${this.repo.name}`, {
      provider: 'github',
      status: 404,
      retryable: false,
    });
  }

  private async resolved(): Promise<AuthorizationSource> {
    this.source ??= await (this.inflight ??= this.resolve().finally(() => (this.inflight = undefined)));
    return this.source;
  }

  async header(): Promise<string> {
    return (await this.resolved()).header();
  }

  async identity(): Promise<GithubIdentity> {
    return (await this.resolved()).identity();
  }

  invalidate(): boolean {
    return this.source?.invalidate() ?? false;
  }
}
