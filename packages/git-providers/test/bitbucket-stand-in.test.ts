import { BitbucketStandIn } from '@kodus/test-helpers';
import { BB_BASE, BB_HEAD, BB_REPO, MIXED_FILES } from './fixtures/bitbucket/stand-in-data';

/** The stand-in is what every Bitbucket test trusts: its own Bitbucket behaviours are checked here. */
describe('Bitbucket stand-in', () => {
  let bitbucket: BitbucketStandIn;
  const auth = { authorization: 'Bearer test-token' };
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${bitbucket.url}/repositories/acme/shop${path}`, {
      ...init,
      headers: { ...auth, 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    });
  const post = (body: unknown) =>
    api('/pullrequests/7/comments', { method: 'POST', body: JSON.stringify(body) });

  beforeEach(async () => {
    bitbucket = await new BitbucketStandIn({ users: { alice: 'secret-pass' } }).start();
    bitbucket.addPullRequest(BB_REPO, { id: 7, headSha: BB_HEAD, baseSha: BB_BASE, files: MIXED_FILES });
  });
  afterEach(() => bitbucket.stop());

  it('refuses requests without valid credentials (Bearer or Basic)', async () => {
    expect((await fetch(`${bitbucket.url}/repositories/acme/shop/pullrequests/7`)).status).toBe(401);
    const basic = (user: string, pass: string) =>
      api('/pullrequests/7', {
        headers: { authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` },
      });
    expect((await basic('alice', 'wrong')).status).toBe(401);
    expect((await basic('alice', 'secret-pass')).status).toBe(200);
    expect((await api('/pullrequests/7', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it('shows 12-character hashes in pull requests and resolves them through the commit endpoint', async () => {
    const pr = (await (await api('/pullrequests/7')).json()) as { source: { commit: { hash: string } } };
    expect(pr.source.commit.hash).toBe(BB_HEAD.slice(0, 12));
    const commit = (await (await api(`/commit/${BB_HEAD.slice(0, 12)}`)).json()) as { hash: string };
    expect(commit.hash).toBe(BB_HEAD);
    expect((await api('/commit/0123456789ab')).status).toBe(404);
    expect((await api('/pullrequests/99')).status).toBe(404);
  });

  it('refuses a comment without a body (content.raw), as Bitbucket does', async () => {
    for (const body of [{}, { content: {} }, { content: { raw: '' } }, { content: { raw: 5 } }, 'text']) {
      const answer = await post(body);
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ type: 'error', error: { message: expect.any(String) } });
    }
    expect((await post({ content: { raw: 'x' }, inline: { to: 3 } })).status).toBe(400);
    expect((await post({ content: { raw: 'x' }, inline: { path: 'src/app.ts' } })).status).toBe(400);
    expect((await post({ content: { raw: 'x' }, inline: { path: 'src/app.ts', to: -1 } })).status).toBe(400);
    expect(bitbucket.comments(BB_REPO, 7)).toEqual([]);
  });

  it('accepts an inline comment outside the diff and marks it as shown outdated', async () => {
    expect((await post({ content: { raw: 'in' }, inline: { path: 'src/app.ts', to: 2 } })).status).toBe(201);
    expect((await post({ content: { raw: 'out' }, inline: { path: 'src/app.ts', to: 300 } })).status).toBe(
      201,
    );
    expect(bitbucket.comments(BB_REPO, 7).map((c) => c.outsideDiff)).toEqual([false, true]);
  });

  it('pages comments with pagelen and next', async () => {
    for (let i = 0; i < 25; i += 1) bitbucket.addComment(BB_REPO, 7, { raw: `c${i}` });
    const first = (await (await api('/pullrequests/7/comments')).json()) as {
      values: unknown[];
      next: string;
    };
    expect(first.values).toHaveLength(10);
    const last = (await (await fetch(first.next.replace('page=2', 'page=3'), { headers: auth })).json()) as {
      values: unknown[];
      next?: string;
    };
    expect(last.values).toHaveLength(5);
    expect(last.next).toBeUndefined();
  });

  it('answers scripted failures: 429 with Retry-After, then 5xx, then the real answer', async () => {
    bitbucket.failNext(1, 429, { retryAfterSeconds: 7 });
    bitbucket.failNext(1, 500);
    const limited = await api('/pullrequests/7');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await api('/pullrequests/7')).status).toBe(500);
    expect((await api('/pullrequests/7')).status).toBe(200);
    expect(bitbucket.requests.map((r) => r.response.status)).toEqual([429, 500, 200]);
  });

  it('serves the diff as text for source..destination, and files with a name-derived type', async () => {
    const diff = await api(`/diff/${BB_HEAD}..${BB_BASE}`);
    expect(diff.headers.get('content-type')).toBe('text/plain');
    const text = await diff.text();
    expect(text).toContain('diff --git a/src/original.ts b/src/renamed.ts\n');
    expect(text).toContain('Binary files a/assets/logo.png and b/assets/logo.png differ');
    bitbucket.setFile(BB_REPO, BB_HEAD, 'a.json', '{"x":1}');
    const file = await api(`/src/${BB_HEAD}/a.json`);
    expect(file.headers.get('content-type')).toBe('application/json');
    expect((await api(`/src/${BB_HEAD}/b.json`)).status).toBe(404);
  });
});
