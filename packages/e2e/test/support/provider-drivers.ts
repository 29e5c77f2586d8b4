import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AzureDevopsStandIn,
  type AzureThread,
  type BitbucketStandIn,
  githubDeliveryHeaders,
  githubPullRequestEvent,
  type GithubStandIn,
  type GitlabStandIn,
  REPO_ROOT,
} from '@kodus/test-helpers';

/** A file a pull request changes, in the neutral form each driver turns into its stand-in's shape. */
export interface ChangedFile {
  path: string;
  /** Unified-diff hunks from the first `@@`. */
  patch: string;
  /** A new file (otherwise modified). */
  added?: boolean;
}

export interface PullRequestSeed {
  number: number;
  head: string;
  base: string;
  files: ChangedFile[];
}

export interface Delivered {
  status: number;
  body: Record<string, unknown>;
}

/** What is on the pull request at the provider: inline comments as [path, line], summaries as their text. */
export interface Posted {
  inline: Array<[string, number]>;
  summaries: string[];
  /** Every comment's text, inline and summary. */
  texts: string[];
}

/**
 * One provider as the review suite drives it: seeds its API stand-in, sends the signed deliveries its
 * webhooks send (built from the captured fixtures where the adapters' tests have them), reads back
 * what Kodus posted.
 */
/**
 * Some of a stand-in's methods, called in-process or through the stand-ins process's control API
 * (packages/test-helpers/src/stand-ins/serve.ts): either way the driver awaits the answer.
 */
export type Handle<T, K extends keyof T> = {
  [P in K]: T[P] extends (...args: infer A) => infer R ? (...args: A) => R | Promise<Awaited<R>> : never;
};

export interface ProviderDriver {
  provider: 'github' | 'gitlab' | 'bitbucket' | 'azure-devops';
  /** The repository's full name as the API lists it. */
  repository: string;
  /** The worker's environment for this provider (token, API URL). */
  workerEnv: Record<string, string>;
  /** The webhook handler's environment (the webhook secret). */
  webhookEnv: Record<string, string>;
  open(pr: PullRequestSeed): Promise<void>;
  /** The "pull request opened" delivery; `deliveryId` is the provider's delivery key (redeliveries reuse it). */
  deliverOpened(webhookUrl: string, pr: PullRequestSeed, deliveryId: string): Promise<Delivered>;
  /** New commits: `next` is the new head, `files` the whole pull request, `since` what the new commits changed. */
  push(
    webhookUrl: string,
    pr: PullRequestSeed,
    next: string,
    files: ChangedFile[],
    since: ChangedFile[],
  ): Promise<Delivered>;
  posted(number: number): Promise<Posted>;
}

const FIXTURES = join(REPO_ROOT, 'packages', 'git-providers', 'test', 'fixtures');

async function post(url: string, headers: Record<string, string>, body: string): Promise<Delivered> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export function githubDriver(
  github: Handle<GithubStandIn, 'addPullRequest' | 'pushHead' | 'setComparison' | 'reviews'>,
  apiUrl: string,
  secret: string,
): ProviderDriver {
  const repo = { owner: 'acme', name: 'billing' };
  const files = (list: ChangedFile[]) =>
    list.map((f) => ({
      filename: f.path,
      status: f.added ? ('added' as const) : ('modified' as const),
      patch: f.patch,
    }));
  const deliver = (
    webhookUrl: string,
    action: string,
    pr: PullRequestSeed,
    head: string,
    deliveryId: string,
  ) => {
    const body = JSON.stringify(
      githubPullRequestEvent({
        repo,
        number: pr.number,
        headSha: head,
        baseSha: pr.base,
        action,
        title: 'Export invoices to S3',
        ...(action === 'synchronize' ? { extra: { before: pr.head, after: head } } : {}),
      }),
    );
    return post(`${webhookUrl}/webhooks/github`, githubDeliveryHeaders(body, secret, { deliveryId }), body);
  };
  return {
    provider: 'github',
    repository: 'acme/billing',
    workerEnv: { GITHUB_TOKEN: 'e2e-token', GITHUB_API_URL: apiUrl },
    webhookEnv: { GITHUB_WEBHOOK_SECRET: secret },
    async open(pr) {
      await github.addPullRequest(repo, {
        number: pr.number,
        headSha: pr.head,
        baseSha: pr.base,
        title: 'Export invoices to S3',
        files: files(pr.files),
      });
    },
    deliverOpened: (url, pr, id) => deliver(url, 'opened', pr, pr.head, id),
    async push(url, pr, next, all, since) {
      await github.pushHead(repo, pr.number, next, files(all));
      await github.setComparison(repo, pr.head, next, { status: 'ahead', files: files(since) });
      return deliver(url, 'synchronize', pr, next, randomUUID());
    },
    async posted(number) {
      const reviews = await github.reviews(repo, number);
      const inline = reviews.flatMap((r) => r.comments.map((c): [string, number] => [c.path, c.line ?? -1]));
      return {
        inline,
        summaries: reviews.map((r) => r.body),
        texts: reviews.flatMap((r) => [r.body, ...r.comments.map((c) => c.body)]),
      };
    },
  };
}

export function gitlabDriver(
  gitlab: Handle<GitlabStandIn, 'addMergeRequest' | 'pushHead' | 'setComparison' | 'discussions'>,
  apiUrl: string,
  token: string,
): ProviderDriver {
  const project = { id: 4242, path: 'acme/platform/billing' };
  const files = (list: ChangedFile[]) =>
    list.map((f) => ({ newPath: f.path, diff: f.patch, ...(f.added ? { newFile: true } : {}) }));
  /** A captured `Merge Request Hook` (action open), re-addressed to the stand-in's merge request. */
  const payload = (pr: PullRequestSeed) => {
    const body = JSON.parse(readFileSync(join(FIXTURES, 'gitlab', 'merge_request.open.json'), 'utf8')) as {
      project: { id: number; path_with_namespace: string };
      object_attributes: Record<string, unknown> & { iid: number; last_commit: { id: string } };
    };
    body.project.id = project.id;
    body.project.path_with_namespace = project.path;
    body.object_attributes.iid = pr.number;
    body.object_attributes.last_commit.id = pr.head;
    return body;
  };
  const deliver = (webhookUrl: string, body: unknown, key: string) =>
    post(
      `${webhookUrl}/webhooks/gitlab`,
      {
        'x-gitlab-event': 'Merge Request Hook',
        'x-gitlab-token': token,
        'idempotency-key': key,
        'x-gitlab-webhook-uuid': randomUUID(),
      },
      JSON.stringify(body),
    );
  return {
    provider: 'gitlab',
    repository: project.path,
    workerEnv: { GITLAB_TOKEN: 'e2e-token', GITLAB_URL: apiUrl },
    webhookEnv: { GITLAB_WEBHOOK_TOKEN: token },
    async open(pr) {
      await gitlab.addMergeRequest(project, {
        iid: pr.number,
        headSha: pr.head,
        baseSha: pr.base,
        title: 'Export invoices to S3',
        files: files(pr.files),
      });
    },
    deliverOpened: (url, pr, key) => deliver(url, payload(pr), key),
    async push(url, pr, next, all, since) {
      await gitlab.pushHead(project, pr.number, next, files(all));
      await gitlab.setComparison(project, pr.head, next, files(since));
      const update = payload(pr);
      update.object_attributes = {
        ...update.object_attributes,
        action: 'update',
        oldrev: pr.head,
        last_commit: { id: next },
      };
      return deliver(url, update, randomUUID());
    },
    async posted(number) {
      const notes = (await gitlab.discussions(project, number)).flatMap((d) => d.notes);
      return {
        inline: notes
          .filter((n) => n.position !== undefined)
          .map((n): [string, number] => [n.position?.newPath ?? '', n.position?.newLine ?? -1]),
        summaries: notes.filter((n) => n.position === undefined).map((n) => n.body),
        texts: notes.map((n) => n.body),
      };
    },
  };
}

export function bitbucketDriver(
  bitbucket: Handle<BitbucketStandIn, 'addPullRequest' | 'pushHead' | 'comments'>,
  apiUrl: string,
  secret: string,
): ProviderDriver {
  const repo = { workspace: 'acme', slug: 'billing' };
  const files = (list: ChangedFile[]) =>
    list.map((f) => ({
      path: f.path,
      status: f.added ? ('added' as const) : ('modified' as const),
      patch: f.patch,
    }));
  /** A captured `pullrequest:created` delivery, re-addressed; Bitbucket sends 12-character hashes. */
  const payload = (pr: PullRequestSeed, head: string) => {
    const body = JSON.parse(
      readFileSync(join(FIXTURES, 'bitbucket', 'pullrequest_created.json'), 'utf8'),
    ) as {
      repository: { full_name: string };
      pullrequest: {
        id: number;
        source: { commit: { hash: string } };
        destination: { commit: { hash: string } };
      };
    };
    body.repository.full_name = `${repo.workspace}/${repo.slug}`;
    body.pullrequest.id = pr.number;
    body.pullrequest.source.commit.hash = head.slice(0, 12);
    body.pullrequest.destination.commit.hash = pr.base.slice(0, 12);
    return JSON.stringify(body);
  };
  const deliver = (webhookUrl: string, event: string, body: string, deliveryId: string) =>
    post(
      `${webhookUrl}/webhooks/bitbucket`,
      {
        'x-event-key': event,
        'x-request-uuid': deliveryId,
        'x-hub-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      },
      body,
    );
  return {
    provider: 'bitbucket',
    repository: 'acme/billing',
    workerEnv: { BITBUCKET_TOKEN: 'e2e-token', BITBUCKET_API_URL: apiUrl },
    webhookEnv: { BITBUCKET_WEBHOOK_SECRET: secret },
    async open(pr) {
      await bitbucket.addPullRequest(repo, {
        id: pr.number,
        headSha: pr.head,
        baseSha: pr.base,
        title: 'Export invoices to S3',
        files: files(pr.files),
      });
    },
    deliverOpened: (url, pr, id) => deliver(url, 'pullrequest:created', payload(pr, pr.head), id),
    async push(url, pr, next, all, since) {
      await bitbucket.pushHead(repo, pr.number, next, { files: files(all), since: files(since) });
      return deliver(url, 'pullrequest:updated', payload(pr, next), randomUUID());
    },
    async posted(number) {
      const comments = await bitbucket.comments(repo, number);
      return {
        inline: comments
          .filter((c) => c.inline !== undefined)
          .map((c): [string, number] => [c.inline?.path ?? '', c.inline?.to ?? -1]),
        summaries: comments.filter((c) => c.inline === undefined).map((c) => c.raw),
        texts: comments.map((c) => c.raw),
      };
    },
  };
}

/** A file's text before and after a whole-file patch (the suite's patches each cover their whole file). */
function contentsOf(patch: string): { before: string; after: string } {
  const lines = patch.split('\n').slice(1);
  const side = (drop: string) =>
    lines
      .filter((l) => !l.startsWith(drop))
      .map((l) => `${l.slice(1)}\n`)
      .join('');
  return { before: side('+'), after: side('-') };
}

export function azureDevopsDriver(
  azure: Handle<AzureDevopsStandIn, 'addCommit' | 'addPullRequest' | 'push' | 'threads' | 'repositoryId'>,
  /** The collection URL as the worker reaches it. */
  apiUrl: string,
  password: string,
): ProviderDriver {
  const repo = { project: 'Billing', name: 'billing' };
  const user = 'kodus-hook';
  const tree = (list: ChangedFile[], side: 'before' | 'after') =>
    Object.fromEntries(
      list.flatMap((f) =>
        f.added === true && side === 'before' ? [] : [[f.path, contentsOf(f.patch)[side]]],
      ),
    );
  /** A captured `git.pullrequest.created` delivery, re-addressed to the stand-in's collection. */
  const payload = async (eventType: string, pr: PullRequestSeed, head: string, id: string) => {
    const body = JSON.parse(
      readFileSync(join(FIXTURES, 'azure-devops', 'git.pullrequest.created.docs.json'), 'utf8'),
    ) as Record<string, unknown> & { resource: Record<string, unknown> };
    const repositoryId = await azure.repositoryId(repo);
    body.id = id;
    body.eventType = eventType;
    body.resourceContainers = { collection: { id: randomUUID(), baseUrl: `${apiUrl}/` } };
    body.resource = {
      ...body.resource,
      repository: {
        id: repositoryId,
        name: repo.name,
        url: `${apiUrl}/${repo.project}/_apis/git/repositories/${repositoryId}`,
        project: { id: randomUUID(), name: repo.project, state: 'wellFormed' },
      },
      pullRequestId: pr.number,
      status: 'active',
      isDraft: false,
      lastMergeSourceCommit: { commitId: head },
      lastMergeTargetCommit: { commitId: pr.base },
    };
    return JSON.stringify(body);
  };
  const deliver = (webhookUrl: string, body: string) =>
    post(
      `${webhookUrl}/webhooks/azure-devops`,
      { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
      body,
    );
  return {
    provider: 'azure-devops',
    repository: `kodus-org/${repo.project}/${repo.name}`,
    workerEnv: { AZURE_DEVOPS_TOKEN: 'e2e-token', AZURE_DEVOPS_URL: apiUrl },
    webhookEnv: { AZURE_DEVOPS_WEBHOOK_USER: user, AZURE_DEVOPS_WEBHOOK_PASSWORD: password },
    async open(pr) {
      await azure.addCommit({ sha: pr.base, files: tree(pr.files, 'before') });
      await azure.addCommit({ sha: pr.head, parent: pr.base, files: tree(pr.files, 'after') });
      await azure.addPullRequest(repo, {
        id: pr.number,
        head: pr.head,
        target: pr.base,
        title: 'Export invoices to S3',
      });
    },
    deliverOpened: async (url, pr, id) =>
      deliver(url, await payload('git.pullrequest.created', pr, pr.head, id)),
    async push(url, pr, next, all) {
      await azure.addCommit({ sha: next, parent: pr.head, files: tree(all, 'after') });
      await azure.push(repo, pr.number, next);
      return deliver(url, await payload('git.pullrequest.updated', pr, next, randomUUID()));
    },
    async posted(number) {
      const threads = (await azure.threads(repo, number)).filter((t) => t.isDeleted !== true);
      const textOf = (t: AzureThread) => t.comments.map((c) => c.content).join('\n');
      const context = (t: AzureThread) =>
        t.threadContext as { filePath?: string; rightFileStart?: { line?: number } } | null | undefined;
      return {
        inline: threads
          .filter((t) => context(t)?.filePath !== undefined)
          .map((t): [string, number] => [
            (context(t)?.filePath ?? '').replace(/^\//, ''),
            context(t)?.rightFileStart?.line ?? -1,
          ]),
        summaries: threads.filter((t) => context(t)?.filePath === undefined).map(textOf),
        texts: threads.map(textOf),
      };
    },
  };
}

/**
 * A stand-in served by the stand-ins process (packages/test-helpers/src/stand-ins/serve.ts), driven
 * through its control API: each method call is one POST /call.
 */
export function remoteStandIn<T>(controlUrl: string, standIn: string): T {
  return new Proxy(
    {},
    {
      get:
        (_target, method) =>
        async (...args: unknown[]) => {
          const response = await fetch(`${controlUrl}/call`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ standIn, method, args }),
          });
          const body = (await response.json()) as { result?: unknown; message?: string };
          if (response.status !== 200) throw new Error(`${standIn}.${String(method)}: ${body.message}`);
          return body.result;
        },
    },
  ) as T;
}
