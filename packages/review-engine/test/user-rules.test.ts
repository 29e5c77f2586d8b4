import { userRulesAnalyzer } from '../src/analyzers/user-rules';
import { parsePatch, parseSettingsFile, type Finding, type ReviewSettings } from '../src';
import { addedFile } from './fixtures';

const settings: ReviewSettings = parseSettingsFile(
  [
    'rules:',
    '  - id: no-todo',
    '    paths: ["src/**/*.ts"]',
    '    pattern: "\\\\bTODO\\\\b"',
    '    flags: i',
    '    message: Track TODOs in the issue tracker.',
    '    severity: low',
    '  - id: no-http',
    '    paths: ["*.yml", "config/**"]',
    '    pattern: "http://"',
    '    message: Use https.',
    '    severity: high',
  ].join('\n'),
);

function scan(path: string, lines: string[]): Finding[] {
  return userRulesAnalyzer.analyze(parsePatch(addedFile(path, lines)), settings) as Finding[];
}

describe('user rules analyzer', () => {
  it('reports each added line that matches a rule whose paths match the file', () => {
    expect(scan('src/a/b.ts', ['const x = 1;', '// todo: later', 'ok', '// TODO again'])).toEqual([
      {
        path: 'src/a/b.ts',
        line: 2,
        severity: 'low',
        category: 'rule',
        ruleId: 'rules/no-todo',
        message: 'Track TODOs in the issue tracker.',
      },
      expect.objectContaining({ line: 4, ruleId: 'rules/no-todo' }),
    ]);
    expect(scan('deploy/app.yml', ['url: http://example.com'])).toEqual([
      expect.objectContaining({ line: 1, ruleId: 'rules/no-http', severity: 'high' }),
    ]);
  });

  it('skips files outside the rule paths and lines that do not match', () => {
    expect(scan('lib/b.ts', ['// TODO'])).toEqual([]);
    expect(scan('src/a.ts', ['// TODOS are fine', 'url = "http://x"'])).toEqual([]);
  });

  it('is disabled without rules', () => {
    expect(userRulesAnalyzer.isEnabled(parseSettingsFile(''))).toBe(false);
    expect(userRulesAnalyzer.isEnabled(settings)).toBe(true);
  });
});
