import type { z } from 'zod';
import type {
  ChangedFile,
  GitProviderClient,
  PinnedHead,
  PostedComment,
  PublishOptions,
  PublishResult,
  PullRequestDetails,
  RepositoryLocator,
  ReviewToPublish,
} from '../adapter';
import { GitProviderError, HeadMovedError, UnreadableFileError } from '../errors';
import { publishByKeys, type PublishOps } from '../publish/publish-by-keys';
import { readHiddenKey, stripHiddenKey, withHiddenKey } from '../publish/hidden-key';
import {
  accountScope,
  askedOnce,
  isOwnPostsOnly,
  OwnPosts,
  type PostingAccountStore,
} from '../publish/own-posts';
import {
  comparisonResponse,
  contentResponse,
  diffEntryResponse,
  directoryEntryResponse,
  pullRequestResponse,
  reviewCommentResponse,
  reviewResponse,
} from './api-schemas';
import type { AuthorizationSource } from './auth';
import { commitSha, filePath, repoPath } from './paths';
import type { GithubResponse, GithubTransport } from './transport';

const PER_PAGE = 100;
/** The compare API lists at most 300 files: a comparison that reaches it may be incomplete. */
const COMPARE_FILE_CAP = 300;
/** A listing stops at this many files or directory requests (a repository's directory is hostile input). */
export const LIST_DIRECTORY_LIMITS = { files: 1_000, listings: 50 } as const;

type DiffEntry = ReturnType<typeof diffEntryResponse.parse>;
type Author = z.infer<typeof reviewResponse>['user'];
const changedFile = (entry: DiffEntry): ChangedFile => ({
  path: entry.filename,
  ...(entry.previous_filename === undefined ? {} : { previousPath: entry.previous_filename }),
  status: entry.status,
  ...(entry.patch === undefined ? {} : { patch: entry.patch }),
  additions: entry.additions,
  deletions: entry.deletions,
});

/** GitHub behind the neutral client: one atomic review, found again by the summary's hidden key. */
export class GithubProviderClient implements GitProviderClient {
  /** Who this client's credentials post as, asked once (a failed answer is asked again next time). */
  private readonly identity = askedOnce(() => this.auth.identity());
  /**
   * For a token that cannot name itself (OWN_POSTS_ONLY): the reviews (`review:<id>`) and comments
   * (`comment:<id>`) this client posted, and its bot user (`bot:<user id>`) when GitHub's answer to one of
   * its own posts names it (an installation token posts as `<slug>[bot]`, type Bot: no user can take a
   * `[bot]` login). Taken only from the answers to this client's POSTs, never from a listing.
   */
  private readonly own: OwnPosts;

  /** `accounts`: where the bot user learned from an answer is kept across restarts (scope: the API root). */
  constructor(
    private readonly transport: GithubTransport,
    private readonly auth: AuthorizationSource,
    accounts?: PostingAccountStore,
  ) {
    this.own = new OwnPosts(
      undefined,
      accounts === undefined
        ? undefined
        : { store: accounts, scope: accountScope('github', transport.url('/')) },
    );
  }

  /** Records what GitHub answered to one of this client's own posts (see `own`). */
  private record(kind: 'review' | 'comment', id: number, user: Author): void {
    this.own.record(`${kind}:${id}`);
    if (user !== null && user !== undefined && user.type === 'Bot' && user.login.endsWith('[bot]')) {
      this.own.recordAccount(`bot:${user.id}`);
    }
  }

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

  private list<T>(path: string, item: z.ZodType<T>): Promise<T[]> {
    const first = this.transport.url(path, { per_page: PER_PAGE });
    return this.transport.getAllPages<T>(first, item, (url) => this.call('GET', url));
  }

  async getPullRequest(repo: RepositoryLocator, number: number): Promise<PullRequestDetails> {
    const path = `${repoPath(repo)}/pulls/${number}`;
    const response = await this.call('GET', this.transport.url(path));
    const pr = this.transport.parse(pullRequestResponse, response.data, `GET ${path}`);
    return {
      number: pr.number,
      headSha: pr.head.sha,
      baseSha: pr.base.sha,
      startSha: pr.base.sha,
      draft: pr.draft ?? false,
      state: pr.state,
      title: pr.title,
      description: pr.body ?? '',
    };
  }

  /**
   * The pull request's files follow its current head, so they are pinned by re-reading the head after
   * the listing: moved on meanwhile → HeadMovedError (the review is superseded).
   */
  async listChangedFiles(repo: RepositoryLocator, head: PinnedHead): Promise<ChangedFile[]> {
    const entries = await this.list(`${repoPath(repo)}/pulls/${head.number}/files`, diffEntryResponse);
    const current = await this.getPullRequest(repo, head.number);
    if (current.headSha !== head.headSha) throw new HeadMovedError('github', head.headSha, current.headSha);
    return entries.map(changedFile);
  }

  async readPullRequestWithFiles(
    repo: RepositoryLocator,
    number: number,
  ): Promise<{ pullRequest: PullRequestDetails; files: ChangedFile[] }> {
    const entries = await this.list(`${repoPath(repo)}/pulls/${number}/files`, diffEntryResponse);
    return { pullRequest: await this.getPullRequest(repo, number), files: entries.map(changedFile) };
  }

  async listChangedFilesBetween(
    repo: RepositoryLocator,
    fromSha: string,
    toSha: string,
  ): Promise<ChangedFile[] | undefined> {
    const path = `${repoPath(repo)}/compare/${commitSha(fromSha)}...${commitSha(toSha)}`;
    let response: GithubResponse;
    try {
      response = await this.call('GET', this.transport.url(path));
    } catch (error) {
      // A commit no longer there (force-pushed away and collected): nothing to compare with.
      if (error instanceof GitProviderError && error.status === 404) return undefined;
      throw error;
    }
    const comparison = this.transport.parse(comparisonResponse, response.data, `GET ${path}`);
    if (comparison.status === 'identical') return [];
    if (comparison.status !== 'ahead') return undefined;
    const files = comparison.files ?? [];
    return files.length >= COMPARE_FILE_CAP ? undefined : files.map(changedFile);
  }

  async readFile(repo: RepositoryLocator, path: string, ref: string): Promise<string | undefined> {
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

  /** Contents API listings, breadth first: files at any depth, bounded in files and listings. */
  async listDirectory(repo: RepositoryLocator, dir: string, ref: string): Promise<string[]> {
    const files: string[] = [];
    const pending = [dir.replace(/\/+$/, '')];
    let listings = 0;
    while (pending.length > 0 && listings < LIST_DIRECTORY_LIMITS.listings) {
      const current = pending.shift() ?? '';
      listings += 1;
      const apiPath = `${repoPath(repo)}/contents/${filePath(current)}`;
      let response: GithubResponse;
      try {
        response = await this.call('GET', this.transport.url(apiPath, { ref }));
      } catch (error) {
        if (error instanceof GitProviderError && error.status === 404) continue;
        throw error;
      }
      const listing = this.transport.parse(contentResponse, response.data, `GET ${apiPath}`);
      if (!Array.isArray(listing)) continue; // a file, not a directory
      for (const item of listing) {
        const entry = this.transport.parse(directoryEntryResponse, item, `GET ${apiPath}`);
        if (entry.type === 'file') files.push(entry.path);
        else if (entry.type === 'dir') pending.push(entry.path);
        if (files.length >= LIST_DIRECTORY_LIMITS.files) return files;
      }
    }
    return files;
  }

  /**
   * Reviews carrying a key are summaries; review comments carrying one are inline comments. Only those
   * this client's identity wrote: anyone can write a marker into a comment (an unknown identity throws).
   */
  async listPostedComments(repo: RepositoryLocator, number: number): Promise<PostedComment[]> {
    const base = `${repoPath(repo)}/pulls/${number}`;
    // Both listings at once. The identity is asked after them (once per client): a credential that read
    // them but whose identity is refused is an integration token, not a bad credential.
    const [reviews, comments] = await Promise.all([
      this.list(`${base}/reviews`, reviewResponse),
      this.list(`${base}/comments`, reviewCommentResponse),
    ]);
    const me = await this.identity();
    // A restarted worker's client knows its bot user from the store before it posts again.
    if (isOwnPostsOnly(me)) await this.own.loadAccounts();
    const by = (user: Author): boolean => {
      if (user === null || user === undefined) return false;
      if (me.kind === 'user') return user.id === me.id;
      if (me.kind === 'bot') return user.login === me.login && user.type === 'Bot';
      return user.type === 'Bot' && this.own.has(`bot:${user.id}`);
    };
    const ownPostsOnly = isOwnPostsOnly(me);
    const mine = (user: Author, ...names: string[]): boolean =>
      by(user) || (ownPostsOnly && this.own.has(...names));
    const posted: PostedComment[] = [];
    for (const review of reviews) {
      const key = readHiddenKey(review.body);
      if (key === undefined || !mine(review.user, `review:${review.id}`)) continue;
      posted.push({
        key,
        id: String(review.id),
        kind: 'summary',
        body: stripHiddenKey(review.body ?? ''),
        ...url(review.html_url),
      });
    }
    for (const comment of comments) {
      const key = readHiddenKey(comment.body);
      const inReview = comment.pull_request_review_id;
      const names = [
        `comment:${comment.id}`,
        ...(typeof inReview === 'number' ? [`review:${inReview}`] : []),
      ];
      if (key === undefined || !mine(comment.user, ...names)) continue;
      posted.push({
        key,
        id: String(comment.id),
        kind: 'inline',
        path: comment.path,
        ...(comment.line === null || comment.line === undefined ? {} : { line: comment.line }),
        body: stripHiddenKey(comment.body),
        ...url(comment.html_url),
      });
    }
    return posted;
  }

  /**
   * One atomic review (summary + inline comments), found again by the summary's key. GitHub refuses the
   * whole review when one comment's line is outside the diff (422): then each comment is posted alone
   * (a refused one lost alone) and the summary last, idempotently by keys, as on other providers.
   */
  async publish(
    repo: RepositoryLocator,
    number: number,
    review: ReviewToPublish,
    options: PublishOptions = {},
  ): Promise<PublishResult> {
    for (const comment of review.comments) {
      if (!Number.isInteger(comment.line) || comment.line < 1 || comment.path === '') {
        throw new GitProviderError(`invalid inline comment ${comment.path}:${comment.line}`, {
          provider: 'github',
          retryable: false,
        });
      }
    }
    const posted = options.posted ?? (await this.listPostedComments(repo, number));
    const keys = new Set(posted.map((p) => p.key));
    const summary = posted.find((p) => p.key === review.summary.key && p.kind === 'summary');
    if (summary !== undefined) {
      const result: PublishResult = {
        summaryId: summary.id ?? summary.key,
        ...(summary.url === undefined ? {} : { summaryUrl: summary.url }),
        posted: [],
        alreadyPosted: [],
        refused: [],
      };
      for (const c of review.comments) {
        if (keys.has(c.key)) result.alreadyPosted.push(c.key);
        else
          result.refused.push({
            key: c.key,
            reason: 'not posted with the summary (refused by GitHub earlier)',
          });
      }
      result.alreadyPosted.push(review.summary.key);
      return result;
    }
    const path = `${repoPath(repo)}/pulls/${number}`;
    if (!review.comments.some((c) => keys.has(c.key))) {
      try {
        const created = await this.postReview(
          path,
          review.head.headSha,
          withHiddenKey(review.summary.body, review.summary.key),
          review.comments.map((c) => ({
            path: c.path,
            line: c.line,
            side: 'RIGHT',
            body: withHiddenKey(c.body, c.key),
          })),
        );
        return {
          summaryId: created.id,
          ...(created.url === undefined ? {} : { summaryUrl: created.url }),
          posted: [...review.comments.map((c) => c.key), review.summary.key],
          alreadyPosted: [],
          refused: [],
        };
      } catch (error) {
        if (!(error instanceof GitProviderError && error.status === 422 && review.comments.length > 0))
          throw error;
      }
    }
    return publishByKeys(this.oneByOne(path, posted), review);
  }

  private oneByOne(path: string, posted: readonly PostedComment[]): PublishOps {
    return {
      listPosted: () => Promise.resolve([...posted]),
      postInline: async (comment, head) => {
        try {
          const response = await this.call('POST', this.transport.url(`${path}/comments`), {
            commit_id: head.headSha,
            path: comment.path,
            line: comment.line,
            side: 'RIGHT',
            body: comment.body,
          });
          const created = this.transport.parse(reviewCommentResponse, response.data, `POST ${path}/comments`);
          this.record('comment', created.id, created.user);
          return {};
        } catch (error) {
          if (error instanceof GitProviderError && error.status === 422) return { refused: error.message };
          throw error;
        }
      },
      postSummary: (body, head) => this.postReview(path, head.headSha, body, []),
    };
  }

  private async postReview(
    path: string,
    headSha: string,
    body: string,
    comments: object[],
  ): Promise<{ id: string; url?: string }> {
    const response = await this.call('POST', this.transport.url(`${path}/reviews`), {
      commit_id: headSha,
      body,
      event: 'COMMENT',
      ...(comments.length === 0 ? {} : { comments }),
    });
    const created = this.transport.parse(reviewResponse, response.data, `POST ${path}/reviews`);
    this.record('review', created.id, created.user);
    return { id: String(created.id), ...url(created.html_url) };
  }
}

const url = (value: string | undefined): { url?: string } => (value === undefined ? {} : { url: value });
