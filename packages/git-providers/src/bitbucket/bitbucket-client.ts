import type {
  ChangedFile,
  GitProviderClient,
  InlineCommentToPost,
  PinnedHead,
  PostedComment,
  PublishOptions,
  PublishResult,
  PullRequestDetails,
  RepositoryLocator,
  ReviewToPublish,
} from '../adapter';
import { GitProviderError } from '../errors';
import { ProviderHttp } from '../http';
import {
  accountScope,
  askedOnce,
  identityOrOwnPosts,
  isOwnPostsOnly,
  OwnPosts,
  type PostingAccountStore,
  publishByKeys,
} from '../publish';
import {
  accountSchema,
  type BitbucketComment,
  commentSchema,
  commitSchema,
  type DiffstatEntry,
  diffstatEntrySchema,
  pullRequestSchema,
} from './api-schemas';
import { boundedFetch, isTooLarge } from './bounded-fetch';
import { forkOf, pullRequestSpec } from './pull-request-spec';
import { listSourceDirectory, rawText, readSourceFile } from './source-file';
import { toBitbucketMarker } from './hidden-key';
import { accountNames, toPostedComment } from './posted-comment';
import { addedLines, type DiffSection, splitDiff } from './diff-sections';

export interface BitbucketClientOptions {
  /** `https://api.bitbucket.org/2.0`, or a stand-in. */
  apiUrl: string;
  /** The Authorization header value (`Bearer …` or `Basic …`); empty for anonymous reads of public repositories. */
  authorization: string;
  fetch?: typeof fetch;
  retry?: ConstructorParameters<typeof ProviderHttp>[0]['retry'];
  timeoutMs?: number;
  /** The largest diff read (default 20 MiB); a larger pull request's files come without patches. */
  maxDiffBytes?: number;
  /** Where the bot user an access token posts as is kept across restarts. */
  accounts?: PostingAccountStore;
}

const FULL_SHA = /^[0-9a-f]{40}$/;
/** Far past a reviewable pull request; the diff is the only answer whose size the repository decides. */
const MAX_DIFF_BYTES = 20 * 1024 * 1024;
/** Bitbucket pages comments and diffstats; 100 is the largest page most 2.0 endpoints serve. */
const PAGE_LENGTH = 100;

function repoPath(repo: RepositoryLocator): string {
  if (repo.provider !== 'bitbucket') {
    throw new GitProviderError(`the Bitbucket client was given a ${repo.provider} repository`, {
      provider: 'bitbucket',
      retryable: false,
    });
  }
  return `/repositories/${encodeURIComponent(repo.workspace)}/${encodeURIComponent(repo.slug)}`;
}

function statusOf(entry: DiffstatEntry): ChangedFile['status'] {
  switch (entry.status) {
    case 'added':
    case 'removed':
    case 'modified':
    case 'renamed':
      return entry.status;
    default:
      // "merge conflict", "local deleted", "remote deleted": the file changed, how is not a plain status.
      return 'changed';
  }
}

/** Bitbucket Cloud behind the neutral client: REST 2.0 on the shared HTTP layer, publishing by hidden keys. */
export class BitbucketClient implements GitProviderClient {
  private readonly http: ProviderHttp;
  private readonly raw: ProviderHttp;
  /** Diff sections per spec: publish() checks lines against the same diff the review read. */
  private readonly diffs = new Map<string, Promise<Map<string, DiffSection>>>();
  private readonly specs = new Map<string, Promise<string>>();
  /** An access token's bot user, as the comments this client created name it (`GET /user` refuses such tokens). */
  private readonly created: OwnPosts;
  /**
   * Who the credential posts as: `GET /user` (app passwords, API tokens, OAuth), asked once. Repository,
   * project and workspace access tokens act as a bot user that `GET /user` refuses to name (401/403 "not
   * supported for this endpoint", while the same credential reads the pull request): then only the
   * comments this client created count as Kodus's (their author recorded at post time).
   */
  private readonly identity = askedOnce(() =>
    identityOrOwnPosts(async (): Promise<Set<string>> => {
      const names = accountNames(await this.http.json(accountSchema, { method: 'GET', path: '/user' }));
      if (names.length === 0) {
        throw new GitProviderError('Bitbucket GET /user named no uuid or account_id', {
          provider: 'bitbucket',
          retryable: true,
        });
      }
      return new Set(names);
    }),
  );

  constructor(options: BitbucketClientOptions) {
    const common = {
      provider: 'bitbucket' as const,
      baseUrl: options.apiUrl,
      authorization: () => options.authorization,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
    };
    const inner = boundedFetch(options.fetch ?? globalThis.fetch, options.maxDiffBytes ?? MAX_DIFF_BYTES);
    this.http = new ProviderHttp({ ...common, fetch: inner });
    this.raw = new ProviderHttp({ ...common, fetch: rawText(inner) });
    this.created = new OwnPosts(
      undefined,
      options.accounts === undefined
        ? undefined
        : { store: options.accounts, scope: accountScope('bitbucket', this.http.baseUrl) },
    );
  }

  async getPullRequest(repo: RepositoryLocator, number: number): Promise<PullRequestDetails> {
    const pr = await this.http.json(pullRequestSchema, {
      method: 'GET',
      path: `${repoPath(repo)}/pullrequests/${number}`,
    });
    // The pull request answers 12-character hashes: the full SHAs come from the commit endpoint, of the
    // fork for a source commit that lives there (the repository's own, when a token scoped to the
    // repository may not read the fork).
    const fork = forkOf(pr, repo);
    const head = pr.source.commit.hash;
    const [headSha, baseSha] = await Promise.all([
      fork === undefined
        ? this.fullSha(repoPath(repo), head)
        : this.fullSha(repoPath({ provider: 'bitbucket', ...fork }), head).catch((error: unknown) => {
            const status = error instanceof GitProviderError ? error.status : undefined;
            if (status === 403 || status === 404) return this.fullSha(repoPath(repo), head);
            throw error;
          }),
      this.fullSha(repoPath(repo), pr.destination.commit.hash),
    ]);
    return {
      number: pr.id,
      headSha,
      baseSha,
      startSha: baseSha,
      draft: pr.draft ?? false,
      state: pr.state === 'OPEN' ? 'open' : 'closed',
      title: pr.title,
      description: pr.description ?? '',
    };
  }

  async listChangedFiles(repo: RepositoryLocator, head: PinnedHead): Promise<ChangedFile[]> {
    // topic: against the merge base, as the pull request shows it.
    return this.changedFiles(repo, await this.specOf(repo, head), true);
  }

  async listChangedFilesBetween(
    repo: RepositoryLocator,
    fromSha: string,
    toSha: string,
  ): Promise<ChangedFile[] | undefined> {
    const spec = pullRequestSpec(toSha, fromSha, undefined);
    let base;
    try {
      base = await this.http.json(commitSchema, {
        method: 'GET',
        path: `${repoPath(repo)}/merge-base/${spec}`,
      });
    } catch (error) {
      // Commits this repository does not have (a fork's): the caller reviews the whole pull request.
      if (error instanceof GitProviderError && error.status === 404) return undefined;
      throw error;
    }
    if (!base.hash.startsWith(fromSha) && !fromSha.startsWith(base.hash)) return undefined; // a force-push
    return this.changedFiles(repo, spec, false);
  }

  async readFile(repo: RepositoryLocator, path: string, ref: string): Promise<string | undefined> {
    return readSourceFile(this.http, this.raw, repoPath(repo), path, ref);
  }

  async listDirectory(repo: RepositoryLocator, dir: string, ref: string): Promise<string[]> {
    return listSourceDirectory(this.http, repoPath(repo), dir, ref);
  }

  private record(created: { user?: BitbucketComment['user'] }): void {
    this.created.recordAccount(...accountNames(created.user));
  }

  /**
   * Comments with a hidden key that the credential's account wrote; anyone can write a marker into a
   * comment. The identity is asked after the listing: a credential that reads comments but whose
   * `GET /user` is refused is an access token.
   */
  async listPostedComments(repo: RepositoryLocator, number: number): Promise<PostedComment[]> {
    const comments = await this.http.getAllPages(
      { path: `${repoPath(repo)}/pullrequests/${number}/comments`, query: { pagelen: PAGE_LENGTH } },
      'bitbucket',
      commentSchema,
      (body) => (body as { values?: unknown }).values,
    );
    const identity = await this.identity();
    // A restarted worker's client knows its bot user from the store before it posts again.
    if (isOwnPostsOnly(identity)) await this.created.loadAccounts();
    const mine = isOwnPostsOnly(identity) ? this.created.all : identity;
    return comments.flatMap((comment) => {
      const posted = toPostedComment(comment, mine);
      return posted === undefined ? [] : [posted];
    });
  }

  async publish(
    repo: RepositoryLocator,
    number: number,
    review: ReviewToPublish,
    options: PublishOptions = {},
  ): Promise<PublishResult> {
    const path = `${repoPath(repo)}/pullrequests/${number}/comments`;
    const sections = await this.diffSections(repo, await this.specOf(repo, review.head), true);
    return publishByKeys(
      {
        listPosted: () =>
          options.posted === undefined
            ? this.listPostedComments(repo, number)
            : Promise.resolve([...options.posted]),
        postInline: (comment) => this.postInline(path, comment, sections),
        postSummary: async (body) => {
          const created = await this.http.json(commentSchema, {
            method: 'POST',
            path,
            body: { content: { raw: toBitbucketMarker(body) } },
          });
          this.record(created);
          const url = created.links?.html?.href;
          return { id: String(created.id), ...(url === undefined ? {} : { url }) };
        },
      },
      review,
    );
  }

  private async postInline(
    path: string,
    comment: InlineCommentToPost,
    sections: Map<string, DiffSection>,
  ): Promise<{ refused?: string }> {
    // Bitbucket accepts a `to` outside the diff and shows the comment as outdated, away from the change:
    // only lines the pull request added are commented on.
    if (!addedLines(sections.get(comment.path)?.patch).has(comment.line)) {
      return { refused: `line ${comment.line} of ${comment.path} is not a line this pull request added` };
    }
    try {
      const created = await this.http.json(commentSchema, {
        method: 'POST',
        path,
        body: {
          content: { raw: toBitbucketMarker(comment.body) },
          inline: { path: comment.path, to: comment.line },
        },
      });
      this.record(created);
      return {};
    } catch (error) {
      if (error instanceof GitProviderError && !error.retryable && error.status !== undefined) {
        if (error.status === 401 || error.status === 403) throw error;
        return { refused: error.message };
      }
      throw error;
    }
  }

  private async fullSha(repositoryPath: string, hash: string): Promise<string> {
    if (FULL_SHA.test(hash)) return hash;
    const commit = await this.http.json(commitSchema, {
      method: 'GET',
      path: `${repositoryPath}/commit/${encodeURIComponent(hash)}`,
    });
    return commit.hash;
  }

  /** The pinned pull request's diff spec; the pull request is read once per head to learn whether it comes from a fork. */
  private specOf(repo: RepositoryLocator, head: PinnedHead): Promise<string> {
    const key = `${repoPath(repo)}#${head.number}@${head.headSha}..${head.baseSha}`;
    let spec = this.specs.get(key);
    if (spec === undefined) {
      spec = this.http
        .json(pullRequestSchema, { method: 'GET', path: `${repoPath(repo)}/pullrequests/${head.number}` })
        .then((pr) => pullRequestSpec(head.headSha, head.baseSha, forkOf(pr, repo)));
      spec.catch(() => this.specs.delete(key));
      this.specs.set(key, spec);
    }
    return spec;
  }

  private diffSections(
    repo: RepositoryLocator,
    spec: string,
    topic: boolean,
  ): Promise<Map<string, DiffSection>> {
    const key = `${repoPath(repo)} ${spec} ${topic}`;
    let sections = this.diffs.get(key);
    if (sections === undefined) {
      sections = this.readDiff(repo, spec, topic);
      sections.catch(() => this.diffs.delete(key));
      this.diffs.set(key, sections);
    }
    return sections;
  }

  /** The diff's sections; none (files without patches) when the diff is too large to read. */
  private async readDiff(
    repo: RepositoryLocator,
    spec: string,
    topic: boolean,
  ): Promise<Map<string, DiffSection>> {
    const request = {
      method: 'GET' as const,
      path: `${repoPath(repo)}/diff/${spec}`,
      query: { topic },
    };
    try {
      // One attempt first: a diff too large is not worth downloading again.
      const response = await this.http.sendOnce(request).catch((error: unknown) => {
        if (isTooLarge(error)) throw error;
        return this.http.request(request);
      });
      return splitDiff(typeof response.data === 'string' ? response.data : '');
    } catch (error) {
      if (isTooLarge(error)) return new Map();
      throw error;
    }
  }

  private async changedFiles(repo: RepositoryLocator, spec: string, topic: boolean): Promise<ChangedFile[]> {
    const [stats, sections] = await Promise.all([
      this.http.getAllPages(
        {
          path: `${repoPath(repo)}/diffstat/${spec}`,
          query: { topic, pagelen: PAGE_LENGTH },
        },
        'bitbucket',
        diffstatEntrySchema,
        (body) => (body as { values?: unknown }).values,
      ),
      this.diffSections(repo, spec, topic),
    ]);
    return stats.flatMap((entry): ChangedFile[] => {
      const status = statusOf(entry);
      const path = status === 'removed' ? entry.old?.path : (entry.new?.path ?? entry.old?.path);
      if (path === undefined) return [];
      const section = sections.get(path);
      const file: ChangedFile = {
        path,
        status,
        additions: entry.lines_added ?? 0,
        deletions: entry.lines_removed ?? 0,
      };
      const previous = entry.old?.path;
      if (status === 'renamed' && previous !== undefined && previous !== path) file.previousPath = previous;
      if (section?.patch !== undefined) file.patch = section.patch;
      return [file];
    });
  }
}
