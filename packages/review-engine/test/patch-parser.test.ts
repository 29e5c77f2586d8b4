import { parsePatch } from '../src';

describe('parsePatch', () => {
  it('numbers added lines in the new file across several hunks, with context and removed lines', () => {
    const patch = [
      '@@ -1,4 +1,5 @@ function top() {',
      ' line one',
      '-old two',
      '+new two',
      '+new three',
      ' line four',
      ' line five',
      '@@ -20,3 +21,4 @@',
      ' context 21',
      '+added 22',
      '-removed old 22',
      ' context 23',
      '+added 24',
    ].join('\n');
    const parsed = parsePatch({ path: 'src/a.ts', status: 'modified', patch });

    expect(parsed.addedLines).toEqual([
      { line: 2, content: 'new two' },
      { line: 3, content: 'new three' },
      { line: 22, content: 'added 22' },
      { line: 24, content: 'added 24' },
    ]);
    expect(parsed.hunks).toHaveLength(2);
    expect(parsed.hunks[0]).toMatchObject({ oldStart: 1, oldLines: 4, newStart: 1, newLines: 5 });
    expect(parsed.hunks[0]?.lines[1]).toEqual({ kind: 'removed', content: 'old two', oldLine: 2 });
    expect(parsed.hunks[0]?.lines[4]).toEqual({
      kind: 'context',
      content: 'line four',
      oldLine: 3,
      newLine: 4,
    });
    expect(parsed.hunks[1]?.lines[2]).toEqual({ kind: 'removed', content: 'removed old 22', oldLine: 21 });
    expect(parsed.hunks[1]?.lines[3]).toEqual({
      kind: 'context',
      content: 'context 23',
      oldLine: 22,
      newLine: 23,
    });
  });

  it('skips "\\ No newline at end of file" markers', () => {
    const patch = [
      '@@ -1 +1,2 @@',
      '-last',
      '\\ No newline at end of file',
      '+last',
      '+more',
      '\\ No newline at end of file',
    ].join('\n');
    const parsed = parsePatch({ path: 'a.txt', status: 'modified', patch });
    expect(parsed.addedLines).toEqual([
      { line: 1, content: 'last' },
      { line: 2, content: 'more' },
    ]);
    expect(parsed.hunks[0]?.lines.map((l) => l.kind)).toEqual(['removed', 'added', 'added']);
  });

  it('accepts CRLF line endings without keeping the carriage return', () => {
    const patch = '@@ -1,2 +1,3 @@\r\n keep\r\n+added\r\n keep too\r\n';
    const parsed = parsePatch({ path: 'win.txt', status: 'modified', patch });
    expect(parsed.addedLines).toEqual([{ line: 2, content: 'added' }]);
    expect(parsed.hunks[0]?.lines[2]).toEqual({
      kind: 'context',
      content: 'keep too',
      oldLine: 2,
      newLine: 3,
    });
  });

  it('gives no hunks for an empty or absent patch and keeps path, status and previousPath', () => {
    expect(parsePatch({ path: 'a', status: 'modified', patch: '' })).toEqual({
      path: 'a',
      status: 'modified',
      hunks: [],
      addedLines: [],
    });
    expect(parsePatch({ path: 'b.png', previousPath: 'a.png', status: 'renamed' })).toEqual({
      path: 'b.png',
      previousPath: 'a.png',
      status: 'renamed',
      hunks: [],
      addedLines: [],
    });
  });

  it('reads "@@ -0,0 +1 @@" (omitted counts mean 1) and content that looks like headers', () => {
    const patch = ['@@ -0,0 +1,3 @@', '+--- not a header', '++++ plus', '+@@ text'].join('\n');
    const parsed = parsePatch({ path: 'x', status: 'added', patch });
    expect(parsed.addedLines.map((l) => l.content)).toEqual(['--- not a header', '+++ plus', '@@ text']);
    const single = parsePatch({ path: 'y', status: 'modified', patch: '@@ -3 +3 @@\n-a\n+b' });
    expect(single.addedLines).toEqual([{ line: 3, content: 'b' }]);
  });

  it('takes an empty line inside a hunk as a context line whose space was trimmed', () => {
    const patch = ['@@ -1,3 +1,4 @@', ' a', '', '+b', ' c'].join('\n');
    const parsed = parsePatch({ path: 'x', status: 'modified', patch });
    expect(parsed.addedLines).toEqual([{ line: 3, content: 'b' }]);
  });
});
