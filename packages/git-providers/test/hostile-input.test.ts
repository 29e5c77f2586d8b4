import { GithubStandIn } from '@kodus/test-helpers';
import { createGithubClient, GitProviderError, normalizeGithubWebhook, type GitProviderClient } from '../src';
import { BASE, HEAD, REPO, LOCATOR, pinned, reviewOf } from './support/fixtures';
import { webhookExamples } from './support/webhook-examples';

const TOKEN = 'ghp_' + 'Z'.repeat(36);

describe('GitHub client: names and upstream error bodies are hostile input', () => {
  let github: GithubStandIn;
  let client: GitProviderClient;

  beforeEach(async () => {
    github = await new GithubStandIn({ tokens: { [TOKEN]: 'kodus-bot' } }).start();
    github.addPullRequest(REPO, { number: 1, headSha: HEAD, baseSha: BASE });
    client = createGithubClient({
      apiUrl: github.url,
      auth: { kind: 'token', token: TOKEN },
      retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 10 },
    });
  });
  afterEach(() => github.stop());

  const failure = async (promise: Promise<unknown>): Promise<GitProviderError> => {
    const error = await promise.then(
      () => new Error('expected a failure'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GitProviderError);
    return error as GitProviderError;
  };

  it('refuses "." and ".." names before any authenticated request leaves', async () => {
    for (const repo of [
      { provider: 'github' as const, owner: '..', name: '..' },
      { provider: 'github' as const, owner: 'acme', name: '..' },
      { provider: 'github' as const, owner: '.', name: 'shop' },
    ]) {
      const error = await failure(client.getPullRequest(repo, 1));
      expect(error).toMatchObject({ retryable: false });
      expect(error.message).toMatch(/invalid repository name/);
      await failure(client.listChangedFiles(repo, pinned(1)));
      await failure(client.publish(repo, 1, reviewOf(1, 'x')));
    }
    expect(github.requests).toEqual([]);
  });

  it('refuses NUL and lone surrogates as a permanent error, not a crash of URL encoding', async () => {
    for (const name of ['sh\0op', 'sh\ud800op']) {
      const error = await failure(client.getPullRequest({ provider: 'github', owner: 'acme', name }, 1));
      expect(error).toMatchObject({ retryable: false });
    }
    expect(github.requests).toEqual([]);
  });

  it('refuses "." and ".." segments in a file path', async () => {
    const error = await failure(client.readFile(LOCATOR, '../../user/keys', HEAD));
    expect(error).toMatchObject({ retryable: false });
    expect(github.requests).toEqual([]);
  });

  it('copies no credential and no more than a bounded excerpt of an upstream error page', async () => {
    const page = [
      '<html><head><title>502 Bad Gateway</title></head><body>',
      `<pre>GET /repos/acme/shop/pulls/1\nAuthorization: token ${TOKEN}\nCookie: session=abc123\n`,
      'x-other: Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxIn0.c2lnbmF0dXJl',
      ` another github_pat_${'A'.repeat(30)} and ghs_${'b'.repeat(36)}</pre>`,
      'filler '.repeat(2000),
      '</body></html>',
    ].join('\n');
    github.failNext(1, 502, { rawBody: page });
    const error = await failure(client.getPullRequest(LOCATOR, 1));
    expect(error).toMatchObject({ status: 502, retryable: true });
    expect(error.message).toMatch(/answered 502/);
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain('Z'.repeat(20));
    expect(error.message).not.toContain('abc123');
    expect(error.message).not.toContain('eyJhbGciOiJSUzI1NiJ9');
    expect(error.message).not.toMatch(/github_pat_A|ghs_b/);
    expect(error.message).not.toContain('<');
    expect(error.message.length).toBeLessThanOrEqual(400);
  });

  it('redacts and bounds a JSON error message too', async () => {
    github.failNext(1, 422, { message: `Validation failed for token ${TOKEN} ${'y'.repeat(5000)}` });
    const error = await failure(client.getPullRequest(LOCATOR, 1));
    expect(error.message).not.toContain(TOKEN);
    expect(error.message.length).toBeLessThanOrEqual(400);
  });
});

describe('GitHub webhooks: repository names are checked at the edge', () => {
  const [example] = webhookExamples(['pull_request']).filter(
    (e) => e.payload.action === 'opened' && (e.payload.pull_request as { state: string }).state === 'open',
  );

  it.each([
    ['owner', '..'],
    ['name', '..'],
    ['name', 'a\0b'],
    ['owner', 'a\ud800'],
  ])('refuses a %s of %j with a payload error', (part, value) => {
    const payload = structuredClone(example!.payload) as {
      repository: { name: string; owner: { login: string } };
    };
    if (part === 'owner') payload.repository.owner.login = value;
    else payload.repository.name = value;
    expect(() =>
      normalizeGithubWebhook({ event: 'pull_request', deliveryId: 'd-1', payload, reviewDrafts: true }),
    ).toThrow(/repository/);
  });
});
