import type { RepositoryLocator } from '../adapter';
import { GitProviderError } from '../errors';
import { isValidRepositoryNamePart } from '../repository-name';

const invalid = (what: string) => new GitProviderError(what, { provider: 'github', retryable: false });

/**
 * `/repos/{owner}/{repo}`, each part checked: `..` would resolve to another API path with the worker's
 * credentials, and encoding alone cannot stop that (URLs treat `%2e%2e` as `..` too).
 */
export function repoPath(repo: RepositoryLocator | { owner: string; name: string }): string {
  if ('provider' in repo && repo.provider !== 'github')
    throw invalid(`not a GitHub repository: ${repo.provider}`);
  const { owner, name } = repo as { owner: string; name: string };
  for (const part of [owner, name]) {
    if (!isValidRepositoryNamePart(part))
      throw invalid(`invalid repository name ${JSON.stringify(part.slice(0, 100))}`);
  }
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
}

/** A repository file path as URL segments, each encoded; empty, `.` and `..` segments are refused. */
export function filePath(path: string): string {
  const segments = path.replace(/^\/+/, '').split('/');
  if (!path.isWellFormed() || segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\0'))) {
    throw invalid(`invalid file path ${JSON.stringify(path.slice(0, 200))}`);
  }
  return segments.map(encodeURIComponent).join('/');
}

/** A commit SHA as the compare API takes it (hex only: nothing else reaches the path). */
export function commitSha(sha: string): string {
  if (!/^[0-9a-f]{7,64}$/.test(sha)) throw invalid(`invalid commit SHA ${JSON.stringify(sha.slice(0, 70))}`);
  return sha;
}
