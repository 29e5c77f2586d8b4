import {
  createGithubClient,
  type LegacyGitProviderClient as GitProviderClient,
  type GithubAuth,
} from '@kodus/git-providers';
import type { ReviewJob } from '@kodus/queue';
import { PermanentJobError } from '@kodus/queue';

export interface GithubAccess {
  apiUrl: string;
  token?: string;
  app?: { id: string; privateKey: string };
}

/**
 * The provider client for a job, from the environment's credentials. Clients are kept per installation
 * so a GitHub App's installation token is cached across jobs.
 */
export class ProviderClients {
  private readonly github = new Map<string, GitProviderClient>();

  constructor(private readonly access: { github: GithubAccess }) {}

  /** Why no review can run at all (no provider credentials), or undefined: for a warning at start-up. */
  missingCredentials(): string | undefined {
    const { token, app } = this.access.github;
    if (token !== undefined || app !== undefined) return undefined;
    return 'no provider credentials: every review will fail until GITHUB_TOKEN, or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY, are set';
  }

  for(job: ReviewJob): GitProviderClient {
    if (job.provider !== 'github') {
      throw new PermanentJobError(`reviews of ${job.provider} pull requests are not supported yet`);
    }
    const { apiUrl, token, app } = this.access.github;
    let auth: GithubAuth;
    let key: string;
    if (app !== undefined && job.installationId !== undefined) {
      auth = { kind: 'app', appId: app.id, privateKey: app.privateKey, installationId: job.installationId };
      key = `app:${job.installationId}`;
    } else if (token !== undefined) {
      auth = { kind: 'token', token };
      key = 'token';
    } else {
      throw new PermanentJobError(
        app !== undefined
          ? 'the job has no GitHub App installation id and GITHUB_TOKEN is not set'
          : 'no GitHub credentials: set GITHUB_TOKEN, or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY',
      );
    }
    let client = this.github.get(key);
    if (client === undefined) {
      client = createGithubClient({ apiUrl, auth, userAgent: 'kodus-review-worker' });
      this.github.set(key, client);
    }
    return client;
  }
}
