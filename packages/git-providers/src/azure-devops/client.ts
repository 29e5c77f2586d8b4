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
import { MAX_PAGES, type ProviderHttp } from '../http';
import { publishByKeys } from '../publish';
import {
  commitDiffsResponse,
  connectionDataResponse,
  iterationChangesResponse,
  iterationList,
  pullRequestResponse,
  threadResponse,
} from './api-schemas';
import { type FileChange, fileChangeOf } from './changes';
import { type AzureGet, checkSha, fail, readItem, withPatches } from './contents';
import { addedLines } from './diff';
import { listItemFiles } from './list-items';
import { asAzure, repositoryPath } from './locator';
import { inlineThread, type Placement, postedComments, summaryThread } from './threads';

/** Iteration changes and commit diffs answer at most this many entries a page (documented maximum). */
const PAGE = 2000;
/** Placements kept for publishing (a client may be cached across jobs). */
const PLACEMENTS_KEPT = 32;

/**
 * Azure DevOps Services (`api-version=7.1`) and Server (`6.0`: Server 2020 and later) behind the neutral
 * client. Pull-request files come from the iteration whose source commit is the reviewed head, their
 * patches are built from the merge-base and head contents (Azure has no diff endpoint), comments are threads.
 */
/** One organization or collection: its HTTP layer, API version and web root. */
export interface AzureConnection {
  http: ProviderHttp;
  apiVersion: string;
  collectionUrl: string;
}

export class AzureDevopsClient implements GitProviderClient {
  private readonly placements = new Map<string, Placement>();
  /** The credential's identity id per collection, asked once (a failed answer is asked again next time). */
  private readonly identities = new Map<string, Promise<string>>();

  /**
   * `connect` gives the connection for a repository's collection (checked against the configured host),
   * so one client serves every organization of one credential, whatever its caller caches it by.
   */
  constructor(private readonly connect: (repo: RepositoryLocator) => AzureConnection) {}

  private getFor(repo: RepositoryLocator): AzureGet {
    const { http, apiVersion } = this.connect(repo);
    return (schema, path, query = {}, options = {}) =>
      http.json(schema, { method: 'GET', path, query: { ...query, 'api-version': apiVersion }, ...options });
  }

  private prPath(repo: RepositoryLocator, number: number): string {
    if (!Number.isInteger(number) || number < 1) throw fail(`invalid pull request id ${number}`);
    return `${repositoryPath(asAzure(repo))}/pullRequests/${number}`;
  }

  async getPullRequest(repo: RepositoryLocator, number: number): Promise<PullRequestDetails> {
    const get = this.getFor(repo);
    const pr = await get(pullRequestResponse, this.prPath(repo, number));
    let head = pr.lastMergeSourceCommit?.commitId;
    let base = pr.lastMergeTargetCommit?.commitId;
    if (head === undefined || base === undefined) {
      // No merge computed (in progress after a push, or failed): the latest iteration has the branches' heads.
      const { value } = await get(iterationList, `${this.prPath(repo, number)}/iterations`, {
        includeCommits: false,
      });
      const last = value.at(-1);
      head = last?.sourceRefCommit?.commitId;
      base = last?.targetRefCommit?.commitId;
      if (head === undefined || base === undefined)
        throw fail(`pull request ${number} has no source or target commit`);
    }
    base = base.toLowerCase();
    return {
      number: pr.pullRequestId,
      headSha: head.toLowerCase(),
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
    const get = this.getFor(repo);
    const { value: iterations } = await get(iterationList, `${prPath}/iterations`, {
      includeCommits: false,
    });
    const iteration = iterations.findLast((it) => it.sourceRefCommit?.commitId.toLowerCase() === headSha);
    if (iteration === undefined) {
      const current = iterations.at(-1)?.sourceRefCommit?.commitId.toLowerCase();
      if (current !== undefined && current !== headSha) {
        throw new HeadMovedError('azure-devops', headSha, current);
      }
      throw fail(`pull request ${head.number} has no iteration for ${headSha.slice(0, 12)}`);
    }
    const changes: FileChange[] = [];
    for (let skip = 0, page = 0; ; page += 1) {
      if (page >= MAX_PAGES)
        throw fail(`iteration ${iteration.id} has more than ${MAX_PAGES} pages of changes`);
      const path = `${prPath}/iterations/${iteration.id}/changes`;
      const answer = await get(iterationChangesResponse, path, { $top: PAGE, $skip: skip });
      changes.push(...answer.changeEntries.flatMap((entry) => fileChangeOf(entry) ?? []));
      const next = answer.nextSkip;
      if (next === undefined || next <= skip || answer.changeEntries.length === 0) break;
      skip = next;
    }
    const base = checkSha(iteration.commonRefCommit?.commitId ?? head.baseSha);
    const files = await withPatches(get, repo, changes, base, headSha);
    const placement: Placement = { iterationId: iteration.id, files: new Map() };
    changes.forEach((change, i) => {
      const tracking = change.changeTrackingId;
      const lines = addedLines(files[i]?.patch);
      placement.files.set(change.path, {
        ...(tracking === undefined ? {} : { changeTrackingId: tracking }),
        lines,
      });
    });
    this.remember(`${head.number}:${headSha}`, placement);
    return files;
  }

  private remember(key: string, placement: Placement): void {
    this.placements.delete(key);
    this.placements.set(key, placement);
    for (const oldest of this.placements.keys()) {
      if (this.placements.size <= PLACEMENTS_KEPT) break;
      this.placements.delete(oldest);
    }
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
    const get = this.getFor(repo);
    const changes: FileChange[] = [];
    for (let skip = 0, page = 0; ; page += 1) {
      if (page >= MAX_PAGES)
        throw fail(`the diff ${from.slice(0, 12)}..${to.slice(0, 12)} has over ${MAX_PAGES} pages`);
      let answer: z.infer<typeof commitDiffsResponse>;
      try {
        answer = await get(commitDiffsResponse, path, {
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
    return withPatches(get, repo, changes, from, to);
  }

  async readFile(repo: RepositoryLocator, path: string, ref: string): Promise<string | undefined> {
    const content = await readItem(this.getFor(repo), repo, path, ref);
    if (content === 'binary') {
      throw new UnreadableFileError(`Azure DevOps ${path} at ${ref} is not text`, 'azure-devops');
    }
    return content;
  }

  /** Files under `dir` at `ref`, at any depth (Items - List, recursionLevel Full; list-items.ts). */
  async listDirectory(repo: RepositoryLocator, dir: string, ref: string): Promise<string[]> {
    return listItemFiles(this.getFor(repo), repo, dir, ref);
  }

  async listPostedComments(repo: RepositoryLocator, number: number): Promise<PostedComment[]> {
    const { http, apiVersion } = this.connect(repo);
    const threads = await http.getAllPages(
      { path: `${this.prPath(repo, number)}/threads`, query: { 'api-version': apiVersion } },
      'azure',
      threadResponse,
      (body) => (body as { value?: unknown } | null)?.value,
    );
    const me = await this.identity(repo);
    return postedComments(threads, me, (id) => this.threadUrl(repo, number, id));
  }

  /** Who the credential authenticates as in the repository's collection (`_apis/connectionData`). */
  private identity(repo: RepositoryLocator): Promise<string> {
    const { http, apiVersion, collectionUrl } = this.connect(repo);
    let id = this.identities.get(collectionUrl);
    if (id === undefined) {
      id = http
        .json(connectionDataResponse, {
          method: 'GET',
          path: '/_apis/connectionData',
          // A preview API on every version (Services and Server).
          query: { 'api-version': `${apiVersion}-preview` },
        })
        .then((data) => data.authenticatedUser.id);
      id.catch(() => this.identities.delete(collectionUrl));
      this.identities.set(collectionUrl, id);
    }
    return id;
  }

  private threadUrl(repo: RepositoryLocator, number: number, threadId: number): string {
    const { project, repository } = asAzure(repo);
    const web = `${this.connect(repo).collectionUrl}/${encodeURIComponent(project)}/_git/${encodeURIComponent(repository)}`;
    return `${web}/pullrequest/${number}?discussionId=${threadId}`;
  }

  /** Where comments may go on this head: from this client's listing of it, or listed now. */
  private async placementFor(repo: RepositoryLocator, head: PinnedHead): Promise<Placement> {
    const key = `${head.number}:${head.headSha.toLowerCase()}`;
    if (!this.placements.has(key)) await this.listChangedFiles(repo, head);
    const placement = this.placements.get(key);
    if (placement === undefined) throw fail(`no placement for ${key}`);
    return placement;
  }

  private async postThread(repo: RepositoryLocator, number: number, body: object): Promise<number> {
    const path = `${this.prPath(repo, number)}/threads`;
    const { http, apiVersion } = this.connect(repo);
    const response = await http.request({ method: 'POST', path, query: { 'api-version': apiVersion }, body });
    return http.parse(threadResponse, response.data, `POST ${path}`).id;
  }

  /** Threads posted one by one, idempotently by their hidden keys; a refused one is lost alone. */
  async publish(
    repo: RepositoryLocator,
    number: number,
    review: ReviewToPublish,
    options: PublishOptions = {},
  ): Promise<PublishResult> {
    return publishByKeys(
      {
        listPosted: () =>
          options.posted === undefined
            ? this.listPostedComments(repo, number)
            : Promise.resolve([...options.posted]),
        postInline: async (comment, head) => {
          const thread = inlineThread(comment, await this.placementFor(repo, head));
          if ('refused' in thread) return thread;
          try {
            await this.postThread(repo, number, thread);
            return {};
          } catch (error) {
            if (error instanceof GitProviderError && error.status === 400) return { refused: error.message };
            throw error;
          }
        },
        postSummary: async (body) => {
          const id = await this.postThread(repo, number, summaryThread(body));
          return { id: String(id), url: this.threadUrl(repo, number, id) };
        },
      },
      review,
    );
  }
}
