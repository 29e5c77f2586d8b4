import { parseUnifiedDiff } from '../src';

// Output of `git diff --cached -M` (real git), with each kind of change.
const GIT_DIFF = [
  'diff --git "a/caf\\303\\251.txt" "b/caf\\303\\251.txt"',
  'new file mode 100644',
  'index 0000000..c600332',
  '--- /dev/null',
  '+++ "b/caf\\303\\251.txt"',
  '@@ -0,0 +1 @@',
  '+é',
  'diff --git a/gone.txt b/gone.txt',
  'deleted file mode 100644',
  'index 2fa992c..0000000',
  '--- a/gone.txt',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-keep',
  'diff --git a/img.png b/img.png',
  'index c1b0730..f584f40 100644',
  'Binary files a/img.png and b/img.png differ',
  'diff --git a/moved.txt b/lib/renamed.txt',
  'similarity index 89%',
  'rename from moved.txt',
  'rename to lib/renamed.txt',
  'index c9e9e05..7155914 100644',
  '--- a/moved.txt',
  '+++ b/lib/renamed.txt',
  '@@ -2,7 +2,7 @@ one',
  ' two',
  ' three',
  ' four',
  '-five',
  '+FIVE',
  ' six',
  ' seven',
  ' eight',
  'diff --git a/new.ts b/new.ts',
  'new file mode 100644',
  'index 0000000..66a52ee',
  '--- /dev/null',
  '+++ b/new.ts',
  '@@ -0,0 +1,2 @@',
  '+first',
  '+second',
  'diff --git a/noeol.txt b/noeol.txt',
  'index b6fc4c6..9db7df0 100644',
  '--- a/noeol.txt',
  '+++ b/noeol.txt',
  '@@ -1 +1,2 @@',
  '-hello',
  '\\ No newline at end of file',
  '+hello',
  '+world',
  '\\ No newline at end of file',
  'diff --git a/run.sh b/run.sh',
  'old mode 100644',
  'new mode 100755',
  'diff --git a/space name.txt b/space name.txt',
  'index 7898192..422c2b7 100644',
  '--- a/space name.txt\t',
  '+++ b/space name.txt\t',
  '@@ -1 +1,2 @@',
  ' a',
  '+b',
  'diff --git a/new.bin b/new.bin',
  'new file mode 100644',
  'index 0000000..88768ef',
  'Binary files /dev/null and b/new.bin differ',
  'diff --git a/new.ts b/src.ts',
  'similarity index 100%',
  'rename from new.ts',
  'rename to src.ts',
  '',
].join('\n');

describe('parseUnifiedDiff', () => {
  const files = parseUnifiedDiff(GIT_DIFF);
  const byPath = (path: string) => files.find((f) => f.path === path);

  it('returns one entry per file, in order', () => {
    expect(files.map((f) => [f.path, f.status])).toEqual([
      ['café.txt', 'added'],
      ['gone.txt', 'removed'],
      ['img.png', 'modified'],
      ['lib/renamed.txt', 'renamed'],
      ['new.ts', 'added'],
      ['noeol.txt', 'modified'],
      ['run.sh', 'changed'],
      ['space name.txt', 'modified'],
      ['new.bin', 'added'],
      ['src.ts', 'renamed'],
    ]);
  });

  it('reads quoted, non-ASCII names and new files', () => {
    expect(byPath('café.txt')?.addedLines).toEqual([{ line: 1, content: 'é' }]);
    expect(byPath('new.ts')?.addedLines).toEqual([
      { line: 1, content: 'first' },
      { line: 2, content: 'second' },
    ]);
  });

  it('keeps deleted files with their removed lines and no added lines', () => {
    const gone = byPath('gone.txt');
    expect(gone?.addedLines).toEqual([]);
    expect(gone?.hunks[0]?.lines).toEqual([{ kind: 'removed', content: 'keep', oldLine: 1 }]);
  });

  it('marks binary files, with no hunks', () => {
    expect(byPath('img.png')).toMatchObject({ binary: true, hunks: [], addedLines: [] });
    expect(byPath('new.bin')).toMatchObject({ binary: true, status: 'added', hunks: [] });
  });

  it('reads renames with and without changes', () => {
    expect(byPath('lib/renamed.txt')).toMatchObject({
      previousPath: 'moved.txt',
      addedLines: [{ line: 5, content: 'FIVE' }],
    });
    expect(byPath('src.ts')).toMatchObject({ previousPath: 'new.ts', hunks: [] });
  });

  it('handles "\\ No newline" markers, mode-only changes and names with spaces', () => {
    expect(byPath('noeol.txt')?.addedLines).toEqual([
      { line: 1, content: 'hello' },
      { line: 2, content: 'world' },
    ]);
    expect(byPath('run.sh')?.hunks).toEqual([]);
    expect(byPath('space name.txt')?.addedLines).toEqual([{ line: 2, content: 'b' }]);
  });

  it('gives the same result for CRLF text', () => {
    expect(parseUnifiedDiff(GIT_DIFF.replace(/\n/g, '\r\n'))).toEqual(files);
  });

  it('takes removed lines that look like headers as content, thanks to the hunk counts', () => {
    const diff = [
      'diff --git a/notes.md b/notes.md',
      '--- a/notes.md',
      '+++ b/notes.md',
      '@@ -1,2 +1,2 @@',
      '--- a/old',
      '+diff --git looks like a header',
      ' end',
    ].join('\n');
    const [notes, ...rest] = parseUnifiedDiff(diff);
    expect(rest).toEqual([]);
    expect(notes?.hunks[0]?.lines.map((l) => l.kind)).toEqual(['removed', 'added', 'context']);
    expect(notes?.addedLines).toEqual([{ line: 1, content: 'diff --git looks like a header' }]);
  });

  it('reads plain unified diffs without "diff --git" lines', () => {
    const diff = [
      '--- a/one.txt\t2024-01-01 00:00:00',
      '+++ b/one.txt\t2024-01-02 00:00:00',
      '@@ -1 +1 @@',
      '-x',
      '+y',
      '--- a/two.txt',
      '+++ b/two.txt',
      '@@ -1 +1,2 @@',
      ' a',
      '+b',
    ].join('\n');
    expect(parseUnifiedDiff(diff).map((f) => [f.path, f.addedLines])).toEqual([
      ['one.txt', [{ line: 1, content: 'y' }]],
      ['two.txt', [{ line: 2, content: 'b' }]],
    ]);
  });

  it('returns nothing for empty text', () => {
    expect(parseUnifiedDiff('')).toEqual([]);
  });
});
