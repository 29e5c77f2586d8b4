import { BitbucketStandIn, type BitbucketRecordedRequest } from '@kodus/test-helpers';
import { UnreadableFileError } from '../src';
import { BitbucketClient } from '../src/bitbucket';
import { checkAgainstDescription, templateOf } from './fixtures/bitbucket/api-description';
import {
  BB_BASE,
  BB_HEAD,
  BB_LOCATOR,
  BB_NEXT,
  BB_REPO,
  bbFiles,
  MIXED_FILES,
} from './fixtures/bitbucket/stand-in-data';

/** Every client operation, recorded by the stand-in: what the client sends and what the stand-in answers. */
async function recordedTraffic(): Promise<BitbucketRecordedRequest[]> {
  const bitbucket = await new BitbucketStandIn().start();
  try {
    bitbucket.addPullRequest(BB_REPO, {
      id: 7,
      headSha: BB_HEAD,
      baseSha: BB_BASE,
      files: [...MIXED_FILES, ...bbFiles(120)],
    });
    bitbucket.pushHead(BB_REPO, 7, BB_NEXT, { files: MIXED_FILES, since: bbFiles(2) });
    bitbucket.setFile(BB_REPO, BB_HEAD, '.kodus.yml', 'review: {}\n');
    bitbucket.setFile(BB_REPO, BB_HEAD, 'dir/a.ts', 'a\n');
    for (let i = 0; i < 12; i += 1) bitbucket.addComment(BB_REPO, 7, { raw: `note ${i}` });
    const client = new BitbucketClient({ apiUrl: bitbucket.url, authorization: 'Bearer test-token' });
    const pr = await client.getPullRequest(BB_LOCATOR, 7);
    const head = { number: 7, headSha: pr.headSha, baseSha: pr.baseSha, startSha: pr.startSha };
    await client.listChangedFiles(BB_LOCATOR, head);
    await client.listChangedFilesBetween(BB_LOCATOR, BB_HEAD, BB_NEXT);
    await client.readFile(BB_LOCATOR, '.kodus.yml', BB_HEAD);
    await client.readFile(BB_LOCATOR, 'missing.yml', BB_HEAD);
    await client.listDirectory(BB_LOCATOR, 'dir', BB_HEAD);
    await expect(client.readFile(BB_LOCATOR, 'dir', BB_HEAD)).rejects.toBeInstanceOf(UnreadableFileError);
    await client.publish(BB_LOCATOR, 7, {
      head,
      summary: { key: 's-sum', body: 'summary' },
      comments: [{ key: 'c-1', path: 'src/app.ts', line: 2, body: 'inline' }],
    });
    return bitbucket.requests;
  } finally {
    await bitbucket.stop();
  }
}

describe("Bitbucket traffic against Bitbucket Cloud's published API description", () => {
  it('maps concrete paths to the documented templates', () => {
    expect(templateOf('/repositories/a/b/pullrequests/7/comments')).toBe(
      '/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments',
    );
    expect(templateOf('/repositories/a/b/src/abc/dir/file.ts')).toBe(
      '/repositories/{workspace}/{repo_slug}/src/{commit}/{path}',
    );
    expect(templateOf('/repositories/a/b/no-such-thing/1')).toBeUndefined();
  });

  it('finds what does not conform (the check can fail)', () => {
    const base = {
      headers: {},
      response: {
        status: 201,
        headers: { 'content-type': 'application/json' },
        body: { id: 'not a number' },
      },
    };
    const problems = checkAgainstDescription([
      {
        ...base,
        method: 'GET',
        apiPath: '/repositories/a/b/diff/x..y',
        query: { unknown_flag: 'true' },
        body: undefined,
      },
      {
        ...base,
        method: 'POST',
        apiPath: '/repositories/a/b/pullrequests/7/comments',
        query: {},
        body: { content: { raw: 5 } },
      },
      { ...base, method: 'DELETE', apiPath: '/repositories/a/b/diff/x..y', query: {}, body: undefined },
      { ...base, method: 'GET', apiPath: '/repositories/a/b/nowhere/1', query: {}, body: undefined },
    ]);
    expect(problems.join('\n')).toMatch(/GET \/repositories\/a\/b\/diff\/x\.\.y: .*unknown_flag/);
    expect(problems.join('\n')).toMatch(
      /POST \/repositories\/a\/b\/pullrequests\/7\/comments: .*'number' is not assignable to type 'string'/,
    );
    expect(problems.join('\n')).toMatch(/DELETE .*undocumented method/);
    expect(problems.join('\n')).toMatch(/nowhere\/1: no such path/);
  });

  it('every request the client sends and every answer the stand-in gives conforms', async () => {
    const requests = await recordedTraffic();
    expect(requests.length).toBeGreaterThan(10);
    expect(checkAgainstDescription(requests)).toEqual([]);
  });
});
