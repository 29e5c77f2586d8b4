import type { ProviderAdapter, ProviderName } from './adapter';
import { PROVIDER_NAMES } from './adapter';
import { azureDevopsAdapter } from './azure-devops/adapter';
import { bitbucketAdapter } from './bitbucket/adapter';
import { githubAdapter } from './github/adapter';
import { gitlabAdapter } from './gitlab/adapter';

/**
 * Every provider Kodus speaks, one adapter each: a name in ProviderName without its adapter here does not
 * compile. Adding a provider is its folder, its name and locator in adapter.ts (and the job contract's
 * locator union in @kodus/queue), plus one line here.
 */
export const PROVIDERS: Record<ProviderName, ProviderAdapter> = {
  github: githubAdapter,
  gitlab: gitlabAdapter,
  bitbucket: bitbucketAdapter,
  'azure-devops': azureDevopsAdapter,
};

/** The adapter for a provider name from the outside (a URL, a job), or undefined when Kodus has none. */
export function providerAdapter(name: string): ProviderAdapter | undefined {
  // Own names only: `__proto__` or `constructor` must not reach the object's prototype.
  if (!(PROVIDER_NAMES as readonly string[]).includes(name)) return undefined;
  return PROVIDERS[name as ProviderName];
}

/** The registered adapters, in PROVIDER_NAMES order. */
export function registeredProviders(): ProviderAdapter[] {
  return PROVIDER_NAMES.map((name) => PROVIDERS[name]);
}
