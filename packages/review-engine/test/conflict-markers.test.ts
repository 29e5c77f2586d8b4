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
});
