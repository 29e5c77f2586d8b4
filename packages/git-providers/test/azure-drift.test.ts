import { AzureDevopsStandIn, type AzureRecordedRequest } from '@kodus/test-helpers';
import { createAzureDevopsClient } from '../src/azure-devops/adapter';
import type { AzureLocator } from '../src/azure-devops/locator';
import { AzureDevopsDescription } from './support/azure-devops-description';

/**
 * Drift guard: every request the client sends is a documented Azure DevOps Git operation (routes from
 * learn.microsoft.com/rest/api/azure/devops/git, noted per operation) with only the query parameters
 * azure-devops-node-api sends for it, a thread body of GitPullRequestCommentThread's properties, and the
 * stand-in answers only properties the resource interfaces declare.
 */

const REPO_PATH = String.raw`^/[^/]+/_apis/git/repositories/[^/]+`;
const OPERATIONS = [
  // .../git/pull-requests/get-pull-request-by-id (the repository-scoped "Get Pull Request")
  {
    method: 'GET',
    route: new RegExp(`${REPO_PATH}/pullRequests/\\d+$`, 'i'),
    api: 'getPullRequest',
    answer: 'GitPullRequest',
  },
  // .../git/pull-request-iterations/list
  {
    method: 'GET',
    route: new RegExp(`${REPO_PATH}/pullRequests/\\d+/iterations$`, 'i'),
    api: 'getPullRequestIterations',
    answer: 'GitPullRequestIteration',
    list: true,
  },
  // .../git/pull-request-iteration-changes/get
  {
    method: 'GET',
    route: new RegExp(`${REPO_PATH}/pullRequests/\\d+/iterations/\\d+/changes$`, 'i'),
    api: 'getPullRequestIterationChanges',
    answer: 'GitPullRequestIterationChanges',
  },
  // .../git/pull-request-threads/list and /create
  {
    method: 'GET',
    route: new RegExp(`${REPO_PATH}/pullRequests/\\d+/threads$`, 'i'),
    api: 'getThreads',
    answer: 'GitPullRequestCommentThread',
    list: true,
  },
  {
    method: 'POST',
    route: new RegExp(`${REPO_PATH}/pullRequests/\\d+/threads$`, 'i'),
    api: 'createThread',
    body: 'GitPullRequestCommentThread',
    answer: 'GitPullRequestCommentThread',
  },
  // .../git/items/get (a `path`) and .../git/items/list (a `scopePath`), one route
  {
    method: 'GET',
    route: new RegExp(`${REPO_PATH}/items$`, 'i'),
    api: 'getItem',
    answer: 'GitItem',
    naming: 'path',
  },
  {
    method: 'GET',
    route: new RegExp(`${REPO_PATH}/items$`, 'i'),
    api: 'getItems',
    answer: 'GitItem',
    list: true,
    naming: 'scopePath',
  },
  // .../core (Locations): connectionData, who the credential authenticates as (Kodus's own comments)
  {
    method: 'GET',
    route: /^\/_apis\/connectionData$/i,
    api: 'getConnectionData',
    answer: 'ConnectionData',
  },
  // .../git/diffs/get
  {
    method: 'GET',
    route: new RegExp(`${REPO_PATH}/diffs/commits$`, 'i'),
    api: 'getCommitDiffs',
    answer: 'GitCommitDiffs',
  },
];

const operationOf = (r: AzureRecordedRequest) =>
  OPERATIONS.find(
    (op) =>
      op.method === r.method &&
      op.route.test(r.apiPath) &&
      (op.naming === undefined || r.query[op.naming] !== undefined),
  );

const sha = (n: number) => n.toString(16).padStart(40, 'b');

async function traffic(): Promise<AzureRecordedRequest[]> {
  const azure = await new AzureDevopsStandIn({ maxPage: 1 }).start();
  try {
    azure.addCommit({ sha: sha(1), files: { 'a.ts': 'a\n', 'b.bin': Buffer.from([0, 1]) } });
    azure.addCommit({
      sha: sha(2),
      parent: sha(1),
      files: { 'a.ts': 'A\n', 'c.ts': 'c\n', 'b.bin': Buffer.from([0, 2]) },
    });
    azure.addCommit({
      sha: sha(3),
      parent: sha(2),
      files: { 'a.ts': 'A\nB\n', 'c.ts': 'c\n', 'b.bin': Buffer.from([0, 2]) },
    });
    azure.addPullRequest({ project: 'P', name: 'r' }, { id: 1, head: sha(2), target: sha(1) });
    azure.push({ project: 'P', name: 'r' }, 1, sha(3));
    const repo: AzureLocator = {
      provider: 'azure-devops',
      collectionUrl: azure.url,
      organization: 'kodus-org',
      project: 'P',
      repository: 'r',
      repositoryId: azure.repositoryId({ project: 'P', name: 'r' }),
    };
    const client = createAzureDevopsClient(azure.url, 'test-pat', { apiVersion: '7.1' });
    const head = { number: 1, headSha: sha(3), baseSha: sha(1), startSha: sha(1) };
    await client.getPullRequest(repo, 1);
    await client.listChangedFiles(repo, head);
    await client.listChangedFilesBetween(repo, sha(2), sha(3));
    await client.readFile(repo, 'a.ts', 'main').catch(() => undefined);
    await client.readFile(repo, 'missing.ts', sha(3));
    await client.listDirectory(repo, '', sha(3));
    await client.listDirectory(repo, '.kody/rules', 'main');
    await client.publish(repo, 1, {
      head,
      summary: { key: 's-1', body: 'summary' },
      comments: [{ key: 'c-1', path: 'a.ts', line: 2, body: 'x' }],
    });
    return azure.requests;
  } finally {
    await azure.stop();
  }
}

describe('the Azure DevOps client’s traffic against azure-devops-node-api’s description', () => {
  const description = new AzureDevopsDescription();
  let requests: AzureRecordedRequest[];

  beforeAll(async () => {
    requests = await traffic();
  });

  it('uses only documented operations, and all of those listed', () => {
    const used = requests.map((r) => operationOf(r)?.api);
    expect(used).not.toContain(undefined);
    expect(new Set(used)).toEqual(new Set(OPERATIONS.map((op) => op.api)));
    expect(requests.some((r) => r.response.status === 404)).toBe(true);
  });

  it('sends only the query parameters each operation takes, and an api-version the package’s operations accept', () => {
    for (const request of requests) {
      const op = operationOf(request);
      if (op === undefined) continue;
      const allowed = description.queryParameters(op.api);
      const extra = Object.keys(request.query).filter((q) => q !== 'api-version' && !allowed.has(q));
      expect({ op: op.api, extra }).toEqual({ op: op.api, extra: [] });
      expect(Number.parseFloat(request.query['api-version'] ?? '')).toBeLessThanOrEqual(
        Number.parseFloat(description.apiVersion(op.api)),
      );
    }
  });

  it('posts thread bodies made of GitPullRequestCommentThread’s properties', () => {
    const posts = requests.filter((r) => r.method === 'POST');
    expect(posts.length).toBe(2);
    for (const post of posts)
      expect(description.undeclared(post.body, 'GitPullRequestCommentThread')).toEqual([]);
  });

  it('the stand-in answers only declared properties', () => {
    for (const request of requests) {
      const op = operationOf(request);
      if (op === undefined || request.response.status >= 300) continue;
      const body = request.response.body as { value?: unknown };
      const resource = op.list === true ? body.value : body;
      expect({ op: op.api, undeclared: description.undeclared(resource, op.answer) }).toEqual({
        op: op.api,
        undeclared: [],
      });
    }
  });

  it('the description is read (a guard that cannot pass on an empty parse)', () => {
    expect(description.queryParameters('getPullRequestIterationChanges')).toEqual(
      new Set(['$top', '$skip', '$compareTo']),
    );
    expect([...description.properties('CommentThreadContext').keys()]).toEqual(
      expect.arrayContaining(['filePath', 'rightFileStart', 'rightFileEnd']),
    );
    expect(
      description.undeclared(
        { threadContext: { filePath: '/a', rightFileStart: { line: 1, column: 2 } } },
        'GitPullRequestCommentThread',
      ),
    ).toEqual(['.threadContext.rightFileStart.column']);
  });
});
