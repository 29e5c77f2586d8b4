import { conflictMarkersAnalyzer } from '../src/analyzers/conflict-markers';
import { DEFAULT_SETTINGS, parsePatch, type Finding } from '../src';
import { addedFile } from './fixtures';

function scan(path: string, patch: string): Finding[] {
  return conflictMarkersAnalyzer.analyze(
    parsePatch({ path, status: 'modified', patch }),
    DEFAULT_SETTINGS,
  ) as Finding[];
}

describe('conflict markers analyzer', () => {
  it('reports every marker of an added conflict block on its new-file line', () => {
    const patch = [
      '@@ -5,3 +5,10 @@ function total() {',
      ' const a = 1;',
      '+<<<<<<< HEAD',
      '+const b = 2;',
      '+||||||| merged common ancestors',
      '+const b = 0;',
      '+=======',
      '+const b = 3;',
      '+>>>>>>> feature/login',
      ' return a + b;',
      ' }',
    ].join('\n');
    const findings = scan('src/total.ts', patch);
    expect(findings.map((f) => f.line)).toEqual([6, 8, 10, 12]);
    expect(findings[0]).toEqual({
      path: 'src/total.ts',
      line: 6,
      severity: 'critical',
      category: 'bug',
      ruleId: 'conflict-markers',
      message: expect.stringContaining('conflict'),
    });
  });

  it('reports a separator next to a closing marker when the opening one is outside the diff', () => {
    const patch = ['@@ -1,2 +1,4 @@', ' x', '+=======', '+y', '+>>>>>>> main'].join('\n');
    expect(scan('a.py', patch).map((f) => f.line)).toEqual([2, 4]);
  });

  it('does not report Markdown setext headings without conflict markers', () => {
    const file = addedFile('README.md', ['Title', '=======', '', 'Some text', '', 'Section', '-------']);
    expect(conflictMarkersAnalyzer.analyze(parsePatch(file), DEFAULT_SETTINGS)).toEqual([]);
  });

  it('does not report a setext heading outside the conflict block of the same file', () => {
    const patch = [
      '@@ -1,1 +1,8 @@',
      ' intro',
      '+Heading',
      '+=======',
      '+<<<<<<< ours',
      '+a',
      '+=======',
      '+b',
      '+>>>>>>> theirs',
    ].join('\n');
    expect(scan('doc.md', patch).map((f) => f.line)).toEqual([4, 6, 8]);
  });

  it('does not report markers on context or removed lines, or lookalikes', () => {
    const patch = [
      '@@ -1,3 +1,3 @@',
      ' <<<<<<< HEAD',
      '->>>>>>> old',
      '+<<<<<<<<<< not a marker',
      ' ==========',
    ].join('\n');
    expect(scan('a.txt', patch)).toEqual([]);
  });

  it("leaves markers inside a test's multi-line fixture string alone, in each language's string syntax", () => {
    const block = ['<<<<<<< ours', 'a', '=======', 'b', '>>>>>>> theirs'];
    const quiet = (path: string, open: string, close: string): void => {
      const file = addedFile(path, ['const x = 1;', `input = ${open}`, ...block, close, 'more()']);
      expect(conflictMarkersAnalyzer.analyze(parsePatch(file), DEFAULT_SETTINGS)).toEqual([]);
    };
    quiet('test/merge.test.ts', '`', '`;');
    quiet('tests/test_merge.py', '"""', '"""');
    quiet('tests/test_merge.py', "r'''", "'''");
    quiet('spec/merge_spec.rb', '<<~TEXT', 'TEXT');
    quiet('tests/MergeTest.php', '<<<EOT', 'EOT;');
    quiet('merge/merge_test.go', '`', '`');
    quiet('tests/merge.rs', 'r#"', '"#;');
    quiet('src/test/kotlin/MergeTest.kt', '"""', '""".trimIndent()');
    quiet('Merge.Tests/MergeTests.cs', '@"', '";');
    quiet('src/__snapshots__/merge.test.ts.snap', 'exports[`merge 1`] = `', '`;');
  });

  it('still reports markers in a test file outside strings, and inside strings outside tests', () => {
    const conflicted = [
      'it("adds", () => {',
      '<<<<<<< HEAD',
      '  a();',
      '=======',
      '  b();',
      '>>>>>>> main',
      '});',
    ];
    const inTest = conflictMarkersAnalyzer.analyze(
      parsePatch(addedFile('test/add.test.ts', conflicted)),
      DEFAULT_SETTINGS,
    ) as Finding[];
    expect(inTest.map((f) => [f.line, f.severity])).toEqual([
      [2, 'critical'],
      [4, 'critical'],
      [6, 'critical'],
    ]);
    const template = ['const t = `', '<<<<<<< HEAD', 'a', '=======', 'b', '>>>>>>> main', '`;'];
    const inSource = conflictMarkersAnalyzer.analyze(
      parsePatch(addedFile('src/template.ts', template)),
      DEFAULT_SETTINGS,
    ) as Finding[];
    expect(inSource.map((f) => f.line)).toEqual([2, 4, 6]);
  });

  it("does not let a marker's own text open a string or heredoc (an apostrophe, `<<<`)", () => {
    const lines = [
      "<<<<<<< it's-mine",
      '$a = 1;',
      '=======',
      '$a = 2;',
      '>>>>>>> theirs',
      '$b = <<<EOT',
      'x',
      'EOT;',
    ];
    const found = conflictMarkersAnalyzer.analyze(
      parsePatch(addedFile('tests/ConfigTest.php', lines)),
      DEFAULT_SETTINGS,
    ) as Finding[];
    expect(found.map((f) => f.line)).toEqual([1, 3, 5]);
  });

  it("leaves a conflict shown in a documentation code fence alone, and a merge tool's test data", () => {
    const doc = [
      '# Conflicts',
      '',
      'Git writes:',
      '',
      '```',
      '<<<<<<< HEAD',
      'ours',
      '=======',
      'theirs',
      '>>>>>>> b',
      '```',
    ];
    expect(
      conflictMarkersAnalyzer.analyze(parsePatch(addedFile('docs/merging.md', doc)), DEFAULT_SETTINGS),
    ).toEqual([]);
    // Outside a fence (or after one closes), a doc's markers are real.
    const real = ['```js', 'a()', '```', '<<<<<<< HEAD', 'ours', '=======', 'theirs', '>>>>>>> b'];
    const found = conflictMarkersAnalyzer.analyze(
      parsePatch(addedFile('docs/merging.md', real)),
      DEFAULT_SETTINGS,
    ) as Finding[];
    expect(found.map((f) => f.line)).toEqual([4, 6, 8]);
    const adoc = [
      '== Conflicts',
      '',
      '----',
      '<<<<<<< HEAD',
      'ours',
      '=======',
      'theirs',
      '>>>>>>> b',
      '----',
    ];
    expect(
      conflictMarkersAnalyzer.analyze(parsePatch(addedFile('docs/merging.adoc', adoc)), DEFAULT_SETTINGS),
    ).toEqual([]);
    const data = ['<<<<<<< ours', 'a', '=======', 'b', '>>>>>>> theirs'];
    expect(
      conflictMarkersAnalyzer.analyze(parsePatch(addedFile('testdata/both.txt', data)), DEFAULT_SETTINGS),
    ).toEqual([]);
    expect(
      conflictMarkersAnalyzer.analyze(
        parsePatch(addedFile('internal/merge/testdata/a.go', data)),
        DEFAULT_SETTINGS,
      ),
    ).toHaveLength(3);
  });

  it("reads a modified test file's fixture string that opened above the hunk", () => {
    const patch = [
      '@@ -20,3 +20,8 @@',
      "   'base',",
      '+<<<<<<< ours',
      '+x',
      '+=======',
      '+y',
      '+>>>>>>> theirs',
      ' `;',
      ' expect(merge(input)).toBe(1);',
    ].join('\n');
    expect(scan('test/merge.test.ts', patch)).toEqual([]);
    // The same lines outside a test file are reported, and a string opening below the markers changes nothing.
    expect(scan('src/merge.ts', patch).map((f) => f.line)).toEqual([21, 23, 25]);
    const below = patch.replace(' `;', ' const q = `');
    expect(scan('test/merge.test.ts', below).map((f) => f.line)).toEqual([21, 23, 25]);
  });
});

describe('conflict markers: line endings and test data folders', () => {
  const block = ['<<<<<<< HEAD', 'a', '=======', 'b', '>>>>>>> main'];

  it('reports markers of a file with CRLF line endings', () => {
    const file = addedFile(
      'src/a.ts',
      block.map((l) => `${l}\r`),
    );
    expect(
      (conflictMarkersAnalyzer.analyze(parsePatch(file), DEFAULT_SETTINGS) as Finding[]).map((f) => f.line),
    ).toEqual([1, 3, 5]);
  });

  it("leaves a merge tool's non-code test input alone in test-data and golden folders, not in code or config", () => {
    for (const path of [
      'tests/test_data/conflicted.txt',
      'test/test-data/both.diff',
      'internal/merge/golden/ours.txt',
    ]) {
      expect(conflictMarkersAnalyzer.analyze(parsePatch(addedFile(path, block)), DEFAULT_SETTINGS)).toEqual(
        [],
      );
    }
    for (const path of ['tests/test_data/loader.py', 'config/test-data.yml']) {
      expect(
        conflictMarkersAnalyzer.analyze(parsePatch(addedFile(path, block)), DEFAULT_SETTINGS),
      ).toHaveLength(3);
    }
  });
});

describe("conflict markers: a merge tool's own template", () => {
  const findLines = (path: string, lines: string[]): number[] =>
    (conflictMarkersAnalyzer.analyze(parsePatch(addedFile(path, lines)), DEFAULT_SETTINGS) as Finding[]).map(
      (f) => f.line,
    );

  it('leaves separator and closing markers in a string that opened in view without a line-start opening marker', () => {
    const py = [
      'CONFLICT = """<<<<<<< {ours_label}',
      '{ours}',
      '=======',
      '{theirs}',
      '>>>>>>> {theirs_label}',
      '"""',
    ];
    expect(findLines('gitlite/merge.py', py)).toEqual([]);
    const ts = ['const block = `<<<<<<< ${ours}', '${a}', '=======', '${b}', '>>>>>>> ${theirs}`;'];
    expect(findLines('src/merge/render.ts', ts)).toEqual([]);
  });

  it('still reports a conflict whose opening marker starts a line, in a string or across one', () => {
    expect(
      findLines('src/template.ts', [
        'const t = `',
        '<<<<<<< HEAD',
        'a',
        '=======',
        'b',
        '>>>>>>> main',
        '`;',
      ]),
    ).toEqual([2, 4, 6]);
    // The ours side opens a template literal the theirs side closes: the markers after it read as string text.
    const across = [
      '<<<<<<< HEAD',
      'const q = `select',
      '=======',
      'const q = `',
      '>>>>>>> main',
      'from t`;',
    ];
    expect(findLines('src/query.ts', across)).toEqual([1, 3, 5]);
  });
});
