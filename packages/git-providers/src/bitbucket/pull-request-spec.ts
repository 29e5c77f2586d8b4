import type { RepositoryLocator } from '../adapter';
import { GitProviderError } from '../errors';
import { BITBUCKET_WORKSPACE, isValidRepositoryNamePart } from '../repository-name';
import type { BitbucketPullRequest } from './api-schemas';

export interface ForkRepository {
  workspace: string;
  slug: string;
}

const SHA = /^[0-9a-f]{7,40}$/;

/** The repository a pull request's source branch lives in, when it is another one than `repo` (a fork). */
export function forkOf(pr: BitbucketPullRequest, repo: RepositoryLocator): ForkRepository | undefined {
  const fullName = pr.source.repository?.full_name;
  if (fullName === undefined || repo.provider !== 'bitbucket') return undefined;
  const [workspace = '', slug = '', ...rest] = fullName.split('/');
  if (rest.length > 0 || !BITBUCKET_WORKSPACE.test(workspace) || !isValidRepositoryNamePart(slug)) {
    throw new GitProviderError(`Bitbucket pull request #${pr.id} names an invalid source repository`, {
      provider: 'bitbucket',
      retryable: false,
    });
  }
  const same =
    workspace.toLowerCase() === repo.workspace.toLowerCase() &&
    slug.toLowerCase() === repo.slug.toLowerCase();
  return same ? undefined : { workspace, slug };
}

/**
 * The diff spec of a pull request pinned to two commits: `head..base` (source first: the opposite of
 * `git diff`, api-group-commits "Compare two commits"); from a fork, the form Bitbucket's own
 * `links.diff` uses, `{workspace}/{repo}:{head}%0D{base}` (the source commit is in the fork only).
 */
export function pullRequestSpec(headSha: string, baseSha: string, fork: ForkRepository | undefined): string {
  if (!SHA.test(headSha) || !SHA.test(baseSha)) {
    throw new GitProviderError('Bitbucket diff of commits that are not commit hashes', {
      provider: 'bitbucket',
      retryable: false,
    });
  }
  if (fork === undefined) return `${headSha}..${baseSha}`;
  return `${encodeURIComponent(fork.workspace)}/${encodeURIComponent(fork.slug)}:${headSha}%0D${baseSha}`;
}
