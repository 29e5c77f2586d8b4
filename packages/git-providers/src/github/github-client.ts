import type {
  ChangedFile,
  GitProviderClient,
  PostedReview,
  PullRequestDetails,
  ReviewToPost,
} from '../client-types';
import { GitProviderError, UnreadableFileError } from '../errors';
import { isValidRepositoryNamePart } from '../repository-name';
import type { RepositoryRef } from '../provider-types';
import { contentResponse, diffEntryResponse, pullRequestResponse, reviewResponse } from './api-schemas';
import { type AuthorizationSource, createAuthorizationSource, type GithubAuth } from './auth';
import { type GithubResponse, GithubTransport, type RetryPolicy } from './transport';

export interface GithubClientOptions {
  /** `https://api.github.com`, or a GitHub Enterprise Server's `https://HOST/api/v3`. */
  apiUrl: string;
  auth: GithubAuth;
  userAgent?: string;
  /** Another fetch (a proxy agent, a test double). */
  fetch?: typeof fetch;
  /** Retries of idempotent requests on retryable failures. */
  retry?: Partial<RetryPolicy>;
  /** Per request (default 30 s). */
  timeoutMs?: number;
}

const PER_PAGE = 100;

const invalid = (what: string) => new GitProviderError(what, { provider: 'github', retryable: false });

/**
 * `/repos/{owner}/{repo}`, each part checked: `..` would resolve to another API path with the worker's
 * credentials, and encoding alone cannot stop that (URLs treat `%2e%2e` as `..` too).
 */
function repoPath(repo: RepositoryRef): string {
  for (const part of [repo.owner, repo.name]) {
    if (!isValidRepositoryNamePart(part)) {
      throw invalid(`invalid repository name ${JSON.stringify(part.slice(0, 100))}`);
    }
  }
  return `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`;
}

/** A repository file path as URL segments, each encoded; empty, `.` and `..` segments are refused. */
function filePath(path: string): string {
  const segments = path.replace(/^\/+/, '').split('/');
  if (!path.isWellFormed() || segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\0'))) {
    throw invalid(`invalid file path ${JSON.stringify(path.slice(0, 200))}`);
  }
  return segments.map(encodeURIComponent).join('/');
}

class GithubClient implements GitProviderClient {
  constructor(
    private readonly transport: GithubTransport,
    private readonly auth: AuthorizationSource,
  ) {}

  /** Sends with the current credentials; on 401 fetches fresh ones once (an expired or revoked app token). */
  private async call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<GithubResponse> {
    const send = async () =>
      this.transport.send({
        method,
        url,
        body,
        authorization: await this.auth.header(),
        idempotent: method === 'GET',
      });
    try {
      return await send();
    } catch (error) {
      if (error instanceof GitProviderError && error.status === 401 && this.auth.invalidate()) return send();
      throw error;
    }
  }

  async getPullRequest(repo: RepositoryRef, number: number): Promise<PullRequestDetails> {
    const path = `${repoPath(repo)}/pulls/${number}`;
    const response = await this.call('GET', this.transport.url(path));
    const pr = this.transport.parse(pullRequestResponse, response.data, `GET ${path}`);
    return {
      number: pr.number,
      headSha: pr.head.sha,
      baseSha: pr.base.sha,
      draft: pr.draft ?? false,
      state: pr.state,
      title: pr.title,
    };
  }

  async listChangedFiles(repo: RepositoryRef, number: number): Promise<ChangedFile[]> {
    const first = this.transport.url(`${repoPath(repo)}/pulls/${number}/files`, { per_page: PER_PAGE });
    const entries = await this.transport.getAllPages(first, diffEntryResponse, (url) =>
      this.call('GET', url),
    );
    return entries.map((entry) => ({
      path: entry.filename,
      ...(entry.previous_filename === undefined ? {} : { previousPath: entry.previous_filename }),
      status: entry.status,
      ...(entry.patch === undefined ? {} : { patch: entry.patch }),
      additions: entry.additions,
      deletions: entry.deletions,
    }));
  }

  async readFile(repo: RepositoryRef, path: string, ref: string): Promise<string | undefined> {
    const apiPath = `${repoPath(repo)}/contents/${filePath(path)}`;
    let response: GithubResponse;
    try {
      response = await this.call('GET', this.transport.url(apiPath, { ref }));
    } catch (error) {
      if (error instanceof GitProviderError && error.status === 404) return undefined;
      throw error;
    }
    const content = this.transport.parse(contentResponse, response.data, `GET ${apiPath}`);
    const fail = (what: string) => new UnreadableFileError(`GitHub ${path} at ${ref} ${what}`, 'github');
    if (Array.isArray(content)) throw fail('is a directory, not a file');
    if (content.type !== 'file') throw fail(`is a ${content.type}, not a file`);
    if (content.encoding !== 'base64' || content.content === undefined) {
      throw fail(`cannot be read through the contents API (encoding ${String(content.encoding)}: over 1 MB)`);
    }
    return Buffer.from(content.content, 'base64').toString('utf8');
  }

  async findReviewByMarker(
    repo: RepositoryRef,
    number: number,
    marker: string,
  ): Promise<PostedReview | undefined> {
    if (marker === '') throw new Error('findReviewByMarker: the marker is empty');
    const first = this.transport.url(`${repoPath(repo)}/pulls/${number}/reviews`, { per_page: PER_PAGE });
    const reviews = await this.transport.getAllPages(first, reviewResponse, (url) => this.call('GET', url));
    const found = reviews.find((review) => review.body?.includes(marker) === true);
    return found === undefined ? undefined : posted(found);
  }

  async postReview(repo: RepositoryRef, number: number, review: ReviewToPost): Promise<PostedReview> {
    for (const comment of review.comments) {
      if (!Number.isInteger(comment.line) || comment.line < 1 || comment.path === '') {
        throw new GitProviderError(`invalid inline comment ${comment.path}:${comment.line}`, {
          provider: 'github',
          retryable: false,
        });
      }
    }
    const path = `${repoPath(repo)}/pulls/${number}/reviews`;
    const response = await this.call('POST', this.transport.url(path), {
      commit_id: review.commitSha,
      body: review.body,
      event: 'COMMENT',
      ...(review.comments.length === 0
        ? {}
        : {
            comments: review.comments.map((c) => ({
              path: c.path,
              line: c.line,
              side: 'RIGHT',
              body: c.body,
            })),
          }),
    });
    return posted(this.transport.parse(reviewResponse, response.data, `POST ${path}`));
  }
}

function posted(review: { id: number; html_url?: string }): PostedReview {
  return { id: String(review.id), ...(review.html_url === undefined ? {} : { url: review.html_url }) };
}

/** A GitProviderClient for github.com or a GitHub Enterprise Server, over plain fetch. */
export function createGithubClient(options: GithubClientOptions): GitProviderClient {
  const apiUrl = URL.parse(options.apiUrl);
  if (apiUrl === null || (apiUrl.protocol !== 'https:' && apiUrl.protocol !== 'http:')) {
    throw new GitProviderError(`GitHub apiUrl is not an http(s) URL: ${options.apiUrl}`, {
      provider: 'github',
      retryable: false,
    });
  }
  const transport = new GithubTransport({
    apiUrl: apiUrl.toString(),
    userAgent: options.userAgent ?? 'kodus-code-review',
    fetch: options.fetch ?? globalThis.fetch,
    retry: { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 10_000, ...options.retry },
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  return new GithubClient(transport, createAuthorizationSource(options.auth, transport));
}
