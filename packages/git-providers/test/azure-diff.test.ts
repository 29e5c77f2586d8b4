import { applyPatch, parsePatch } from 'diff';
import { addedLines, buildPatch, DiffBudget, MAX_DIFF_FILE_BYTES } from '../src/azure-devops/diff';
import { regionPatch } from '../src/azure-devops/region-patch';

/** The expected hunks are written out as `git diff -U3` prints them (GitHub's per-file patch format). */
const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
const text = (list: string[], newline = true) => list.join('\n') + (newline ? '\n' : '');

describe('Azure DevOps patches built from base and head contents', () => {
  it('an added file: one hunk from -0,0, every line added', () => {
    const built = buildPatch(undefined, 'a\nb\n');
    expect(built).toEqual({ patch: '@@ -0,0 +1,2 @@\n+a\n+b', additions: 2, deletions: 0 });
    expect([...addedLines(built.patch)]).toEqual([1, 2]);
  });

  it('a deleted file: every line removed, nothing to comment on', () => {
    const built = buildPatch('a\nb\n', undefined);
    expect(built).toEqual({ patch: '@@ -1,2 +0,0 @@\n-a\n-b', additions: 0, deletions: 2 });
    expect(addedLines(built.patch).size).toBe(0);
  });

  it('a rename without a content change has no hunk', () => {
    expect(buildPatch('same\n', 'same\n')).toEqual({ additions: 0, deletions: 0 });
  });

  it('a rename with an edit: only the edited line', () => {
    const built = buildPatch(text(lines(10)), text(lines(10).map((l, i) => (i === 4 ? 'changed' : l))));
    expect(built.patch).toBe(
      '@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+changed\n line 6\n line 7\n line 8',
    );
    expect([...addedLines(built.patch)]).toEqual([5]);
  });

  it('binary contents (a NUL byte) get no patch', () => {
    expect(buildPatch('a\n', 'PNG\0\u0001\u0002')).toEqual({ additions: 0, deletions: 0 });
  });

  it('files over the size bound get no patch', () => {
    expect(buildPatch('a\n', 'x'.repeat(MAX_DIFF_FILE_BYTES + 1)).patch).toBeUndefined();
  });

  it('no newline at end of file: the marker, and the last line counts as changed', () => {
    const built = buildPatch('a\nb', 'a\nb\nc');
    expect(built.patch).toBe(
      '@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n\\ No newline at end of file',
    );
    expect([...addedLines(built.patch)]).toEqual([2, 3]);
  });

  it('hunks at the start and at the end of a file', () => {
    const before = lines(20);
    const after = ['new first', ...before.slice(1, 19), 'new last'];
    const built = buildPatch(text(before), text(after));
    expect(built.patch).toBe(
      '@@ -1,4 +1,4 @@\n-line 1\n+new first\n line 2\n line 3\n line 4\n' +
        '@@ -17,4 +17,4 @@\n line 17\n line 18\n line 19\n-line 20\n+new last',
    );
    expect([...addedLines(built.patch)]).toEqual([1, 20]);
  });

  it('a 3,000-line file: new-side line numbers stay right after insertions and deletions', () => {
    const before = lines(3000);
    const after = [...before];
    after.splice(2999, 1, 'edited 3000');
    after.splice(1500, 0, 'inserted A', 'inserted B');
    after.splice(9, 2);
    const built = buildPatch(text(before), text(after));
    const added = [...addedLines(built.patch)];
    // 'inserted A' was at index 1500 before the two deletions above it: new line 1499.
    expect(added).toEqual([
      after.indexOf('inserted A') + 1,
      after.indexOf('inserted B') + 1,
      after.indexOf('edited 3000') + 1,
    ]);
    expect(added).toEqual([1499, 1500, 3000]);
    expect(built).toMatchObject({ additions: 3, deletions: 3 });
  });

  it('a file rewritten throughout gets a patch (no longer none): every new line changed, and it applies', () => {
    const before = text(lines(3000, 'old'));
    const after = text(lines(3000, 'new'));
    const built = buildPatch(before, after);
    expect(built).toMatchObject({ additions: 3000, deletions: 3000 });
    expect(addedLines(built.patch).size).toBe(3000);
    expect(applyPatch(before, withHeaders(built.patch))).toBe(after);
  });

  it('once the listing’s diff budget is spent, files get the region patch, which still applies', () => {
    const before = text(lines(50));
    const after = text(lines(50).map((l, i) => (i === 10 || i === 40 ? `${l}!` : l)));
    const built = buildPatch(before, after, new DiffBudget(0));
    expect(built.patch?.split('\n')[0]).toBe('@@ -8,37 +8,37 @@');
    expect([...addedLines(built.patch)]).toEqual(Array.from({ length: 31 }, (_, i) => 11 + i));
    expect(applyPatch(before, withHeaders(built.patch))).toBe(after);
  });
});

/** `---`/`+++` headers in front of a hunks-only patch, for jsdiff's applyPatch. */
const withHeaders = (patch: string | undefined) => parsePatch(`--- a\n+++ b\n${patch ?? ''}\n`)[0] ?? '';

describe('the region patch agrees with the minimal diff on what the new file is', () => {
  const cases: [string, string, string][] = [
    ['empty to text', '', 'a\nb\n'],
    ['text to empty', 'a\nb\n', ''],
    ['a newline added at the end', 'a\nb', 'a\nb\n'],
    ['a newline removed at the end', 'a\nb\n', 'a\nb'],
    ['a line added without a final newline', 'a\nb', 'a\nb\nc'],
    ['a change in the middle', text(lines(20)), text(lines(20).map((l, i) => (i === 9 ? 'x' : l)))],
    ['a change at the start', text(lines(20)), text(['x', ...lines(20).slice(1)])],
    ['a change at the end, no final newline', text(lines(20), false), text([...lines(19), 'x'], false)],
    ['a repeated line', 'a\na\na\n', 'a\na\n'],
    ['identical', 'same\n', 'same\n'],
  ];
  it.each(cases)('%s', (_name, before, after) => {
    const patch = regionPatch(before, after);
    if (before === after) {
      expect(patch.hunks).toEqual([]);
      return;
    }
    expect(applyPatch(before, patch)).toBe(after);
    const minimal = buildPatch(before, after);
    expect(applyPatch(before, withHeaders(minimal.patch))).toBe(after);
  });
});
