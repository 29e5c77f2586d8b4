import { z } from 'zod';
import { GitProviderError, ProviderHttp, type ProviderHttpOptions } from '../../src';
import { ScriptedServer, sendJson } from '../support/scripted-server';

const TOKEN = 'glpat-secret-token-value';
const fast = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2000 };

describe('ProviderHttp', () => {
  let server: ScriptedServer;
  const http = (options: Partial<ProviderHttpOptions> = {}) =>
    new ProviderHttp({
      provider: 'gitlab',
      baseUrl: `${server.url}/api/v4`,
      authorization: () => `Bearer ${TOKEN}`,
      retry: fast,
      ...options,
    });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(GitProviderError);
        return error as GitProviderError;
      },
    );

  beforeEach(async () => {
    server = await new ScriptedServer((_req, res) => sendJson(res, 200, { ok: true })).start();
  });
  afterEach(() => server.stop());

  it('sends JSON with the credentials and headers under the base path', async () => {
    const client = http({ headers: { 'x-api-version': '7.1' } });
    const answer = await client.request({ method: 'POST', path: '/projects/1/notes', body: { a: 1 } });
    expect(answer).toMatchObject({ status: 200, data: { ok: true } });
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/api/v4/projects/1/notes',
      body: '{"a":1}',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        'x-api-version': '7.1',
      },
    });
  });

  it('retries an idempotent request through 502s, and never a POST', async () => {
    let failures = 2;
    server.handle((_req, res) => (failures-- > 0 ? sendJson(res, 502, {}) : sendJson(res, 200, { ok: 1 })));
    await expect(http().request({ method: 'GET', path: '/a' })).resolves.toMatchObject({ data: { ok: 1 } });
    expect(server.requests).toHaveLength(3);

    failures = 1;
    const error = await failure(http().request({ method: 'POST', path: '/b', body: {} }));
    expect(error).toMatchObject({ status: 502, retryable: true });
    expect(server.requests).toHaveLength(4);
  });

  it('classifies 4xx answers as permanent, with the message redacted and the token never echoed', async () => {
    server.handle((req, res) =>
      sendJson(res, 404, {
        message: `404 Project Not Found; you sent authorization: ${String(req.headers.authorization)}`,
      }),
    );
    const error = await failure(http().request({ method: 'GET', path: '/projects/9' }));
    expect(error).toMatchObject({ status: 404, retryable: false, provider: 'gitlab' });
    expect(error.message).toContain('404 Project Not Found');
    expect(error.message).not.toContain(TOKEN);
    expect(server.requests).toHaveLength(1);
  });

  it('never echoes a credential sent in a header of its own (GitLab PRIVATE-TOKEN)', async () => {
    const token = 'glpat-AbCdEf0123456789';
    server.handle((req, res) =>
      sendJson(res, 502, { message: `upstream saw ${String(req.headers['private-token'])}` }),
    );
    const client = http({
      authorization: () => '',
      headers: { 'private-token': token },
      retry: { ...fast, maxRetries: 0 },
    });
    const error = await failure(client.request({ method: 'GET', path: '/projects/1' }));
    expect(error.message).toContain('upstream saw');
    expect(error.message).not.toContain(token);
  });

  it('follows a redirect within the API root, and never carries credentials to another host', async () => {
    const token = 'glpat-AbCdEf0123456789';
    const elsewhere = await new ScriptedServer((_req, res) => sendJson(res, 200, { stolen: true })).start();
    try {
      server.handle((req, res) => {
        if (req.url.endsWith('/renamed')) return sendJson(res, 200, { ok: true });
        const target = req.url.endsWith('/moved')
          ? `${server.url}/api/v4/renamed`
          : `${elsewhere.url}/api/v4/x`;
        res.writeHead(301, { location: target });
        res.end();
      });
      const client = http({ authorization: () => '', headers: { 'private-token': token } });
      await expect(client.request({ method: 'GET', path: '/moved' })).resolves.toMatchObject({
        data: { ok: true },
      });
      expect(server.requests.at(-1)?.headers['private-token']).toBe(token);
      const error = await failure(client.request({ method: 'GET', path: '/away' }));
      expect(error).toMatchObject({ status: 301, retryable: false });
      expect(error.message).toMatch(/redirect/);
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.stop();
    }
  });

  it('waits for Retry-After (seconds) on a 429 and then succeeds', async () => {
    let first = true;
    server.handle((_req, res) => {
      if (first) {
        first = false;
        sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '0' });
      } else sendJson(res, 200, {});
    });
    await expect(http().request({ method: 'GET', path: '/x' })).resolves.toMatchObject({ status: 200 });
    expect(server.requests).toHaveLength(2);
  });

  it("hands a long wait to the caller: GitLab's RateLimit-Reset", async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    server.handle((_req, res) =>
      sendJson(res, 429, {}, { 'ratelimit-remaining': '0', 'ratelimit-reset': String(reset) }),
    );
    const before = Date.now();
    const error = await failure(http().request({ method: 'GET', path: '/x' }));
    const after = Date.now();
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(reset * 1000 - after);
    expect(error.retryAfterMs).toBeLessThanOrEqual(reset * 1000 - before);
    expect(server.requests).toHaveLength(1);
  });

  it("treats GitHub's 403 with x-ratelimit-remaining 0 as a rate limit, another 403 as permanent", async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    server.handle((_req, res) =>
      sendJson(
        res,
        403,
        { message: 'API rate limit exceeded' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      ),
    );
    const limited = await failure(http({ provider: 'github' }).request({ method: 'GET', path: '/x' }));
    expect(limited).toMatchObject({ status: 403, retryable: true });
    expect(limited.retryAfterMs).toBeGreaterThan(500_000);

    server.handle((_req, res) => sendJson(res, 403, { message: 'Resource not accessible by integration' }));
    const forbidden = await failure(http({ provider: 'github' }).request({ method: 'GET', path: '/x' }));
    expect(forbidden).toMatchObject({ status: 403, retryable: false, retryAfterMs: undefined });
  });

  it("reads Azure DevOps' throttling headers (Retry-After with X-RateLimit-*)", async () => {
    server.handle((_req, res) =>
      sendJson(
        res,
        429,
        { message: 'throttled' },
        {
          'retry-after': '30',
          'x-ratelimit-resource': 'ATCPU',
          'x-ratelimit-delay': '2.5',
          'x-ratelimit-remaining': '0',
        },
      ),
    );
    const error = await failure(http({ provider: 'azure-devops' }).request({ method: 'GET', path: '/x' }));
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 30_000 });
  });

  it("takes Azure DevOps' 203 sign-in page for what it is: an authentication failure, permanent", async () => {
    server.handle((_req, res) => {
      res.writeHead(203, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><title>Sign in to your account</title></html>');
    });
    const error = await failure(
      http({ provider: 'azure-devops' }).request({ method: 'GET', path: '/_apis/x' }),
    );
    expect(error).toMatchObject({ status: 203, retryable: false, provider: 'azure-devops' });
    expect(error.message).toMatch(/sign-in page/);
    expect(server.requests).toHaveLength(1);
  });

  it('times out an attempt, as a retryable failure', async () => {
    server.handle(() => undefined);
    const error = await failure(
      http({ timeoutMs: 50, retry: { ...fast, maxRetries: 0 } }).request({ method: 'GET', path: '/slow' }),
    );
    expect(error).toMatchObject({ retryable: true, status: undefined });
    expect(error.message).toMatch(/timed out/);
  });

  it('refuses a URL outside the API root before sending anything', () => {
    expect(() => http().url('http://evil.example/api/v4/x')).toThrow(GitProviderError);
    expect(() => http().url(`${server.url}/other/x`)).toThrow(/outside the API root/);
  });

  it('checks a body against the schema the client relies on', async () => {
    server.handle((_req, res) => sendJson(res, 200, { id: 'not a number' }));
    const error = await failure(http().json(z.object({ id: z.number() }), { method: 'GET', path: '/p' }));
    expect(error).toMatchObject({ retryable: false });
  });
});
