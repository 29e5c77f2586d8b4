import { GithubStandIn, type RecordedRequest } from '@kodus/test-helpers';
import {
  commentKey,
  createGithubClient,
  createGithubProviderClient,
  findGithubInstallation,
  type GitProviderClient as NeutralClient,
  type GitProviderClient,
  UnreadableFileError,
} from '../src';
import { appKeyPair, BASE, changedFiles, HEAD, REPO, LOCATOR, pinned, reviewOf } from './support/fixtures';
import { newestGhesPlan, OpenApiDescription } from './support/openapi-description';

/**
 * Drift guard: everything the client sends must be a documented GitHub operation with documented query
 * parameters and body properties, and everything the stand-in answers must have the documented shape.
 */

const keys = appKeyPair();

/** Every client operation, including failures the client turns into answers (404 → undefined). */
async function exercise(client: GitProviderClient, github: GithubStandIn): Promise<void> {
  github.addPullRequest(REPO, { number: 5, headSha: HEAD, baseSha: BASE, files: changedFiles(230) });
  github.setFileContent(REPO, HEAD, '.kodus.yml', 'review: {}\n');
  for (let i = 0; i < 105; i += 1) github.addReview(REPO, 5, { body: `note ${i}` });
  await client.getPullRequest(LOCATOR, 5);
  await client.listChangedFiles(LOCATOR, pinned(5));
  await client.readFile(LOCATOR, '.kodus.yml', HEAD);
  await client.readFile(LOCATOR, 'nested/dir/missing.yml', HEAD);
  // A directory and a file over 1 MB: answered (a listing, no content) and refused by the client.
  github.setFileContent(REPO, HEAD, 'config/a.yml', 'a: 1\n');
  github.setFileContent(REPO, HEAD, 'big.txt', 'x'.repeat(1024 * 1024 + 1));
  await expect(client.readFile(LOCATOR, 'config', HEAD)).rejects.toBeInstanceOf(UnreadableFileError);
  await expect(client.readFile(LOCATOR, 'big.txt', HEAD)).rejects.toBeInstanceOf(UnreadableFileError);
  await client.publish(
    LOCATOR,
    5,
    reviewOf(5, 'summary', [{ path: 'src/module-0001.ts', line: 2, body: 'inline' }]),
  );
}

/** The neutral client's operations: compare, review comments (the one-by-one fallback), installation lookup. */
async function exerciseNeutral(client: NeutralClient, github: GithubStandIn): Promise<void> {
  const repo = { provider: 'github' as const, ...REPO };
  github.setComparison(REPO, BASE, HEAD, { status: 'ahead', files: changedFiles(2) });
  await client.listChangedFilesBetween(repo, BASE, HEAD);
  await client.listChangedFiles(repo, { number: 5, headSha: HEAD, baseSha: BASE, startSha: BASE });
  const head = { number: 5, headSha: HEAD, baseSha: BASE, startSha: BASE };
  // One comment on a line outside the diff: the atomic review is refused, then each comment goes alone.
  await client.publish(repo, 5, {
    head,
    summary: { key: commentKey('summary', HEAD), body: 'summary' },
    comments: [
      { key: commentKey('inline', 'ok'), path: 'src/module-0001.ts', line: 2, body: 'inline' },
      { key: commentKey('inline', 'off'), path: 'src/module-0001.ts', line: 99, body: 'off the diff' },
    ],
  });
  await client.listPostedComments(repo, 5);
  // A directory listing with a subdirectory (Kody Rules in .kody/rules), and one that does not exist.
  github.setFileContent(REPO, BASE, '.kody/rules/a.md', '---\ntitle: A\n---\nA rule.\n');
  github.setFileContent(REPO, BASE, '.kody/rules/security/b.md', '---\ntitle: B\n---\nB rule.\n');
  await client.listDirectory?.(repo, '.kody/rules', BASE);
  await client.listDirectory?.(repo, '.kody/missing', BASE);
  github.setInstallation(REPO, 3);
  await findGithubInstallation(github.url, { id: '1', privateKey: keys.privateKey }, REPO);
}

async function recordedTraffic(basePath?: string): Promise<RecordedRequest[]> {
  const github = await new GithubStandIn({
    basePath,
    app: { appId: '1', publicKey: keys.publicKey },
  }).start();
  try {
    await exercise(
      createGithubClient({ apiUrl: github.url, auth: { kind: 'token', token: 'test-token' } }),
      github,
    );
    await exerciseNeutral(
      createGithubProviderClient(github.url, { kind: 'token', token: 'test-token' }),
      github,
    );
    const app = createGithubClient({
      apiUrl: github.url,
      auth: { kind: 'app', appId: '1', privateKey: keys.privateKey, installationId: 3 },
    });
    await app.getPullRequest(LOCATOR, 5);
    await app.publish(LOCATOR, 5, reviewOf(5, 'again'));
    return github.requests;
  } finally {
    await github.stop();
  }
}

describe('requests and responses match GitHub’s OpenAPI description', () => {
  const dotcom = new OpenApiDescription('api.github.com');
  let traffic: RecordedRequest[];

  beforeAll(async () => {
    traffic = await recordedTraffic();
  });

  it('covers every operation the client uses', () => {
    const operations = new Set(traffic.map((r) => dotcom.find(r.method, r.apiPath)?.operation.operationId));
    expect([...operations].sort()).toEqual([
      'apps/create-installation-access-token',
      'apps/get-authenticated',
      'apps/get-repo-installation',
      'pulls/create-review',
      'pulls/create-review-comment',
      'pulls/get',
      'pulls/list-files',
      'pulls/list-review-comments',
      'pulls/list-reviews',
      'repos/compare-commits-with-basehead',
      'repos/get-content',
      'users/get-authenticated',
    ]);
    expect(traffic.some((r) => r.response.status === 404)).toBe(true);
    expect(traffic.filter((r) => r.query.page !== undefined).length).toBeGreaterThanOrEqual(3);
  });

  it('sends only documented operations, query parameters and body properties', () => {
    expect(traffic.flatMap((r) => dotcom.checkRequest(r))).toEqual([]);
  });

  it('answers with the documented response shapes (required properties and types)', () => {
    expect(traffic.flatMap((r) => dotcom.checkResponse(r))).toEqual([]);
  });

  it('posts reviews with commit_id, body, event and path/line/side/body comments — never position', () => {
    const posts = traffic.filter((r) => r.method === 'POST' && r.apiPath.endsWith('/reviews'));
    // The first review; the refused atomic review and its summary-only review; the app's review.
    expect(posts.length).toBe(4);
    for (const post of posts) {
      const body = post.body as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(
        body.comments === undefined
          ? ['body', 'commit_id', 'event']
          : ['body', 'comments', 'commit_id', 'event'],
      );
      expect(body.event).toBe('COMMENT');
      for (const comment of (body.comments as Record<string, unknown>[] | undefined) ?? []) {
        expect(Object.keys(comment).sort()).toEqual(['body', 'line', 'path', 'side']);
        expect(comment.side).toBe('RIGHT');
      }
    }
  });

  it('catches drift: the checks fail on what GitHub does not document', () => {
    const post = traffic.find((r) => r.method === 'POST' && r.apiPath.endsWith('/reviews'))!;
    const get = traffic.find((r) => r.method === 'GET' && /\/pulls\/5$/.test(r.apiPath))!;
    const body = post.body as { comments: Record<string, unknown>[] };
    const withComment = (extra: Record<string, unknown>) => ({
      ...post,
      body: { ...body, comments: [{ ...body.comments[0], ...extra }] },
    });
    expect(dotcom.checkRequest({ ...get, apiPath: '/repos/acme/shop/pulls/5/diffs' })).toEqual([
      'GET /repos/acme/shop/pulls/5/diffs: no documented operation',
    ]);
    expect(dotcom.checkRequest({ ...get, method: 'DELETE' })[0]).toMatch(/no documented operation/);
    expect(dotcom.checkRequest({ ...get, query: { per_page: '100' } })[0]).toMatch(
      /per_page is not documented/,
    );
    const page = traffic.find((r) => r.query.page !== undefined)!;
    expect(dotcom.checkRequest({ ...page, query: { per_page: 'all' } })[0]).toMatch(
      /per_page: expected integer/,
    );
    expect(dotcom.checkRequest(withComment({ line: '2' }))[0]).toMatch(/line: expected integer/);
    expect(dotcom.checkRequest(withComment({ severity: 'high' }))[0]).toMatch(
      /severity: not a documented property/,
    );
    expect(dotcom.checkRequest({ ...post, body: { ...body, event: 'COMMENTED' } })[0]).toMatch(/not one of/);
    const { head: _head, ...headless } = get.response.body as Record<string, unknown>;
    expect(dotcom.checkResponse({ ...get, response: { ...get.response, body: headless } })).toEqual([
      expect.stringMatching(/\$\.head: required but missing/),
    ]);
    const full = get.response.body as { head: { repo: Record<string, unknown> } };
    const { full_name: _name, ...nameless } = full.head.repo;
    const deep = { ...full, head: { ...full.head, repo: nameless } };
    expect(dotcom.checkResponse({ ...get, response: { ...get.response, body: deep } })).toEqual([
      expect.stringMatching(/\$\.head\.repo\.full_name: required but missing/),
    ]);
    const renamed = { ...(get.response.body as Record<string, unknown>), state: 'merged' };
    expect(dotcom.checkResponse({ ...get, response: { ...get.response, body: renamed } })[0]).toMatch(
      /state/,
    );
  });
});

describe('GitHub Enterprise Server traffic matches the GHES description', () => {
  it('under /api/v3, against the newest GHES description shipped', async () => {
    const ghes = new OpenApiDescription(newestGhesPlan());
    const traffic = await recordedTraffic('/api/v3');
    expect(traffic.every((r) => r.path.startsWith('/api/v3/'))).toBe(true);
    expect(traffic.flatMap((r) => [...ghes.checkRequest(r), ...ghes.checkResponse(r)])).toEqual([]);
  });
});
