import { createHmac } from 'node:crypto';
import { GithubStandIn } from '@kodus/test-helpers';
import {
  commentKey,
  createGithubProviderClient,
  findGithubInstallation,
  type GitProviderClient,
  githubAdapter,
  HeadMovedError,
  providerAdapter,
  readHiddenKey,
  RepositoryNameError,
  type ReviewToPublish,
} from '../src';
import { appKeyPair, BASE, changedFiles, HEAD, REPO } from './support/fixtures';

const LOCATOR = { provider: 'github' as const, ...REPO };
const PINNED = { number: 1, headSha: HEAD, baseSha: BASE, startSha: BASE };
const NEW_HEAD = 'c'.repeat(40);

describe('GitHub adapter: webhook', () => {
  const body = Buffer.from(
    JSON.stringify({
      action: 'synchronize',
      number: 1,
      pull_request: {
        number: 1,
        state: 'open',
        draft: false,
        title: 't',
        head: { sha: HEAD },
        base: { sha: BASE },
      },
      repository: { name: 'shop', owner: { login: 'acme' } },
      installation: { id: 42 },
      sender: { login: 'octocat' },
    }),
  );
  const headers = (extra: Record<string, string> = {}) => ({
    'x-github-event': 'pull_request',
    'x-github-delivery': 'd-1',
    'content-type': 'application/json',
    ...extra,
  });
  const sign = (secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

  it('verifies X-Hub-Signature-256 when a secret is set', () => {
    const verify = (h: Record<string, string>, secret?: string) =>
      githubAdapter.webhook.verify({ headers: headers(h), rawBody: body }, { github: secret });
    expect(verify({})).toEqual({ ok: true });
    expect(verify({}, 's3cret')).toMatchObject({ ok: false, problem: 'missing' });
    expect(verify({ 'x-hub-signature-256': sign('other') }, 's3cret')).toMatchObject({
      ok: false,
      problem: 'invalid',
    });
    expect(verify({ 'x-hub-signature-256': sign('s3cret') }, 's3cret')).toEqual({ ok: true });
  });

  it('normalizes synchronize to the neutral updated, with the locator and installation', () => {
    const outcome = githubAdapter.webhook.normalize(
      { headers: headers(), rawBody: body },
      JSON.parse(body.toString()),
    );
    expect(outcome).toEqual({
      kind: 'review',
      event: {
        provider: 'github',
        deliveryId: 'd-1',
        trigger: 'updated',
        repository: LOCATOR,
        pullRequest: { number: 1, headSha: HEAD, draft: false },
        githubInstallationId: 42,
        sender: 'octocat',
      },
    });
  });

  it('reads a form-encoded delivery, and refuses one without an event header', () => {
    const form = Buffer.from(`payload=${encodeURIComponent(body.toString())}`);
    const formHeaders = headers({ 'content-type': 'application/x-www-form-urlencoded' });
    expect(githubAdapter.webhook.normalize({ headers: formHeaders, rawBody: form }, undefined)).toMatchObject(
      {
        kind: 'review',
      },
    );
    const { 'x-github-event': _event, ...noEvent } = headers();
    expect(() => githubAdapter.webhook.normalize({ headers: noEvent, rawBody: body }, {})).toThrow(
      /X-GitHub-Event/,
    );
  });
});

describe('GitHub adapter: names and registry', () => {
  it('parses owner/name and refuses what GitHub cannot have', () => {
    expect(githubAdapter.parseFullName('acme/shop', {} as never)).toEqual(LOCATOR);
    expect(githubAdapter.fullName(LOCATOR)).toBe('acme/shop');
    for (const bad of ['acme', 'acme/shop/x', '../shop', 'acme/..', 'acme/sh op', '']) {
      expect(() => githubAdapter.parseFullName(bad, {} as never)).toThrow(RepositoryNameError);
    }
  });

  it('is registered; an unknown provider is not', () => {
    expect(providerAdapter('github')).toBe(githubAdapter);
    expect(providerAdapter('forgejo')).toBeUndefined();
    expect(providerAdapter('__proto__')).toBeUndefined();
  });
});

describe('GitHub adapter: client', () => {
  let github: GithubStandIn;
  let client: GitProviderClient;
  const keys = appKeyPair();

  beforeEach(async () => {
    github = await new GithubStandIn({ app: { appId: '7', publicKey: keys.publicKey } }).start();
    github.addPullRequest(REPO, {
      number: 1,
      headSha: HEAD,
      baseSha: BASE,
      files: changedFiles(3),
      body: 'why',
    });
    client = createGithubProviderClient(
      github.url,
      { kind: 'token', token: 'test-token' },
      { retry: { baseDelayMs: 1 } },
    );
  });
  afterEach(() => github.stop());

  const review = (lines: number[]): ReviewToPublish => ({
    head: PINNED,
    summary: { key: commentKey('summary', HEAD), body: 'Summary' },
    comments: lines.map((line, i) => ({
      key: commentKey('inline', HEAD, i, line),
      path: `src/module-000${i}.ts`,
      line,
      body: `comment ${i}`,
    })),
  });
  const posts = () => github.requests.filter((r) => r.method === 'POST').length;

  it('reads the pull request with its description; files pinned to the head', async () => {
    await expect(client.getPullRequest(LOCATOR, 1)).resolves.toMatchObject({
      headSha: HEAD,
      baseSha: BASE,
      startSha: BASE,
      description: 'why',
    });
    await expect(client.listChangedFiles(LOCATOR, PINNED)).resolves.toHaveLength(3);
  });

  it('throws HeadMovedError when the pull request moves while its files are read', async () => {
    github.beforeNext({ method: 'GET', path: /\/pulls\/1$/ }, () => github.pushHead(REPO, 1, NEW_HEAD));
    const error = await client.listChangedFiles(LOCATOR, PINNED).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeadMovedError);
    expect(error).toMatchObject({ currentHeadSha: NEW_HEAD, retryable: false });
  });

  it('reads the files, then the pull request as it is after them (one read of the pull request)', async () => {
    const read = await client.readPullRequestWithFiles!(LOCATOR, 1);
    expect(read.files).toHaveLength(3);
    expect(read.pullRequest).toMatchObject({ headSha: HEAD, baseSha: BASE, description: 'why' });
    expect(github.requests.map((r) => r.apiPath)).toEqual([
      `/repos/${REPO.owner}/${REPO.name}/pulls/1/files`,
      `/repos/${REPO.owner}/${REPO.name}/pulls/1`,
    ]);
    // A push while the files are read: the pull request answers the new head (the caller's job is stale).
    github.beforeNext({ method: 'GET', path: /\/pulls\/1\/files$/ }, () =>
      github.pushHead(REPO, 1, NEW_HEAD),
    );
    await expect(client.readPullRequestWithFiles!(LOCATOR, 1)).resolves.toMatchObject({
      pullRequest: { headSha: NEW_HEAD },
    });
  });

  it('lists files between two heads with the compare API; not an ancestor → undefined', async () => {
    github.setComparison(REPO, HEAD, NEW_HEAD, { status: 'ahead', files: changedFiles(1) });
    await expect(client.listChangedFilesBetween(LOCATOR, HEAD, NEW_HEAD)).resolves.toMatchObject([
      { path: 'src/module-0000.ts', status: 'modified' },
    ]);
    github.setComparison(REPO, BASE, NEW_HEAD, { status: 'diverged', files: changedFiles(1) });
    await expect(client.listChangedFilesBetween(LOCATOR, BASE, NEW_HEAD)).resolves.toBeUndefined();
    github.setComparison(REPO, NEW_HEAD, NEW_HEAD, { status: 'identical', files: [] });
    await expect(client.listChangedFilesBetween(LOCATOR, NEW_HEAD, NEW_HEAD)).resolves.toEqual([]);
    // A commit GitHub no longer has (force-pushed away): compare answers 404.
    await expect(client.listChangedFilesBetween(LOCATOR, 'd'.repeat(40), NEW_HEAD)).resolves.toBeUndefined();
    await expect(client.listChangedFilesBetween(LOCATOR, '../x', NEW_HEAD)).rejects.toThrow(
      /invalid commit SHA/,
    );
  });

  it('publishes one atomic review, found again by its summary key: a second publish posts nothing', async () => {
    const first = await client.publish(LOCATOR, 1, review([2, 2]));
    expect(first.posted).toHaveLength(3);
    expect(posts()).toBe(1);
    const [stored] = github.reviews(REPO, 1);
    expect(readHiddenKey(stored?.body)).toBe(commentKey('summary', HEAD));
    expect(stored?.comments.map((c) => readHiddenKey(c.body))).toEqual(
      review([2, 2]).comments.map((c) => c.key),
    );

    const again = await client.publish(LOCATOR, 1, review([2, 2]));
    expect(again).toMatchObject({ summaryId: first.summaryId, posted: [], refused: [] });
    expect(again.alreadyPosted).toHaveLength(3);
    expect(posts()).toBe(1);
    const listed = await client.listPostedComments(LOCATOR, 1);
    expect(listed.map((c) => c.kind).sort()).toEqual(['inline', 'inline', 'summary']);
    expect(listed.find((c) => c.kind === 'summary')?.body).toBe('Summary');
  });

  it('when GitHub refuses the review for one line, posts the others alone and the summary, once', async () => {
    const result = await client.publish(LOCATOR, 1, review([2, 99, 3]));
    expect(result.refused).toEqual([
      { key: review([2, 99, 3]).comments[1]?.key, reason: expect.stringMatching(/422/) },
    ]);
    expect(result.posted).toHaveLength(3);
    expect(github.reviewComments(REPO, 1)).toHaveLength(2);
    const postsAfter = posts();
    const again = await client.publish(LOCATOR, 1, review([2, 99, 3]));
    expect(again.posted).toEqual([]);
    expect(posts()).toBe(postsAfter);
    expect(github.reviews(REPO, 1)).toHaveLength(1);
  });

  it('runs a manual review (no installation id) as the app: the installation looked up with the app JWT', async () => {
    const access = {
      github: { apiUrl: github.url, app: { id: '7', privateKey: keys.privateKey } },
      gitlab: { url: 'https://gitlab.com' },
      bitbucket: { apiUrl: 'https://api.bitbucket.org/2.0' },
      azureDevops: {},
    };
    const manual = githubAdapter.createClient(access, { repository: LOCATOR });
    await expect(manual.getPullRequest(LOCATOR, 1)).rejects.toMatchObject({ status: 404, retryable: false });
    github.setInstallation(REPO, 99);
    const installed = githubAdapter.createClient(access, { repository: LOCATOR });
    await expect(installed.getPullRequest(LOCATOR, 1)).resolves.toMatchObject({ headSha: HEAD });
    await installed.getPullRequest(LOCATOR, 1);
    // One lookup and one installation token for both calls.
    expect(github.requests.filter((r) => r.apiPath.endsWith('/installation'))).toHaveLength(2);
    expect(github.accessTokensIssued).toBe(1);
    const withToken = { ...access, github: { ...access.github, token: 'test-token' } };
    github.setInstallation({ owner: 'acme', name: 'other' }, 5);
    github.addPullRequest({ owner: 'acme', name: 'other' }, { number: 2, headSha: HEAD, baseSha: BASE });
    const other = { provider: 'github' as const, owner: 'acme', name: 'other' };
    await expect(
      githubAdapter.createClient(withToken, { repository: other }).getPullRequest(other, 2),
    ).resolves.toMatchObject({ number: 2 });
  });

  it("finds the app's installation on a repository with the app JWT", async () => {
    const app = { id: '7', privateKey: keys.privateKey };
    await expect(findGithubInstallation(github.url, app, REPO)).resolves.toBeUndefined();
    github.setInstallation(REPO, 99);
    await expect(findGithubInstallation(github.url, app, REPO)).resolves.toBe(99);
    const wrong = appKeyPair();
    await expect(
      findGithubInstallation(github.url, { id: '7', privateKey: wrong.privateKey }, REPO),
    ).rejects.toMatchObject({
      status: 401,
      retryable: false,
    });
  });
});
