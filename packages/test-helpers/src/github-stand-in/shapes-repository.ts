import { createHash } from 'node:crypto';
import type { StandInRepository } from './state';
import type { ShapeUrls } from './shapes';

/** Users and repositories in GitHub's documented shapes (`simple-user`, `repository`). */

export const EPOCH = '2024-01-01T00:00:00Z';

/** A stable positive integer id for a name, so repeated responses agree with each other. */
export function idFor(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) & 0x7fffffff;
}

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export function simpleUser(urls: ShapeUrls, login: string): Record<string, unknown> {
  const u = `${urls.api}/users/${login}`;
  return {
    login,
    id: idFor(`user:${login}`),
    node_id: Buffer.from(`User:${login}`).toString('base64'),
    avatar_url: `${urls.web}/avatars/${login}`,
    gravatar_id: '',
    url: u,
    html_url: `${urls.web}/${login}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
  };
}

export function repository(urls: ShapeUrls, repo: StandInRepository): Record<string, unknown> {
  const full = `${repo.owner}/${repo.name}`;
  const r = `${urls.api}/repos/${full}`;
  const templated = (name: string, suffix: string) => [`${name}_url`, `${r}/${suffix}`] as const;
  return {
    id: idFor(`repo:${full}`),
    node_id: Buffer.from(`Repository:${full}`).toString('base64'),
    name: repo.name,
    full_name: full,
    owner: simpleUser(urls, repo.owner),
    private: false,
    html_url: `${urls.web}/${full}`,
    description: null,
    fork: false,
    url: r,
    ...Object.fromEntries([
      templated('archive', '{archive_format}{/ref}'),
      templated('assignees', 'assignees{/user}'),
      templated('blobs', 'git/blobs{/sha}'),
      templated('branches', 'branches{/branch}'),
      templated('collaborators', 'collaborators{/collaborator}'),
      templated('comments', 'comments{/number}'),
      templated('commits', 'commits{/sha}'),
      templated('compare', 'compare/{base}...{head}'),
      templated('contents', 'contents/{+path}'),
      templated('contributors', 'contributors'),
      templated('deployments', 'deployments'),
      templated('downloads', 'downloads'),
      templated('events', 'events'),
      templated('forks', 'forks'),
      templated('git_commits', 'git/commits{/sha}'),
      templated('git_refs', 'git/refs{/sha}'),
      templated('git_tags', 'git/tags{/sha}'),
      templated('hooks', 'hooks'),
      templated('issue_comment', 'issues/comments{/number}'),
      templated('issue_events', 'issues/events{/number}'),
      templated('issues', 'issues{/number}'),
      templated('keys', 'keys{/key_id}'),
      templated('labels', 'labels{/name}'),
      templated('languages', 'languages'),
      templated('merges', 'merges'),
      templated('milestones', 'milestones{/number}'),
      templated('notifications', 'notifications{?since,all,participating}'),
      templated('pulls', 'pulls{/number}'),
      templated('releases', 'releases{/id}'),
      templated('stargazers', 'stargazers'),
      templated('statuses', 'statuses/{sha}'),
      templated('subscribers', 'subscribers'),
      templated('subscription', 'subscription'),
      templated('tags', 'tags'),
      templated('teams', 'teams'),
      templated('trees', 'git/trees{/sha}'),
    ]),
    clone_url: `${urls.web}/${full}.git`,
    git_url: `${urls.web.replace(/^https?/, 'git')}/${full}.git`,
    ssh_url: `git@${new URL(urls.web).host}:${full}.git`,
    svn_url: `${urls.web}/${full}`,
    mirror_url: null,
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 0,
    default_branch: 'main',
    open_issues: 0,
    open_issues_count: 0,
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: EPOCH,
    created_at: EPOCH,
    updated_at: EPOCH,
  };
}
