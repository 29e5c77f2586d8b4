import { GithubStandIn } from '@kodus/test-helpers';
import { createGithubClient, GitProviderError, type GitProviderClient } from '../src';
import { BASE, HEAD, REPO, LOCATOR, pinned, reviewOf } from './support/fixtures';

describe('GitHub client errors and retries', () => {
  let github: GithubStandIn;
  let client: GitProviderClient;

  beforeEach(async () => {
    github = await new GithubStandIn().start();
    github.addPullRequest(REPO, { number: 1, headSha: HEAD, baseSha: BASE });
    client = createGithubClient({
      apiUrl: github.url,
      auth: { kind: 'token', token: 'test-token' },
      retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2000 },
    });
  });
  afterEach(() => github.stop());

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(GitProviderError);
        return error as GitProviderError;
      },
    );

  it('retries a GET through transient 502s', async () => {
    github.failNext(2, 502);
    await expect(client.getPullRequest(LOCATOR, 1)).resolves.toMatchObject({ number: 1 });
    expect(github.requests.map((r) => r.response.status)).toEqual([502, 502, 200]);
  });

  it('reports a persistent 502 as retryable, after the retries', async () => {
    github.failNext(3, 502, { rawBody: '<html><body>Bad gateway</body></html>' });
    const error = await failure(client.getPullRequest(LOCATOR, 1));
    expect(error).toMatchObject({ status: 502, retryable: true, provider: 'github' });
    expect(error.message).toMatch(/GET \/repos\/acme\/shop\/pulls\/1 answered 502: Bad gateway/);
    expect(github.requests).toHaveLength(3);
  });

  it('reports 404 as not retryable, without retrying', async () => {
    const error = await failure(client.getPullRequest(LOCATOR, 404));
    expect(error).toMatchObject({ status: 404, retryable: false });
    expect(error.message).toContain('Not Found');
    expect(github.requests).toHaveLength(1);
  });

  it('never resends a review POST (not idempotent), but marks a 502 retryable', async () => {
    github.failNext(1, 502, { match: { method: 'POST' } });
    const error = await failure(client.publish(LOCATOR, 1, reviewOf(1, 'x')));
    expect(error).toMatchObject({ status: 502, retryable: true });
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(github.reviews(REPO, 1)).toHaveLength(0);
  });

  it('waits for retry-after on a 429 secondary rate limit', async () => {
    github.failNext(1, 429, { retryAfterSeconds: 1 });
    const started = Date.now();
    await client.getPullRequest(LOCATOR, 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(github.requests.map((r) => r.response.status)).toEqual([429, 200]);
  });

  it('hands a long retry-after to the caller instead of waiting', async () => {
    github.failNext(1, 429, { retryAfterSeconds: 120 });
    const error = await failure(client.getPullRequest(LOCATOR, 1));
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 120_000 });
    expect(github.requests).toHaveLength(1);
  });

  it('tells a 403 rate limit (retryable) from a 403 refusal (not retryable)', async () => {
    github.failNext(3, 403); // the stand-in's 403 says "You have exceeded a secondary rate limit"
    expect(await failure(client.getPullRequest(LOCATOR, 1))).toMatchObject({ status: 403, retryable: true });
    github.failNext(1, 403, { message: 'Resource not accessible by integration' });
    expect(await failure(client.getPullRequest(LOCATOR, 1))).toMatchObject({ status: 403, retryable: false });
    github.failNext(1, 403, { message: 'API rate limit exceeded', rateLimitRemaining: 0 });
    github.failNext(1, 401, { message: 'Bad credentials' });
    const primary = await failure(
      createGithubClient({
        apiUrl: github.url,
        auth: { kind: 'token', token: 'test-token' },
        retry: { maxRetries: 0 },
      }).getPullRequest(LOCATOR, 1),
    );
    expect(primary).toMatchObject({ status: 403, retryable: true });
    expect(await failure(client.getPullRequest(LOCATOR, 1))).toMatchObject({ status: 401, retryable: false });
  });

  it('reports 422 and 401 as not retryable', async () => {
    const badToken = createGithubClient({ apiUrl: github.url, auth: { kind: 'token', token: 'wrong' } });
    expect(await failure(badToken.getPullRequest(LOCATOR, 1))).toMatchObject({
      status: 401,
      retryable: false,
    });
    const error = await failure(client.publish(LOCATOR, 1, reviewOf(1, 'x', [], 'c'.repeat(40))));
    expect(error).toMatchObject({ status: 422, retryable: false });
    expect(error.message).toContain('No commit found');
  });

  it('reports a refused connection as retryable with no status', async () => {
    const url = github.url;
    await github.stop();
    const offline = createGithubClient({
      apiUrl: url,
      auth: { kind: 'token', token: 't' },
      retry: { maxRetries: 0 },
    });
    const error = await failure(offline.getPullRequest(LOCATOR, 1));
    expect(error).toMatchObject({ retryable: true, status: undefined });
    expect(error.message).toMatch(/failed to connect/);
  });

  it('reports a response without the fields it relies on as not retryable', async () => {
    const broken: typeof fetch = () =>
      Promise.resolve(Response.json({ number: 1, state: 'open', title: 't', head: {} }, { status: 200 }));
    const odd = createGithubClient({
      apiUrl: github.url,
      auth: { kind: 'token', token: 't' },
      fetch: broken,
    });
    const error = await failure(odd.getPullRequest(LOCATOR, 1));
    expect(error).toMatchObject({ retryable: false });
    expect(error.message).toMatch(/unexpected shape[\s\S]*head\.sha/);
  });

  it('refuses a next-page link that leaves the API root', async () => {
    const leaking: typeof fetch = () =>
      Promise.resolve(
        Response.json([], { headers: { link: '<https://evil.example/steal?page=2>; rel="next"' } }),
      );
    const odd = createGithubClient({
      apiUrl: github.url,
      auth: { kind: 'token', token: 't' },
      fetch: leaking,
    });
    await expect(odd.listChangedFiles(LOCATOR, pinned(1))).rejects.toThrow(/outside the API root/);
  });
});
