import { GithubStandIn } from '@kodus/test-helpers';
import { createGithubProviderClient, repositoryAt } from '../src';
import { BASE, REPO } from './support/fixtures';

describe('GitHub listDirectory (contents API)', () => {
  let github: GithubStandIn;
  beforeEach(async () => {
    github = await new GithubStandIn().start();
  });
  afterEach(() => github.stop());

  const client = () => createGithubProviderClient(github.url, { kind: 'token', token: 'test-token' });
  const repo = { provider: 'github' as const, ...REPO };

  it('lists the files under a directory at any depth, at the given commit', async () => {
    github.setFileContent(REPO, BASE, '.kody/rules/a.md', 'a');
    github.setFileContent(REPO, BASE, '.kody/rules/security/b.md', 'b');
    github.setFileContent(REPO, BASE, '.kody/rules/security/deep/c.md', 'c');
    github.setFileContent(REPO, BASE, '.kody/other.md', 'not under the directory');
    github.setFileContent(REPO, 'main', '.kody/rules/on-main-only.md', 'another ref');

    const listed = await client().listDirectory(repo, '.kody/rules', BASE);
    expect(listed.sort()).toEqual([
      '.kody/rules/a.md',
      '.kody/rules/security/b.md',
      '.kody/rules/security/deep/c.md',
    ]);
  });

  it('gives [] for a directory that does not exist, and for a file', async () => {
    github.setFileContent(REPO, BASE, 'README.md', 'hi');
    expect(await client().listDirectory(repo, '.kody/rules', BASE)).toEqual([]);
    expect(await client().listDirectory(repo, 'README.md', BASE)).toEqual([]);
  });

  it('stops at its bounds on a repository with a huge tree', async () => {
    for (let i = 0; i < 60; i += 1) github.setFileContent(REPO, BASE, `.kody/rules/d${i}/r.md`, 'x');
    const listed = await client().listDirectory(repo, '.kody/rules', BASE);
    // One listing for the root and 49 of its 60 subdirectories.
    expect(listed).toHaveLength(49);
  });
});

describe('repositoryAt', () => {
  it('reads files and lists directories at one commit; a provider without listings rejects', async () => {
    const github = await new GithubStandIn().start();
    try {
      github.setFileContent(REPO, BASE, '.kody/rules/a.md', 'rule a');
      const client = createGithubProviderClient(github.url, { kind: 'token', token: 'test-token' });
      const at = repositoryAt(client, { provider: 'github', ...REPO }, BASE);
      expect(await at.listDirectory('.kody/rules')).toEqual(['.kody/rules/a.md']);
      expect(await at.readFile('.kody/rules/a.md')).toBe('rule a');

      const { listDirectory: _dropped, ...withoutListing } = client;
      const limited = repositoryAt(
        { ...withoutListing, readFile: client.readFile.bind(client) } as unknown as typeof client,
        { provider: 'gitlab', path: 'group/project' },
        BASE,
      );
      await expect(limited.listDirectory('.kody/rules')).rejects.toThrow(
        'gitlab directory listings are not supported yet',
      );
    } finally {
      await github.stop();
    }
  });
});
