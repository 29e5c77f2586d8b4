import { anchorCandidate, filesByPath, parsePatch } from '../../src';

/** Golden anchoring cases on real-shaped patches (GitHub's per-file patch format). */
const files = filesByPath([
  // A hunk at the start of the file (new file lines 1-3) and one at its end, with no newline at the end.
  parsePatch({
    path: 'src/edges.ts',
    status: 'modified',
    patch: [
      '@@ -1,2 +1,3 @@',
      '+import { x } from "./x";',
      ' const a = 1;',
      ' const b = 2;',
      '@@ -40,2 +41,2 @@ export function last() {',
      ' return a;',
      '-}',
      '\\ No newline at end of file',
      '+} // end',
      '\\ No newline at end of file',
    ].join('\n'),
  }),
  // A rename with one edited line: the model may cite the old path.
  parsePatch({
    path: 'src/new-name.ts',
    previousPath: 'src/old-name.ts',
    status: 'renamed',
    patch: ['@@ -5,3 +5,3 @@', ' keep();', '-oldCall();', '+newCall();', ' keep();'].join('\n'),
  }),
  // A deleted file: nothing can be commented on it.
  parsePatch({ path: 'src/gone.ts', status: 'removed', patch: ['@@ -1,2 +0,0 @@', '-a', '-b'].join('\n') }),
]);

const at = (path: string, startLine: number, endLine = startLine) =>
  anchorCandidate({ path, startLine, endLine }, files);

describe('anchorCandidate', () => {
  it.each([
    ['an added line at the very start of the file', 'src/edges.ts', 1, 1, { path: 'src/edges.ts', line: 1 }],
    [
      'the last line, added without a newline at the end',
      'src/edges.ts',
      42,
      42,
      { path: 'src/edges.ts', line: 42 },
    ],
    [
      'a range ending past the diff, snapped to its last added line',
      'src/edges.ts',
      1,
      3,
      { path: 'src/edges.ts', line: 1 },
    ],
    ['a range given backwards', 'src/edges.ts', 44, 40, { path: 'src/edges.ts', line: 42 }],
    ['a renamed file cited by its new path', 'src/new-name.ts', 6, 6, { path: 'src/new-name.ts', line: 6 }],
    [
      'a renamed file cited by its previous path',
      'src/old-name.ts',
      5,
      7,
      { path: 'src/new-name.ts', line: 6 },
    ],
  ])('snaps %s', (_what, path, start, end, expected) => {
    expect(at(path, start, end)).toEqual(expected);
  });

  it.each([
    ['a context line', 'src/edges.ts', 2, 3],
    ['a line outside every hunk', 'src/edges.ts', 20, 30],
    ['the line a removed line had', 'src/new-name.ts', 7, 7],
    ['a deleted file', 'src/gone.ts', 1, 2],
    ['a file the pull request does not change', 'src/other.ts', 1, 1],
    ['a line number that is not an integer', 'src/edges.ts', 1.5, 1.5],
  ])('drops %s', (_what, path, start, end) => {
    expect(at(path, start, end)).toBeUndefined();
  });
});
