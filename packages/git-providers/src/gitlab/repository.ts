import type { ProviderAccess, RepositoryLocator } from '../adapter';
import { GitProviderError } from '../errors';
import { checkName, isValidGitlabPath } from '../repository-name';

export type GitlabRepository = Extract<RepositoryLocator, { provider: 'gitlab' }>;

const invalid = (what: string) => new GitProviderError(what, { provider: 'gitlab', retryable: false });

/** `group/subgroup/project` → the locator; RepositoryNameError for a path GitLab cannot have. */
export function parseGitlabFullName(fullName: string, _access?: ProviderAccess): GitlabRepository {
  checkName(isValidGitlabPath(fullName), 'GitLab project path', fullName);
  return { provider: 'gitlab', path: fullName };
}

export function gitlabFullName(repo: RepositoryLocator): string {
  if (repo.provider !== 'gitlab') throw invalid(`not a GitLab repository: ${repo.provider}`);
  return repo.path;
}

/**
 * `/projects/:id`: the numeric id when the webhook gave one (a renamed or moved project keeps it),
 * else the URL-encoded full path (`group%2Fsub%2Fproject`). The path is checked first: `..` would
 * resolve to another API path with the worker's token.
 */
export function projectPath(repo: RepositoryLocator): string {
  if (repo.provider !== 'gitlab') throw invalid(`not a GitLab repository: ${repo.provider}`);
  if (repo.projectId !== undefined) {
    if (!Number.isSafeInteger(repo.projectId) || repo.projectId < 1) {
      throw invalid(`invalid GitLab project id ${String(repo.projectId)}`);
    }
    return `/projects/${repo.projectId}`;
  }
  if (!isValidGitlabPath(repo.path)) {
    throw invalid(`invalid GitLab project path ${JSON.stringify(repo.path.slice(0, 120))}`);
  }
  return `/projects/${encodeURIComponent(repo.path)}`;
}

/** A merge request iid (a positive integer), checked before it reaches a path. */
export function iidOf(number: number): number {
  if (!Number.isSafeInteger(number) || number < 1) throw invalid(`invalid merge request iid ${number}`);
  return number;
}

/**
 * A repository file path as the files API takes it: ONE path parameter, URL-encoded whole (`/` as
 * `%2F`, `.` as `%2E` so no segment can read as `..`). Empty, `.` and `..` segments are refused.
 */
export function encodedFilePath(path: string): string {
  const segments = path.split('/');
  if (
    path.length > 4096 ||
    !path.isWellFormed() ||
    segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\0'))
  ) {
    throw invalid(`invalid file path ${JSON.stringify(path.slice(0, 200))}`);
  }
  return encodeURIComponent(path).replaceAll('.', '%2E');
}

/** A commit SHA as the API takes it in a query (hex only). */
export function commitSha(sha: string): string {
  if (!/^[0-9a-f]{7,64}$/.test(sha)) throw invalid(`invalid commit SHA ${JSON.stringify(sha.slice(0, 70))}`);
  return sha;
}
