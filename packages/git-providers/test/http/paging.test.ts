import { z } from 'zod';
import { GitProviderError, ProviderHttp } from '../../src';
import { ScriptedServer, sendJson } from '../support/scripted-server';

describe('ProviderHttp paging', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await new ScriptedServer((_req, res) => sendJson(res, 404, {})).start();
  });
  afterEach(() => server.stop());

  const client = (provider: 'github' | 'gitlab' | 'bitbucket' | 'azure-devops', base = '/api') =>
    new ProviderHttp({ provider, baseUrl: `${server.url}${base}`, authorization: () => 'Bearer t' });
  const page = (url: string) => Number(new URL(url, 'http://x').searchParams.get('page') ?? '1');

  it('follows Link rel="next" (GitHub)', async () => {
    server.handle((req, res) => {
      const n = page(req.url);
      sendJson(res, 200, [n], n < 3 ? { link: `<${server.url}/api/items?page=${n + 1}>; rel="next"` } : {});
    });
    await expect(client('github').getAllPages({ path: '/items' }, 'link', z.number())).resolves.toEqual([
      1, 2, 3,
    ]);
  });

  it("follows GitLab's X-Next-Page", async () => {
    server.handle((req, res) => {
      const n = page(req.url);
      sendJson(res, 200, [n], { 'x-next-page': n < 2 ? String(n + 1) : '' });
    });
    const items = await client('gitlab').getAllPages(
      { path: '/notes', query: { per_page: 100 } },
      'gitlab',
      z.number(),
    );
    expect(items).toEqual([1, 2]);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/notes?per_page=100',
      '/api/notes?per_page=100&page=2',
    ]);
  });

  it("follows Bitbucket's next in the body", async () => {
    server.handle((req, res) => {
      const n = page(req.url);
      sendJson(res, 200, { values: [n], ...(n < 2 ? { next: `${server.url}/api/c?page=${n + 1}` } : {}) });
    });
    const items = await client('bitbucket').getAllPages(
      { path: '/c' },
      'bitbucket',
      z.number(),
      (body) => (body as { values: unknown }).values,
    );
    expect(items).toEqual([1, 2]);
  });

  it("follows Azure DevOps' x-ms-continuationtoken", async () => {
    server.handle((req, res) => {
      const token = new URL(req.url, 'http://x').searchParams.get('continuationToken');
      sendJson(
        res,
        200,
        { value: [token ?? 'first'] },
        token === null ? { 'x-ms-continuationtoken': 'abc' } : {},
      );
    });
    const items = await client('azure-devops', '/org').getAllPages(
      { path: '/_apis/threads' },
      'azure',
      z.string(),
      (body) => (body as { value: unknown }).value,
    );
    expect(items).toEqual(['first', 'abc']);
  });

  it('refuses a next page outside the API root', async () => {
    server.handle((_req, res) =>
      sendJson(res, 200, [1], { link: '<http://elsewhere.example/api/items?page=2>; rel="next"' }),
    );
    await expect(client('github').getAllPages({ path: '/items' }, 'link', z.number())).rejects.toThrow(
      GitProviderError,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('stops a list that pages forever', async () => {
    server.handle((req, res) =>
      sendJson(res, 200, [1], { link: `<${server.url}/api/items?page=${page(req.url) + 1}>; rel="next"` }),
    );
    await expect(client('github').getAllPages({ path: '/items' }, 'link', z.number())).rejects.toThrow(
      /more than 100 pages/,
    );
  });
});
