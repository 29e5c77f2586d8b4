import { GitlabStandIn, type GitlabStandInDiffFile } from '@kodus/test-helpers';
import {
  GitlabClient,
  GitProviderError,
  HeadMovedError,
  UnreadableFileError,
  type PinnedHead,
  type RepositoryLocator,
  type ReviewToPublish,
} from '../src';

const PROJECT = { id: 42, path: 'acme/platform/shop' };
const BY_ID: RepositoryLocator = { provider: 'gitlab', path: PROJECT.path, projectId: PROJECT.id };
const BY_PATH: RepositoryLocator = { provider: 'gitlab', path: PROJECT.path };
const BASE = 'b'.repeat(40);
const START = 'c'.repeat(40);
const HEAD = 'a'.repeat(40);
const NEXT = 'd'.repeat(40);
const PINNED: PinnedHead = { number: 5, headSha: HEAD, baseSha: BASE, startSha: START };
const TOKEN = 'glpat-test-token-1234';

/** `count` modified files whose diff adds new line 2. */
function files(count: number): GitlabStandInDiffFile[] {
  return Array.from({ length: count }, (_, i) => ({
    newPath: `src/module-${String(i).padStart(4, '0')}.ts`,
    diff: `@@ -1,2 +1,3 @@\n export const a${i} = 1;\n+export const b${i} = 2;\n export const c${i} = 3;`,
  }));
}

let gitlab: GitlabStandIn;
let client: GitlabClient;

async function setUp(relativePath?: string): Promise<void> {
  gitlab = await new GitlabStandIn({ tokens: { [TOKEN]: 'kodus-bot' }, relativePath }).start();
  client = new GitlabClient({ url: gitlab.url, token: TOKEN, retry: { baseDelayMs: 1 } });
  gitlab.addMergeRequest(PROJECT, {
    iid: 5,
    headSha: HEAD,
    baseSha: BASE,
    startSha: START,
    title: 'Add checkout',
    files: [
      ...files(3),
      {
        newPath: 'lib/new-name.ts',
        oldPath: 'lib/old-name.ts',
        renamedFile: true,
        diff: '@@ -1 +1,2 @@\n keep\n+added',
      },
      { newPath: 'assets/huge.sql', tooLarge: true },
    ],
  });
}

afterEach(async () => gitlab.stop());

describe('GitlabClient reads a merge request', () => {
  beforeEach(() => setUp());

  it('by project id or URL-encoded full path, with PRIVATE-TOKEN', async () => {
    const expected = {
      number: 5,
      headSha: HEAD,
      baseSha: BASE,
      startSha: START,
      draft: false,
      state: 'open',
    };
    await expect(client.getPullRequest(BY_ID, 5)).resolves.toMatchObject({
      ...expected,
      title: 'Add checkout',
    });
    await expect(client.getPullRequest(BY_PATH, 5)).resolves.toMatchObject(expected);
    expect(gitlab.requests.map((r) => r.path)).toEqual([
      '/api/v4/projects/42/merge_requests/5',
      '/api/v4/projects/acme%2Fplatform%2Fshop/merge_requests/5',
    ]);
    for (const request of gitlab.requests) {
      expect(request.headers['private-token']).toBe(TOKEN);
      expect(request.headers.authorization).toBeUndefined();
    }
  });

  it('lists every changed file on every page, pinned to the head', async () => {
    gitlab.pushHead(PROJECT, 5, HEAD, files(230));
    const listed = await client.listChangedFiles(BY_ID, PINNED);
    expect(listed).toHaveLength(230);
    expect(listed[229]).toMatchObject({
      path: 'src/module-0229.ts',
      status: 'modified',
      additions: 1,
      deletions: 0,
    });
    const pages = gitlab.requests.filter((r) => r.apiPath.endsWith('/diffs')).map((r) => r.query.get('page'));
    expect(pages).toEqual([null, '2', '3']);
  });

  it('a push while the diff is listed supersedes the review (HeadMovedError)', async () => {
    gitlab.pushHead(PROJECT, 5, HEAD, files(150));
    gitlab.beforeNext({ path: /\/diffs$/ }, () => gitlab.pushHead(PROJECT, 5, NEXT, files(150)));
    const error = await client.listChangedFiles(BY_ID, PINNED).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeadMovedError);
    expect(error).toMatchObject({ currentHeadSha: NEXT, retryable: false });
  });

  it('reads the diff, then the merge request as it is after it (one read of the merge request)', async () => {
    gitlab.pushHead(PROJECT, 5, HEAD, files(3));
    const from = gitlab.requests.length;
    const read = await client.readPullRequestWithFiles(BY_ID, 5);
    expect(read.files).toHaveLength(3);
    expect(read.pullRequest).toMatchObject({ headSha: HEAD });
    expect(gitlab.requests.slice(from).map((r) => r.apiPath.replace(/.*\/merge_requests/, ''))).toEqual([
      '/5/diffs',
      '/5',
    ]);
    // A push while the diff is listed: the merge request answers the new head (the caller's job is stale).
    gitlab.beforeNext({ path: /\/diffs$/ }, () => gitlab.pushHead(PROJECT, 5, NEXT, files(3)));
    await expect(client.readPullRequestWithFiles(BY_ID, 5)).resolves.toMatchObject({
      pullRequest: { headSha: NEXT },
    });
    // Without /diffs: the merge request, then its pinned compare.
    gitlab.failNext(1, 404, { match: { path: /\/diffs$/ }, message: '404 Not Found' });
    const old = await client.readPullRequestWithFiles(BY_ID, 5);
    expect(old.pullRequest).toMatchObject({ headSha: NEXT });
    expect(old.files.length).toBeGreaterThan(0);
  });

  it('a GitLab without /diffs (before 15.7): the pinned base..head compare instead', async () => {
    gitlab.failNext(1, 404, { match: { path: /\/diffs$/ }, message: '404 Not Found' });
    const listed = await client.listChangedFiles(BY_ID, PINNED);
    expect(listed.map((f) => f.path)).toEqual([
      'src/module-0000.ts',
      'src/module-0001.ts',
      'src/module-0002.ts',
      'lib/new-name.ts',
      'assets/huge.sql',
    ]);
    const compare = gitlab.requests.find((r) => r.apiPath.endsWith('/compare'));
    expect(Object.fromEntries(compare?.query ?? [])).toEqual({ from: BASE, to: HEAD, straight: 'true' });
  });

  it('files between two heads through compare; a force-push gives undefined', async () => {
    gitlab.pushHead(PROJECT, 5, NEXT, files(2));
    gitlab.setComparison(PROJECT, HEAD, NEXT, files(1));
    await expect(client.listChangedFilesBetween(BY_ID, HEAD, NEXT)).resolves.toEqual([
      expect.objectContaining({ path: 'src/module-0000.ts', additions: 1 }),
    ]);
    const compare = gitlab.requests.find((r) => r.apiPath.endsWith('/compare'));
    expect(Object.fromEntries(compare?.query ?? [])).toEqual({ from: HEAD, to: NEXT, straight: 'true' });
    await expect(client.listChangedFilesBetween(BY_ID, NEXT, NEXT)).resolves.toEqual([]);
    const forced = 'e'.repeat(40);
    gitlab.pushHead(PROJECT, 5, forced, files(2), true);
    await expect(client.listChangedFilesBetween(BY_ID, NEXT, forced)).resolves.toBeUndefined();
    await expect(client.listChangedFilesBetween(BY_ID, 'f'.repeat(40), forced)).resolves.toBeUndefined();
    await expect(client.listChangedFilesBetween(BY_ID, 'not-a-sha', forced)).rejects.toThrow(
      /invalid commit SHA/,
    );
  });

  it('reads files by their encoded path; missing → undefined; binary or over 1 MB → UnreadableFileError', async () => {
    gitlab.setFile(PROJECT, BASE, 'config/.kodus.yml', 'review: {}\n');
    gitlab.setFile(PROJECT, BASE, 'img/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    gitlab.setFile(PROJECT, BASE, 'big.txt', 'x'.repeat(1024 * 1024 + 1));
    // Far over: its answer is cut while it arrives, not read whole and then refused.
    gitlab.setFile(PROJECT, BASE, 'huge.txt', 'x'.repeat(8 * 1024 * 1024));
    await expect(client.readFile(BY_ID, 'config/.kodus.yml', BASE)).resolves.toBe('review: {}\n');
    expect(gitlab.requests.at(-1)?.path).toBe('/api/v4/projects/42/repository/files/config%2F%2Ekodus%2Eyml');
    await expect(client.readFile(BY_ID, 'config/missing.yml', BASE)).resolves.toBeUndefined();
    await expect(client.readFile(BY_ID, 'img/logo.png', BASE)).rejects.toBeInstanceOf(UnreadableFileError);
    await expect(client.readFile(BY_ID, 'big.txt', BASE)).rejects.toBeInstanceOf(UnreadableFileError);
    await expect(client.readFile(BY_ID, 'huge.txt', BASE)).rejects.toThrow(/answered more than \d+ bytes/);
    await expect(client.readFile(BY_ID, '../secrets', BASE)).rejects.toThrow(/invalid file path/);
  });

  it('lists the files under a directory at any depth, every page, bounded; [] for a missing directory', async () => {
    gitlab.setFile(PROJECT, BASE, '.kody/rules/sql.md', 'a');
    gitlab.setFile(PROJECT, BASE, '.kody/rules/security/secrets.md', 'b');
    gitlab.setFile(PROJECT, BASE, '.kody/other.md', 'c');
    gitlab.setFile(PROJECT, NEXT, '.kody/rules/later.md', 'd');
    await expect(client.listDirectory(BY_ID, '.kody/rules', BASE)).resolves.toEqual([
      '.kody/rules/security/secrets.md',
      '.kody/rules/sql.md',
    ]);
    expect(gitlab.requests.at(-1)?.path).toBe('/api/v4/projects/42/repository/tree');
    expect(Object.fromEntries(gitlab.requests.at(-1)?.query ?? [])).toMatchObject({
      path: '.kody/rules',
      ref: BASE,
      recursive: 'true',
    });
    await expect(client.listDirectory(BY_PATH, '.kody/missing', BASE)).resolves.toEqual([]);

    for (let i = 0; i < 1_200; i++) gitlab.setFile(PROJECT, BASE, `many/d${i % 7}/f${i}.md`, 'x');
    const many = await client.listDirectory(BY_ID, 'many', BASE);
    expect(many).toHaveLength(1_000);
    expect(new Set(many).size).toBe(1_000);
    expect(many.every((p) => /^many\/d\d\/f\d+\.md$/.test(p))).toBe(true);
  });
});

const review = (comments: ReviewToPublish['comments']): ReviewToPublish => ({
  head: PINNED,
  summary: { key: 's-summary-1', body: 'Kodus found 2 things.' },
  comments,
});

describe('GitlabClient publishes diff threads and one summary, idempotently', () => {
  beforeEach(() => setUp());

  it('posts added-line threads with text positions, refuses what it cannot place, and nothing twice', async () => {
    const comments = [
      { key: 'c-1', path: 'src/module-0000.ts', line: 2, body: 'Prefer a constant.' },
      { key: 'c-2', path: 'lib/new-name.ts', line: 2, body: 'Renamed file, new line.' },
      { key: 'c-3', path: 'src/module-0001.ts', line: 1, body: 'A context line.' },
      { key: 'c-4', path: 'assets/huge.sql', line: 9, body: 'GitLab decides.' },
    ];
    const first = await client.publish(BY_ID, 5, review(comments));
    expect(first.posted).toEqual(['c-1', 'c-2', 's-summary-1']);
    expect(first.refused).toEqual([
      { key: 'c-3', reason: 'line 1 of src/module-0001.ts is not a line this merge request adds' },
      { key: 'c-4', reason: expect.stringMatching(/answered 400.*line_code/) },
    ]);
    expect(first.summaryUrl).toMatch(/\/acme\/platform\/shop\/-\/merge_requests\/5#note_\d+$/);
    const threads = gitlab.requests.filter((r) => r.method === 'POST' && r.apiPath.endsWith('/discussions'));
    expect(threads.map((r) => r.response.status)).toEqual([201, 201, 400]);
    expect(threads[1]?.body).toEqual({
      body: 'Renamed file, new line.\n\n<!-- kodus:key=c-2 -->',
      position: {
        position_type: 'text',
        base_sha: BASE,
        start_sha: START,
        head_sha: HEAD,
        old_path: 'lib/old-name.ts',
        new_path: 'lib/new-name.ts',
        new_line: 2,
      },
    });
    const stored = gitlab.discussions(PROJECT, 5);
    expect(stored.map((d) => d.notes[0]?.position?.newLine ?? null)).toEqual([2, 2, null]);

    gitlab.clearRequests();
    const again = await client.publish(BY_ID, 5, review(comments));
    expect(again.posted).toEqual([]);
    expect(again.refused.map((r) => r.key)).toEqual(['c-3', 'c-4']);
    expect(again.alreadyPosted).toEqual(['c-1', 'c-2', 's-summary-1']);
    expect(gitlab.requests.filter((r) => r.method === 'POST' && r.response.status === 201)).toEqual([]);
    expect(gitlab.discussions(PROJECT, 5)).toHaveLength(3);
  });

  it('lists what Kodus posted (all pages), not other people’s notes', async () => {
    for (let i = 0; i < 105; i += 1) gitlab.addNote(PROJECT, 5, `note ${i}`);
    await client.publish(BY_ID, 5, review([{ key: 'c-1', path: 'src/module-0000.ts', line: 2, body: 'x' }]));
    const posted = await client.listPostedComments(BY_PATH, 5);
    expect(posted).toEqual([
      { key: 'c-1', id: expect.any(String), kind: 'inline', path: 'src/module-0000.ts', line: 2, body: 'x' },
      { key: 's-summary-1', id: expect.any(String), kind: 'summary', body: 'Kodus found 2 things.' },
    ]);
  });

  it('a push after the review still places comments on the pinned diff', async () => {
    gitlab.pushHead(PROJECT, 5, NEXT, files(1));
    const result = await client.publish(
      BY_ID,
      5,
      review([{ key: 'c-1', path: 'lib/new-name.ts', line: 2, body: 'x' }]),
    );
    expect(result.posted).toEqual(['c-1', 's-summary-1']);
    expect(gitlab.requests.some((r) => r.apiPath.endsWith('/compare'))).toBe(true);
  });
});

describe('GitlabClient on failures', () => {
  beforeEach(() => setUp());

  it('waits out a 429 (Retry-After, RateLimit-*) and retries 5xx on reads', async () => {
    gitlab.failNext(1, 429, { retryAfterSeconds: 1 });
    gitlab.failNext(1, 502, { rawBody: '<html>bad gateway</html>' });
    await expect(client.getPullRequest(BY_ID, 5)).resolves.toMatchObject({ headSha: HEAD });
    expect(gitlab.requests.map((r) => r.response.status)).toEqual([429, 502, 200]);
  });

  it('does not repeat a POST that failed: the next publish finds what landed', async () => {
    gitlab.failNext(1, 500, { match: { method: 'POST' } });
    await expect(
      client.publish(BY_ID, 5, review([{ key: 'c-1', path: 'src/module-0000.ts', line: 2, body: 'x' }])),
    ).rejects.toMatchObject({ status: 500, retryable: true });
    expect(gitlab.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a wrong token is a permanent 401 that never quotes the token', async () => {
    const wrong = new GitlabClient({ url: gitlab.url, token: 'glpat-wrong-token-9876' });
    const error = await wrong.getPullRequest(BY_ID, 5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitProviderError);
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(String((error as Error).message)).not.toContain('glpat-wrong-token-9876');
    await expect(client.getPullRequest(BY_ID, 99)).rejects.toMatchObject({ status: 404, retryable: false });
  });
  it('an upstream answer that echoes the token never carries it into an error', async () => {
    gitlab.failNext(1, 404, { message: `404 Project Not Found for ${TOKEN}` });
    const echoed = await client.getPullRequest(BY_ID, 5).catch((e: unknown) => e);
    expect(echoed).toMatchObject({ status: 404 });
    expect(String((echoed as Error).message)).not.toContain(TOKEN);
    gitlab.failNext(3, 502, { rawBody: `<html>proxy error; PRIVATE-TOKEN: ${TOKEN}</html>` });
    const proxied = await client.getPullRequest(BY_ID, 5).catch((e: unknown) => e);
    expect(proxied).toMatchObject({ status: 502 });
    expect(String((proxied as Error).message)).not.toContain(TOKEN);
  });
});

describe('GitlabClient against a self-managed GitLab under a relative URL', () => {
  beforeEach(() => setUp('/gitlab'));

  it('calls $GITLAB_URL/api/v4', async () => {
    await client.getPullRequest(BY_PATH, 5);
    await client.listChangedFiles(BY_ID, PINNED);
    expect(gitlab.requests.every((r) => r.path.startsWith('/gitlab/api/v4/projects/'))).toBe(true);
    expect(gitlab.requests.every((r) => r.template !== undefined && r.response.status === 200)).toBe(true);
  });
});
