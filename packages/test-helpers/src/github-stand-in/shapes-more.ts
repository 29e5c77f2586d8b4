import { EPOCH, idFor, sha1, simpleUser } from './shapes-repository';
import type { ShapeUrls } from './shapes';
import type { StandInChangedFile, StandInRepository, StandInReviewComment } from './state';
import { diffEntry } from './shapes';

/** Review comments, comparisons and installations in GitHub's documented shapes. */

export function reviewComment(
  urls: ShapeUrls,
  repo: StandInRepository,
  number: number,
  comment: Required<Pick<StandInReviewComment, 'id' | 'commitId'>> & StandInReviewComment,
  login: string,
): Record<string, unknown> {
  const full = `${repo.owner}/${repo.name}`;
  const self = `${urls.api}/repos/${full}/pulls/comments/${comment.id}`;
  const html = `${urls.web}/${full}/pull/${number}#discussion_r${comment.id}`;
  const pr = `${urls.api}/repos/${full}/pulls/${number}`;
  return {
    url: self,
    id: comment.id,
    node_id: Buffer.from(`PullRequestReviewComment:${comment.id}`).toString('base64'),
    pull_request_review_id: comment.reviewId ?? null,
    diff_hunk: '@@ -1 +1 @@',
    path: comment.path,
    commit_id: comment.commitId,
    original_commit_id: comment.commitId,
    user: simpleUser(urls, login),
    body: comment.body,
    created_at: EPOCH,
    updated_at: EPOCH,
    html_url: html,
    pull_request_url: pr,
    author_association: 'NONE',
    _links: { self: { href: self }, html: { href: html }, pull_request: { href: pr } },
    ...(comment.line === undefined ? {} : { line: comment.line, original_line: comment.line }),
    side: comment.side ?? 'RIGHT',
  };
}

function commit(urls: ShapeUrls, repo: StandInRepository, sha: string): Record<string, unknown> {
  const full = `${repo.owner}/${repo.name}`;
  const url = `${urls.api}/repos/${full}/commits/${sha}`;
  const person = { name: 'Octo Cat', email: 'octocat@example.com', date: EPOCH };
  return {
    url,
    sha,
    node_id: Buffer.from(`Commit:${sha}`).toString('base64'),
    html_url: `${urls.web}/${full}/commit/${sha}`,
    comments_url: `${url}/comments`,
    commit: {
      url: `${urls.api}/repos/${full}/git/commits/${sha}`,
      author: person,
      committer: person,
      message: `commit ${sha.slice(0, 7)}`,
      comment_count: 0,
      tree: { sha: sha1(`tree:${sha}`), url: `${urls.api}/repos/${full}/git/trees/${sha1(`tree:${sha}`)}` },
    },
    author: simpleUser(urls, 'octocat'),
    committer: simpleUser(urls, 'octocat'),
    parents: [],
  };
}

export interface StandInComparison {
  status: 'diverged' | 'ahead' | 'behind' | 'identical';
  files: StandInChangedFile[];
}

export function comparison(
  urls: ShapeUrls,
  repo: StandInRepository,
  base: string,
  head: string,
  stored: StandInComparison,
): Record<string, unknown> {
  const full = `${repo.owner}/${repo.name}`;
  const html = `${urls.web}/${full}/compare/${base}...${head}`;
  const ahead = stored.status === 'ahead' || stored.status === 'diverged' ? 1 : 0;
  const behind = stored.status === 'behind' || stored.status === 'diverged' ? 1 : 0;
  return {
    url: `${urls.api}/repos/${full}/compare/${base}...${head}`,
    html_url: html,
    permalink_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    base_commit: commit(urls, repo, base),
    merge_base_commit: commit(urls, repo, base),
    status: stored.status,
    ahead_by: ahead,
    behind_by: behind,
    total_commits: ahead,
    commits: ahead === 0 ? [] : [commit(urls, repo, head)],
    files: stored.files.map((f) => diffEntry(urls, repo, head, f)),
  };
}

/** `GET /user`: a token's user, as a public-user (the documented answer's smaller form). */
export function authenticatedUser(urls: ShapeUrls, login: string): Record<string, unknown> {
  return {
    ...simpleUser(urls, login),
    name: login,
    company: '',
    blog: '',
    location: '',
    email: `${login}@users.noreply.example.com`,
    hireable: false,
    bio: '',
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: EPOCH,
    updated_at: EPOCH,
  };
}

/** `GET /app`: the app the JWT belongs to; its slug names its bot user `<slug>[bot]`. */
export function app(urls: ShapeUrls, appId: string, botLogin: string): Record<string, unknown> {
  const slug = botLogin.replace(/\[bot\]$/, '');
  return {
    id: Number(appId),
    slug,
    node_id: Buffer.from(`App:${appId}`).toString('base64'),
    owner: simpleUser(urls, 'kodus'),
    name: slug,
    description: '',
    external_url: `${urls.web}/apps/${slug}`,
    html_url: `${urls.web}/apps/${slug}`,
    created_at: EPOCH,
    updated_at: EPOCH,
    permissions: { contents: 'read', metadata: 'read', pull_requests: 'write' },
    events: ['pull_request', 'issue_comment', 'pull_request_review', 'pull_request_review_comment'],
  };
}

export function installation(
  urls: ShapeUrls,
  id: number,
  appId: string,
  owner: string,
): Record<string, unknown> {
  return {
    id,
    app_id: Number(appId),
    app_slug: 'kodus',
    target_id: idFor(`user:${owner}`),
    target_type: 'Organization',
    single_file_name: null,
    repository_selection: 'all',
    access_tokens_url: `${urls.api}/app/installations/${id}/access_tokens`,
    html_url: `${urls.web}/organizations/${owner}/settings/installations/${id}`,
    repositories_url: `${urls.api}/installation/repositories`,
    events: ['pull_request', 'issue_comment', 'pull_request_review', 'pull_request_review_comment'],
    account: simpleUser(urls, owner),
    permissions: { contents: 'read', metadata: 'read', pull_requests: 'write' },
    created_at: EPOCH,
    updated_at: EPOCH,
    suspended_by: null,
    suspended_at: null,
  };
}
