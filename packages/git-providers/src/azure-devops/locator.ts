import { z } from 'zod';
import type { ProviderAccess, RepositoryLocator } from '../adapter';
import { GitProviderError, RepositoryNameError } from '../errors';
import { AZURE_ORGANIZATION, checkName, isValidAzureName } from '../repository-name';

export type AzureLocator = Extract<RepositoryLocator, { provider: 'azure-devops' }>;

const SERVICES_HOST = 'dev.azure.com';
const LEGACY_SERVICES_HOST = /^([a-z0-9][a-z0-9-]{0,99})\.visualstudio\.com$/i;
/** The job contract's rule (an RFC 9562 UUID), so every id the webhook passes on is a valid job. */
const GUID = z.uuid();

export const isGuid = (value: string): boolean => GUID.safeParse(value).success;

/**
 * The organization (Services) or collection (Server) a URL belongs to, as `{ collectionUrl, organization }`:
 * `https://dev.azure.com/ORG/...` → `https://dev.azure.com/ORG`; the legacy `https://ORG.visualstudio.com/...`
 * → the same `https://dev.azure.com/ORG` (one service, one URL for the worker's host check); a Server URL
 * `https://server/tfs/Collection/...` → everything before `/_apis/` or `/_git/`, its last segment the name.
 * Undefined when the URL says neither. The name is percent-decoded: a bad escape throws URIError (the
 * webhook answers 400 for it, see payloadCollectionOf).
 */
export function collectionOf(raw: string): { collectionUrl: string; organization: string } | undefined {
  const url = URL.parse(raw);
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) return undefined;
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const host = url.hostname.toLowerCase();
  const legacy = LEGACY_SERVICES_HOST.exec(host);
  let organization: string | undefined;
  let collectionUrl: string;
  if (host === SERVICES_HOST || legacy !== null) {
    organization = legacy !== null ? legacy[1] : segments[0];
    collectionUrl = `https://${SERVICES_HOST}/${organization ?? ''}`;
  } else {
    const end = segments.findIndex((s) => s.startsWith('_'));
    const kept = end === -1 ? segments : segments.slice(0, end);
    organization = kept.at(-1);
    collectionUrl = `${url.origin}/${kept.join('/')}`;
  }
  if (organization === undefined) return undefined;
  organization = decodeURIComponent(organization);
  if (!AZURE_ORGANIZATION.test(organization)) return undefined;
  return { collectionUrl: collectionUrl.replace(/\/+$/, ''), organization };
}

/** `organization/project/repo`, the contract's full name. */
export function azureFullName(repo: RepositoryLocator): string {
  const azure = asAzure(repo);
  return `${azure.organization}/${azure.project}/${azure.repository}`;
}

/**
 * `organization/project/repo` from the API, with its collection URL from `AZURE_DEVOPS_URL`: an
 * organization URL (`https://dev.azure.com/ORG`) or collection URL (`https://server/tfs/Coll`) whose last
 * segment is the organization is used as it is; a host root (`https://dev.azure.com`, the default) gets
 * the organization appended.
 */
export function parseAzureFullName(fullName: string, access: ProviderAccess): AzureLocator {
  const parts = fullName.split('/');
  if (parts.length !== 3) {
    throw new RepositoryNameError(
      `an Azure DevOps repository is organization/project/repo, not ${JSON.stringify(fullName.slice(0, 120))}`,
    );
  }
  const [organization = '', project = '', repository = ''] = parts;
  checkName(AZURE_ORGANIZATION.test(organization), 'Azure DevOps organization', organization);
  checkName(isValidAzureName(project), 'Azure DevOps project', project);
  checkName(isValidAzureName(repository), 'Azure DevOps repository', repository);
  const base = (access.azureDevops.url ?? `https://${SERVICES_HOST}`).replace(/\/+$/, '');
  const configured = collectionOf(base);
  const collectionUrl =
    configured !== undefined && configured.organization.toLowerCase() === organization.toLowerCase()
      ? configured.collectionUrl
      : `${base}/${encodeURIComponent(organization)}`;
  return { provider: 'azure-devops', collectionUrl, organization, project, repository };
}

export function asAzure(repo: RepositoryLocator): AzureLocator {
  if (repo.provider !== 'azure-devops') {
    throw new GitProviderError(`not an Azure DevOps repository: ${repo.provider}`, {
      provider: 'azure-devops',
      retryable: false,
    });
  }
  return repo;
}

/**
 * `/{project}/_apis/git/repositories/{repo}` under the collection, each part checked then encoded: the
 * repository's id when the webhook gave one (survives renames), else its name.
 */
export function repositoryPath(repo: AzureLocator): string {
  const invalid = (what: string, value: string) =>
    new GitProviderError(`invalid Azure DevOps ${what} ${JSON.stringify(value.slice(0, 100))}`, {
      provider: 'azure-devops',
      retryable: false,
    });
  if (!isValidAzureName(repo.project)) throw invalid('project', repo.project);
  const id = repo.repositoryId;
  if (id !== undefined && !isGuid(id)) throw invalid('repository id', id);
  if (id === undefined && !isValidAzureName(repo.repository)) throw invalid('repository', repo.repository);
  return `/${encodeURIComponent(repo.project)}/_apis/git/repositories/${encodeURIComponent(id ?? repo.repository)}`;
}

/**
 * The collection URL a client may send the worker's PAT to: the locator's (from the webhook) only when it
 * is on the configured `AZURE_DEVOPS_URL` origin — a payload must never send the credential elsewhere.
 */
export function trustedCollectionUrl(repo: AzureLocator, access: ProviderAccess['azureDevops']): string {
  const raw = access.url ?? `https://${SERVICES_HOST}`;
  // A legacy `https://ORG.visualstudio.com` setting is dev.azure.com, where webhooks' URLs are put too.
  const configured = URL.parse(collectionOf(raw)?.collectionUrl ?? raw);
  const wanted = URL.parse(repo.collectionUrl);
  if (configured === null || wanted === null || configured.origin !== wanted.origin) {
    throw new GitProviderError(
      `the repository's collection URL ${JSON.stringify(repo.collectionUrl.slice(0, 200))} is not on AZURE_DEVOPS_URL's host`,
      { provider: 'azure-devops', retryable: false },
    );
  }
  return repo.collectionUrl.replace(/\/+$/, '');
}
