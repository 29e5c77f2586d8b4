import { addedLines, changedFileOf, hunksOf, type GitlabDiffEntry } from '../src/gitlab/diff-lines';
import { placeOnNewSide } from '../src/gitlab/diff-position';

const entry = (change: Partial<GitlabDiffEntry>): GitlabDiffEntry => ({
  old_path: 'src/app.ts',
  new_path: 'src/app.ts',
  diff: '',
  new_file: false,
  renamed_file: false,
  deleted_file: false,
  ...change,
});

const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('GitLab diffs → changed files and commentable new-side lines', () => {
  it('a modification: only + lines are commentable, context and - lines are not', () => {
    const diff = '@@ -10,4 +10,5 @@ class A {\n context\n-old\n+new one\n+new two\n context\n context\n';
    const file = changedFileOf(entry({ diff }));
    expect(file).toEqual({
      path: 'src/app.ts',
      status: 'modified',
      patch: diff.slice(0, -1),
      additions: 2,
      deletions: 1,
    });
    expect([...addedLines(file.patch)]).toEqual([11, 12]);
    expect(placeOnNewSide([file], 'src/app.ts', 11)).toEqual({ oldPath: 'src/app.ts' });
    for (const line of [10, 13, 14, 9, 15]) {
      expect(placeOnNewSide([file], 'src/app.ts', line)).toEqual({
        refused: `line ${line} of src/app.ts is not a line this merge request adds`,
      });
    }
  });

  it('a rename: the new path, the previous one as old_path for the position', () => {
    const diff = '@@ -1,2 +1,2 @@\n-export const a = 1;\n+export const a = 2;\n keep\n';
    const file = changedFileOf(
      entry({ old_path: 'lib/old.ts', new_path: 'lib/new.ts', renamed_file: true, diff }),
    );
    expect(file).toMatchObject({ path: 'lib/new.ts', previousPath: 'lib/old.ts', status: 'renamed' });
    expect(placeOnNewSide([file], 'lib/new.ts', 1)).toEqual({ oldPath: 'lib/old.ts' });
    expect(placeOnNewSide([file], 'lib/old.ts', 1)).toMatchObject({ refused: expect.any(String) });
    // A pure rename has no hunk: nothing to place on.
    const pure = changedFileOf(entry({ old_path: 'a.ts', new_path: 'b.ts', renamed_file: true, diff: '' }));
    expect(pure).toEqual({
      path: 'b.ts',
      previousPath: 'a.ts',
      status: 'renamed',
      additions: 0,
      deletions: 0,
    });
  });

  it('a deletion: listed under its old path, nothing on the new side', () => {
    const diff = '@@ -1,3 +0,0 @@\n-a\n-b\n-c\n';
    const file = changedFileOf(entry({ old_path: 'gone.ts', new_path: 'gone.ts', deleted_file: true, diff }));
    expect(file).toMatchObject({ path: 'gone.ts', status: 'removed', additions: 0, deletions: 3 });
    expect(addedLines(file.patch).size).toBe(0);
    expect(placeOnNewSide([file], 'gone.ts', 1)).toEqual({
      refused: 'gone.ts is not a file this merge request adds or changes',
    });
  });

  it('a binary file: no patch (GitLab sends an empty diff or a "Binary files" line)', () => {
    for (const diff of ['', 'Binary files a/logo.png and b/logo.png differ\n', null]) {
      const file = changedFileOf(entry({ old_path: 'logo.png', new_path: 'logo.png', diff }));
      expect(file).toEqual({ path: 'logo.png', status: 'modified', additions: 0, deletions: 0 });
    }
  });

  it('no newline at end of file: the marker belongs to neither side', () => {
    const diff =
      '@@ -1,2 +1,3 @@\n one\n-two\n\\ No newline at end of file\n+two\n+three\n\\ No newline at end of file\n';
    const file = changedFileOf(entry({ diff }));
    expect(file).toMatchObject({ additions: 2, deletions: 1 });
    expect([...addedLines(file.patch)]).toEqual([2, 3]);
  });

  it('hunks at the start and at the end of a file, and a new file', () => {
    const start = '@@ -1,3 +1,4 @@\n+// header\n first\n second\n third\n';
    expect([...addedLines(hunksOf(start))]).toEqual([1]);
    const end = '@@ -98,3 +98,5 @@ end\n ninety-eight\n ninety-nine\n hundred\n+hundred-one\n+hundred-two\n';
    expect([...addedLines(hunksOf(end))]).toEqual([101, 102]);
    const created = changedFileOf(entry({ new_file: true, diff: '@@ -0,0 +1,2 @@\n+a\n+b\n' }));
    expect(created).toMatchObject({ status: 'added', additions: 2 });
    expect(placeOnNewSide([created], 'src/app.ts', 2)).toEqual({ oldPath: 'src/app.ts' });
  });

  it('two hunks keep their own numbering', () => {
    const diff = '@@ -1,2 +1,3 @@\n a\n+b\n c\n@@ -50,2 +51,3 @@ fn()\n x\n+y\n z\n';
    expect([...addedLines(hunksOf(diff))]).toEqual([2, 52]);
  });

  it('compare answers with ---/+++ header lines: the hunks start at the first @@', () => {
    const diff = '--- a/VERSION\n+++ b/VERSION\n@@ -1 +1 @@\n-1.9.7\n+1.9.8\n';
    expect(hunksOf(diff)).toBe('@@ -1 +1 @@\n-1.9.7\n+1.9.8');
    expect(changedFileOf(entry({ diff }))).toMatchObject({ additions: 1, deletions: 1 });
  });

  it('a 3,000-line new file and an edit at its end', () => {
    const body = lines(1, 3000)
      .map((n) => `+line ${n}`)
      .join('\n');
    const created = changedFileOf(entry({ new_file: true, diff: `@@ -0,0 +1,3000 @@\n${body}\n` }));
    expect(created.additions).toBe(3000);
    expect([...addedLines(created.patch)]).toEqual(lines(1, 3000));
    const edit = `@@ -2995,6 +2995,7 @@\n${lines(2995, 2997)
      .map((n) => ` line ${n}`)
      .join('\n')}\n+inserted\n${lines(2998, 3000)
      .map((n) => ` line ${n}`)
      .join('\n')}\n`;
    const edited = changedFileOf(entry({ diff: edit }));
    expect([...addedLines(edited.patch)]).toEqual([2998]);
    expect(placeOnNewSide([edited], 'src/app.ts', 3001)).toMatchObject({ refused: expect.any(String) });
  });

  it('a diff GitLab left out (too_large, collapsed) is left for GitLab to place', () => {
    const large = changedFileOf(entry({ too_large: true, diff: '' }));
    expect(large.patch).toBeUndefined();
    expect(placeOnNewSide([large], 'src/app.ts', 7)).toEqual({ oldPath: 'src/app.ts' });
  });
});
