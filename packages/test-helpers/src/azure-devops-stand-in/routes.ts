import type { AzureChange, AzurePullRequest, AzureStore } from './state';
import { azureError, objectId, pageOf, type Reply, type RouteContext } from './reply';
import { commitDiffs, item, items } from './repository-routes';
import { createThread } from './thread-requests';

export { azureError, type Reply, type RouteContext } from './reply';

/**
 * The Azure DevOps Git REST operations the Kodus client uses, answered from memory in the documented
 * shapes (learn.microsoft.com/rest/api/azure/devops/git: Pull Requests - Get Pull Request By Id,
 * Pull Request Iterations - List, Pull Request Iteration Changes - Get, Items - Get, Diffs - Get,
 * Pull Request Threads - List / Create).
 */

function file(store: AzureStore, sha: string, path: string): string | Buffer | undefined {
  const content = store.file(sha, path);
  return content === 'folder' ? undefined : content;
}

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
    mergeStatus: pr.mergeInProgress === true ? 'queued' : 'succeeded',
    ...(pr.mergeInProgress === true
      ? {}
      : {
          lastMergeSourceCommit: commitRef(ctx, repo.id, last?.source ?? ''),
          lastMergeTargetCommit: commitRef(ctx, repo.id, last?.target ?? ''),
        }),
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
    if (/^\/threads$/i.test(sub) && method === 'POST') return createThread(pull, body, store, ctx.identity);
    return undefined;
  }
  if (/^\/items$/i.test(rest) && method === 'GET') {
    // Items - List names a scopePath; Items - Get a path.
    return query.has('scopePath') ? items(ctx, repo.name, query) : item(ctx, repo.name, query);
  }
  if (/^\/diffs\/commits$/i.test(rest) && method === 'GET') return commitDiffs(ctx, query);
  return undefined;
}
