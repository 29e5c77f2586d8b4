import {
  createGithubClient,
  GitProviderError,
  githubAuthFor,
  type GitProviderClient,
  type LegacyGitProviderClient,
  type ProviderAccess,
  providerAdapter,
  type ProviderName,
  PROVIDER_NAMES,
  type RepositoryLocator,
  type RepositoryRef,
} from '@kodus/git-providers';
import type { ReviewJob } from '@kodus/queue';
import { PermanentJobError } from '@kodus/queue';

/** The worker's provider settings (`WorkerConfig`), as the config package shapes them. */
export interface WorkerProviderSettings {
  github: ProviderAccess['github'];
  gitlab: { url: string; token?: string };
  bitbucket: { apiUrl: string; token?: string; credentials?: { username: string; appPassword: string } };
  azureDevOps: { url: string; token?: string };
}

/** @deprecated the GitHub part of the settings; kept for callers written before the registry. */
export type GithubAccess = ProviderAccess['github'];

/** The adapters' view of the worker's settings. */
export function providerAccessFrom(settings: WorkerProviderSettings): ProviderAccess {
  const { credentials } = settings.bitbucket;
  return {
    github: settings.github,
    gitlab: settings.gitlab,
    bitbucket: {
      apiUrl: settings.bitbucket.apiUrl,
      ...(settings.bitbucket.token === undefined ? {} : { token: settings.bitbucket.token }),
      ...(settings.bitbucket.token === undefined ? {} : { token: settings.bitbucket.token }),
      ...(credentials === undefined
        ? {}
        : { username: credentials.username, appPassword: credentials.appPassword }),
    },
    azureDevops: settings.azureDevOps,
  };
}

/** The job's repository as the GitHub-shaped (legacy) client takes it; other providers need the neutral client. */
export function legacyRepositoryRef(repo: RepositoryLocator): RepositoryRef {
  if (repo.provider === 'github') return { owner: repo.owner, name: repo.name };
  throw new PermanentJobError(
    `${repo.provider} repositories are reviewed through the neutral client (clientFor)`,
  );
}

/**
 * The provider client for a job, from the environment's credentials, through the provider registry.
 * Clients are kept per credential (per GitHub App installation) so an installation token is cached
 * across jobs.
 */
export class ProviderClients {
  private readonly access: ProviderAccess;
  private readonly clients = new Map<string, GitProviderClient>();
  private readonly legacy = new Map<string, LegacyGitProviderClient>();

  constructor(settings: WorkerProviderSettings | { github: GithubAccess }) {
    this.access = providerAccessFrom({
      gitlab: { url: 'https://gitlab.com' },
      bitbucket: { apiUrl: 'https://api.bitbucket.org/2.0' },
      azureDevOps: { url: 'https://dev.azure.com' },
      ...settings,
    });
  }

  /** One warning per provider Kodus speaks but has no credentials for (at start-up; never a credential in it). */
  unconfiguredProviders(): { provider: ProviderName; warning: string }[] {
    return PROVIDER_NAMES.flatMap((name) => {
      const adapter = providerAdapter(name);
      if (adapter === undefined || adapter.configured(this.access)) return [];
      return [
        {
          provider: name,
          warning: `no ${name} credentials: reviews of ${name} pull requests will fail until they are set`,
        },
      ];
    });
  }

  /** Why no review can run at all (no provider has credentials), or undefined: for a warning at start-up. */
  missingCredentials(): string | undefined {
    const adapters = PROVIDER_NAMES.flatMap((name) => providerAdapter(name) ?? []);
    if (adapters.some((adapter) => adapter.configured(this.access))) return undefined;
    return 'no provider credentials: every review will fail until GITHUB_TOKEN, or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY, are set';
  }

  /** The neutral client for the job's provider (registry based), cached per credential. */
  clientFor(job: ReviewJob): GitProviderClient {
    const adapter = providerAdapter(job.provider);
    if (adapter === undefined)
      throw new PermanentJobError(`reviews of ${job.provider} pull requests are not supported yet`);
    const key = this.cacheKey(job);
    let client = this.clients.get(key);
    if (client === undefined) {
      client = this.guard(() => {
        // The adapter's own refusal names the missing settings; this covers an adapter that would not refuse.
        const created = adapter.createClient(this.access, {
          repository: job.repository,
          ...(job.githubInstallationId === undefined
            ? {}
            : { githubInstallationId: job.githubInstallationId }),
        });
        if (!adapter.configured(this.access)) {
          throw new PermanentJobError(`no ${job.provider} credentials are configured`);
        }
        return created;
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /** The GitHub-shaped client the pipeline used before the registry; GitHub only. */
  for(job: ReviewJob): LegacyGitProviderClient {
    if (job.provider !== 'github') {
      throw new PermanentJobError(
        `reviews of ${job.provider} pull requests need the neutral client (clientFor)`,
      );
    }
    const { auth, cacheKey } = this.guard(() => githubAuthFor(this.access.github, job.githubInstallationId));
    let client = this.legacy.get(cacheKey);
    if (client === undefined) {
      client = createGithubClient({
        apiUrl: this.access.github.apiUrl,
        auth,
        userAgent: 'kodus-review-worker',
      });
      this.legacy.set(cacheKey, client);
    }
    return client;
  }

  /** GitHub: one client per installation (or the token); other providers: one per provider (one credential each). */
  private cacheKey(job: ReviewJob): string {
    if (job.provider !== 'github' || job.repository.provider !== 'github') return job.provider;
    if (this.access.github.app !== undefined && job.githubInstallationId === undefined) {
      // A manual review: the client looks the app's installation up for this repository.
      return `github:app-repo:${job.repository.owner}/${job.repository.name}`;
    }
    return this.guard(() => githubAuthFor(this.access.github, job.githubInstallationId)).cacheKey;
  }

  /** A credential problem is permanent for the job: retrying cannot make a setting appear. */
  private guard<T>(make: () => T): T {
    try {
      return make();
    } catch (error) {
      if (error instanceof GitProviderError && !error.retryable) throw new PermanentJobError(error.message);
      throw error;
    }
  }
}
