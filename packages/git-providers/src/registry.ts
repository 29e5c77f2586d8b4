import type { ProviderAdapter, ProviderName } from './adapter';
import { PROVIDER_NAMES } from './adapter';
import { azureDevopsAdapter } from './azure-devops/adapter';
import { bitbucketAdapter } from './bitbucket/adapter';
import { githubAdapter } from './github/adapter';
import { gitlabAdapter } from './gitlab/adapter';

/**
 * Every provider Kodus speaks, one adapter each. Adding a provider is its folder plus one line here;
 * nothing else in Kodus names a provider.
 */
export const PROVIDERS: Partial<Record<ProviderName, ProviderAdapter>> = {
  github: githubAdapter,
  gitlab: gitlabAdapter,
  bitbucket: bitbucketAdapter,
  'azure-devops': azureDevopsAdapter,
};

/** The adapter for a provider name from the outside (a URL, a job), or undefined when Kodus has none. */
export function providerAdapter(name: string): ProviderAdapter | undefined {
  if (!(PROVIDER_NAMES as readonly string[]).includes(name)) return undefined;
  return PROVIDERS[name as ProviderName];
}

/** The registered adapters, in PROVIDER_NAMES order. */
export function registeredProviders(): ProviderAdapter[] {
  return PROVIDER_NAMES.flatMap((name) => PROVIDERS[name] ?? []);
}
