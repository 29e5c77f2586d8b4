import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, unlinkSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addedLines, splitDiff } from '../src/bitbucket';

/**
 * Bitbucket answers a plain `git diff` text; these diffs come from git itself, with changes whose added
 * lines are known from how they were made.
 */
const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);

function gitDiff(setup: (dir: string) => void, change: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'kodus-bb-diff-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
      cwd: dir,
      encoding: 'utf8',
    });
  try {
    git('init', '-q');
    setup(dir);
    git('add', '-A');
    git('commit', '-qm', 'base');
    change(dir);
    git('add', '-A');
    return git('diff', '--cached', '-M', 'HEAD');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Bitbucket diff: per-file patches and the new-side lines a comment may use', () => {
  const big = lines(3000);
  const diff = gitDiff(
    (dir) => {
      writeFileSync(join(dir, 'edges.txt'), `${lines(40).join('\n')}\n`);
      writeFileSync(join(dir, 'big.txt'), `${big.join('\n')}\n`);
      writeFileSync(join(dir, 'old-name.txt'), `${lines(20).join('\n')}\n`);
      writeFileSync(join(dir, 'gone.txt'), 'a\nb\n');
      writeFileSync(join(dir, 'image.bin'), Buffer.from([0, 1, 2, 3, 0, 255]));
      writeFileSync(join(dir, 'no-eol.txt'), 'one\ntwo');
      writeFileSync(join(dir, 'with space é.txt'), 'x\n');
    },
    (dir) => {
      // Hunks at the start and at the end of the file.
      writeFileSync(join(dir, 'edges.txt'), `first\n${lines(40).join('\n')}\nlast\n`);
      // A 3,000-line file changed in three places far apart.
      const changed = [...big];
      changed.splice(1499, 1, 'changed 1500');
      changed.splice(2999, 1, 'changed 3000');
      changed.splice(9, 0, 'inserted after 9');
      writeFileSync(join(dir, 'big.txt'), `${changed.join('\n')}\n`);
      renameSync(join(dir, 'old-name.txt'), join(dir, 'new-name.txt'));
      writeFileSync(join(dir, 'new-name.txt'), `${lines(20).join('\n')}\nadded 21\n`);
      unlinkSync(join(dir, 'gone.txt'));
      writeFileSync(join(dir, 'image.bin'), Buffer.from([0, 9, 9, 9, 0, 255]));
      writeFileSync(join(dir, 'no-eol.txt'), 'one\ntwo\nthree');
      writeFileSync(join(dir, 'brand-new.ts'), 'export const a = 1;\nexport const b = 2;\n');
      writeFileSync(join(dir, 'with space é.txt'), 'y\n');
    },
  );
  const sections = splitDiff(diff);
  const added = (path: string) => [...addedLines(sections.get(path)?.patch)].sort((a, b) => a - b);

  it('finds every file, with renames and deletions under the right path', () => {
    expect([...sections.keys()].sort()).toEqual(
      [
        'big.txt',
        'brand-new.ts',
        'edges.txt',
        'gone.txt',
        'image.bin',
        'new-name.txt',
        'no-eol.txt',
        'with space é.txt',
      ].sort(),
    );
    expect(sections.get('new-name.txt')?.previousPath).toBe('old-name.txt');
    expect(sections.get('gone.txt')?.patch).toMatch(/^@@ -1,2 \+0,0 @@\n-a\n-b$/);
  });

  it('gives hunks only (no headers) and none for a binary file', () => {
    for (const section of sections.values()) {
      if (section.patch !== undefined) expect(section.patch.startsWith('@@ ')).toBe(true);
    }
    expect(sections.get('image.bin')?.patch).toBeUndefined();
  });

  it('maps added lines at the start and the end of a file', () => {
    expect(added('edges.txt')).toEqual([1, 42]);
  });

  it('maps added lines in a 3,000-line file', () => {
    expect(added('big.txt')).toEqual([10, 1501, 3001]);
  });

  it('maps a renamed file with a change, a new file, and a deleted file (nothing to comment on)', () => {
    expect(added('new-name.txt')).toEqual([21]);
    expect(added('brand-new.ts')).toEqual([1, 2]);
    expect(added('gone.txt')).toEqual([]);
    expect(added('image.bin')).toEqual([]);
  });

  it('handles "\\ No newline at end of file" and quoted (non-ASCII) names', () => {
    expect(sections.get('no-eol.txt')?.patch).toContain('\\ No newline at end of file');
    expect(added('no-eol.txt')).toEqual([2, 3]);
    expect(added('with space é.txt')).toEqual([1]);
  });
});
