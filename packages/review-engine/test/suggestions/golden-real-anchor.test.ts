import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  anchorCandidate,
  type Candidate,
  filesByPath,
  type ParsedFile,
  parsePatch,
  parseUnifiedDiff,
  shapeSuggestions,
} from '../../src';

/**
 * Golden tests on real diffs between published versions of public packages (chalk 4.1.2 → 5.0.0, axios
 * 1.10.0 → 1.11.0): packages/llm-review/test/fixtures/real/SOURCES.md says where each comes from. Every
 * expected line number below was read off the hunk headers and counted by hand in the fixture.
 */
const REAL = join(__dirname, '..', '..', '..', 'llm-review', 'test', 'fixtures', 'real');
const readDiff = (name: string) => readFileSync(join(REAL, name), 'utf8');

/** GitHub's per-file patch of each file of a `git diff`: the section from its first "@@" on. */
function perFilePatches(diff: string): string[] {
  return diff
    .split(/^(?=diff --git )/m)
    .filter((section) => section.startsWith('diff --git '))
    .map((section) => section.slice(section.indexOf('\n@@') + 1).replace(/\n$/, ''));
}

const byPath = (files: readonly ParsedFile[], path: string): ParsedFile => {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`${path} not in the diff`);
  return file;
};

const chalk = parseUnifiedDiff(readDiff('chalk-4.1.2-to-5.0.0.diff'));
const axios = parseUnifiedDiff(readDiff('axios-1.10.0-to-1.11.0.diff'));

describe('golden (real diffs): parsing', () => {
  test('chalk 4.1.2 → 5.0.0: a modified file, a deleted file and a rename with edits', () => {
    expect(chalk.map((f) => [f.path, f.status, f.previousPath, f.hunks.length])).toEqual([
      ['source/index.js', 'modified', undefined, 6],
      ['source/templates.js', 'removed', undefined, 1],
      ['source/utilities.js', 'renamed', 'source/util.js', 3],
    ]);
    const templates = byPath(chalk, 'source/templates.js');
    expect(templates.addedLines).toEqual([]);
    expect(templates.hunks[0]?.lines.filter((l) => l.kind === 'removed')).toHaveLength(134);

    // @@ -1,6 +1,5 @@ (the file's start), @@ -15,11 +14,11 @@, @@ -29,11 +28,6 @@ (its end: 33 lines).
    const utilities = byPath(chalk, 'source/utilities.js');
    expect(utilities.addedLines.map((a) => a.line)).toEqual([1, 2, 17, 19, 21, 31, 33]);
    expect(utilities.addedLines[0]?.content).toBe(
      '// TODO: When targeting Node.js 16, use `String.prototype.replaceAll`.',
    );
    expect(utilities.addedLines.at(-1)).toEqual({ line: 33, content: '}' });
    const last = utilities.hunks.at(-1);
    expect(last && last.newStart + last.newLines - 1).toBe(33);
  });

  test('axios lib/env/data.js: the "No newline at end of file" markers are not lines', () => {
    const data = byPath(axios, 'lib/env/data.js');
    expect(data.hunks).toHaveLength(1);
    expect(data.hunks[0]?.lines).toEqual([
      { kind: 'removed', content: 'export const VERSION = "1.10.0";', oldLine: 1 },
      { kind: 'added', content: 'export const VERSION = "1.11.0";', newLine: 1 },
    ]);
    // The file after it is read whole: the markers did not swallow its header.
    expect(axios.map((f) => f.path)).toEqual([
      'lib/core/Axios.js',
      'lib/core/mergeConfig.js',
      'lib/env/data.js',
      'lib/helpers/throttle.js',
      'lib/helpers/toURLEncodedForm.js',
      'lib/utils.js',
    ]);
    expect(byPath(axios, 'lib/helpers/throttle.js').addedLines).toEqual([
      { line: 20, content: '    fn(...args);' },
    ]);
  });

  test('GitHub-style per-file patches of the same diffs parse to the same hunks', () => {
    for (const [parsed, diff] of [
      [chalk, 'chalk-4.1.2-to-5.0.0.diff'],
      [axios, 'axios-1.10.0-to-1.11.0.diff'],
    ] as const) {
      const patches = perFilePatches(readDiff(diff));
      expect(patches).toHaveLength(parsed.length);
      parsed.forEach((file, i) => {
        const fromPatch = parsePatch({ path: file.path, status: file.status, patch: patches[i] });
        expect(fromPatch.hunks).toEqual(file.hunks);
        expect(fromPatch.addedLines).toEqual(file.addedLines);
      });
    }
  });
});

describe('golden (real diffs): anchoring model candidates', () => {
  const files = filesByPath([...chalk, ...axios]);
  const at = (path: string, startLine: number, endLine = startLine) =>
    anchorCandidate({ path, startLine, endLine }, files);

  test('on an added line: anchored there, also at the start and at the end of a file', () => {
    expect(at('source/utilities.js', 17)).toEqual({ path: 'source/utilities.js', line: 17 });
    expect(at('source/utilities.js', 1)).toEqual({ path: 'source/utilities.js', line: 1 });
    expect(at('source/utilities.js', 33)).toEqual({ path: 'source/utilities.js', line: 33 });
    expect(at('lib/env/data.js', 1)).toEqual({ path: 'lib/env/data.js', line: 1 });
    // lib/utils.js @@ -258,6 +279,11 @@: lines 282-286 added, 287 context.
    expect(at('lib/utils.js', 282, 287)).toEqual({ path: 'lib/utils.js', line: 286 });
  });

  test('a range is posted on the last added line inside it', () => {
    // utilities.js 14-20: 14-16 context, 17 added, 18 context, 19 added, 20 context.
    expect(at('source/utilities.js', 14, 20)).toEqual({ path: 'source/utilities.js', line: 19 });
    expect(at('source/utilities.js', 20, 14)).toEqual({ path: 'source/utilities.js', line: 19 });
  });

  test('a renamed file named by its previous path is moved to the new one', () => {
    expect(at('source/util.js', 31)).toEqual({ path: 'source/utilities.js', line: 31 });
    // The old file's line 3 ("const stringReplaceAll = ...", removed) is the new file's context line 3.
    expect(at('source/util.js', 3)).toBeUndefined();
  });

  test('refused: context lines, past the end of the file, a deleted file, a file not in the diff', () => {
    expect(at('source/utilities.js', 18)).toBeUndefined(); // "	return returnValue;" (context)
    expect(at('source/utilities.js', 3, 5)).toBeUndefined(); // three context lines
    expect(at('source/utilities.js', 34)).toBeUndefined(); // the new file has 33 lines
    expect(at('lib/env/data.js', 2)).toBeUndefined(); // the no-newline marker is not line 2
    expect(at('lib/utils.js', 160, 162)).toBeUndefined(); // context after the isEmptyObject hunk
    expect(at('source/templates.js', 1)).toBeUndefined(); // deleted in 5.0.0
    expect(at('source/templates.js', 1, 134)).toBeUndefined();
    expect(at('lib/adapters/fetch.js', 1)).toBeUndefined(); // unchanged in this release
  });
});

describe('golden (real diffs): de-duplication', () => {
  const candidate = (over: Partial<Candidate>): Candidate => ({
    source: 'llm',
    reviewer: 'llm',
    path: 'lib/utils.js',
    startLine: 152,
    endLine: 156,
    severity: 'medium',
    category: 'bug',
    ruleId: 'llm',
    message: '',
    ...over,
  });
  const input = {
    files: axios,
    posted: [],
    policy: { maxComments: 10 },
    keyOf: (c: Candidate, a: { path: string; line: number }) => `${a.path}:${a.line}:${c.message}`,
  };

  test('two near-identical model findings on the isEmptyObject hunk: one posted, one a duplicate', () => {
    const candidates = [
      // Anchored at 156 ("    return false;" in the catch block).
      candidate({
        message: 'isEmptyObject swallows every error in its catch block; narrow the catch to RangeError',
      }),
      // Anchored at 154 ("  } catch (e) {"): the same words plus "only" (Jaccard 12/13).
      candidate({
        startLine: 154,
        endLine: 154,
        message: 'isEmptyObject swallows every error in its catch block: narrow the catch to RangeError only',
      }),
      // Same lines, other words: kept.
      candidate({ message: 'Object.getPrototypeOf throws on a revoked Proxy, not only on Buffers' }),
      // The first text on lines that do not overlap (the forEach hunk, 282-286): kept.
      candidate({
        startLine: 283,
        endLine: 285,
        message: 'isEmptyObject swallows every error in its catch block; narrow the catch to RangeError',
      }),
      // The first text in another file: kept (de-duplication compares a file's own findings).
      candidate({
        path: 'lib/helpers/throttle.js',
        startLine: 20,
        endLine: 20,
        message: 'isEmptyObject swallows every error in its catch block; narrow the catch to RangeError',
      }),
    ];
    const shaped = shapeSuggestions(candidates, input);
    // Same severity, source and file: the lower line (154) is kept first, so the one on 156 is its duplicate.
    expect(shaped.map((s) => [s.disposition, s.path, s.line])).toEqual([
      ['dropped:duplicate-in-review', 'lib/utils.js', 156],
      ['posted', 'lib/utils.js', 154],
      ['posted', 'lib/utils.js', 156],
      ['posted', 'lib/utils.js', 285],
      ['posted', 'lib/helpers/throttle.js', 20],
    ]);
    expect(shaped[0]?.duplicateOf).toBe(shaped[1]?.key);
  });

  test('a candidate on a deleted file or a context line is dropped before de-duplication', () => {
    const shaped = shapeSuggestions(
      [
        candidate({ path: 'source/templates.js', startLine: 10, endLine: 12, message: 'a' }),
        candidate({ path: 'source/utilities.js', startLine: 18, endLine: 18, message: 'b' }),
      ],
      { ...input, files: [...chalk, ...axios] },
    );
    expect(shaped.map((s) => s.disposition)).toEqual([
      'dropped:not-on-changed-line',
      'dropped:not-on-changed-line',
    ]);
  });
});
