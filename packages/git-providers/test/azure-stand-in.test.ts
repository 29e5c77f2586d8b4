import { AzureDevopsStandIn } from '@kodus/test-helpers';

/** The stand-in refuses what Azure DevOps refuses: the client tests rely on these answers. */
describe('the Azure DevOps stand-in', () => {
  let azure: AzureDevopsStandIn;
  const auth = { authorization: `Basic ${Buffer.from(':test-pat').toString('base64')}` };
  const prPath = '/P/_apis/git/repositories/r/pullRequests/1';
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${azure.url}${path}`, {
      ...init,
      headers: { ...auth, 'content-type': 'application/json', ...init.headers },
    });

  beforeEach(async () => {
    azure = await new AzureDevopsStandIn({ maxApiVersion: '6.0' }).start();
    azure.addCommit({ sha: 'a'.repeat(40), files: { 'x.ts': 'x\n' } });
    azure.addPullRequest(
      { project: 'P', name: 'r' },
      { id: 1, head: 'a'.repeat(40), target: 'a'.repeat(40) },
    );
  });
  afterEach(() => azure.stop());

  it('no credentials: 203 with an HTML sign-in page', async () => {
    const response = await fetch(`${azure.url}${prPath}?api-version=6.0`);
    expect(response.status).toBe(203);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('no api-version, or one newer than the server: 400', async () => {
    expect((await call(prPath)).status).toBe(400);
    const tooNew = await call(`${prPath}?api-version=7.1`);
    expect(tooNew.status).toBe(400);
    expect(((await tooNew.json()) as { typeKey: string }).typeKey).toBe('VssVersionOutOfRangeException');
    expect((await call(`${prPath}?api-version=6.0`)).status).toBe(200);
  });

  it.each([
    ['no comments', { comments: [] }],
    ['a comment without content', { comments: [{ parentCommentId: 0 }] }],
    [
      'a line 0 position',
      {
        comments: [{ content: 'x' }],
        threadContext: { filePath: '/x.ts', rightFileStart: { line: 0, offset: 1 } },
      },
    ],
    ['an unknown status', { comments: [{ content: 'x' }], status: 'open' }],
    ['an undocumented property', { comments: [{ content: 'x' }], position: 3 }],
  ])('a thread with %s: 400', async (_name, body) => {
    const response = await call(`${prPath}/threads?api-version=6.0`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(azure.threads({ project: 'P', name: 'r' }, 1)).toHaveLength(0);
  });

  it('unknown repositories, pull requests and routes: 404', async () => {
    expect((await call('/P/_apis/git/repositories/nope/pullRequests/1?api-version=6.0')).status).toBe(404);
    expect((await call('/P/_apis/git/repositories/r/pullRequests/2?api-version=6.0')).status).toBe(404);
    expect((await call('/P/_apis/git/repositories/r/refs?api-version=6.0')).status).toBe(404);
  });
});
