import { createPrivateKey, sign } from 'node:crypto';
import { request } from 'node:http';
import { GithubStandIn } from '@kodus/test-helpers';
import { createAppJwt } from '../src/github/app-jwt';
import { appKeyPair, BASE, changedFiles, HEAD, REPO } from './support/fixtures';

/** node:http sends no User-Agent unless told to (fetch always adds one). */
function statusWithoutUserAgent(url: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: 'token test-token' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The stand-in is what every GitHub test trusts: its own GitHub behaviours are checked here. */
describe('GitHub stand-in', () => {
  const keys = appKeyPair();
  let github: GithubStandIn;
  const headers = { authorization: 'token test-token', 'user-agent': 'stand-in-test' };
  const get = (path: string, extra: Record<string, string> = headers) =>
    fetch(`${github.url}${path}`, { headers: extra });

  beforeEach(async () => {
    github = await new GithubStandIn({ app: { appId: '12', publicKey: keys.publicKey } }).start();
    github.addPullRequest(REPO, { number: 1, headSha: HEAD, baseSha: BASE, files: changedFiles(250) });
  });
  afterEach(() => github.stop());

  it('paginates like GitHub: per_page (max 100), page, and prev/next/last/first links', async () => {
    const path = '/repos/acme/shop/pulls/1/files';
    const middle = await get(`${path}?per_page=100&page=2`);
    expect(((await middle.json()) as unknown[]).length).toBe(100);
    const at = (page: number) => `${github.url}${path}?per_page=100&page=${page}`;
    expect(middle.headers.get('link')).toBe(
      `<${at(1)}>; rel="prev", <${at(3)}>; rel="next", <${at(3)}>; rel="last", <${at(1)}>; rel="first"`,
    );
    const first = await get(path);
    expect(((await first.json()) as unknown[]).length).toBe(30);
    expect(first.headers.get('link')).toContain('per_page=30&page=9>; rel="last"');
    const clamped = await get(`${path}?per_page=1000&page=3`);
    expect(((await clamped.json()) as unknown[]).length).toBe(50);
    expect(clamped.headers.get('link')).not.toContain('rel="next"');
  });

  it('refuses requests as GitHub does: no credentials, no User-Agent, an unknown API version', async () => {
    expect((await get('/repos/acme/shop/pulls/1', { 'user-agent': 'x' })).status).toBe(401);
    expect(
      (await get('/repos/acme/shop/pulls/1', { authorization: 'token wrong', 'user-agent': 'x' })).status,
    ).toBe(401);
    expect(await statusWithoutUserAgent(`${github.url}/repos/acme/shop/pulls/1`)).toBe(403);
    const versioned = await get('/repos/acme/shop/pulls/1', {
      ...headers,
      'x-github-api-version': '2099-01-01',
    });
    expect(versioned.status).toBe(400);
    expect((await get('/repos/acme/shop/pulls/2')).status).toBe(404);
  });

  it('issues installation tokens only for a valid RS256 app JWT', async () => {
    const exchange = (jwt: string) =>
      fetch(`${github.url}/app/installations/5/access_tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${jwt}`, 'user-agent': 'x' },
      });
    const key = createPrivateKey(keys.privateKey);
    const forge = (payload: object, signer = key) => {
      const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(payload)}`;
      return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), signer).toString('base64url')}`;
    };
    const now = Math.floor(Date.now() / 1000);
    expect((await exchange(createAppJwt('12', key))).status).toBe(201);
    expect((await exchange(createAppJwt('13', key))).status).toBe(401);
    expect((await exchange(createAppJwt('12', createPrivateKey(appKeyPair().privateKey)))).status).toBe(401);
    expect((await exchange(forge({ iss: '12', iat: now - 700, exp: now - 100 }))).status).toBe(401);
    expect((await exchange(forge({ iss: '12', iat: now, exp: now + 3600 }))).status).toBe(401);
    expect((await exchange(forge({ iss: 12, iat: now - 60, exp: now + 540 }))).status).toBe(201);
    const token = ((await (await exchange(createAppJwt('12', key))).json()) as { token: string }).token;
    expect(
      (await get('/repos/acme/shop/pulls/1', { authorization: `Bearer ${token}`, 'user-agent': 'x' })).status,
    ).toBe(200);
    expect(github.accessTokensIssued).toBe(3);
  });

  it('fails the next matching requests on demand, and records every request', async () => {
    github.failNext(1, 503, { match: { path: /\/files$/ } });
    expect((await get('/repos/acme/shop/pulls/1')).status).toBe(200);
    const failed = await get('/repos/acme/shop/pulls/1/files');
    expect(failed.status).toBe(503);
    expect((await get('/repos/acme/shop/pulls/1/files')).status).toBe(200);
    expect(github.requests.map((r) => `${r.method} ${r.apiPath} ${r.response.status}`)).toEqual([
      'GET /repos/acme/shop/pulls/1 200',
      'GET /repos/acme/shop/pulls/1/files 503',
      'GET /repos/acme/shop/pulls/1/files 200',
    ]);
    expect(github.requests[0]!.headers['user-agent']).toBe('stand-in-test');
  });
});
