import { BitbucketStandIn } from '@kodus/test-helpers';
import { GitProviderError, UnreadableFileError, type ReviewToPublish } from '../src';
import { bitbucketAdapter, BitbucketClient } from '../src/bitbucket';
import {
  BB_BASE,
  BB_HEAD,
  BB_LOCATOR,
  BB_NEXT,
  BB_REPO,
  bbFiles,
  MIXED_FILES,
} from './fixtures/bitbucket/stand-in-data';

const access = (apiUrl: string, bitbucket: Record<string, string> = { token: 'test-token' }) => ({
  github: { apiUrl: 'https://api.github.com' },
  gitlab: { url: 'https://gitlab.com' },
  bitbucket: { apiUrl, ...bitbucket },
  azureDevops: {},
});
const PINNED = { number: 7, headSha: BB_HEAD, baseSha: BB_BASE, startSha: BB_BASE };

function review(comments: ReviewToPublish['comments']): ReviewToPublish {
  return { head: PINNED, summary: { key: 's-summary1', body: '## Kodus review\nAll good.' }, comments };
}

describe('Bitbucket client against the stand-in', () => {
  let bitbucket: BitbucketStandIn;
  let client: BitbucketClient;

  beforeEach(async () => {
    bitbucket = await new BitbucketStandIn({ users: { alice: 'app-password-1234' } }).start();
    bitbucket.addPullRequest(BB_REPO, {
      id: 7,
      headSha: BB_HEAD,
      baseSha: BB_BASE,
      files: MIXED_FILES,
      title: 'Add things',
      description: 'Why',
    });
    client = new BitbucketClient({
      apiUrl: bitbucket.url,
      authorization: 'Bearer test-token',
      retry: { baseDelayMs: 1 },
    });
  });
  afterEach(() => bitbucket.stop());

  it('reads the pull request and resolves its 12-character hashes to full SHAs', async () => {
    expect(await client.getPullRequest(BB_LOCATOR, 7)).toEqual({
      number: 7,
      headSha: BB_HEAD,
      baseSha: BB_BASE,
      startSha: BB_BASE,
      draft: false,
      state: 'open',
      title: 'Add things',
      description: 'Why',
    });
    const paths = bitbucket.requests.map((r) => r.apiPath);
    expect(paths).toContain(`/repositories/acme/shop/commit/${BB_HEAD.slice(0, 12)}`);
  });

  it('lists changed files from diffstat and diff (source..destination): statuses, renames, binary', async () => {
    const files = await client.listChangedFiles(BB_LOCATOR, PINNED);
    expect(files).toEqual([
      { path: 'src/app.ts', status: 'modified', additions: 2, deletions: 1, patch: MIXED_FILES[0]!.patch },
      { path: 'src/new.ts', status: 'added', additions: 2, deletions: 0, patch: MIXED_FILES[1]!.patch },
      { path: 'src/gone.ts', status: 'removed', additions: 0, deletions: 1, patch: MIXED_FILES[2]!.patch },
      {
        path: 'src/renamed.ts',
        previousPath: 'src/original.ts',
        status: 'renamed',
        additions: 1,
        deletions: 1,
        patch: MIXED_FILES[3]!.patch,
      },
      { path: 'assets/logo.png', status: 'modified', additions: 0, deletions: 0 },
    ]);
    const diff = bitbucket.requests.find((r) => r.apiPath.includes('/diff/'))!;
    expect(diff.apiPath).toBe(`/repositories/acme/shop/diff/${BB_HEAD}..${BB_BASE}`);
    expect(diff.query).toEqual({ topic: 'true' });
  });

  it('reads no more of a diff than its bound: a larger pull request lists its files without patches', async () => {
    const bounded = new BitbucketClient({
      apiUrl: bitbucket.url,
      authorization: 'Bearer test-token',
      maxDiffBytes: 64 * 1024,
    });
    const huge = `@@ -1,1 +1,20000 @@\n-x\n${Array.from({ length: 20_000 }, (_, i) => `+line ${i}`).join('\n')}`;
    bitbucket.addPullRequest(BB_REPO, {
      id: 9,
      headSha: BB_NEXT,
      baseSha: BB_BASE,
      files: [{ path: 'big.txt', status: 'modified', patch: huge }],
    });
    const head = { ...PINNED, number: 9, headSha: BB_NEXT };
    expect(await bounded.listChangedFiles(BB_LOCATOR, head)).toEqual([
      { path: 'big.txt', status: 'modified', additions: 20_000, deletions: 1 },
    ]);
    // Read once, not again on a retry.
    expect(bitbucket.requests.filter((r) => r.apiPath.includes('/diff/')).length).toBe(1);
    const published = await bounded.publish(BB_LOCATOR, 9, {
      ...review([{ key: 'c-big', path: 'big.txt', line: 2, body: 'unplaceable' }]),
      head,
    });
    expect(published.refused.map((r) => r.key)).toEqual(['c-big']);
  });

  it('reviews a pull request from a fork: SHAs from the fork, the diff in the form of Bitbucket’s own links', async () => {
    const fork = { workspace: 'contrib', slug: 'shop-fork' };
    const forkHead = 'e5'.repeat(20);
    bitbucket.addPullRequest(BB_REPO, {
      id: 11,
      headSha: forkHead,
      baseSha: BB_BASE,
      files: MIXED_FILES,
      sourceRepository: fork,
    });
    const pr = await client.getPullRequest(BB_LOCATOR, 11);
    expect(pr).toMatchObject({ headSha: forkHead, baseSha: BB_BASE });
    const head = { number: 11, headSha: pr.headSha, baseSha: pr.baseSha, startSha: pr.startSha };
    expect((await client.listChangedFiles(BB_LOCATOR, head)).map((f) => f.path)).toEqual(
      MIXED_FILES.map((f) => f.path),
    );
    expect(bitbucket.requests.map((r) => r.apiPath)).toContain(
      `/repositories/acme/shop/diff/contrib/shop-fork:${forkHead}%0D${BB_BASE}`,
    );
    const published = await client.publish(BB_LOCATOR, 11, {
      ...review([{ key: 'c-fork', path: 'src/app.ts', line: 2, body: 'from a fork' }]),
      head,
    });
    expect(published.posted).toEqual(['c-fork', 's-summary1']);
    // The repository itself has not the fork's commits: the caller reviews the whole pull request.
    expect(await client.listChangedFilesBetween(BB_LOCATOR, forkHead, 'f6'.repeat(20))).toBeUndefined();
    // A token scoped to the repository cannot read the fork: the repository's commit endpoint is asked.
    bitbucket.failNext(1, 403, { match: { path: /^\/repositories\/contrib\/shop-fork\/commit\// } });
    bitbucket.clearRequests();
    await client.getPullRequest(BB_LOCATOR, 11).catch(() => undefined);
    expect(bitbucket.requests.map((r) => [r.apiPath, r.response.status])).toContainEqual([
      `/repositories/acme/shop/commit/${forkHead.slice(0, 12)}`,
      404,
    ]);
  });

  it('follows diffstat pages (next) past the first', async () => {
    bitbucket.addPullRequest(BB_REPO, { id: 8, headSha: BB_NEXT, baseSha: BB_BASE, files: bbFiles(230) });
    const files = await client.listChangedFiles(BB_LOCATOR, { ...PINNED, number: 8, headSha: BB_NEXT });
    expect(files).toHaveLength(230);
    expect(files[229]?.patch).toContain('+export const b229 = 2;');
    expect(bitbucket.requests.filter((r) => r.apiPath.includes('/diffstat/')).length).toBe(3);
  });

  it('lists files between two heads, and undefined after a force-push', async () => {
    const since = [bbFiles(1)[0]!];
    bitbucket.pushHead(BB_REPO, 7, BB_NEXT, { files: [...MIXED_FILES, ...since], since });
    expect(await client.listChangedFilesBetween(BB_LOCATOR, BB_HEAD, BB_NEXT)).toEqual([
      expect.objectContaining({ path: 'src/module-0000.ts', status: 'modified', additions: 1 }),
    ]);
    const forced = 'd4'.repeat(20);
    bitbucket.pushHead(BB_REPO, 7, forced, { files: MIXED_FILES, forcePush: true });
    expect(await client.listChangedFilesBetween(BB_LOCATOR, BB_NEXT, forced)).toBeUndefined();
  });

  it('reads files as text whatever their content type; 404 → undefined; a directory or binary → unreadable', async () => {
    bitbucket.setFile(BB_REPO, BB_HEAD, '.kodus.yml', 'review: {}\n');
    bitbucket.setFile(BB_REPO, BB_HEAD, 'config/settings.json', '{\n  "a": 1\n}\n');
    bitbucket.setFile(BB_REPO, BB_HEAD, 'assets/logo.png', null);
    expect(await client.readFile(BB_LOCATOR, '.kodus.yml', BB_HEAD)).toBe('review: {}\n');
    // Served as application/json (Bitbucket derives the type from the name): kept byte for byte.
    expect(await client.readFile(BB_LOCATOR, 'config/settings.json', BB_HEAD)).toBe('{\n  "a": 1\n}\n');
    expect(await client.readFile(BB_LOCATOR, 'missing.yml', BB_HEAD)).toBeUndefined();
    await expect(client.readFile(BB_LOCATOR, 'config', BB_HEAD)).rejects.toBeInstanceOf(UnreadableFileError);
    await expect(client.readFile(BB_LOCATOR, 'assets/logo.png', BB_HEAD)).rejects.toBeInstanceOf(
      UnreadableFileError,
    );
  });

  it('lists a directory at any depth (Kody Rules), bounded; [] for a missing directory or a file', async () => {
    bitbucket.setFile(BB_REPO, BB_HEAD, '.kody/rules/security.md', '# s');
    bitbucket.setFile(BB_REPO, BB_HEAD, '.kody/rules/backend/api/naming.md', '# n');
    bitbucket.setFile(BB_REPO, BB_HEAD, '.kody/other.md', '# o');
    for (let i = 0; i < 130; i += 1) bitbucket.setFile(BB_REPO, BB_HEAD, `.kody/rules/many/r${i}.md`, '#');
    const listed = await client.listDirectory(BB_LOCATOR, '.kody/rules', BB_HEAD);
    expect(listed).toHaveLength(132);
    expect(listed).toContain('.kody/rules/backend/api/naming.md');
    expect(listed).toContain('.kody/rules/security.md');
    expect(listed).not.toContain('.kody/other.md');
    expect(listed.every((p) => !p.endsWith('/api') && !p.endsWith('/many'))).toBe(true);
    expect(await client.listDirectory(BB_LOCATOR, '.kody/missing', BB_HEAD)).toEqual([]);
    expect(await client.listDirectory(BB_LOCATOR, '.kody/other.md', BB_HEAD)).toEqual([]);
  });

  it('publishes inline comments on added lines and one summary, once', async () => {
    const first = await client.publish(
      BB_LOCATOR,
      7,
      review([
        { key: 'c-one', path: 'src/app.ts', line: 2, body: 'Check this call.' },
        { key: 'c-two', path: 'src/new.ts', line: 1, body: 'Name it.' },
      ]),
    );
    expect(first).toMatchObject({ posted: ['c-one', 'c-two', 's-summary1'], alreadyPosted: [], refused: [] });
    const posted = bitbucket.comments(BB_REPO, 7);
    expect(posted.map((c) => [c.inline, c.outsideDiff])).toEqual([
      [{ path: 'src/app.ts', to: 2 }, false],
      [{ path: 'src/new.ts', to: 1 }, false],
      [undefined, false],
    ]);
    // The key is an invisible reference definition: Bitbucket escapes HTML comments.
    expect(posted[0]!.raw).toBe('Check this call.\n\n[//]: # (kodus:key=c-one)');
    const again = await client.publish(
      BB_LOCATOR,
      7,
      review([{ key: 'c-one', path: 'src/app.ts', line: 2, body: 'Check this call.' }]),
    );
    expect(again).toMatchObject({
      posted: [],
      alreadyPosted: ['c-one', 's-summary1'],
      summaryId: String(posted[2]!.id),
    });
    expect(bitbucket.comments(BB_REPO, 7)).toHaveLength(3);
    expect(await client.listPostedComments(BB_LOCATOR, 7)).toEqual([
      expect.objectContaining({
        key: 'c-one',
        kind: 'inline',
        path: 'src/app.ts',
        line: 2,
        body: 'Check this call.',
      }),
      expect.objectContaining({ key: 'c-two', kind: 'inline', path: 'src/new.ts', line: 1 }),
      expect.objectContaining({ key: 's-summary1', kind: 'summary', body: '## Kodus review\nAll good.' }),
    ]);
  });

  it('refuses a line the pull request did not add (context, removed file, outside the diff): that comment only', async () => {
    const result = await client.publish(
      BB_LOCATOR,
      7,
      review([
        { key: 'c-context', path: 'src/app.ts', line: 1, body: 'context line' },
        { key: 'c-removed', path: 'src/gone.ts', line: 1, body: 'removed file' },
        { key: 'c-far', path: 'src/app.ts', line: 400, body: 'far away' },
        { key: 'c-ok', path: 'src/renamed.ts', line: 5, body: 'fine' },
      ]),
    );
    expect(result.posted).toEqual(['c-ok', 's-summary1']);
    expect(result.refused.map((r) => r.key)).toEqual(['c-context', 'c-removed', 'c-far']);
    expect(result.refused[2]!.reason).toBe('line 400 of src/app.ts is not a line this pull request added');
    expect(bitbucket.comments(BB_REPO, 7).every((c) => !c.outsideDiff)).toBe(true);
  });

  it('records a comment the API refuses and goes on with the rest', async () => {
    bitbucket.failNext(1, 400, { match: { method: 'POST' } });
    const result = await client.publish(
      BB_LOCATOR,
      7,
      review([
        { key: 'c-one', path: 'src/app.ts', line: 2, body: 'one' },
        { key: 'c-two', path: 'src/app.ts', line: 3, body: 'two' },
      ]),
    );
    expect(result.refused).toEqual([{ key: 'c-one', reason: expect.stringContaining('answered 400') }]);
    expect(result.posted).toEqual(['c-two', 's-summary1']);
  });

  it('follows comment pages and ignores comments that are not Kodus’, were deleted, or someone else marked', async () => {
    // Kodus with an app password: GET /user names the account whose comments are Kodus's.
    const kodus = new BitbucketClient({
      apiUrl: bitbucket.url,
      authorization: `Basic ${Buffer.from('alice:app-password-1234').toString('base64')}`,
      retry: { baseDelayMs: 1 },
    });
    for (let i = 0; i < 230; i += 1) bitbucket.addComment(BB_REPO, 7, { raw: `note ${i}` });
    bitbucket.addComment(BB_REPO, 7, {
      raw: 'old\n\n[//]: # (kodus:key=c-old)',
      deleted: true,
      author: 'alice',
    });
    bitbucket.addComment(BB_REPO, 7, {
      raw: 'forged\n\n[//]: # (kodus:key=c-forged)',
      inline: { path: 'src/app.ts', to: 2 },
    });
    bitbucket.addComment(BB_REPO, 7, {
      raw: 'mine\n\n[//]: # (kodus:key=c-mine)',
      inline: { path: 'src/app.ts', to: 2 },
      author: 'alice',
    });
    expect(await kodus.listPostedComments(BB_LOCATOR, 7)).toEqual([
      expect.objectContaining({ key: 'c-mine', kind: 'inline', line: 2, body: 'mine' }),
    ]);
    expect(bitbucket.requests.filter((r) => r.apiPath.endsWith('/comments')).length).toBe(3);
    // An access token's comments from before this client (GET /user will not name its bot user): none
    // count as Kodus's, so a retry in a new process may post again, never drop a finding.
    expect(await client.listPostedComments(BB_LOCATOR, 7)).toEqual([]);
  });

  it('waits out a 429 (Retry-After) and a 5xx on reads', async () => {
    bitbucket.failNext(1, 429, { retryAfterSeconds: 0 });
    bitbucket.failNext(1, 503);
    await expect(client.getPullRequest(BB_LOCATOR, 7)).resolves.toMatchObject({ headSha: BB_HEAD });
    expect(bitbucket.requests.slice(0, 3).map((r) => r.response.status)).toEqual([429, 503, 200]);
  });

  it('reports a rate limit it cannot wait out as retryable, and a bad token as permanent, without the token', async () => {
    bitbucket.failNext(3, 429);
    const limited = await client.getPullRequest(BB_LOCATOR, 7).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(GitProviderError);
    expect(limited).toMatchObject({ status: 429, retryable: true });
    const wrong = new BitbucketClient({ apiUrl: bitbucket.url, authorization: 'Bearer wrong-token-123' });
    const error = await wrong.getPullRequest(BB_LOCATOR, 7).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(String((error as Error).message)).not.toContain('wrong-token-123');
  });

  it('authenticates with Basic user:app-password through the adapter', async () => {
    const adapterClient = bitbucketAdapter.createClient(
      access(bitbucket.url, { username: 'alice', appPassword: 'app-password-1234' }),
      { repository: BB_LOCATOR },
    );
    await expect(adapterClient.getPullRequest(BB_LOCATOR, 7)).resolves.toMatchObject({ number: 7 });
    expect(bitbucket.requests.at(-1)?.headers.authorization).toBe(
      `Basic ${Buffer.from('alice:app-password-1234').toString('base64')}`,
    );
  });
});

describe('Bitbucket adapter', () => {
  it('parses and prints workspace/repo full names', () => {
    expect(bitbucketAdapter.parseFullName('acme/shop', access('https://api.bitbucket.org/2.0'))).toEqual(
      BB_LOCATOR,
    );
    expect(bitbucketAdapter.fullName(BB_LOCATOR)).toBe('acme/shop');
    for (const bad of ['acme', 'acme/shop/x', 'acme/..', '../shop', 'ac me/shop', 'acme/', '']) {
      expect(() => bitbucketAdapter.parseFullName(bad, access('https://api.bitbucket.org/2.0'))).toThrow(
        /invalid Bitbucket repository/,
      );
    }
  });

  it('is configured with a token or a username and app password', () => {
    const url = 'https://api.bitbucket.org/2.0';
    expect(bitbucketAdapter.configured(access(url, {}))).toBe(false);
    expect(bitbucketAdapter.configured(access(url, { token: 't' }))).toBe(true);
    expect(bitbucketAdapter.configured(access(url, { username: 'u' }))).toBe(false);
    expect(bitbucketAdapter.configured(access(url, { username: 'u', appPassword: 'p' }))).toBe(true);
  });
});
