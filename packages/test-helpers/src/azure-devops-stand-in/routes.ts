import { createHash } from 'node:crypto';
import type { AzureChange, AzurePullRequest, AzureStore, AzureThread } from './state';

/**
 * The Azure DevOps Git REST operations the Kodus client uses, answered from memory in the documented
 * shapes (learn.microsoft.com/rest/api/azure/devops/git: Pull Requests - Get Pull Request By Id,
 * Pull Request Iterations - List, Pull Request Iteration Changes - Get, Items - Get, Diffs - Get,
 * Pull Request Threads - List / Create).
 */

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  store: AzureStore;
  /** The collection URL, for the `url` fields. */
  collectionUrl: string;
  /** Largest page the changes endpoints answer (Azure: 2000). */
  maxPage: number;
}

/** Azure DevOps' error body: `message`, `typeName`, `typeKey`, `errorCode`, `eventId`. */
export function azureError(status: number, message: string, typeKey: string): Reply {
  return {
    status,
    body: {
      $id: '1',
      innerException: null,
      message,
      typeName: `Microsoft.TeamFoundation.SourceControl.WebServer.${typeKey}, Microsoft.TeamFoundation.SourceControl.WebServer`,
      typeKey,
      errorCode: 0,
      eventId: 3000,
    },
  };
}

const objectId = (content: string | Buffer) => createHash('sha1').update(content).digest('hex');
const commitRef = (ctx: RouteContext, repoId: string, sha: string) => ({
  commitId: sha,
  url: `${ctx.collectionUrl}/_apis/git/repositories/${repoId}/commits/${sha}`,
});

function pullRequestBody(
  ctx: RouteContext,
  repo: { id: string; name: string; project: string },
  pr: AzurePullRequest,
): unknown {
  const last = pr.iterations.at(-1);
  return {
    repository: { id: repo.id, name: repo.name, project: { name: repo.project, state: 'wellFormed' } },
    pullRequestId: pr.id,
    codeReviewId: pr.id,
    status: pr.status,
    title: pr.title,
    description: pr.description,
    isDraft: pr.isDraft,
    sourceRefName: 'refs/heads/topic',
    targetRefName: 'refs/heads/main',
    mergeStatus: 'succeeded',
    lastMergeSourceCommit: commitRef(ctx, repo.id, last?.source ?? ''),
    lastMergeTargetCommit: commitRef(ctx, repo.id, last?.target ?? ''),
    supportsIterations: true,
    url: `${ctx.collectionUrl}/_apis/git/repositories/${repo.id}/pullRequests/${pr.id}`,
  };
}

function changeEntry(
  ctx: RouteContext,
  change: AzureChange,
  index: number,
  sha: string,
  content: string | Buffer | undefined,
): unknown {
  return {
    changeTrackingId: index + 1,
    changeId: index + 1,
    item: {
      ...(content === undefined ? {} : { objectId: objectId(content) }),
      gitObjectType: 'blob',
      commitId: sha,
      path: `/${change.path}`,
      url: `${ctx.collectionUrl}/_apis/git/items/${encodeURIComponent(change.path)}?versionType=Commit&version=${sha}`,
    },
    changeType: change.changeType,
    ...(change.originalPath === undefined
      ? {}
      : { originalPath: `/${change.originalPath}`, sourceServerItem: `/${change.originalPath}` }),
  };
}

function pageOf(
  ctx: RouteContext,
  query: URLSearchParams,
  total: number,
): { skip: number; top: number } | Reply {
  const top = query.get('$top') === null ? 100 : Number(query.get('$top'));
  const skip = query.get('$skip') === null ? 0 : Number(query.get('$skip'));
  if (!Number.isInteger(top) || top < 0 || !Number.isInteger(skip) || skip < 0) {
    return azureError(400, 'The value of $top or $skip is not valid.', 'InvalidArgumentValueException');
  }
  return { skip: Math.min(skip, total), top: Math.min(top, ctx.maxPage) };
}

const THREAD_KEYS = new Set([
  'comments',
  'status',
  'threadContext',
  'pullRequestThreadContext',
  'properties',
  'id',
  'isDeleted',
  '_links',
  'identities',
  'lastUpdatedDate',
  'publishedDate',
]);
const STATUSES = ['unknown', 'active', 'fixed', 'wontFix', 'closed', 'byDesign', 'pending'];
const COMMENT_TYPES = ['unknown', 'text', 'codeChange', 'system'];

function isPosition(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== 'object') return false;
  const { line, offset } = value as { line?: unknown; offset?: unknown };
  return (
    Number.isInteger(line) && (line as number) >= 1 && Number.isInteger(offset) && (offset as number) >= 1
  );
}

/** POST threads: what the documented GitPullRequestCommentThread allows; 400 as Azure answers otherwise. */
function createThread(pr: AzurePullRequest, body: unknown, store: AzureStore): Reply {
  const invalid = (why: string) => azureError(400, why, 'InvalidArgumentValueException');
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return invalid('Value cannot be null. Parameter name: commentThread');
  const thread = body as Record<string, unknown>;
  const unknown = Object.keys(thread).filter((k) => !THREAD_KEYS.has(k));
  if (unknown.length > 0) return invalid(`Unknown thread properties: ${unknown.join(', ')}`);
  const comments = thread.comments;
  if (!Array.isArray(comments) || comments.length === 0)
    return invalid('A thread must contain at least one comment.');
  const stored: AzureThread = { id: store.nextThreadId(), comments: [] };
  for (const [i, raw] of comments.entries()) {
    const comment = raw as Record<string, unknown>;
    if (
      typeof comment !== 'object' ||
      comment === null ||
      typeof comment.content !== 'string' ||
      comment.content === ''
    ) {
      return invalid('The comment content must be a non-empty string.');
    }
    const type = comment.commentType ?? 1;
    const typeName = typeof type === 'number' ? COMMENT_TYPES[type] : COMMENT_TYPES.find((t) => t === type);
    if (typeName === undefined) return invalid(`Invalid commentType ${String(type)}`);
    stored.comments.push({
      id: i + 1,
      parentCommentId: Number(comment.parentCommentId ?? 0),
      content: comment.content,
      commentType: typeName,
    });
  }
  if (thread.status !== undefined) {
    const status =
      typeof thread.status === 'number' ? STATUSES[thread.status] : STATUSES.find((s) => s === thread.status);
    if (status === undefined) return invalid(`Invalid thread status ${String(thread.status)}`);
    stored.status = status;
  }
  const context = thread.threadContext as Record<string, unknown> | null | undefined;
  if (context !== undefined && context !== null) {
    if (typeof context.filePath !== 'string' || context.filePath === '')
      return invalid('threadContext.filePath is required.');
    for (const side of ['rightFileStart', 'rightFileEnd', 'leftFileStart', 'leftFileEnd']) {
      if (!isPosition(context[side]))
        return invalid(`threadContext.${side} must have a line and an offset of at least 1.`);
    }
    stored.threadContext = context;
  }
  if (thread.pullRequestThreadContext !== undefined)
    stored.pullRequestThreadContext = thread.pullRequestThreadContext as Record<string, unknown>;
  pr.threads.push(stored);
  return { status: 200, body: { ...stored, publishedDate: new Date().toISOString() } };
}

/** Answers one request below the collection root, or undefined for a route the stand-in does not know. */
export function route(
  ctx: RouteContext,
  method: string,
  apiPath: string,
  query: URLSearchParams,
  body: unknown,
): Reply | undefined {
  const match = /^\/([^/]+)\/_apis\/git\/repositories\/([^/]+)(\/.*)?$/i.exec(apiPath);
  if (match === null) return undefined;
  const [, rawProject = '', rawRepo = '', rest = ''] = match;
  const project = decodeURIComponent(rawProject);
  const repoName = decodeURIComponent(rawRepo);
  const repo = ctx.store.findRepository(project, repoName);
  if (repo === undefined) {
    return azureError(
      404,
      `TF401019: The Git repository with name or identifier ${repoName} does not exist or you do not have permissions for the operation you are attempting.`,
      'GitRepositoryNotFoundException',
    );
  }
  const store = ctx.store;
  const pr = /^\/pullrequests\/(\d+)(\/.*)?$/i.exec(rest);
  if (pr !== null) {
    const pull = repo.pullRequests.get(Number(pr[1]));
    if (pull === undefined)
      return azureError(
        404,
        `TF401180: The requested pull request was not found.`,
        'GitPullRequestNotFoundException',
      );
    const sub = pr[2] ?? '';
    if (sub === '' && method === 'GET') return { status: 200, body: pullRequestBody(ctx, repo, pull) };
    if (/^\/iterations$/i.test(sub) && method === 'GET') {
      const value = pull.iterations.map((it) => ({
        id: it.id,
        sourceRefCommit: { commitId: it.source },
        targetRefCommit: { commitId: it.target },
        commonRefCommit: { commitId: it.common },
        hasMoreCommits: false,
        reason: it.id === 1 ? 'create' : 'push',
      }));
      return { status: 200, body: { value, count: value.length } };
    }
    const changes = /^\/iterations\/(\d+)\/changes$/i.exec(sub);
    if (changes !== null && method === 'GET') {
      const iteration = pull.iterations.find((it) => it.id === Number(changes[1]));
      if (iteration === undefined)
        return azureError(
          404,
          'TF401176: The requested pull request iteration was not found.',
          'GitPullRequestIterationNotFoundException',
        );
      const compareTo = Number(query.get('$compareTo') ?? 0);
      const base =
        compareTo === 0 ? iteration.common : pull.iterations.find((it) => it.id === compareTo)?.source;
      if (base === undefined)
        return azureError(400, 'The $compareTo iteration does not exist.', 'InvalidArgumentValueException');
      const all = store.changes(base, iteration.source);
      const page = pageOf(ctx, query, all.length);
      if ('status' in page) return page;
      const slice = all.slice(page.skip, page.skip + page.top);
      const entries = slice.map((c, i) =>
        changeEntry(ctx, c, page.skip + i, iteration.source, file(store, iteration.source, c.path)),
      );
      const next = page.skip + slice.length;
      return {
        status: 200,
        body: { changeEntries: entries, ...(next < all.length ? { nextSkip: next, nextTop: page.top } : {}) },
      };
    }
    if (/^\/threads$/i.test(sub) && method === 'GET') {
      return { status: 200, body: { value: pull.threads, count: pull.threads.length } };
    }
    if (/^\/threads$/i.test(sub) && method === 'POST') return createThread(pull, body, store);
    return undefined;
  }
  if (/^\/items$/i.test(rest) && method === 'GET') return item(ctx, repo.name, query);
  if (/^\/diffs\/commits$/i.test(rest) && method === 'GET') return commitDiffs(ctx, query);
  return undefined;
}

function file(store: AzureStore, sha: string, path: string): string | Buffer | undefined {
  const content = store.file(sha, path);
  return content === 'folder' ? undefined : content;
}

function item(ctx: RouteContext, repoName: string, query: URLSearchParams): Reply {
  const path = query.get('path') ?? '';
  const version = query.get('versionDescriptor.version') ?? 'main';
  const type = (query.get('versionDescriptor.versionType') ?? 'branch').toLowerCase();
  const sha = ctx.store.resolve(version, type);
  if (sha === undefined)
    return azureError(
      404,
      `TF401175: The version descriptor <${type}: ${version}> could not be resolved to a version in the repository ${repoName}`,
      'GitUnresolvableToCommitException',
    );
  const relative = path.replace(/^\/+/, '');
  const content = ctx.store.file(sha, relative);
  if (content === undefined || relative === '') {
    return azureError(
      404,
      `TF401174: The item '${path}' could not be found in the repository '${repoName}' at the version specified by '<Commit: ${sha}>' (resolved from '<${type}: ${version}>').`,
      'GitItemNotFoundException',
    );
  }
  if (content === 'folder') {
    return {
      status: 200,
      body: {
        objectId: objectId(relative),
        gitObjectType: 'tree',
        commitId: sha,
        path: `/${relative}`,
        isFolder: true,
      },
    };
  }
  const binary = Buffer.isBuffer(content);
  const withContent = query.get('includeContent') === 'true';
  const withMetadata = query.get('includeContentMetadata') === 'true';
  return {
    status: 200,
    body: {
      objectId: objectId(content),
      gitObjectType: 'blob',
      commitId: sha,
      path: `/${relative}`,
      ...(withMetadata
        ? {
            contentMetadata: {
              encoding: binary ? 0 : 65001,
              fileName: relative.split('/').at(-1),
              isBinary: binary,
            },
          }
        : {}),
      ...(withContent ? { content: binary ? content.toString('base64') : content } : {}),
      url: `${ctx.collectionUrl}/_apis/git/items?path=${encodeURIComponent(`/${relative}`)}&versionType=Commit&version=${sha}`,
    },
  };
}

function commitDiffs(ctx: RouteContext, query: URLSearchParams): Reply {
  const base = query.get('baseVersion');
  const target = query.get('targetVersion');
  const baseType = (query.get('baseVersionType') ?? 'branch').toLowerCase();
  const targetType = (query.get('targetVersionType') ?? 'branch').toLowerCase();
  if (base === null || target === null)
    return azureError(400, 'baseVersion and targetVersion are required.', 'InvalidArgumentValueException');
  const from = ctx.store.resolve(base, baseType);
  const to = ctx.store.resolve(target, targetType);
  if (from === undefined || to === undefined) {
    return azureError(
      404,
      `TF401175: The version descriptor <${baseType}: ${base}> could not be resolved to a version in the repository.`,
      'GitUnresolvableToCommitException',
    );
  }
  const common = ctx.store.commonAncestor(from, to);
  const diffCommon = query.get('diffCommonCommit') !== 'false';
  const all = ctx.store.changes(diffCommon && common !== undefined ? common : from, to);
  const page = pageOf(ctx, query, all.length);
  if ('status' in page) return page;
  const slice = all.slice(page.skip, page.skip + page.top);
  const count = (sha: string) => {
    let n = 0;
    for (let c: string | undefined = sha; c !== undefined && c !== common; c = ctx.store.parentOf(c)) n += 1;
    return n;
  };
  return {
    status: 200,
    body: {
      allChangesIncluded: page.skip + slice.length >= all.length,
      changeCounts: {
        Add: all.filter((c) => c.changeType === 'add').length,
        Edit: all.filter((c) => c.changeType === 'edit').length,
      },
      changes: slice.map((c) => ({
        item: { gitObjectType: 'blob', path: `/${c.path}`, commitId: to },
        changeType: c.changeType,
        ...(c.originalPath === undefined
          ? {}
          : { sourceServerItem: `/${c.originalPath}`, originalPath: `/${c.originalPath}` }),
      })),
      ...(common === undefined ? {} : { commonCommit: common }),
      baseCommit: from,
      targetCommit: to,
      aheadCount: count(to),
      behindCount: count(from),
    },
  };
}
