import { createHash } from 'node:crypto';
import {
  countPatch,
  diffLines,
  renderDiff,
  repoKey,
  type BitbucketChangedFile,
  type BitbucketRepository,
  type BitbucketStandInComment,
} from './state';
import type { BitbucketStore } from './store';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Bitbucket Cloud's error body (developer.atlassian.com/cloud/bitbucket/rest/intro/#errors). */
export function errorBody(message: string, fields?: Record<string, string[]>): unknown {
  return { type: 'error', error: { message, ...(fields === undefined ? {} : { fields }) } };
}

const notFound = (message = 'Resource not found'): Reply => ({ status: 404, body: errorBody(message) });
const badRequest = (message: string, fields?: Record<string, string[]>): Reply => ({
  status: 400,
  body: errorBody(message, fields),
});

/** Content types Bitbucket derives from a file name (a few; the rest are text/plain). */
function contentTypeFor(path: string): string {
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.yml') || path.endsWith('.yaml')) return 'application/x-yaml';
  return 'text/plain';
}

/** Bitbucket's page object: `pagelen`, `page`, `size`, `values` and `next` (absent on the last page). */
function paged(url: URL, values: unknown[], defaultLength: number, maxLength: number): Reply {
  const pagelen = Math.min(
    Math.max(Number(url.searchParams.get('pagelen') ?? defaultLength) || defaultLength, 1),
    maxLength,
  );
  const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
  const slice = values.slice((page - 1) * pagelen, page * pagelen);
  const body: Record<string, unknown> = { pagelen, page, size: values.length, values: slice };
  if (page * pagelen < values.length) {
    const next = new URL(url);
    next.searchParams.set('page', String(page + 1));
    body.next = next.toString();
  }
  return { status: 200, body };
}

export interface RouteContext {
  store: BitbucketStore;
  /** The API root as clients see it (`http://127.0.0.1:PORT/2.0`). */
  api: string;
  method: string;
  /** The path below `/2.0`. */
  apiPath: string;
  url: URL;
  body: unknown;
  login: string;
}

/** The account a login stands for, as comments' `user` and `GET /user` name it (ids derived from the login). */
export function accountJson(login: string): Record<string, unknown> {
  const hex = createHash('sha256').update(`account:${login}`).digest('hex');
  const uuid = `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}}`;
  return {
    type: 'user',
    display_name: login,
    nickname: login,
    uuid,
    account_id: `557058:${hex.slice(32, 68)}`,
  };
}

function commentJson(
  ctx: RouteContext,
  repo: BitbucketRepository,
  id: number,
  c: BitbucketStandInComment,
): unknown {
  const self = `${ctx.api}/repositories/${repo.workspace}/${repo.slug}/pullrequests/${id}/comments/${c.id}`;
  return {
    type: 'pullrequest_comment',
    id: c.id,
    created_on: c.createdOn,
    updated_on: c.createdOn,
    content: { raw: c.raw, markup: 'markdown', html: `<p>${c.raw}</p>` },
    user: accountJson(c.author),
    deleted: c.deleted,
    pending: false,
    ...(c.inline === undefined ? {} : { inline: withoutUndefined(c.inline) }),
    links: {
      self: { href: self },
      html: {
        href: `https://bitbucket.org/${repo.workspace}/${repo.slug}/pull-requests/${id}/_/diff#comment-${c.id}`,
      },
    },
    pullrequest: { type: 'pullrequest', id },
  };
}

/** Bitbucket leaves out what is not set (the description has no nulls here). */
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const positiveInteger = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** What Bitbucket refuses in `POST .../comments`: no `content.raw` (every comment needs a body), a bad anchor. */
function commentProblem(body: unknown): Reply | undefined {
  if (typeof body !== 'object' || body === null) return badRequest('Bad request');
  const { content, inline } = body as { content?: unknown; inline?: unknown };
  const raw =
    typeof content === 'object' && content !== null ? (content as { raw?: unknown }).raw : undefined;
  if (typeof raw !== 'string' || raw.trim() === '') {
    return badRequest('content.raw: This field is required.', { 'content.raw': ['This field is required.'] });
  }
  if (inline === undefined) return undefined;
  if (typeof inline !== 'object' || inline === null) return badRequest('inline: invalid');
  const { path, to, from } = inline as { path?: unknown; to?: unknown; from?: unknown };
  if (typeof path !== 'string' || path === '') return badRequest('inline.path: This field is required.');
  if (to === undefined && from === undefined) return badRequest('inline: either from or to is required');
  if (
    (to !== undefined && to !== null && !positiveInteger(to)) ||
    (from !== undefined && from !== null && !positiveInteger(from))
  ) {
    return badRequest('inline: from and to must be line numbers');
  }
  return undefined;
}

/**
 * A directory's entries as Bitbucket lists them: files and directories down to `max_depth` levels (1 when
 * omitted), in path order.
 */
function treeEntries(dir: string, descendants: readonly string[], url: URL): unknown[] {
  const depth = Math.max(1, Number(url.searchParams.get('max_depth') ?? 1) || 1);
  const entries = new Map<string, string>();
  for (const file of descendants) {
    const parts = file.slice(dir.length + 1).split('/');
    for (let level = 1; level <= Math.min(parts.length, depth); level += 1) {
      const type = level === parts.length ? 'commit_file' : 'commit_directory';
      entries.set(`${dir}/${parts.slice(0, level).join('/')}`, type);
    }
  }
  return [...entries].sort(([a], [b]) => a.localeCompare(b)).map(([path, type]) => ({ type, path }));
}

/** The diff (plain text) or the diffstat (paged) of a set of changed files. */
function diffAnswer(url: URL, kind: string, files: readonly BitbucketChangedFile[]): Reply {
  if (kind === 'diff') {
    return { status: 200, body: renderDiff(files), headers: { 'content-type': 'text/plain' } };
  }
  const stats = files.map((f) => {
    const { added, removed } = countPatch(f.patch);
    // An added file has no `old`, a removed one no `new` (absent, not null, in the description).
    const old = f.status === 'added' ? {} : { old: { path: f.previousPath ?? f.path, type: 'commit_file' } };
    const now = f.status === 'removed' ? {} : { new: { path: f.path, type: 'commit_file' } };
    return {
      type: 'diffstat',
      status: f.status,
      lines_added: added,
      lines_removed: removed,
      ...old,
      ...now,
    };
  });
  return paged(url, stats, 500, 500);
}

/** Answers `/repositories/{workspace}/{repo_slug}/...`; undefined for an unknown route. */
export function routeRepository(ctx: RouteContext): Reply | undefined {
  const match = /^\/repositories\/([^/]+)\/([^/]+)\/(.+)$/.exec(ctx.apiPath);
  if (match === null) return undefined;
  const repo = { workspace: decodeURIComponent(match[1] ?? ''), slug: decodeURIComponent(match[2] ?? '') };
  const rest = match[3] ?? '';
  const { store, method, url } = ctx;
  const state = store.repository(repo);
  if (state === undefined) return notFound('Repository not found');

  const pull = /^pullrequests\/(\d+)(\/comments)?$/.exec(rest);
  if (pull !== null) {
    const id = Number(pull[1]);
    const pr = state.pulls.get(id);
    if (pr === undefined) return notFound('Pull request not found');
    if (pull[2] === undefined) {
      if (method !== 'GET') return { status: 405, body: errorBody('Method not allowed') };
      const commit = (sha: string) => ({ hash: sha.slice(0, 12) });
      return {
        status: 200,
        body: {
          type: 'pullrequest',
          id: pr.id,
          title: pr.title,
          description: pr.description,
          summary: { raw: pr.description, markup: 'markdown', html: '' },
          state: pr.state,
          draft: pr.draft,
          created_on: pr.createdOn,
          updated_on: pr.createdOn,
          source: {
            commit: commit(pr.headSha),
            branch: { name: `feature-${pr.id}` },
            repository: { type: 'repository', full_name: repoKey(pr.sourceRepository ?? repo) },
          },
          destination: {
            commit: commit(pr.baseSha),
            branch: { name: 'main' },
            repository: { type: 'repository', full_name: repoKey(repo) },
          },
        },
      };
    }
    if (method === 'GET') {
      const all = store.comments(repo, id).map((c) => commentJson(ctx, repo, id, c));
      return paged(url, all, 10, 100);
    }
    if (method !== 'POST') return { status: 405, body: errorBody('Method not allowed') };
    const problem = commentProblem(ctx.body);
    if (problem !== undefined) return problem;
    const { content, inline } = ctx.body as {
      content: { raw: string };
      inline?: { path: string; to?: number; from?: number };
    };
    const file = inline === undefined ? undefined : pr.files.find((f) => f.path === inline.path);
    const outsideDiff =
      inline !== undefined && (inline.to === undefined || !diffLines(file?.patch).has(inline.to));
    const stored = store.addComment(repo, id, {
      raw: content.raw,
      ...(inline === undefined ? {} : { inline: { path: inline.path, to: inline.to, from: inline.from } }),
      outsideDiff,
      author: ctx.login,
    });
    return { status: 201, body: commentJson(ctx, repo, id, stored) };
  }
  if (method !== 'GET') return { status: 405, body: errorBody('Method not allowed') };

  const commit = /^commit\/([^/]+)$/.exec(rest);
  if (commit !== null) {
    const sha = store.resolve(repo, decodeURIComponent(commit[1] ?? ''));
    if (sha === undefined) return notFound('Commit not found');
    return { status: 200, body: { type: 'commit', hash: sha, parents: [] } };
  }

  // Bitbucket's own links for a pull request from a fork: `diff/{ws}/{repo}:{source}%0D{destination}`.
  const forkSpec = /^(diff|diffstat)\/([^/]+)\/([^/:]+):([^/]+)$/.exec(rest);
  if (forkSpec !== null) {
    const fork = {
      workspace: decodeURIComponent(forkSpec[2] ?? ''),
      slug: decodeURIComponent(forkSpec[3] ?? ''),
    };
    const [source = '', destination = ''] = decodeURIComponent(forkSpec[4] ?? '').split('\r');
    const from = store.resolve(fork, source);
    const to = store.resolve(repo, destination);
    if (from === undefined || to === undefined) return notFound('Commit not found');
    return diffAnswer(url, forkSpec[1] ?? '', state.diffs.get(`${from}..${to}`) ?? []);
  }
  const spec = /^(diff|diffstat|merge-base)\/([^/]+)$/.exec(rest);
  if (spec !== null) {
    const [source = '', destination] = decodeURIComponent(spec[2] ?? '').split('..');
    const from = store.resolve(repo, source);
    const to = destination === undefined ? undefined : store.resolve(repo, destination);
    if (from === undefined || to === undefined) return notFound('Commit not found');
    if (spec[1] === 'merge-base') {
      const base = store.mergeBase(repo, from, to);
      return base === undefined
        ? notFound('No merge base')
        : { status: 200, body: { type: 'commit', hash: base } };
    }
    return diffAnswer(url, spec[1] ?? '', state.diffs.get(`${from}..${to}`) ?? []);
  }

  const src = /^src\/([^/]+)\/(.+)$/.exec(rest);
  if (src !== null) {
    const sha = store.resolve(repo, decodeURIComponent(src[1] ?? ''));
    const path = (src[2] ?? '').split('/').map(decodeURIComponent).join('/').replace(/\/+$/, '');
    const files = sha === undefined ? undefined : state.contents.get(sha);
    if (sha === undefined || files === undefined) return notFound('Commit not found');
    const meta = url.searchParams.get('format') === 'meta';
    const text = files.get(path);
    if (text !== undefined) {
      if (meta) {
        const size = text === null ? 1024 : Buffer.byteLength(text);
        return {
          status: 200,
          body: {
            type: 'commit_file',
            path,
            size,
            attributes: text === null ? ['binary'] : [],
            commit: { type: 'commit', hash: sha },
          },
        };
      }
      return { status: 200, body: text ?? '\u0000binary', headers: { 'content-type': contentTypeFor(path) } };
    }
    const children = [...files.keys()].filter((p) => p.startsWith(`${path}/`));
    if (children.length === 0) return notFound('No such file or directory');
    if (meta)
      return { status: 200, body: { type: 'commit_directory', path, commit: { type: 'commit', hash: sha } } };
    return paged(url, treeEntries(path, children, url), 10, 100);
  }
  return undefined;
}
