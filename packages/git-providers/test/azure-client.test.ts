import { AzureDevopsStandIn } from '@kodus/test-helpers';
import { GitProviderError, HeadMovedError, type ProviderAccess, UnreadableFileError } from '../src';
import { apiVersionFor, azureDevopsAdapter, createAzureDevopsClient } from '../src/azure-devops/adapter';
import type { AzureLocator } from '../src/azure-devops/locator';

const sha = (n: number) => n.toString(16).padStart(40, 'a');
const BASE = sha(1);
const HEAD = sha(2);
const NEXT = sha(3);
const FORCED = sha(4);
const REPO = { project: 'My Project', name: 'web app' };
const fast = { retry: { baseDelayMs: 1, maxRetries: 2 }, apiVersion: '7.1' };

const seed = (azure: AzureDevopsStandIn) => {
  azure.addCommit({
    sha: BASE,
    files: {
      'src/a.ts': 'one\ntwo\nthree\n',
      'old/name.ts': 'moved\n',
      'gone.txt': 'bye\n',
      'logo.png': Buffer.from([0x89, 0x50, 0, 1]),
    },
  });
  azure.addCommit({
    sha: HEAD,
    parent: BASE,
    files: {
      'src/a.ts': 'one\nTWO\nthree\n',
      'new/name.ts': 'moved\n',
      'src/b.ts': 'added\n',
      'logo.png': Buffer.from([0x89, 0x50, 0, 2]),
    },
  });
  azure.addCommit({
    sha: NEXT,
    parent: HEAD,
    files: {
      'src/a.ts': 'one\nTWO\nthree\nfour\n',
      'new/name.ts': 'moved\n',
      'src/b.ts': 'added\n',
      'logo.png': Buffer.from([0x89, 0x50, 0, 2]),
    },
  });
  azure.addCommit({ sha: FORCED, parent: BASE, files: { 'src/a.ts': 'other\n' } });
  azure.setBranch('main', BASE);
  azure.addPullRequest(REPO, { id: 7, head: HEAD, target: BASE, title: 'Add b', description: 'desc' });
};

describe('the Azure DevOps client against the stand-in (Services, api-version 7.1)', () => {
  let azure: AzureDevopsStandIn;
  let locator: AzureLocator;
  const client = () => createAzureDevopsClient(azure.url, 'test-pat', fast);
  const head = { number: 7, headSha: HEAD, baseSha: BASE, startSha: BASE };

  beforeEach(async () => {
    azure = await new AzureDevopsStandIn({ maxPage: 2 }).start();
    seed(azure);
    locator = {
      provider: 'azure-devops',
      collectionUrl: azure.url,
      organization: 'kodus-org',
      project: REPO.project,
      repository: REPO.name,
    };
  });
  afterEach(() => azure.stop());

  it('reads the pull request, with a PAT as Basic with an empty user and api-version 7.1', async () => {
    expect(await client().getPullRequest(locator, 7)).toEqual({
      number: 7,
      headSha: HEAD,
      baseSha: BASE,
      startSha: BASE,
      draft: false,
      state: 'open',
      title: 'Add b',
      description: 'desc',
    });
    const request = azure.requests[0];
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from(':test-pat').toString('base64')}`);
    expect(request?.query['api-version']).toBe('7.1');
    expect(request?.apiPath).toBe('/My%20Project/_apis/git/repositories/web%20app/pullRequests/7');
  });

  it('while Azure computes the merge (no lastMerge* commits), the head and base come from the latest iteration', async () => {
    azure.push(REPO, 7, NEXT);
    azure.pullRequest(REPO, 7).mergeInProgress = true;
    expect(await client().getPullRequest(locator, 7)).toMatchObject({
      headSha: NEXT,
      baseSha: BASE,
      startSha: BASE,
    });
  });

  it('lists the pinned iteration’s files (all pages) with patches built from the contents', async () => {
    const files = await client().listChangedFiles(
      { ...locator, repositoryId: azure.repositoryId(REPO) },
      head,
    );
    expect(files).toEqual([
      { path: 'gone.txt', status: 'removed', patch: '@@ -1,1 +0,0 @@\n-bye', additions: 0, deletions: 1 },
      { path: 'logo.png', status: 'modified', additions: 0, deletions: 0 },
      { path: 'new/name.ts', previousPath: 'old/name.ts', status: 'renamed', additions: 0, deletions: 0 },
      {
        path: 'src/a.ts',
        status: 'modified',
        patch: '@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three',
        additions: 1,
        deletions: 1,
      },
      { path: 'src/b.ts', status: 'added', patch: '@@ -0,0 +1,1 @@\n+added', additions: 1, deletions: 0 },
    ]);
    // Five changes in pages of two: three pages, addressed by the repository id.
    const pages = azure.requests.filter((r) => r.apiPath.endsWith('/changes'));
    expect(pages.map((r) => r.query.$skip)).toEqual(['0', '2', '4']);
    expect(pages[0]?.apiPath).toContain(azure.repositoryId(REPO));
  });

  it('stays on the pinned head after a push (its iteration), and says so when the head is gone', async () => {
    azure.push(REPO, 7, NEXT);
    const files = await client().listChangedFiles(locator, head);
    expect(files.find((f) => f.path === 'src/a.ts')?.patch).toBe('@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three');
    await expect(client().listChangedFiles(locator, { ...head, headSha: sha(9) })).rejects.toBeInstanceOf(
      HeadMovedError,
    );
  });

  it('reads files: text, missing (undefined), binary and folders (unreadable), by commit or branch', async () => {
    const c = client();
    expect(await c.readFile(locator, 'src/a.ts', HEAD)).toBe('one\nTWO\nthree\n');
    expect(await c.readFile(locator, 'src/a.ts', 'main')).toBe('one\ntwo\nthree\n');
    expect(await c.readFile(locator, 'nope.yml', HEAD)).toBeUndefined();
    await expect(c.readFile(locator, 'logo.png', HEAD)).rejects.toBeInstanceOf(UnreadableFileError);
    await expect(c.readFile(locator, 'src', HEAD)).rejects.toBeInstanceOf(UnreadableFileError);
    await expect(c.readFile(locator, 'src/../../x', HEAD)).rejects.toBeInstanceOf(GitProviderError);
  });

  it('lists the files under a folder at any depth (Items - List, recursionLevel Full), bounded; [] when missing', async () => {
    const c = client();
    azure.addCommit({
      sha: sha(9),
      files: {
        '.kody/rules/sql.md': 'a',
        '.kody/rules/security/secrets.md': 'b',
        '.kody/other.md': 'c',
        ...Object.fromEntries(Array.from({ length: 1_200 }, (_, i) => [`many/d${i % 7}/f${i}.md`, 'x'])),
      },
    });
    expect(await c.listDirectory(locator, '.kody/rules', sha(9))).toEqual([
      '.kody/rules/security/secrets.md',
      '.kody/rules/sql.md',
    ]);
    expect(azure.requests.at(-1)?.query).toMatchObject({
      scopePath: '/.kody/rules',
      recursionLevel: 'Full',
      'versionDescriptor.version': sha(9),
      'versionDescriptor.versionType': 'commit',
    });
    expect(await c.listDirectory(locator, 'src', 'main')).toEqual(['src/a.ts']);
    expect(await c.listDirectory(locator, '.kody/missing', sha(9))).toEqual([]);
    expect(await c.listDirectory(locator, '.kody/rules/sql.md', sha(9))).toEqual([]);
    const many = await c.listDirectory(locator, 'many', sha(9));
    expect(many).toHaveLength(1_000);
    expect(new Set(many).size).toBe(1_000);
    await expect(c.listDirectory(locator, '../x', sha(9))).rejects.toBeInstanceOf(GitProviderError);
  });

  it('lists files between two heads; a force-push (not an ancestor) or a vanished commit → undefined', async () => {
    const between = await client().listChangedFilesBetween(locator, HEAD, NEXT);
    expect(between).toEqual([
      {
        path: 'src/a.ts',
        status: 'modified',
        patch: '@@ -1,3 +1,4 @@\n one\n TWO\n three\n+four',
        additions: 1,
        deletions: 0,
      },
    ]);
    expect(await client().listChangedFilesBetween(locator, HEAD, FORCED)).toBeUndefined();
    expect(await client().listChangedFilesBetween(locator, sha(12), NEXT)).toBeUndefined();
    expect(await client().listChangedFilesBetween(locator, NEXT, NEXT)).toEqual([]);
  });

  it('publishes inline threads on changed lines and one summary, idempotently; an unchanged line is refused alone', async () => {
    const review = {
      head,
      summary: { key: 's-summary1', body: 'Summary' },
      comments: [
        { key: 'c-1', path: 'src/a.ts', line: 2, body: 'Changed line' },
        { key: 'c-2', path: 'src/a.ts', line: 1, body: 'Context line' },
        { key: 'c-3', path: 'README.md', line: 1, body: 'Not in the PR' },
      ],
    };
    const first = await client().publish(locator, 7, review);
    expect(first.posted).toEqual(['c-1', 's-summary1']);
    expect(first.refused.map((r) => r.key)).toEqual(['c-2', 'c-3']);
    expect(first.summaryUrl).toBe(
      `${azure.url}/My%20Project/_git/web%20app/pullrequest/7?discussionId=${first.summaryId}`,
    );
    const threads = azure.threads(REPO, 7);
    expect(threads).toHaveLength(2);
    expect(threads[0]).toMatchObject({
      status: 'active',
      threadContext: {
        filePath: '/src/a.ts',
        rightFileStart: { line: 2, offset: 1 },
        rightFileEnd: { line: 2, offset: 1 },
      },
      pullRequestThreadContext: {
        iterationContext: { firstComparingIteration: 1, secondComparingIteration: 1 },
      },
    });
    expect(threads[0]?.comments[0]?.content).toBe('Changed line\n\n<!-- kodus:key=c-1 -->');
    expect(threads[1]?.threadContext).toBeUndefined();

    const again = await client().publish(locator, 7, review);
    expect(again.posted).toEqual([]);
    expect(again.alreadyPosted).toEqual(['c-1', 's-summary1']);
    expect(azure.threads(REPO, 7)).toHaveLength(2);
    expect(await client().listPostedComments(locator, 7)).toMatchObject([
      { key: 'c-1', kind: 'inline', path: 'src/a.ts', line: 2, body: 'Changed line' },
      { key: 's-summary1', kind: 'summary', body: 'Summary' },
    ]);
  });

  it('a thread the API refuses (400) loses that comment only', async () => {
    azure.failNext(1, 400, { match: { method: 'POST' }, message: 'The thread context is not valid.' });
    const result = await client().publish(locator, 7, {
      head,
      summary: { key: 's-2', body: 'Summary' },
      comments: [
        { key: 'c-a', path: 'src/a.ts', line: 2, body: 'first' },
        { key: 'c-b', path: 'src/b.ts', line: 1, body: 'second' },
      ],
    });
    expect(result.refused).toEqual([
      { key: 'c-a', reason: expect.stringContaining('The thread context is not valid.') },
    ]);
    expect(result.posted).toEqual(['c-b', 's-2']);
  });

  it('203 with the sign-in page (no or a wrong PAT) is a permanent authentication failure, never success', async () => {
    const signIn = await new AzureDevopsStandIn({ unknownTokenStatus: 203 }).start();
    try {
      seed(signIn);
      const loc = { ...locator, collectionUrl: signIn.url };
      for (const token of ['', 'wrong-pat']) {
        const error = await createAzureDevopsClient(signIn.url, token, fast)
          .getPullRequest(loc, 7)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(GitProviderError);
        expect(error).toMatchObject({ status: 203, retryable: false });
        expect(String((error as Error).message)).not.toContain('wrong-pat');
      }
      expect(signIn.requests).toHaveLength(2);
    } finally {
      await signIn.stop();
    }
  });

  it('a wrong PAT answered 401 is permanent; unknown pull requests 404', async () => {
    await expect(
      createAzureDevopsClient(azure.url, 'bad', fast).getPullRequest(locator, 7),
    ).rejects.toMatchObject({ status: 401, retryable: false });
    await expect(client().getPullRequest(locator, 99)).rejects.toMatchObject({
      status: 404,
      retryable: false,
    });
    await expect(client().getPullRequest({ ...locator, repository: 'other' }, 7)).rejects.toMatchObject({
      status: 404,
    });
  });

  it('429 with Azure’s rate-limit headers and 5xx are retried; a POST is not', async () => {
    azure.failNext(1, 429, { retryAfterSeconds: 0, match: { method: 'GET' } });
    azure.failNext(1, 503, { match: { method: 'GET' } });
    expect((await client().getPullRequest(locator, 7)).number).toBe(7);
    expect(azure.requests.map((r) => r.response.status)).toEqual([429, 503, 200]);
    azure.failNext(1, 503, { match: { method: 'POST' } });
    await expect(
      client().publish(locator, 7, { head, summary: { key: 's-3', body: 's' }, comments: [] }),
    ).rejects.toMatchObject({ status: 503, retryable: true });
    expect(azure.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });
});

describe('Azure DevOps throttling and echoed credentials', () => {
  let azure: AzureDevopsStandIn;
  const locatorOf = (): AzureLocator => ({
    provider: 'azure-devops',
    collectionUrl: azure.url,
    organization: 'kodus-org',
    project: REPO.project,
    repository: REPO.name,
  });
  beforeEach(async () => {
    azure = await new AzureDevopsStandIn().start();
    seed(azure);
  });
  afterEach(() => azure.stop());

  it('a 429 with only X-RateLimit-Delay: the wait Azure asked for is reported (too long to wait here)', async () => {
    azure.failNext(3, 429, { rateLimitDelaySeconds: 60 });
    const error = await createAzureDevopsClient(azure.url, 'test-pat', fast)
      .getPullRequest(locatorOf(), 7)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 60_000 });
    expect(azure.requests).toHaveLength(1);
  });

  it('a file over the size bound is never read whole: listed without a patch, unreadable alone', async () => {
    const huge = 'x'.repeat(4 * 1024 * 1024 + 1);
    azure.addCommit({
      sha: sha(5),
      parent: BASE,
      files: { 'src/a.ts': 'one\nTWO\nthree\n', 'big.txt': huge },
    });
    azure.push(REPO, 7, sha(5));
    const client = createAzureDevopsClient(azure.url, 'test-pat', fast);
    const files = await client.listChangedFiles(locatorOf(), {
      number: 7,
      headSha: sha(5),
      baseSha: BASE,
      startSha: BASE,
    });
    expect(files.find((f) => f.path === 'big.txt')).toEqual({
      path: 'big.txt',
      status: 'added',
      additions: 0,
      deletions: 0,
    });
    expect(files.find((f) => f.path === 'src/a.ts')?.patch).toContain('+TWO');
    await expect(client.readFile(locatorOf(), 'big.txt', sha(5))).rejects.toBeInstanceOf(UnreadableFileError);
  });

  it('the bound holds for a streamed answer without a length too', async () => {
    const stream = () =>
      new ReadableStream({
        start(controller) {
          for (let i = 0; i < 5; i += 1)
            controller.enqueue(new TextEncoder().encode('x'.repeat(1024 * 1024)));
          controller.close();
        },
      });
    const fetchStub = () =>
      Promise.resolve(
        new Response(stream(), { status: 200, headers: { 'content-type': 'application/json' } }),
      );
    const client = createAzureDevopsClient('https://dev.azure.com', 'pat', {
      ...fast,
      fetch: fetchStub as typeof fetch,
    });
    const repo: AzureLocator = {
      provider: 'azure-devops',
      collectionUrl: 'https://dev.azure.com/o',
      organization: 'o',
      project: 'p',
      repository: 'r',
    };
    await expect(client.readFile(repo, 'big.txt', HEAD)).rejects.toBeInstanceOf(UnreadableFileError);
  });

  it('a proxy page echoing the PAT never reaches the error message', async () => {
    azure.failNext(3, 502, {
      rawBody: `<html>bad gateway for Authorization: Basic ${Buffer.from(':test-pat').toString('base64')} test-pat</html>`,
    });
    const error = await createAzureDevopsClient(azure.url, 'test-pat', fast)
      .getPullRequest(locatorOf(), 7)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, retryable: true });
    expect(String((error as Error).message)).not.toMatch(/test-pat|OnRlc3QtcGF0/);
  });
});

describe('Azure DevOps Server (a collection URL, api-version 6.0)', () => {
  it('reads and publishes through /tfs/DefaultCollection with 6.0, which Server 2020 accepts', async () => {
    const server = await new AzureDevopsStandIn({
      collectionPath: '/tfs/DefaultCollection',
      maxApiVersion: '6.0',
    }).start();
    try {
      seed(server);
      const access: ProviderAccess['azureDevops'] = { url: server.url, token: 'test-pat' };
      const all = {
        github: { apiUrl: '' },
        gitlab: { url: '' },
        bitbucket: { apiUrl: '' },
        azureDevops: access,
      } as ProviderAccess;
      const repo = azureDevopsAdapter.parseFullName('DefaultCollection/My Project/web app', all);
      expect(repo).toEqual({
        provider: 'azure-devops',
        collectionUrl: server.url,
        organization: 'DefaultCollection',
        project: 'My Project',
        repository: 'web app',
      });
      expect(azureDevopsAdapter.fullName(repo)).toBe('DefaultCollection/My Project/web app');
      // The stand-in listens on 127.0.0.1, not dev.azure.com: the adapter picks the Server version.
      const client = azureDevopsAdapter.createClient(all, { repository: repo });
      const pr = await client.getPullRequest(repo, 7);
      expect(pr.headSha).toBe(HEAD);
      const result = await client.publish(repo, 7, {
        head: { number: 7, headSha: HEAD, baseSha: BASE, startSha: BASE },
        summary: { key: 's-x', body: 'ok' },
        comments: [{ key: 'c-x', path: 'src/b.ts', line: 1, body: 'x' }],
      });
      expect(result.posted).toEqual(['c-x', 's-x']);
      // 6.0 throughout; connectionData (who the PAT is) is a preview API.
      expect(new Set(server.requests.map((r) => r.query['api-version']))).toEqual(
        new Set(['6.0', '6.0-preview']),
      );
      expect(server.requests.every((r) => r.path.startsWith('/tfs/DefaultCollection/'))).toBe(true);
    } finally {
      await server.stop();
    }
  });
});

describe('one Azure DevOps client for every organization of its credential', () => {
  it('addresses each repository’s own organization, and never another host', async () => {
    const urls: string[] = [];
    const fetchStub = (input: string | URL | Request) => {
      urls.push(String(input));
      const pr = {
        pullRequestId: 1,
        status: 'active',
        lastMergeSourceCommit: { commitId: HEAD },
        lastMergeTargetCommit: { commitId: BASE },
      };
      return Promise.resolve(
        new Response(JSON.stringify(pr), { status: 200, headers: { 'content-type': 'application/json' } }),
      );
    };
    const client = createAzureDevopsClient('https://dev.azure.com', 'pat', {
      fetch: fetchStub as typeof fetch,
    });
    const at = (org: string, host = 'https://dev.azure.com'): AzureLocator => ({
      provider: 'azure-devops',
      collectionUrl: `${host}/${org}`,
      organization: org,
      project: 'P',
      repository: 'r',
    });
    await client.getPullRequest(at('orgA'), 1);
    await client.getPullRequest(at('orgB'), 1);
    await expect(client.getPullRequest(at('orgC', 'https://evil.example.com'), 1)).rejects.toThrow(
      /not on AZURE_DEVOPS_URL/,
    );
    expect(urls.map((u) => new URL(u).pathname)).toEqual([
      '/orgA/P/_apis/git/repositories/r/pullRequests/1',
      '/orgB/P/_apis/git/repositories/r/pullRequests/1',
    ]);
    expect(urls.every((u) => new URL(u).searchParams.get('api-version') === '7.1')).toBe(true);
  });
});

describe('the Azure DevOps adapter', () => {
  const access = (url?: string, token?: string) =>
    ({
      github: { apiUrl: '' },
      gitlab: { url: '' },
      bitbucket: { apiUrl: '' },
      azureDevops: { ...(url === undefined ? {} : { url }), ...(token === undefined ? {} : { token }) },
    }) as ProviderAccess;

  it('api-version: 7.1 on dev.azure.com, 6.0 on a Server (2020 and later accept it)', () => {
    expect(apiVersionFor('https://dev.azure.com/contoso')).toBe('7.1');
    expect(apiVersionFor('https://tfs.example.com/tfs/DefaultCollection')).toBe('6.0');
  });

  it('full names: organization/project/repo, the collection from AZURE_DEVOPS_URL', () => {
    expect(
      azureDevopsAdapter.parseFullName('contoso/Web/site', access('https://dev.azure.com')),
    ).toMatchObject({ collectionUrl: 'https://dev.azure.com/contoso' });
    expect(
      azureDevopsAdapter.parseFullName('contoso/Web/site', access('https://dev.azure.com/contoso/')),
    ).toMatchObject({ collectionUrl: 'https://dev.azure.com/contoso' });
    expect(
      azureDevopsAdapter.parseFullName('Coll/Web/site', access('https://tfs.example.com/tfs')),
    ).toMatchObject({ collectionUrl: 'https://tfs.example.com/tfs/Coll', organization: 'Coll' });
    for (const bad of ['a/b', 'a/b/c/d', 'a/../b/c', 'a/b/c:d', 'org/.hidden/x', '/b/c']) {
      expect(() => azureDevopsAdapter.parseFullName(bad, access())).toThrow(/Azure DevOps|invalid/);
    }
  });

  it('is configured by a token, and never sends it to a collection on another host than AZURE_DEVOPS_URL', () => {
    expect(azureDevopsAdapter.configured(access())).toBe(false);
    expect(azureDevopsAdapter.configured(access(undefined, 'pat'))).toBe(true);
    const fromWebhook: AzureLocator = {
      provider: 'azure-devops',
      collectionUrl: 'https://evil.example.com/org',
      organization: 'org',
      project: 'p',
      repository: 'r',
    };
    expect(() =>
      azureDevopsAdapter.createClient(access('https://dev.azure.com', 'pat'), { repository: fromWebhook }),
    ).toThrow(/not on AZURE_DEVOPS_URL/);
    expect(() =>
      azureDevopsAdapter.createClient(access('https://dev.azure.com'), { repository: fromWebhook }),
    ).toThrow(/AZURE_DEVOPS_TOKEN/);
    // AZURE_DEVOPS_URL in the legacy form is the same service as dev.azure.com, where webhooks point.
    const onDevAzure = { ...fromWebhook, collectionUrl: 'https://dev.azure.com/org' };
    expect(() =>
      azureDevopsAdapter.createClient(access('https://org.visualstudio.com', 'pat'), {
        repository: onDevAzure,
      }),
    ).not.toThrow();
    expect(() =>
      azureDevopsAdapter.createClient(access('https://dev.azure.com', 'pat'), {
        repository: { ...fromWebhook, collectionUrl: 'https://dev.azure.com/org' },
      }),
    ).not.toThrow();
  });
});
