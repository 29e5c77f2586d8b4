import { GithubStandIn } from '@kodus/test-helpers';
import { createGithubClient, type GitProviderClient } from '../src';
import { BASE, changedFiles, HEAD, REPO, LOCATOR, pinned, reviewOf } from './support/fixtures';

describe('GitHub client against the stand-in (token auth)', () => {
  let github: GithubStandIn;
  let client: GitProviderClient;

  beforeEach(async () => {
    github = await new GithubStandIn({ tokens: { 'pat-123': 'kodus-user' } }).start();
    client = createGithubClient({ apiUrl: github.url, auth: { kind: 'token', token: 'pat-123' } });
  });
  afterEach(() => github.stop());

  it('reads pull request details', async () => {
    github.addPullRequest(REPO, { number: 7, headSha: HEAD, baseSha: BASE, title: 'Add cart', draft: true });
    expect(await client.getPullRequest(LOCATOR, 7)).toEqual({
      number: 7,
      headSha: HEAD,
      baseSha: BASE,
      startSha: BASE,
      draft: true,
      state: 'open',
      title: 'Add cart',
      description: '',
    });
  });

  it('lists every changed file across pages, following Link rel="next"', async () => {
    const files = changedFiles(250);
    files[3] = { filename: 'src/new-name.ts', previousFilename: 'src/old-name.ts', status: 'renamed' };
    files[4] = { filename: 'logo.png', status: 'added', additions: 0, deletions: 0 };
    github.addPullRequest(REPO, { number: 8, headSha: HEAD, baseSha: BASE, files });

    const listed = await client.listChangedFiles(LOCATOR, pinned(8));

    expect(listed.map((f) => f.path)).toEqual(files.map((f) => f.filename));
    expect(listed[0]).toEqual({
      path: files[0]!.filename,
      status: 'modified',
      patch: files[0]!.patch,
      additions: 1,
      deletions: 0,
    });
    expect(listed[3]).toMatchObject({
      path: 'src/new-name.ts',
      previousPath: 'src/old-name.ts',
      status: 'renamed',
    });
    expect(listed[4]).not.toHaveProperty('patch');
    const pages = github.requests.filter((r) => r.apiPath === `/repos/acme/shop/pulls/8/files`);
    expect(pages.map((r) => r.query)).toEqual([
      { per_page: '100' },
      { per_page: '100', page: '2' },
      { per_page: '100', page: '3' },
    ]);
    expect(pages[0]!.response.headers.link).toContain('rel="last"');
  });

  it('stops at the 3000 files GitHub lists', async () => {
    github.addPullRequest(REPO, { number: 9, headSha: HEAD, baseSha: BASE, files: changedFiles(3005) });
    expect(await client.listChangedFiles(LOCATOR, pinned(9))).toHaveLength(3000);
    expect(github.requests.filter((r) => r.apiPath.endsWith('/files'))).toHaveLength(30);
  });

  it('reads .kodus.yml at a ref, and gives undefined when it is missing', async () => {
    const yaml = 'review:\n  language: pt-BR\n  ignore:\n    - "**/*.snap"\n' + '# padding\n'.repeat(20);
    github.setFileContent(REPO, HEAD, '.kodus.yml', yaml);
    github.setFileContent(REPO, 'main', '.kodus.yml', 'review: {}\n');
    github.setFileContent(REPO, HEAD, 'docs/guide #1.md', 'ção ✓');

    expect(await client.readFile(LOCATOR, '.kodus.yml', HEAD)).toBe(yaml);
    expect(await client.readFile(LOCATOR, '.kodus.yml', 'main')).toBe('review: {}\n');
    expect(await client.readFile(LOCATOR, 'docs/guide #1.md', HEAD)).toBe('ção ✓');
    expect(await client.readFile(LOCATOR, '.kodus.yml', BASE)).toBeUndefined();
    const missing = { provider: 'github' as const, owner: 'acme', name: 'missing' };
    expect(await client.readFile(missing, '.kodus.yml', HEAD)).toBeUndefined();
    const read = github.requests.find((r) => r.query.ref === HEAD);
    expect(read?.path).toBe('/repos/acme/shop/contents/.kodus.yml');
    expect(github.requests.some((r) => r.path === '/repos/acme/shop/contents/docs/guide%20%231.md')).toBe(
      true,
    );
  });

  it('finds an earlier review by its hidden key across pages', async () => {
    github.addPullRequest(REPO, { number: 10, headSha: HEAD, baseSha: BASE });
    for (let i = 0; i < 230; i += 1) github.addReview(REPO, 10, { body: `LGTM ${i}`, user: 'human' });
    const marked = github.addReview(REPO, 10, {
      body: 'Summary\n\n<!-- kodus:key=abc -->',
      user: 'kodus-user',
    });

    expect(await client.listPostedComments(LOCATOR, 10)).toEqual([
      {
        key: 'abc',
        id: String(marked.id),
        kind: 'summary',
        body: 'Summary',
        url: expect.stringContaining(`#pullrequestreview-${marked.id}`),
      },
    ]);
    const lists = github.requests.filter((r) => r.method === 'GET' && r.apiPath.endsWith('/reviews'));
    expect(lists.length).toBe(3);
  });

  it('lists reviews and review comments at once: the second listing does not wait for the first', async () => {
    github.addPullRequest(REPO, { number: 12, headSha: HEAD, baseSha: BASE });
    let commentsAsked = false;
    let askedWhileReviewsHeld = false;
    // The reviews listing is held (up to 1 s) until the comments listing has been asked for.
    github.beforeNext({ method: 'GET', path: /\/pulls\/12\/reviews$/ }, async () => {
      for (let i = 0; i < 100 && !commentsAsked; i++) await new Promise((r) => setTimeout(r, 10));
      askedWhileReviewsHeld = commentsAsked;
    });
    github.beforeNext({ method: 'GET', path: /\/pulls\/12\/comments$/ }, () => {
      commentsAsked = true;
    });
    expect(await client.listPostedComments(LOCATOR, 12)).toEqual([]);
    expect(askedWhileReviewsHeld).toBe(true);
  });

  it('posts one COMMENT review with line + side RIGHT comments at the commit', async () => {
    github.addPullRequest(REPO, { number: 11, headSha: HEAD, baseSha: BASE, files: changedFiles(2) });
    const review = reviewOf(11, 'Kodus found 2 issues', [
      { path: 'src/module-0000.ts', line: 2, body: 'Name this better.' },
      { path: 'src/module-0001.ts', line: 3, body: 'Missing test.' },
    ]);
    const posted = await client.publish(LOCATOR, 11, review);

    const [stored] = github.reviews(REPO, 11);
    expect(posted).toMatchObject({
      summaryId: String(stored!.id),
      summaryUrl: expect.stringContaining('/acme/shop/pull/11#'),
    });
    expect(stored).toMatchObject({
      event: 'COMMENT',
      state: 'COMMENTED',
      commitId: HEAD,
      user: 'kodus-user',
    });
    const post = github.requests.find((r) => r.method === 'POST')!;
    const key = (k: string) => `\n\n<!-- kodus:key=${k} -->`;
    expect(post.body).toEqual({
      commit_id: HEAD,
      body: `Kodus found 2 issues${key(review.summary.key)}`,
      event: 'COMMENT',
      comments: [
        {
          path: 'src/module-0000.ts',
          line: 2,
          side: 'RIGHT',
          body: `Name this better.${key(review.comments[0]!.key)}`,
        },
        {
          path: 'src/module-0001.ts',
          line: 3,
          side: 'RIGHT',
          body: `Missing test.${key(review.comments[1]!.key)}`,
        },
      ],
    });
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('refuses a comment on a line outside the diff as GitHub does (422), and posts the rest alone', async () => {
    github.addPullRequest(REPO, { number: 12, headSha: HEAD, baseSha: BASE, files: changedFiles(1) });
    const result = await client.publish(
      LOCATOR,
      12,
      reviewOf(12, 'x', [{ path: 'src/module-0000.ts', line: 40, body: 'far away' }]),
    );
    expect(result.refused).toEqual([{ key: expect.any(String), reason: expect.stringMatching(/422/) }]);
    const atomic = github.requests.find((r) => r.method === 'POST' && r.apiPath.endsWith('/reviews'));
    expect(atomic?.response).toMatchObject({ status: 422 });
    expect(JSON.stringify(atomic?.response.body)).toMatch(/Line could not be resolved/);
    expect(github.reviews(REPO, 12)).toHaveLength(1);
  });

  it("sends GitHub's headers on every request", async () => {
    github.addPullRequest(REPO, { number: 13, headSha: HEAD, baseSha: BASE });
    await client.getPullRequest(LOCATOR, 13);
    expect(github.requests[0]!.headers).toMatchObject({
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      authorization: 'Bearer pat-123',
      'user-agent': 'kodus-code-review',
    });
  });
});

describe('GitHub Enterprise Server base path', () => {
  it('sends every request, next-page links included, under /api/v3', async () => {
    const ghes = await new GithubStandIn({ basePath: '/api/v3' }).start();
    try {
      const client = createGithubClient({
        apiUrl: `${ghes.url}/`,
        auth: { kind: 'token', token: 'test-token' },
        userAgent: 'kodus-ghes-test',
      });
      ghes.addPullRequest(REPO, { number: 3, headSha: HEAD, baseSha: BASE, files: changedFiles(150) });
      ghes.setFileContent(REPO, HEAD, '.kodus.yml', 'x: 1\n');
      expect(ghes.url).toMatch(/\/api\/v3$/);
      await client.getPullRequest(LOCATOR, 3);
      expect(await client.listChangedFiles(LOCATOR, pinned(3))).toHaveLength(150);
      expect(await client.readFile(LOCATOR, '.kodus.yml', HEAD)).toBe('x: 1\n');
      await client.publish(LOCATOR, 3, reviewOf(3, 'ok'));
      // pull request, 2 pages of files + the head re-read, contents, reviews + review comments listed, who
      // the token is (GET /user), the review
      expect(ghes.requests.length).toBe(9);
      for (const request of ghes.requests) {
        expect(request.path.startsWith('/api/v3/repos/acme/shop/') || request.path === '/api/v3/user').toBe(
          true,
        );
        expect(request.response.status).toBeLessThan(300);
        expect(request.headers['user-agent']).toBe('kodus-ghes-test');
      }
    } finally {
      await ghes.stop();
    }
  });
});
