import type {
  ChangedFile,
  GitProviderClient,
  InlineCommentToPost,
  PinnedHead,
  PostedComment,
  PublishResult,
  PullRequestDetails,
  RepositoryLocator,
  ReviewToPublish,
} from '../adapter';
import { GitProviderError, HeadMovedError, UnreadableFileError } from '../errors';
import { MAX_PAGES, type ProviderHttp } from '../http';
import { publishByKeys, readHiddenKey, stripHiddenKey } from '../publish';
import {
  commitDiffsResponse,
  iterationChangesResponse,
  iterationList,
  itemResponse,
  pullRequestResponse,
  threadResponse,
} from './api-schemas';
import { type FileChange, fileChangeOf } from './changes';
import { addedLines, buildPatch, looksBinary } from './diff';
import { asAzure, repositoryPath } from './locator';
import type { z } from 'zod';

/** Iteration changes and commit diffs answer at most this many entries a page (documented maximum). */
const PAGE = 2000;
/** Files past this many in one listing are listed without a patch (two content reads each). */
const MAX_PATCHED_FILES = 1000;
const CONTENT_READS_IN_FLIGHT = 4;
const SHA = /^[0-9a-f]{40}$/i;

/** Where an inline comment can go on one reviewed head: the iteration and each file's changed lines. */
interface Placement {
  iterationId: number;
  files: Map<string, { changeTrackingId?: number; lines: Set<number> }>;
}

const fail = (what: string) =>
  new GitProviderError(`Azure DevOps ${what}`, { provider: 'azure-devops', retryable: false });

function checkSha(sha: string): string {
  if (!SHA.test(sha)) throw fail(`invalid commit SHA ${JSON.stringify(sha.slice(0, 70))}`);
  return sha.toLowerCase();
}

/** A repository file path as the items API takes it (`/dir/file`); empty, `.` and `..` segments refused. */
function itemPath(path: string): string {
  const segments = path.replace(/^\/+/, '').split('/');
  if (
    !path.isWellFormed() ||
    path.length > 4096 ||
    segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\0'))
  ) {
    throw fail(`invalid file path ${JSON.stringify(path.slice(0, 200))}`);
  }
  return `/${segments.join('/')}`;
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i] as T, i);
  });
  await Promise.all(runners);
  return out;
}

/**
 * Azure DevOps Services (`api-version=7.1`) and Server (`6.0`: Server 2020 and later) behind the neutral
 * client. Pull-request files come from the iteration whose source commit is the reviewed head, their
 * patches are built from the base and head contents (Azure has no diff endpoint), comments are threads.
 */
export class AzureDevopsClient implements GitProviderClient {
  private readonly placements = new Map<string, Placement>();

  constructor(
    private readonly http: ProviderHttp,
    private readonly apiVersion: string,
    /** The collection URL the web links are built on. */
    private readonly collectionUrl: string,
  ) {}

  private get<T>(
    schema: z.ZodType<T>,
    path: string,
    query: Record<string, string | number | boolean | undefined> = {},
  ): Promise<T> {
    return this.http.json(schema, {
      method: 'GET',
      path,
      query: { ...query, 'api-version': this.apiVersion },
    });
  }

  private prPath(repo: RepositoryLocator, number: number): string {
    if (!Number.isInteger(number) || number < 1) throw fail(`invalid pull request id ${number}`);
    return `${repositoryPath(asAzure(repo))}/pullRequests/${number}`;
  }

  async getPullRequest(repo: RepositoryLocator, number: number): Promise<PullRequestDetails> {
    const pr = await this.get(pullRequestResponse, this.prPath(repo, number));
    const base = pr.lastMergeTargetCommit.commitId.toLowerCase();
    return {
      number: pr.pullRequestId,
      headSha: pr.lastMergeSourceCommit.commitId.toLowerCase(),
      baseSha: base,
      startSha: base,
      draft: pr.isDraft ?? false,
      state: pr.status === 'active' ? 'open' : 'closed',
      title: pr.title ?? '',
      description: pr.description ?? '',
    };
  }

  /** The files of the iteration whose source commit is the pinned head, diffed against its merge base. */
  async listChangedFiles(repo: RepositoryLocator, head: PinnedHead): Promise<ChangedFile[]> {
    const headSha = checkSha(head.headSha);
    const prPath = this.prPath(repo, head.number);
    const { value: iterations } = await this.get(iterationList, `${prPath}/iterations`, {
      includeCommits: false,
    });
    const iteration = iterations.findLast((it) => it.sourceRefCommit?.commitId.toLowerCase() === headSha);
    if (iteration === undefined) {
      const current = iterations.at(-1)?.sourceRefCommit?.commitId.toLowerCase();
      if (current !== undefined && current !== headSha)
        throw new HeadMovedError('azure-devops', headSha, current);
      throw fail(`pull request ${head.number} has no iteration for ${headSha.slice(0, 12)}`);
    }
    const changes: FileChange[] = [];
    for (let skip = 0, page = 0; ; page += 1) {
      if (page >= MAX_PAGES)
        throw fail(`iteration ${iteration.id} has more than ${MAX_PAGES} pages of changes`);
      const answer = await this.get(
        iterationChangesResponse,
        `${prPath}/iterations/${iteration.id}/changes`,
        { $top: PAGE, $skip: skip },
      );
      changes.push(...answer.changeEntries.flatMap((entry) => fileChangeOf(entry) ?? []));
      if (answer.nextSkip === undefined || answer.nextSkip <= skip || answer.changeEntries.length === 0)
        break;
      skip = answer.nextSkip;
    }
    const base = iteration.commonRefCommit?.commitId ?? head.baseSha;
    const files = await this.withPatches(repo, changes, checkSha(base), headSha);
    const placement: Placement = { iterationId: iteration.id, files: new Map() };
    changes.forEach((change, i) => {
      const lines = addedLines(files[i]?.patch);
      placement.files.set(change.path, {
        ...(change.changeTrackingId === undefined ? {} : { changeTrackingId: change.changeTrackingId }),
        lines,
      });
    });
    this.placements.set(`${head.number}:${headSha}`, placement);
    return files;
  }

  async listChangedFilesBetween(
    repo: RepositoryLocator,
    fromSha: string,
    toSha: string,
  ): Promise<ChangedFile[] | undefined> {
    const from = checkSha(fromSha);
    const to = checkSha(toSha);
    if (from === to) return [];
    const path = `${repositoryPath(asAzure(repo))}/diffs/commits`;
    const changes: FileChange[] = [];
    for (let skip = 0, page = 0; ; page += 1) {
      if (page >= MAX_PAGES)
        throw fail(`the diff ${from.slice(0, 12)}..${to.slice(0, 12)} has more than ${MAX_PAGES} pages`);
      let answer: z.infer<typeof commitDiffsResponse>;
      try {
        answer = await this.get(commitDiffsResponse, path, {
          baseVersion: from,
          baseVersionType: 'commit',
          targetVersion: to,
          targetVersionType: 'commit',
          $top: PAGE,
          $skip: skip,
        });
      } catch (error) {
        // A commit no longer there (force-pushed away and collected): nothing to compare with.
        if (error instanceof GitProviderError && error.status === 404) return undefined;
        throw error;
      }
      // `from` must be an ancestor of `to` (else a force-push: the caller reviews everything).
      if (answer.commonCommit !== undefined && answer.commonCommit.toLowerCase() !== from) return undefined;
      const entries = answer.changes ?? [];
      changes.push(...entries.flatMap((entry) => fileChangeOf(entry) ?? []));
      if (answer.allChangesIncluded !== false || entries.length === 0) break;
      skip += entries.length;
    }
    return this.withPatches(repo, changes, from, to);
  }

  async readFile(repo: RepositoryLocator, path: string, ref: string): Promise<string | undefined> {
    const content = await this.readItem(repo, path, ref);
    if (content === 'binary')
      throw new UnreadableFileError(`Azure DevOps ${path} at ${ref} is not text`, 'azure-devops');
    return content;
  }

  /** The text at `ref` (a commit SHA, else a branch), undefined for no such file, 'binary' for binary. */
  private async readItem(
    repo: RepositoryLocator,
    path: string,
    ref: string,
  ): Promise<string | undefined | 'binary'> {
    const isCommit = SHA.test(ref);
    if (!isCommit && (ref === '' || ref.length > 250 || !ref.isWellFormed()))
      throw fail(`invalid ref ${JSON.stringify(ref.slice(0, 100))}`);
    let item: z.infer<typeof itemResponse>;
    try {
      item = await this.get(itemResponse, `${repositoryPath(asAzure(repo))}/items`, {
        path: itemPath(path),
        'versionDescriptor.version': isCommit ? ref.toLowerCase() : ref.replace(/^refs\/heads\//, ''),
        'versionDescriptor.versionType': isCommit ? 'commit' : 'branch',
        includeContent: true,
        includeContentMetadata: true,
      });
    } catch (error) {
      if (error instanceof GitProviderError && error.status === 404) return undefined;
      throw error;
    }
    if (item.isFolder === true || (item.gitObjectType !== undefined && item.gitObjectType !== 'blob')) {
      throw new UnreadableFileError(
        `Azure DevOps ${path} at ${ref} is a ${item.gitObjectType ?? 'folder'}, not a file`,
        'azure-devops',
      );
    }
    const content = item.content ?? '';
    return item.contentMetadata?.isBinary === true || looksBinary(content) ? 'binary' : content;
  }

  private async withPatches(
    repo: RepositoryLocator,
    changes: FileChange[],
    base: string,
    head: string,
  ): Promise<ChangedFile[]> {
    return mapLimited(changes, CONTENT_READS_IN_FLIGHT, async (change, index): Promise<ChangedFile> => {
      const entry: ChangedFile = {
        path: change.path,
        status: change.status,
        additions: 0,
        deletions: 0,
        ...(change.previousPath === undefined ? {} : { previousPath: change.previousPath }),
      };
      if (index >= MAX_PATCHED_FILES) return entry;
      const before =
        change.status === 'added'
          ? undefined
          : await this.readItem(repo, change.previousPath ?? change.path, base);
      const after = change.status === 'removed' ? undefined : await this.readItem(repo, change.path, head);
      if (before === 'binary' || after === 'binary') return entry;
      const built = buildPatch(before, after);
      return {
        ...entry,
        additions: built.additions,
        deletions: built.deletions,
        ...(built.patch === undefined ? {} : { patch: built.patch }),
      };
    });
  }

  /** Threads whose first comment carries a hidden key: with a file context inline, without the summary. */
  async listPostedComments(repo: RepositoryLocator, number: number): Promise<PostedComment[]> {
    const threads = await this.http.getAllPages(
      { path: `${this.prPath(repo, number)}/threads`, query: { 'api-version': this.apiVersion } },
      'azure',
      threadResponse,
      (body) => (body as { value?: unknown } | null)?.value,
    );
    const posted: PostedComment[] = [];
    for (const thread of threads) {
      const first = thread.comments?.[0];
      const key = readHiddenKey(first?.content);
      if (thread.isDeleted === true || first?.isDeleted === true || key === undefined) continue;
      const context = thread.threadContext;
      const inline = context?.filePath !== undefined;
      posted.push({
        key,
        id: String(thread.id),
        kind: inline ? 'inline' : 'summary',
        ...(inline && context?.filePath !== undefined ? { path: context.filePath.replace(/^\/+/, '') } : {}),
        ...(inline && context?.rightFileStart?.line !== undefined
          ? { line: context.rightFileStart.line }
          : {}),
        body: stripHiddenKey(first?.content ?? ''),
        url: this.threadUrl(repo, number, thread.id),
      });
    }
    return posted;
  }

  private threadUrl(repo: RepositoryLocator, number: number, threadId: number): string {
    const azure = asAzure(repo);
    return `${this.collectionUrl}/${encodeURIComponent(azure.project)}/_git/${encodeURIComponent(azure.repository)}/pullrequest/${number}?discussionId=${threadId}`;
  }

  /** Where comments may go on this head: from this client's listing of it, or listed now. */
  private async placementFor(repo: RepositoryLocator, head: PinnedHead): Promise<Placement> {
    const key = `${head.number}:${head.headSha.toLowerCase()}`;
    const known = this.placements.get(key);
    if (known !== undefined) return known;
    await this.listChangedFiles(repo, head);
    const listed = this.placements.get(key);
    if (listed === undefined) throw fail(`no placement for ${key}`);
    return listed;
  }

  private async postThread(repo: RepositoryLocator, number: number, body: object): Promise<number> {
    const path = `${this.prPath(repo, number)}/threads`;
    const response = await this.http.request({
      method: 'POST',
      path,
      query: { 'api-version': this.apiVersion },
      body,
    });
    return this.http.parse(threadResponse, response.data, `POST ${path}`).id;
  }

  /**
   * Inline comments become active threads anchored on the new side (`rightFileStart`/`rightFileEnd`, a
   * path with a leading `/`) in the reviewed iteration; a line the pull request did not change is refused
   * here, since Azure DevOps would accept it anywhere in the file. The summary is a thread without a file.
   */
  async publish(repo: RepositoryLocator, number: number, review: ReviewToPublish): Promise<PublishResult> {
    return publishByKeys(
      {
        listPosted: () => this.listPostedComments(repo, number),
        postInline: async (comment: InlineCommentToPost, head: PinnedHead) => {
          const placement = await this.placementFor(repo, head);
          const file = placement.files.get(comment.path.replace(/^\/+/, ''));
          if (file === undefined)
            return { refused: `${comment.path} is not a file this pull request changed` };
          if (!file.lines.has(comment.line))
            return {
              refused: `line ${comment.line} of ${comment.path} is not a line this pull request changed`,
            };
          try {
            await this.postThread(repo, number, {
              comments: [{ parentCommentId: 0, content: comment.body, commentType: 1 }],
              status: 1,
              threadContext: {
                filePath: itemPath(comment.path),
                rightFileStart: { line: comment.line, offset: 1 },
                rightFileEnd: { line: comment.line, offset: 1 },
              },
              pullRequestThreadContext: {
                ...(file.changeTrackingId === undefined ? {} : { changeTrackingId: file.changeTrackingId }),
                iterationContext: {
                  firstComparingIteration: 1,
                  secondComparingIteration: placement.iterationId,
                },
              },
            });
            return {};
          } catch (error) {
            if (error instanceof GitProviderError && error.status === 400) return { refused: error.message };
            throw error;
          }
        },
        postSummary: async (body: string) => {
          const id = await this.postThread(repo, number, {
            comments: [{ parentCommentId: 0, content: body, commentType: 1 }],
          });
          return { id: String(id), url: this.threadUrl(repo, number, id) };
        },
      },
      review,
    );
  }
}
