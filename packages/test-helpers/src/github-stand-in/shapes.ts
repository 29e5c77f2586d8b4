import { idFor, repository, sha1, simpleUser } from './shapes-repository';
import type { StandInChangedFile, StandInPullRequest, StandInRepository, StandInReview } from './state';

/**
 * Response bodies in the shapes GitHub documents (every required property present, right types), so the
 * client meets what it would meet on api.github.com. `api` is the API root (with a GHES base path),
 * `web` the site root for html URLs.
 */
export interface ShapeUrls {
  api: string;
  web: string;
}

export function pullRequest(
  urls: ShapeUrls,
  repo: StandInRepository,
  pr: StandInPullRequest,
): Record<string, unknown> {
  const full = `${repo.owner}/${repo.name}`;
  const self = `${urls.api}/repos/${full}/pulls/${pr.number}`;
  const issue = `${urls.api}/repos/${full}/issues/${pr.number}`;
  const html = `${urls.web}/${full}/pull/${pr.number}`;
  const link = (href: string) => ({ href });
  const side = (ref: string, sha: string) => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: simpleUser(urls, repo.owner),
    repo: repository(urls, repo),
  });
  const additions = pr.files.reduce((sum, f) => sum + (f.additions ?? 0), 0);
  const deletions = pr.files.reduce((sum, f) => sum + (f.deletions ?? 0), 0);
  return {
    url: self,
    id: idFor(`pr:${full}#${pr.number}`),
    node_id: Buffer.from(`PullRequest:${full}#${pr.number}`).toString('base64'),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${self}/commits`,
    review_comments_url: `${self}/comments`,
    review_comment_url: `${urls.api}/repos/${full}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: `${urls.api}/repos/${full}/statuses/${pr.headSha}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: simpleUser(urls, pr.author),
    body: pr.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.state === 'closed' ? pr.updatedAt : null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pr.headRef, pr.headSha),
    base: side(pr.baseRef, pr.baseSha),
    _links: {
      self: link(self),
      html: link(html),
      issue: link(issue),
      comments: link(`${issue}/comments`),
      review_comments: link(`${self}/comments`),
      review_comment: link(`${urls.api}/repos/${full}/pulls/comments{/number}`),
      commits: link(`${self}/commits`),
      statuses: link(`${urls.api}/repos/${full}/statuses/${pr.headSha}`),
    },
    author_association: 'OWNER',
    auto_merge: null,
    draft: pr.draft,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: 'clean',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: pr.commits.length,
    additions,
    deletions,
    changed_files: pr.files.length,
  };
}

export function diffEntry(
  urls: ShapeUrls,
  repo: StandInRepository,
  headSha: string,
  file: StandInChangedFile,
): Record<string, unknown> {
  const full = `${repo.owner}/${repo.name}`;
  const encoded = file.filename.split('/').map(encodeURIComponent).join('/');
  const additions = file.additions ?? 0;
  const deletions = file.deletions ?? 0;
  return {
    sha: file.status === 'removed' ? null : sha1(`${headSha}:${file.filename}`),
    filename: file.filename,
    status: file.status ?? 'modified',
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${urls.web}/${full}/blob/${headSha}/${encoded}`,
    raw_url: `${urls.web}/${full}/raw/${headSha}/${encoded}`,
    contents_url: `${urls.api}/repos/${full}/contents/${encoded}?ref=${headSha}`,
    ...(file.patch === undefined ? {} : { patch: file.patch }),
    ...(file.previousFilename === undefined ? {} : { previous_filename: file.previousFilename }),
  };
}

/** GitHub wraps base64 file content at 60 characters with `\n`, so a client must tolerate the breaks. */
function wrappedBase64(content: string): string {
  const encoded = Buffer.from(content, 'utf8').toString('base64');
  return (encoded.match(/.{1,60}/g) ?? ['']).join('\n') + '\n';
}

/** The contents API sends no content for files over 1 MB: `encoding: "none"` and an empty `content`. */
const MAX_CONTENT_BYTES = 1024 * 1024;

export function contentFile(
  urls: ShapeUrls,
  repo: StandInRepository,
  path: string,
  ref: string,
  content: string,
): Record<string, unknown> {
  const full = `${repo.owner}/${repo.name}`;
  const sha = sha1(`blob ${Buffer.byteLength(content)}\0${content}`);
  const self = `${urls.api}/repos/${full}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const git = `${urls.api}/repos/${full}/git/blobs/${sha}`;
  const html = `${urls.web}/${full}/blob/${ref}/${path}`;
  return {
    type: 'file',
    encoding: Buffer.byteLength(content) > MAX_CONTENT_BYTES ? 'none' : 'base64',
    size: Buffer.byteLength(content),
    name: path.split('/').pop() ?? path,
    path,
    content: Buffer.byteLength(content) > MAX_CONTENT_BYTES ? '' : wrappedBase64(content),
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: `${urls.web}/${full}/raw/${ref}/${path}`,
    _links: { self, git, html },
  };
}

/** A directory listing: one entry per file and per directory directly under `path`. */
export function contentDirectory(
  urls: ShapeUrls,
  repo: StandInRepository,
  ref: string,
  files: ReadonlyMap<string, string>,
  subdirectories: readonly string[] = [],
): Record<string, unknown>[] {
  const full = `${repo.owner}/${repo.name}`;
  const fileEntries = [...files].map(([path, text]) => {
    const { content: _content, encoding: _encoding, ...entry } = contentFile(urls, repo, path, ref, text);
    return entry;
  });
  const dirEntries = subdirectories.map((path) => {
    const sha = sha1(`tree ${full} ${ref} ${path}`);
    const self = `${urls.api}/repos/${full}/contents/${path}?ref=${encodeURIComponent(ref)}`;
    const git = `${urls.api}/repos/${full}/git/trees/${sha}`;
    const html = `${urls.web}/${full}/tree/${ref}/${path}`;
    return {
      type: 'dir',
      size: 0,
      name: path.split('/').pop() ?? path,
      path,
      sha,
      url: self,
      git_url: git,
      html_url: html,
      download_url: null,
      _links: { self, git, html },
    };
  });
  return [...fileEntries, ...dirEntries];
}

export function review(
  urls: ShapeUrls,
  repo: StandInRepository,
  number: number,
  stored: StandInReview,
): Record<string, unknown> {
  const full = `${repo.owner}/${repo.name}`;
  const html = `${urls.web}/${full}/pull/${number}#pullrequestreview-${stored.id}`;
  const pr = `${urls.api}/repos/${full}/pulls/${number}`;
  return {
    id: stored.id,
    node_id: Buffer.from(`PullRequestReview:${stored.id}`).toString('base64'),
    user: simpleUser(urls, stored.user),
    body: stored.body,
    state: stored.state,
    html_url: html,
    pull_request_url: pr,
    _links: { html: { href: html }, pull_request: { href: pr } },
    ...(stored.state === 'PENDING' ? {} : { submitted_at: stored.submittedAt }),
    commit_id: stored.commitId,
    author_association: 'NONE',
  };
}

/** GitHub's error body: `message`, `documentation_url`, `status` (a string), and `errors` on 422. */
export function errorBody(status: number, message: string, errors?: unknown[]): Record<string, unknown> {
  return {
    message,
    documentation_url: 'https://docs.github.com/rest',
    status: String(status),
    ...(errors === undefined ? {} : { errors }),
  };
}
