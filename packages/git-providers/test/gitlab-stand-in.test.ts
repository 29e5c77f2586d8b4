import { GITLAB_DOCUMENTED_OPERATIONS, GITLAB_LINE_CODE_REFUSAL, GitlabStandIn } from '@kodus/test-helpers';
import { GitlabClient, type RepositoryLocator } from '../src';

/**
 * The GitLab stand-in answers and refuses as GitLab documents: the requests a client may send
 * (docs.gitlab.com pages in documented.ts; no npm package carries GitLab's API description), the diff
 * positions GitLab can place (discussions.md: an added line takes new_line only, a removed one old_line
 * only, an unchanged one both), credentials, paging and throttling.
 */

const PROJECT = { id: 7, path: 'acme/shop' };
const REPO: RepositoryLocator = { provider: 'gitlab', path: PROJECT.path, projectId: PROJECT.id };
const [BASE, START, HEAD] = ['b', 'c', 'a'].map((c) => c.repeat(40)) as [string, string, string];
const DIFF = '@@ -10,4 +10,4 @@\n keep ten\n-old eleven\n+new eleven\n keep twelve\n keep thirteen';

let gitlab: GitlabStandIn;

beforeEach(async () => {
  gitlab = await new GitlabStandIn().start();
  gitlab.addMergeRequest(PROJECT, {
    iid: 1,
    headSha: HEAD,
    baseSha: BASE,
    startSha: START,
    files: [{ newPath: 'app.rb', diff: DIFF }],
  });
});
afterEach(async () => gitlab.stop());

async function call(method: string, path: string, body?: unknown, token: string | null = 'test-token') {
  const response = await fetch(`${gitlab.url}/api/v4${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { 'private-token': token }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? null : (JSON.parse(text) as unknown),
  };
}

const thread = (position: Record<string, unknown>) =>
  call('POST', '/projects/7/merge_requests/1/discussions', {
    body: 'note',
    position: {
      position_type: 'text',
      base_sha: BASE,
      start_sha: START,
      head_sha: HEAD,
      old_path: 'app.rb',
      new_path: 'app.rb',
      ...position,
    },
  });

describe('GitLab stand-in: diff positions, as GitLab places them', () => {
  it('accepts an added line (new_line), a removed line (old_line), an unchanged one (both)', async () => {
    expect((await thread({ new_line: 11 })).status).toBe(201);
    expect((await thread({ old_line: 11 })).status).toBe(201);
    expect((await thread({ new_line: 12, old_line: 12 })).status).toBe(201);
  });

  it('refuses a position that names no line of the diff with GitLab’s 400 line_code message', async () => {
    for (const position of [
      { new_line: 12 }, // unchanged line without old_line
      { new_line: 40 }, // outside every hunk
      { old_line: 12 }, // unchanged line as removed
      { new_line: 12, old_line: 11 }, // mismatched pair
      { new_line: 11, head_sha: 'f'.repeat(40) }, // no such diff version
      { new_line: 11, new_path: 'other.rb', old_path: 'other.rb' },
    ]) {
      expect(await thread(position)).toMatchObject({
        status: 400,
        body: { message: GITLAB_LINE_CODE_REFUSAL },
      });
    }
    expect(gitlab.discussions(PROJECT, 1)).toHaveLength(0);
  });
});

describe('GitLab stand-in: only documented requests', () => {
  it('refuses undocumented query parameters and body properties, and missing required ones', async () => {
    expect(await call('GET', '/projects/7/merge_requests/1/diffs?page_size=5')).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/page_size is not documented/) },
    });
    expect(await call('GET', '/projects/7/merge_requests/1/diffs?per_page=all')).toMatchObject({
      status: 400,
    });
    expect(await call('GET', '/projects/7/repository/files/app%2Erb')).toMatchObject({
      status: 400,
      body: { error: 'ref is missing' },
    });
    expect(await call('POST', '/projects/7/merge_requests/1/notes', {})).toMatchObject({
      status: 400,
      body: { error: 'body is missing' },
    });
    expect(
      await call('POST', '/projects/7/merge_requests/1/notes', { body: 'x', severity: 'high' }),
    ).toMatchObject({
      status: 400,
    });
    expect(await thread({ new_line: 11, line_code: 'abc_11_11' })).toMatchObject({
      status: 400,
      body: { error: 'position[line_code] is not documented' },
    });
    expect(await thread({ new_line: '11x' })).toMatchObject({ status: 400 });
    expect(await thread({ new_line: 11, position_type: 'diff' })).toMatchObject({ status: 400 });
    expect(await call('GET', '/projects/7/merge_requests/1/changes')).toMatchObject({ status: 404 });
  });

  it('requires a known token, by PRIVATE-TOKEN or Bearer', async () => {
    expect((await call('GET', '/projects/7/merge_requests/1', undefined, null)).status).toBe(401);
    expect((await call('GET', '/projects/7/merge_requests/1', undefined, 'nope')).status).toBe(401);
    const bearer = await fetch(`${gitlab.url}/api/v4/projects/7/merge_requests/1`, {
      headers: { authorization: 'Bearer test-token' },
    });
    expect(bearer.status).toBe(200);
  });

  it('pages with GitLab’s headers', async () => {
    for (let i = 0; i < 25; i += 1) gitlab.addNote(PROJECT, 1, `n${i}`);
    const first = await call('GET', '/projects/7/merge_requests/1/notes');
    expect(first.body).toHaveLength(20);
    expect(
      Object.fromEntries(
        ['x-page', 'x-per-page', 'x-total', 'x-total-pages', 'x-next-page', 'x-prev-page'].map((h) => [
          h,
          first.headers.get(h),
        ]),
      ),
    ).toEqual({
      'x-page': '1',
      'x-per-page': '20',
      'x-total': '25',
      'x-total-pages': '2',
      'x-next-page': '2',
      'x-prev-page': '',
    });
    expect(first.headers.get('link')).toMatch(/rel="next"/);
  });

  it('throttles with 429, Retry-After and the RateLimit-* headers', async () => {
    gitlab.failNext(1, 429, { retryAfterSeconds: 30 });
    const response = await fetch(`${gitlab.url}/api/v4/projects/7/merge_requests/1`, {
      headers: { 'private-token': 'test-token' },
    });
    expect(response.status).toBe(429);
    expect(await response.text()).toBe('Retry later\n');
    expect(response.headers.get('retry-after')).toBe('30');
    expect(response.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('the client uses documented operations only, and every one of them', async () => {
    const client = new GitlabClient({ url: gitlab.url, token: 'test-token' });
    gitlab.setFile(PROJECT, BASE, 'app.rb', 'puts 1\n');
    gitlab.pushHead(PROJECT, 1, 'd'.repeat(40));
    gitlab.setComparison(PROJECT, HEAD, 'd'.repeat(40), []);
    const pinned = { number: 1, headSha: 'd'.repeat(40), baseSha: BASE, startSha: START };
    await client.getPullRequest(REPO, 1);
    await client.listChangedFiles(REPO, pinned);
    await client.listChangedFilesBetween(REPO, HEAD, 'd'.repeat(40));
    await client.readFile(REPO, 'app.rb', BASE);
    await client.listDirectory(REPO, '', BASE);
    await client.publish(REPO, 1, {
      head: pinned,
      summary: { key: 's-1', body: 'summary' },
      comments: [{ key: 'c-1', path: 'app.rb', line: 11, body: 'inline' }],
    });
    const used = new Set(gitlab.requests.map((r) => `${r.method} ${r.template ?? r.apiPath}`));
    expect(gitlab.requests.every((r) => r.response.status < 400)).toBe(true);
    const documented = GITLAB_DOCUMENTED_OPERATIONS.map((o) => `${o.method} ${o.template}`);
    expect([...used].every((u) => documented.includes(u))).toBe(true);
    expect([...used].sort()).toEqual(
      documented
        .filter((d) => !d.endsWith('/raw') && d !== 'GET /projects/:id/merge_requests/:iid/notes')
        .sort(),
    );
  });
});
