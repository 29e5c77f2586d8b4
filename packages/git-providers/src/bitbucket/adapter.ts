import type { ProviderAccess, ProviderAdapter, RepositoryLocator } from '../adapter';
import { RepositoryNameError } from '../errors';
import { BITBUCKET_WORKSPACE, isValidRepositoryNamePart } from '../repository-name';
import { BitbucketClient } from './bitbucket-client';
import { bitbucketWebhook } from './normalize-webhook';

/** `Bearer <token>` (an access token), else `Basic user:app-password` (an app password or API token). */
export function bitbucketAuthorization(access: ProviderAccess['bitbucket']): string {
  if (access.token !== undefined && access.token !== '') return `Bearer ${access.token}`;
  if (access.username !== undefined && access.appPassword !== undefined) {
    return `Basic ${Buffer.from(`${access.username}:${access.appPassword}`).toString('base64')}`;
  }
  return '';
}

/** `workspace/repo` → the locator; RepositoryNameError for a name Bitbucket cannot have. */
export function parseBitbucketFullName(fullName: string): RepositoryLocator {
  const parts = fullName.split('/');
  const [workspace = '', slug = ''] = parts;
  if (parts.length !== 2 || !BITBUCKET_WORKSPACE.test(workspace) || !isValidRepositoryNamePart(slug)) {
    throw new RepositoryNameError(
      `invalid Bitbucket repository ${JSON.stringify(fullName.slice(0, 120))}: expected workspace/repository`,
    );
  }
  return { provider: 'bitbucket', workspace, slug };
}

export const bitbucketAdapter: ProviderAdapter = {
  name: 'bitbucket',
  webhook: bitbucketWebhook,
  parseFullName: (fullName) => parseBitbucketFullName(fullName),
  fullName: (repo) => {
    if (repo.provider !== 'bitbucket')
      throw new RepositoryNameError(`not a Bitbucket repository: ${repo.provider}`);
    return `${repo.workspace}/${repo.slug}`;
  },
  configured: (access) => bitbucketAuthorization(access.bitbucket) !== '',
  createClient: (access, context) =>
    new BitbucketClient({
      apiUrl: access.bitbucket.apiUrl,
      authorization: bitbucketAuthorization(access.bitbucket),
      ...(context.accounts === undefined ? {} : { accounts: context.accounts }),
    }),
};
