import type { ProviderAdapter } from '../adapter';
import { GitProviderError } from '../errors';
import { GitlabClient } from './gitlab-client';
import { gitlabFullName, parseGitlabFullName } from './repository';
import { gitlabWebhook } from './webhook-adapter';

/** GitLab (gitlab.com and self-managed, subgroups included) behind the provider-neutral seam. */
export const gitlabAdapter: ProviderAdapter = {
  name: 'gitlab',
  webhook: gitlabWebhook,
  parseFullName: parseGitlabFullName,
  fullName: gitlabFullName,
  configured: (access) => access.gitlab.token !== undefined && access.gitlab.token !== '',
  createClient(access) {
    const token = access.gitlab.token;
    if (token === undefined || token === '') {
      throw new GitProviderError('no gitlab credentials: set GITLAB_TOKEN', {
        provider: 'gitlab',
        retryable: false,
      });
    }
    return new GitlabClient({ url: access.gitlab.url, token });
  },
};
