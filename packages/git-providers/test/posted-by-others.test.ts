import {
  AzureDevopsStandIn,
  BitbucketStandIn,
  GithubStandIn,
  GitlabStandIn,
  type GitlabStandInDiffFile,
} from '@kodus/test-helpers';
import {
  createGithubClient,
  GitlabClient,
  GitProviderError,
  type GitProviderClient,
  type RepositoryLocator,
  type ReviewToPublish,
} from '../src';
import { createAzureDevopsClient } from '../src/azure-devops/adapter';
import { BitbucketClient } from '../src/bitbucket';
import { BB_BASE, BB_HEAD, BB_LOCATOR, BB_REPO, MIXED_FILES } from './fixtures/bitbucket/stand-in-data';
import { appKeyPair, BASE, changedFiles, HEAD, LOCATOR, REPO, reviewOf } from './support/fixtures';

/**
 * Comments count as Kodus's own only when Kodus's identity wrote them. Someone who can comment (the pull
 * request's author) posts comments with Kodus's hidden markers and Kodus's very text, through the API with
 * their own credential: Kodus still posts its own comments and summary, and lists only those as posted.
 */

const fast = { retry: { baseDelayMs: 1, maxRetries: 1 } };

/** The worker's store of the accounts its clients post as (PostgreSQL there), in memory. */
function memoryAccounts() {
  const names = new Map<string, string[]>();
  return {
    load: async (scope: string) => [...(names.get(scope) ?? [])],
    save: async (scope: string, added: readonly string[]) => {
      names.set(scope, [...new Set([...added, ...(names.get(scope) ?? [])])]);
    },
  };
}

const keysOf = (review: ReviewToPublish) => [...review.comments.map((c) => c.key), review.summary.key];

async function expectNotFooled(
  kodus: GitProviderClient,
  mallory: GitProviderClient,
  repo: RepositoryLocator,
  number: number,
  review: ReviewToPublish,
): Promise<void> {
  const forged = await mallory.publish(repo, number, review);
  expect(forged.posted).toEqual(keysOf(review));
  expect((await mallory.listPostedComments(repo, number)).map((c) => c.key).sort()).toEqual(
    keysOf(review).sort(),
  );

  expect(await kodus.listPostedComments(repo, number)).toEqual([]);
  const first = await kodus.publish(repo, number, review);
  expect(first).toMatchObject({ posted: keysOf(review), alreadyPosted: [], refused: [] });
  const mine = await kodus.listPostedComments(repo, number);
  expect(mine.map((c) => c.key).sort()).toEqual(keysOf(review).sort());
  expect(mine.find((c) => c.kind === 'summary')?.id).toBe(first.summaryId);

  // Kodus's own comments are still found: a retry posts nothing twice.
  const again = await kodus.publish(repo, number, review);
  expect(again).toMatchObject({ posted: [], alreadyPosted: keysOf(review), summaryId: first.summaryId });
}

async function expectRetryable(promise: Promise<unknown>): Promise<void> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GitProviderError);
  expect((error as GitProviderError).retryable).toBe(true);
}

describe('GitHub: comments by others carrying Kodus markers', () => {
  let github: GithubStandIn;
  const review = reviewOf(1, 'Kodus found 1 issue', [
    { path: 'src/module-0000.ts', line: 2, body: 'A secret is committed here.' },
  ]);

  afterEach(() => github.stop());

  /** The stand-in with these tokens and pull request #1 (one changed file), and a client per token. */
  async function withPullRequest(tokens: Record<string, string>) {
    github = await new GithubStandIn({ tokens }).start();
    github.addPullRequest(REPO, { number: 1, headSha: HEAD, baseSha: BASE, files: changedFiles(1) });
    return (token: string, options: { accounts?: ReturnType<typeof memoryAccounts> } = {}) =>
      createGithubClient({ apiUrl: github.url, auth: { kind: 'token', token }, ...options, ...fast });
  }

  it('with a token: another user’s review neither stops Kodus posting nor is listed as Kodus’s', async () => {
    const client = await withPullRequest({ 'pat-kodus': 'kodus-user', 'pat-evil': 'mallory' });
    await expectNotFooled(client('pat-kodus'), client('pat-evil'), LOCATOR, 1, review);
    expect(github.reviews(REPO, 1).map((r) => r.user)).toEqual(['mallory', 'kodus-user']);
    expect(
      github.requests.filter((r) => r.apiPath === '/user' && r.headers.authorization === 'Bearer pat-kodus'),
    ).toHaveLength(1);
  });

  it('with a GitHub App: a user named like the app is not its bot user', async () => {
    const keys = appKeyPair();
    github = await new GithubStandIn({
      tokens: { 'pat-evil': 'kodus' },
      app: { appId: '77', publicKey: keys.publicKey, installations: [5], botLogin: 'kodus[bot]' },
    }).start();
    github.addPullRequest(REPO, { number: 1, headSha: HEAD, baseSha: BASE, files: changedFiles(1) });
    const kodus = createGithubClient({
      apiUrl: github.url,
      auth: { kind: 'app', appId: '77', privateKey: keys.privateKey, installationId: 5 },
      ...fast,
    });
    const mallory = createGithubClient({
      apiUrl: github.url,
      auth: { kind: 'token', token: 'pat-evil' },
      ...fast,
    });
    await expectNotFooled(kodus, mallory, LOCATOR, 1, review);
    expect(github.reviews(REPO, 1).map((r) => r.user)).toEqual(['kodus', 'kodus[bot]']);
  });

  it('with an integration token (GET /user answers 403): only what this client posted is Kodus’s', async () => {
    // An installation token or Actions' GITHUB_TOKEN, given as a plain token: it posts as the app's bot user.
    const client = await withPullRequest({ 'ghs-kodus': 'kodus-app[bot]', 'pat-evil': 'mallory' });
    const kodus = client('ghs-kodus');
    await expectNotFooled(kodus, client('pat-evil'), LOCATOR, 1, review);
    expect(github.reviews(REPO, 1).map((r) => r.user)).toEqual(['mallory', 'kodus-app[bot]']);
    const identity = github.requests.filter(
      (r) => r.apiPath === '/user' && r.headers.authorization === 'Bearer ghs-kodus',
    );
    expect(identity.map((r) => r.response)).toEqual([
      expect.objectContaining({
        status: 403,
        body: expect.objectContaining({ message: 'Resource not accessible by integration' }),
      }),
    ]);

    // GitHub's answer named the bot user: its other reviews count too (an earlier run's), a stranger's not.
    github.addReview(REPO, 1, { body: 'Earlier\n\n<!-- kodus:key=s-earlier -->', event: 'COMMENT' });
    github.addReview(REPO, 1, {
      body: 'Forged\n\n<!-- kodus:key=s-forged -->',
      event: 'COMMENT',
      user: 'mallory',
    });
    const keys = (await kodus.listPostedComments(LOCATOR, 1)).map((c) => c.key).sort();
    expect(keys).toEqual([...keysOf(review), 's-earlier'].sort());
  });

  it('with a refused GET /user and a reply naming no bot user: only the ids this client posted count', async () => {
    const client = await withPullRequest({ 'pat-kodus': 'kodus-user', 'pat-evil': 'mallory' });
    const kodus = client('pat-kodus');
    // A comment outside the diff: GitHub refuses the atomic review (422), each comment is posted alone.
    const split = reviewOf(1, 'Kodus found 2 issues', [
      { path: 'src/module-0000.ts', line: 2, body: 'A secret is committed here.' },
      { path: 'src/module-0000.ts', line: 40, body: 'Not a line of the diff.' },
    ]);
    const [inDiff, outside] = split.comments.map((c) => c.key);
    await client('pat-evil').publish(
      LOCATOR,
      1,
      reviewOf(1, 'Kodus found 2 issues', split.comments.slice(0, 1)),
    );

    // Kodus's GET /user from here on: GitHub refuses it as it refuses an integration's token.
    github.failNext(1, 403, {
      message: 'Resource not accessible by integration',
      match: { path: /^\/user$/ },
    });
    const first = await kodus.publish(LOCATOR, 1, split);
    expect(first).toMatchObject({ posted: [inDiff, split.summary.key], refused: [{ key: outside }] });
    const again = await kodus.publish(LOCATOR, 1, split);
    expect(again).toMatchObject({
      posted: [],
      alreadyPosted: [inDiff, split.summary.key],
      summaryId: first.summaryId,
    });
    // The author is a user, not a bot: an earlier review of theirs is not taken for this client's.
    github.addReview(REPO, 1, { body: 'Earlier\n\n<!-- kodus:key=s-earlier -->', event: 'COMMENT' });
    const keys = (await kodus.listPostedComments(LOCATOR, 1)).map((c) => c.key).sort();
    expect(keys).toEqual([inDiff, split.summary.key].sort());
  });

  it('with an integration token, a fresh client counts none of the comments as its own before posting', async () => {
    const kodus = (await withPullRequest({ 'ghs-kodus': 'kodus-app[bot]' }))('ghs-kodus');
    github.addReview(REPO, 1, { body: 'Earlier\n\n<!-- kodus:key=s-earlier -->', event: 'COMMENT' });
    expect(await kodus.listPostedComments(LOCATOR, 1)).toEqual([]);
  });

  it('with an integration token and a store: a restarted worker still knows its earlier comments', async () => {
    const tokenClient = await withPullRequest({ 'ghs-kodus': 'kodus-app[bot]', 'pat-evil': 'mallory' });
    const accounts = memoryAccounts();
    const client = () => tokenClient('ghs-kodus', { accounts });
    const first = await client().publish(LOCATOR, 1, review);
    expect(first.posted).toEqual(keysOf(review));
    // A stranger forges a marker meanwhile.
    github.addReview(REPO, 1, {
      body: 'Forged\n\n<!-- kodus:key=s-forged -->',
      event: 'COMMENT',
      user: 'mallory',
    });

    // The worker restarts: a new client, the same store. Its earlier review and comment are still its own.
    const restarted = client();
    expect((await restarted.listPostedComments(LOCATOR, 1)).map((c) => c.key).sort()).toEqual(
      keysOf(review).sort(),
    );
    const again = await restarted.publish(LOCATOR, 1, review);
    expect(again).toMatchObject({ posted: [], alreadyPosted: keysOf(review), summaryId: first.summaryId });
    expect(github.reviews(REPO, 1)).toHaveLength(2);
  });

  it('a bad token still fails the publish as before (401 on reading), posting nothing', async () => {
    const kodus = (await withPullRequest({ 'pat-kodus': 'kodus-user' }))('revoked');
    const error = await kodus.publish(LOCATOR, 1, review).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitProviderError);
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(github.reviews(REPO, 1)).toEqual([]);
    expect(github.requests.filter((r) => r.apiPath === '/user')).toEqual([]);
  });

  it.each([
    ['a rate-limited GET /user (403) fails the publish as retryable, not as an integration token', 403],
    ['fails the publish as retryable when GitHub will not say who the token is, posting nothing', 503],
  ])('%s', async (_what, status) => {
    const kodus = (await withPullRequest({ 'pat-kodus': 'kodus-user' }))('pat-kodus');
    github.failNext(5, status, { match: { path: /^\/user$/ } });
    await expectRetryable(kodus.publish(LOCATOR, 1, review));
    expect(github.reviews(REPO, 1)).toEqual([]);
  });
});

describe('GitLab: notes by others carrying Kodus markers', () => {
  const PROJECT = { id: 42, path: 'acme/shop' };
  const REPO_GL: RepositoryLocator = { provider: 'gitlab', path: PROJECT.path, projectId: PROJECT.id };
  const FILES: GitlabStandInDiffFile[] = [
    { newPath: 'src/app.ts', diff: '@@ -1,2 +1,3 @@\n const a = 1;\n+const key = "x";\n const c = 3;' },
  ];
  const review: ReviewToPublish = {
    head: { number: 5, headSha: HEAD, baseSha: BASE, startSha: BASE },
    summary: { key: 's-gl', body: 'Kodus found 1 issue' },
    comments: [{ key: 'c-gl', path: 'src/app.ts', line: 2, body: 'A secret is committed here.' }],
  };
  let gitlab: GitlabStandIn;
  const client = (token: string) => new GitlabClient({ url: gitlab.url, token, retry: fast.retry });

  beforeEach(async () => {
    gitlab = await new GitlabStandIn({ tokens: { 'gl-kodus': 'kodus-bot', 'gl-evil': 'mallory' } }).start();
    gitlab.addMergeRequest(PROJECT, { iid: 5, headSha: HEAD, baseSha: BASE, startSha: BASE, files: FILES });
  });
  afterEach(() => gitlab.stop());

  it('another user’s notes neither stop Kodus posting nor are listed as Kodus’s', async () => {
    await expectNotFooled(client('gl-kodus'), client('gl-evil'), REPO_GL, 5, review);
    const authors = gitlab.discussions(PROJECT, 5).flatMap((d) => d.notes.map((n) => n.author));
    expect(authors).toEqual(['mallory', 'mallory', 'kodus-bot', 'kodus-bot']);
  });

  it('fails the publish as retryable when GET /user fails, posting nothing', async () => {
    gitlab.failNext(5, 502, { match: { path: /^\/user$/ } });
    await expectRetryable(client('gl-kodus').publish(REPO_GL, 5, review));
    expect(gitlab.discussions(PROJECT, 5)).toEqual([]);
  });
});

describe('Bitbucket: comments by others carrying Kodus markers', () => {
  let bitbucket: BitbucketStandIn;
  const review: ReviewToPublish = {
    head: { number: 7, headSha: BB_HEAD, baseSha: BB_BASE, startSha: BB_BASE },
    summary: { key: 's-bb', body: 'Kodus found 1 issue' },
    comments: [{ key: 'c-bb', path: 'src/app.ts', line: 2, body: 'A secret is committed here.' }],
  };
  const client = (authorization: string) =>
    new BitbucketClient({ apiUrl: bitbucket.url, authorization, retry: fast.retry });
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  beforeEach(async () => {
    bitbucket = await new BitbucketStandIn({
      tokens: { 'kodus-token': 'kodus-bot', 'evil-token': 'mallory-bot' },
      users: { kodus: 'app-password-1', mallory: 'app-password-2' },
    }).start();
    bitbucket.addPullRequest(BB_REPO, { id: 7, headSha: BB_HEAD, baseSha: BB_BASE, files: MIXED_FILES });
  });
  afterEach(() => bitbucket.stop());

  it('with an app password (GET /user names Kodus): others’ comments are not Kodus’s', async () => {
    await expectNotFooled(
      client(basic('kodus', 'app-password-1')),
      client('Bearer evil-token'),
      BB_LOCATOR,
      7,
      review,
    );
    expect(bitbucket.comments(BB_REPO, 7).map((c) => c.author)).toEqual([
      'mallory-bot',
      'mallory-bot',
      'kodus',
      'kodus',
    ]);
  });

  it('with an access token (GET /user refuses it): only what this client posted is Kodus’s', async () => {
    await expectNotFooled(
      client('Bearer kodus-token'),
      client(basic('mallory', 'app-password-2')),
      BB_LOCATOR,
      7,
      review,
    );
    const identity = bitbucket.requests.filter((r) => r.apiPath === '/user');
    expect(identity.map((r) => r.response.status)).toContain(401);
  });

  it('with an access token and a store: a restarted worker still knows its earlier comments', async () => {
    const accounts = memoryAccounts();
    const kodus = () =>
      new BitbucketClient({
        apiUrl: bitbucket.url,
        authorization: 'Bearer kodus-token',
        retry: fast.retry,
        accounts,
      });
    const first = await kodus().publish(BB_LOCATOR, 7, review);
    expect(first.posted).toEqual(keysOf(review));
    await client(basic('mallory', 'app-password-2')).publish(BB_LOCATOR, 7, review);

    const restarted = kodus();
    const mine = await restarted.listPostedComments(BB_LOCATOR, 7);
    expect(mine.map((c) => c.key).sort()).toEqual(keysOf(review).sort());
    expect(mine.find((c) => c.kind === 'summary')?.id).toBe(first.summaryId);
    const again = await restarted.publish(BB_LOCATOR, 7, review);
    expect(again).toMatchObject({ posted: [], alreadyPosted: keysOf(review) });
    expect(bitbucket.comments(BB_REPO, 7).filter((c) => c.author === 'kodus-bot')).toHaveLength(2);
  });

  it('fails the publish as retryable when GET /user fails otherwise, posting nothing', async () => {
    bitbucket.failNext(5, 503, { match: { path: /^\/user$/ } });
    await expectRetryable(client(basic('kodus', 'app-password-1')).publish(BB_LOCATOR, 7, review));
    expect(bitbucket.comments(BB_REPO, 7)).toEqual([]);
  });
});

describe('Azure DevOps: threads by others carrying Kodus markers', () => {
  const sha = (n: number) => n.toString(16).padStart(40, 'a');
  const PR_REPO = { project: 'P', name: 'r' };
  let azure: AzureDevopsStandIn;
  let locator: RepositoryLocator;
  const review: ReviewToPublish = {
    head: { number: 3, headSha: sha(2), baseSha: sha(1), startSha: sha(1) },
    summary: { key: 's-az', body: 'Kodus found 1 issue' },
    comments: [{ key: 'c-az', path: 'src/a.ts', line: 2, body: 'A secret is committed here.' }],
  };
  const client = (pat: string) => createAzureDevopsClient(azure.url, pat, { ...fast, apiVersion: '7.1' });

  beforeEach(async () => {
    azure = await new AzureDevopsStandIn({ tokens: ['kodus-pat', 'evil-pat'] }).start();
    azure.addCommit({ sha: sha(1), files: { 'src/a.ts': 'one\n' } });
    azure.addCommit({ sha: sha(2), parent: sha(1), files: { 'src/a.ts': 'one\nkey = "x"\n' } });
    azure.addPullRequest(PR_REPO, { id: 3, head: sha(2), target: sha(1) });
    locator = {
      provider: 'azure-devops',
      collectionUrl: azure.url,
      organization: 'kodus-org',
      project: PR_REPO.project,
      repository: PR_REPO.name,
    };
  });
  afterEach(() => azure.stop());

  it('another identity’s threads neither stop Kodus posting nor are listed as Kodus’s', async () => {
    await expectNotFooled(client('kodus-pat'), client('evil-pat'), locator, 3, review);
    const authors = azure.threads(PR_REPO, 3).map((t) => t.comments[0]?.author?.id);
    const [kodus, mallory] = [azure.identity('kodus-pat').id, azure.identity('evil-pat').id];
    expect(authors).toEqual([mallory, mallory, kodus, kodus]);
  });

  it('an earlier Kodus thread (added by the test as Kodus’s identity) is found; another’s is not', async () => {
    azure.addThread(PR_REPO, 3, {
      content: 'Kodus found 1 issue\n\n<!-- kodus:key=s-az -->',
      author: azure.identity('evil-pat'),
    });
    const own = azure.addThread(PR_REPO, 3, {
      content: 'A secret is committed here.\n\n<!-- kodus:key=c-az -->',
      author: azure.identity('kodus-pat'),
      filePath: 'src/a.ts',
      line: 2,
    });
    expect(await client('kodus-pat').listPostedComments(locator, 3)).toEqual([
      expect.objectContaining({ key: 'c-az', id: String(own.id), kind: 'inline', path: 'src/a.ts', line: 2 }),
    ]);
    const result = await client('kodus-pat').publish(locator, 3, review);
    expect(result).toMatchObject({ posted: ['s-az'], alreadyPosted: ['c-az'] });
  });

  it('fails the publish as retryable when connectionData fails, posting nothing', async () => {
    azure.failNext(5, 503, { match: { path: /connectionData$/ } });
    await expectRetryable(client('kodus-pat').publish(locator, 3, review));
    expect(azure.threads(PR_REPO, 3)).toEqual([]);
  });
});
