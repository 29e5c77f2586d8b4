import { createPublicKey, verify } from 'node:crypto';
import { GithubStandIn } from '@kodus/test-helpers';
import { createGithubClient, GitProviderError } from '../src';
import { appKeyPair, BASE, HEAD, LOCATOR, REPO, reviewOf } from './support/fixtures';

const APP_ID = '424242';
const INSTALLATION = 9001;
const keys = appKeyPair();

function decodeJwt(jwt: string): {
  header: Record<string, unknown>;
  payload: Record<string, number | string>;
} {
  const [header = '', payload = ''] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, number | string>,
  };
}

describe('GitHub App authentication', () => {
  let github: GithubStandIn;
  const appClient = (privateKey = keys.privateKey, installationId = INSTALLATION) =>
    createGithubClient({
      apiUrl: github.url,
      auth: { kind: 'app', appId: APP_ID, privateKey, installationId },
      retry: { baseDelayMs: 1 },
    });

  beforeEach(async () => {
    github = await new GithubStandIn({
      tokens: {},
      app: {
        appId: APP_ID,
        publicKey: keys.publicKey,
        installations: [INSTALLATION],
        botLogin: 'kodus[bot]',
      },
    }).start();
    github.addPullRequest(REPO, { number: 1, headSha: HEAD, baseSha: BASE });
  });
  afterEach(() => github.stop());

  it('exchanges an RS256 app JWT for an installation token, and caches the token', async () => {
    const client = appClient();
    const before = Math.floor(Date.now() / 1000);
    await client.getPullRequest(LOCATOR, 1);
    await client.getPullRequest(LOCATOR, 1);
    await client.publish(LOCATOR, 1, reviewOf(1, 'hi'));

    expect(github.accessTokensIssued).toBe(1);
    const [exchange, ...calls] = github.requests;
    expect(exchange).toMatchObject({
      method: 'POST',
      apiPath: `/app/installations/${INSTALLATION}/access_tokens`,
    });
    const jwt = exchange!.headers.authorization!.replace(/^Bearer /, '');
    const [h = '', p = '', s = ''] = jwt.split('.');
    expect(
      verify(
        'RSA-SHA256',
        Buffer.from(`${h}.${p}`),
        createPublicKey(keys.publicKey),
        Buffer.from(s, 'base64url'),
      ),
    ).toBe(true);
    const { header, payload } = decodeJwt(jwt);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(payload.iss).toBe(APP_ID);
    expect(Number(payload.iat)).toBeGreaterThanOrEqual(before - 61);
    expect(Number(payload.iat)).toBeLessThanOrEqual(before - 59 + 2);
    expect(Number(payload.exp) - Number(payload.iat)).toBeLessThanOrEqual(600);

    const token = (exchange!.response.body as { token: string }).token;
    // Two reads, the posted reviews and review comments listed, the review: all with the one token; and
    // who the app posts as (GET /app, with an app JWT).
    const app = calls.filter((call) => call.apiPath === '/app');
    expect(app).toHaveLength(1);
    expect(app[0]?.headers.authorization).not.toBe(`Bearer ${token}`);
    const withToken = calls.filter((call) => call.apiPath !== '/app');
    expect(withToken).toHaveLength(5);
    for (const call of withToken) expect(call.headers.authorization).toBe(`Bearer ${token}`);
    expect(github.reviews(REPO, 1)[0]?.user).toBe('kodus[bot]');
  });

  it('makes one exchange for concurrent first calls', async () => {
    const client = appClient();
    await Promise.all([1, 2, 3, 4].map(() => client.getPullRequest(LOCATOR, 1)));
    expect(github.accessTokensIssued).toBe(1);
  });

  it('refreshes the token once it is close to expires_at', async () => {
    github.setInstallationTokenTtl(4); // cached until halfway: 1–2 s (expires_at has whole seconds)
    const client = appClient();
    await client.getPullRequest(LOCATOR, 1);
    await client.getPullRequest(LOCATOR, 1);
    expect(github.accessTokensIssued).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await client.getPullRequest(LOCATOR, 1);
    expect(github.accessTokensIssued).toBe(2);
    const tokens = github.requests
      .filter((r) => r.apiPath.endsWith('/access_tokens'))
      .map((r) => (r.response.body as { token: string }).token);
    expect(new Set(tokens).size).toBe(2);
    expect(github.requests.at(-1)!.headers.authorization).toBe(`Bearer ${tokens[1]}`);
  });

  it('gets a new token once when GitHub refuses the cached one (revoked)', async () => {
    const client = appClient();
    await client.getPullRequest(LOCATOR, 1);
    github.revokeInstallationTokens();
    await expect(client.getPullRequest(LOCATOR, 1)).resolves.toMatchObject({ number: 1 });
    expect(github.accessTokensIssued).toBe(2);
    expect(github.requests.map((r) => r.response.status)).toEqual([201, 200, 401, 201, 200]);
  });

  it('fails without retrying when the app key is wrong or the installation unknown', async () => {
    const wrongKey = appClient(appKeyPair().privateKey);
    await expect(wrongKey.getPullRequest(LOCATOR, 1)).rejects.toMatchObject({
      status: 401,
      retryable: false,
    });
    const unknown = appClient(keys.privateKey, 77);
    await expect(unknown.getPullRequest(LOCATOR, 1)).rejects.toMatchObject({ status: 404, retryable: false });
    expect(github.requests.map((r) => `${r.apiPath} ${r.response.status}`)).toEqual([
      `/app/installations/${INSTALLATION}/access_tokens 401`,
      '/app/installations/77/access_tokens 404',
    ]);
  });

  it('refuses unusable settings up front', () => {
    const make = (auth: Parameters<typeof createGithubClient>[0]['auth']) => () =>
      createGithubClient({ apiUrl: github.url, auth });
    expect(make({ kind: 'app', appId: APP_ID, privateKey: 'not a key', installationId: 1 })).toThrow(/PEM/);
    expect(make({ kind: 'app', appId: '', privateKey: keys.privateKey, installationId: 1 })).toThrow(/appId/);
    expect(make({ kind: 'app', appId: APP_ID, privateKey: keys.privateKey, installationId: 0 })).toThrow(
      GitProviderError,
    );
    expect(make({ kind: 'token', token: ' ' })).toThrow(/token is empty/);
    expect(() => createGithubClient({ apiUrl: 'ftp://x', auth: { kind: 'token', token: 't' } })).toThrow(
      /http/,
    );
  });
});
