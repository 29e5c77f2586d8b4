import type { RepositoryAt } from '@kodus/git-providers';
import { CommitCache } from '../src';

/** A repository at one commit that counts its reads and can be told to fail or to answer a text. */
function counting(files: Record<string, string>) {
  const reads: string[] = [];
  let failing = false;
  const reader: RepositoryAt = {
    listDirectory: async (dir) => {
      reads.push(`dir:${dir}`);
      if (failing) throw new Error('502 from the provider');
      return Object.keys(files).filter((p) => p.startsWith(`${dir}/`));
    },
    readFile: async (path) => {
      reads.push(`file:${path}`);
      if (failing) throw new Error('502 from the provider');
      return files[path];
    },
  };
  return { reader, reads, fail: (on: boolean) => (failing = on) };
}

const KEY = { provider: 'github', repository: 'acme/app', commit: 'b'.repeat(40) };

describe('CommitCache', () => {
  it('reads a file and a listing once per provider, repository and commit, concurrent readers sharing one read', async () => {
    const cache = new CommitCache();
    const repo = counting({ '.kodus.yml': 'maxComments: 3\n', '.kody/rules/a.md': '# a' });
    const at = cache.at(KEY, repo.reader);
    const texts = await Promise.all([at.readFile('.kodus.yml'), at.readFile('.kodus.yml')]);
    expect(texts).toEqual(['maxComments: 3\n', 'maxComments: 3\n']);
    expect(await cache.at(KEY, repo.reader).readFile('.kodus.yml')).toBe('maxComments: 3\n');
    expect(await at.readFile('missing.yml')).toBeUndefined();
    expect(await at.readFile('missing.yml')).toBeUndefined();
    const listing = await at.listDirectory('.kody/rules');
    listing.push('mutated by a caller');
    expect(await at.listDirectory('.kody/rules')).toEqual(['.kody/rules/a.md']);
    expect(repo.reads).toEqual(['file:.kodus.yml', 'file:missing.yml', 'dir:.kody/rules']);
  });

  it('keeps another commit, repository or provider apart', async () => {
    const cache = new CommitCache();
    const repo = counting({ '.kodus.yml': 'x: 1\n' });
    for (const key of [
      KEY,
      { ...KEY, commit: 'c'.repeat(40) },
      { ...KEY, repository: 'acme/other' },
      { ...KEY, provider: 'gitlab' },
    ]) {
      await cache.at(key, repo.reader).readFile('.kodus.yml');
    }
    expect(repo.reads).toHaveLength(4);
  });

  it('does not keep a failed read: the next review reads again', async () => {
    const cache = new CommitCache();
    const repo = counting({ '.kodus.yml': 'x: 1\n' });
    repo.fail(true);
    await expect(cache.at(KEY, repo.reader).readFile('.kodus.yml')).rejects.toThrow('502');
    repo.fail(false);
    expect(await cache.at(KEY, repo.reader).readFile('.kodus.yml')).toBe('x: 1\n');
    expect(repo.reads).toHaveLength(2);
    expect(cache.size).toBe(1);
  });

  it('does not keep a text over maxTextLength', async () => {
    const cache = new CommitCache({ maxTextLength: 10 });
    const repo = counting({ big: 'x'.repeat(11), small: 'x'.repeat(10) });
    const at = cache.at(KEY, repo.reader);
    for (const path of ['big', 'big', 'small', 'small']) await at.readFile(path);
    expect(repo.reads).toEqual(['file:big', 'file:big', 'file:small']);
  });

  it('holds at most maxEntries, forgetting the least recently used first', async () => {
    const cache = new CommitCache({ maxEntries: 2 });
    const repo = counting({ a: 'a', b: 'b', c: 'c' });
    const at = cache.at(KEY, repo.reader);
    await at.readFile('a');
    await at.readFile('b');
    await at.readFile('a'); // a is now the most recent
    await at.readFile('c'); // b goes
    expect(cache.size).toBe(2);
    await at.readFile('a');
    await at.readFile('b');
    expect(repo.reads).toEqual(['file:a', 'file:b', 'file:c', 'file:b']);
  });
});
