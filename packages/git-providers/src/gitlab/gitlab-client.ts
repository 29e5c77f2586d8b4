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
import { ProviderHttp, type ProviderHttpOptions, type ProviderRequest } from '../http';
import { publishByKeys, readHiddenKey, stripHiddenKey } from '../publish';
import {
  commitResponse,
  compareResponse,
  currentUserResponse,
  diffEntryResponse,
  discussionResponse,
  fileResponse,
  mergeRequestResponse,
  noteResponse,
} from './api-schemas';
import { changedFileOf } from './diff-lines';
import { listTreeFiles } from './list-directory';
import { placeOnNewSide } from './diff-position';
import { commitSha, encodedFilePath, iidOf, projectPath } from './repository';

export interface GitlabClientOptions {
  /** `https://gitlab.com`, or a self-managed instance's URL, relative path included (`https://host/gitlab`). */
  url: string;
  /** A personal, group or project access token (scope `api`), sent as `PRIVATE-TOKEN`. */
  token: string;
  fetch?: typeof fetch;
  retry?: ProviderHttpOptions['retry'];
  timeoutMs?: number;
}

const PER_PAGE = 100;
/** Like GitHub's contents API: a larger file is not read (the review goes on without it). */
const MAX_FILE_BYTES = 1024 * 1024;

/** GitLab's REST API v4 as a GitProviderClient (gitlab.com and self-managed). */
export class GitlabClient implements GitProviderClient {
  private readonly http: ProviderHttp;
  /** The token's user id, asked once (a failed answer is asked again next time). */
  private me: Promise<number> | undefined;

  constructor(options: GitlabClientOptions) {
    this.http = new ProviderHttp({
      provider: 'gitlab',
      baseUrl: `${options.url.replace(/\/+$/, '')}/api/v4`,
      // GitLab's own header for access tokens; the shared layer's Authorization header stays unset.
      authorization: () => '',
      headers: { 'private-token': options.token },
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
  }

  private mergeRequestPath(repo: RepositoryLocator, number: number): string {
    return `${projectPath(repo)}/merge_requests/${iidOf(number)}`;
  }

  async getPullRequest(repo: RepositoryLocator, number: number): Promise<PullRequestDetails> {
    const mr = await this.http.json(mergeRequestResponse, {
      method: 'GET',
      path: this.mergeRequestPath(repo, number),
    });
    const refs = mr.diff_refs;
    if (refs === null) {
      // Just opened: GitLab fills diff_refs once the first diff is prepared, seconds later.
      throw new GitProviderError(`GitLab merge request !${mr.iid} has no diff yet`, {
        provider: 'gitlab',
        retryable: true,
      });
    }
    return {
      number: mr.iid,
      headSha: refs.head_sha,
      baseSha: refs.base_sha,
      startSha: refs.start_sha,
      draft: mr.draft ?? mr.work_in_progress ?? false,
      state: mr.state === 'opened' ? 'open' : 'closed',
      title: mr.title,
      description: mr.description ?? '',
    };
  }

  /**
   * The merge request's diff (all pages), then the merge request as it is after it (see the interface).
   * A GitLab without `/diffs` (before 15.7): the merge request first, then its pinned base..head compare.
   */
  async readPullRequestWithFiles(
    repo: RepositoryLocator,
    number: number,
  ): Promise<{ pullRequest: PullRequestDetails; files: ChangedFile[] }> {
    let entries;
    try {
      entries = await this.listDiffs(repo, number);
    } catch (error) {
      if (!(error instanceof GitProviderError) || error.status !== 404) throw error;
      const pullRequest = await this.getPullRequest(repo, number);
      const compared = await this.compare(
        repo,
        commitSha(pullRequest.baseSha),
        commitSha(pullRequest.headSha),
      );
      return { pullRequest, files: compared.map(changedFileOf) };
    }
    return { pullRequest: await this.getPullRequest(repo, number), files: entries.map(changedFileOf) };
  }

  private listDiffs(repo: RepositoryLocator, number: number) {
    return this.http.getAllPages(
      { path: `${this.mergeRequestPath(repo, number)}/diffs`, query: { per_page: PER_PAGE } },
      'gitlab',
      diffEntryResponse,
    );
  }

  /**
   * The merge request's diff (all pages) at the pinned head. `/diffs` follows the current head, so the
   * head is checked before and after listing: a push in between throws HeadMovedError (superseded).
   */
  async listChangedFiles(repo: RepositoryLocator, head: PinnedHead): Promise<ChangedFile[]> {
    await this.expectHead(repo, head);
    let entries;
    try {
      entries = await this.listDiffs(repo, head.number);
    } catch (error) {
      // GitLab before 15.7 has no /diffs (the merge request itself was just read): the pinned
      // base..head compare is the same diff, and pinned by its SHAs.
      if (!(error instanceof GitProviderError) || error.status !== 404) throw error;
      return (await this.compare(repo, commitSha(head.baseSha), commitSha(head.headSha))).map(changedFileOf);
    }
    await this.expectHead(repo, head);
    return entries.map(changedFileOf);
  }

  private async expectHead(repo: RepositoryLocator, head: PinnedHead): Promise<void> {
    const current = await this.getPullRequest(repo, head.number);
    if (current.headSha !== head.headSha) throw new HeadMovedError('gitlab', head.headSha, current.headSha);
  }

  /** `fromSha`..`toSha` through the compare API; undefined when `fromSha` is not an ancestor (force-push). */
  async listChangedFilesBetween(
    repo: RepositoryLocator,
    fromSha: string,
    toSha: string,
  ): Promise<ChangedFile[] | undefined> {
    const project = projectPath(repo);
    const [from, to] = [commitSha(fromSha), commitSha(toSha)];
    if (from === to) return [];
    let mergeBase: string;
    try {
      const query = `refs%5B%5D=${from}&refs%5B%5D=${to}`;
      const base = await this.http.json(commitResponse, {
        method: 'GET',
        path: `${project}/repository/merge_base?${query}`,
      });
      mergeBase = base.id;
    } catch (error) {
      // A commit GitLab no longer has (rewritten away and collected): review everything.
      if (error instanceof GitProviderError && (error.status === 404 || error.status === 400))
        return undefined;
      throw error;
    }
    if (mergeBase !== from) return undefined;
    return (await this.compare(repo, from, to)).map(changedFileOf);
  }

  /** The straight diff between two commits (`straight=true`: from..to, not from the merge base). */
  private async compare(repo: RepositoryLocator, from: string, to: string) {
    const answer = await this.http.json(compareResponse, {
      method: 'GET',
      path: `${projectPath(repo)}/repository/compare`,
      query: { from, to, straight: true },
    });
    if (answer.compare_timeout === true) {
      throw new GitProviderError(`GitLab compare ${from.slice(0, 12)}...${to.slice(0, 12)} timed out`, {
        provider: 'gitlab',
        retryable: true,
      });
    }
    return answer.diffs;
  }

  async readFile(repo: RepositoryLocator, path: string, ref: string): Promise<string | undefined> {
    const apiPath = `${projectPath(repo)}/repository/files/${encodedFilePath(path)}`;
    if (ref === '' || ref.length > 255)
      throw new UnreadableFileError(`GitLab invalid ref for ${path}`, 'gitlab');
    let file;
    try {
      // The JSON form (base64 content) rather than /raw: the exact bytes whatever the file's type, and its size.
      file = await this.http.json(fileResponse, {
        method: 'GET',
        path: apiPath,
        query: { ref },
        // A file over the limit is refused while its answer arrives (base64 is 4/3 of it), not held whole.
        maxResponseBytes: Math.ceil((MAX_FILE_BYTES * 4) / 3) + 64 * 1024,
      });
    } catch (error) {
      if (error instanceof GitProviderError && error.status === 404) return undefined;
      throw error;
    }
    const fail = (what: string) => new UnreadableFileError(`GitLab ${path} at ${ref} ${what}`, 'gitlab');
    if (file.size > MAX_FILE_BYTES) throw fail(`is over ${MAX_FILE_BYTES} bytes`);
    if (file.encoding !== 'base64') throw fail(`has an unexpected encoding ${file.encoding}`);
    const bytes = Buffer.from(file.content, 'base64');
    if (bytes.includes(0)) throw fail('is binary');
    return bytes.toString('utf8');
  }

  /** Files under `dir` at `ref`, at any depth, through the recursive tree listing (list-directory.ts). */
  async listDirectory(repo: RepositoryLocator, dir: string, ref: string): Promise<string[]> {
    if (ref === '' || ref.length > 255)
      throw new UnreadableFileError(`GitLab invalid ref for ${dir}`, 'gitlab');
    return listTreeFiles(this.http, projectPath(repo), dir, ref);
  }

  /** Who the token posts as (`GET /user`). */
  private identity(): Promise<number> {
    this.me ??= this.http
      .json(currentUserResponse, { method: 'GET', path: '/user' })
      .then((user) => user.id)
      .catch((error: unknown) => {
        this.me = undefined;
        throw error;
      });
    return this.me;
  }

  /**
   * Every note with a Kodus key written by the token's user, from every discussion (general notes are
   * one-note discussions). Anyone can write a marker into a note: others' are not Kodus's.
   */
  async listPostedComments(repo: RepositoryLocator, number: number): Promise<PostedComment[]> {
    const discussions = await this.http.getAllPages(
      { path: `${this.mergeRequestPath(repo, number)}/discussions`, query: { per_page: PER_PAGE } },
      'gitlab',
      discussionResponse,
    );
    const me = await this.identity();
    const posted: PostedComment[] = [];
    for (const discussion of discussions) {
      for (const note of discussion.notes) {
        const key = readHiddenKey(note.body);
        if (key === undefined || note.system === true || note.author?.id !== me) continue;
        const position = note.position;
        const inline = position !== undefined && position !== null;
        posted.push({
          key,
          id: inline ? discussion.id : String(note.id),
          kind: inline ? 'inline' : 'summary',
          ...(inline && typeof position.new_path === 'string' ? { path: position.new_path } : {}),
          ...(inline && typeof position.new_line === 'number' ? { line: position.new_line } : {}),
          body: stripHiddenKey(note.body ?? ''),
        });
      }
    }
    return posted;
  }

  /**
   * Each missing inline comment as a diff thread on the new side of the pinned diff, then the summary
   * note (the shared idempotent publisher). A comment GitLab cannot place is refused alone.
   */
  async publish(
    repo: RepositoryLocator,
    number: number,
    review: ReviewToPublish,
    options: PublishOptions = {},
  ): Promise<PublishResult> {
    const mrPath = this.mergeRequestPath(repo, number);
    let files: ChangedFile[] | undefined;
    const filesAtHead = async (head: PinnedHead) => {
      files ??= await this.listChangedFiles(repo, head).catch(async (error: unknown) => {
        if (!(error instanceof HeadMovedError)) throw error;
        // A push since the review: the pinned refs still name a diff GitLab can place comments on.
        return (await this.compare(repo, commitSha(head.baseSha), commitSha(head.headSha))).map(
          changedFileOf,
        );
      });
      return files;
    };
    let webUrl: string | undefined;
    return publishByKeys(
      {
        listPosted: () =>
          options.posted === undefined
            ? this.listPostedComments(repo, number)
            : Promise.resolve([...options.posted]),
        postInline: async (comment, head) => {
          const placed = placeOnNewSide(await filesAtHead(head), comment.path, comment.line);
          if ('refused' in placed) return placed;
          return this.postThread(mrPath, comment.body, {
            position_type: 'text',
            base_sha: head.baseSha,
            start_sha: head.startSha,
            head_sha: head.headSha,
            old_path: placed.oldPath,
            new_path: comment.path,
            new_line: comment.line,
          });
        },
        postSummary: async (body) => {
          const note = await this.http.json(noteCreated, {
            method: 'POST',
            path: `${mrPath}/notes`,
            body: { body },
          });
          webUrl ??= await this.webUrl(repo, number);
          return {
            id: String(note.id),
            ...(webUrl === undefined ? {} : { url: `${webUrl}#note_${note.id}` }),
          };
        },
      },
      review,
    );
  }

  /** POSTs one diff thread; GitLab's 400 (a position it cannot place: `line_code` invalid) refuses it. */
  private async postThread(
    mrPath: string,
    body: string,
    position: Record<string, string | number>,
  ): Promise<{ refused?: string }> {
    const request: ProviderRequest = {
      method: 'POST',
      path: `${mrPath}/discussions`,
      body: { body, position },
    };
    try {
      await this.http.request(request);
      return {};
    } catch (error) {
      if (error instanceof GitProviderError && error.status === 400) return { refused: error.message };
      throw error;
    }
  }

  private async webUrl(repo: RepositoryLocator, number: number): Promise<string | undefined> {
    const mr = await this.http.json(mergeRequestResponse, {
      method: 'GET',
      path: this.mergeRequestPath(repo, number),
    });
    return mr.web_url;
  }
}

const noteCreated = noteResponse.pick({ id: true });
