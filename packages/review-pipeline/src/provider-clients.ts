import {
  GitProviderError,
  type GitProviderClient,
  type PostingAccountStore,
  type ProviderAccess,
  providerAdapter,
  type ProviderName,
  PROVIDER_NAMES,
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

/** The GitHub part of the settings. */
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
      ...(credentials === undefined
        ? {}
        : { username: credentials.username, appPassword: credentials.appPassword }),
    },
    azureDevops: settings.azureDevOps,
  };
}

/**
 * The provider client for a job, from the environment's credentials, through the provider registry:
 * nothing here knows a provider. Clients are kept per credential (the adapter's `clientCacheKey`: per
 * GitHub App installation, say) so cached tokens serve later jobs.
 */
export class ProviderClients {
  private readonly access: ProviderAccess;
  private readonly clients = new Map<string, GitProviderClient>();

  /** `accounts`: where clients keep the accounts they post as across restarts (the worker's PostgreSQL). */
  constructor(
    settings: WorkerProviderSettings | { github: GithubAccess },
    private readonly options: { accounts?: PostingAccountStore } = {},
  ) {
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
    const context = {
      repository: job.repository,
      ...(job.githubInstallationId === undefined ? {} : { githubInstallationId: job.githubInstallationId }),
      ...(this.options.accounts === undefined ? {} : { accounts: this.options.accounts }),
    };
    const key = this.guard(() => adapter.clientCacheKey?.(this.access, context) ?? job.provider);
    let client = this.clients.get(key);
    if (client === undefined) {
      client = this.guard(() => {
        // The adapter's own refusal names the missing settings; this covers an adapter that would not refuse.
        const created = adapter.createClient(this.access, context);
        if (!adapter.configured(this.access)) {
          throw new PermanentJobError(`no ${job.provider} credentials are configured`);
        }
        return created;
      });
      this.clients.set(key, client);
    }
    return client;
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
