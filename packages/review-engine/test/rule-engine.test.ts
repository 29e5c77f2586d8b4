import { userRulesAnalyzer } from '../src/analyzers/user-rules';
import { parsePatch, parseSettingsFile, SettingsError, type Finding } from '../src';
import { addedFile } from './fixtures';

function rulesFile(pattern: string, flags?: string): string {
  return [
    'rules:',
    '  - id: r',
    `    pattern: ${JSON.stringify(pattern)}`,
    ...(flags === undefined ? [] : [`    flags: ${flags}`]),
    '    message: matched',
  ].join('\n');
}

function scan(pattern: string, lines: string[], flags?: string): number[] {
  const settings = parseSettingsFile(rulesFile(pattern, flags));
  const findings = userRulesAnalyzer.analyze(parsePatch(addedFile('src/a.ts', lines)), settings) as Finding[];
  return findings.map((f) => f.line);
}

function problems(yaml: string): string[] {
  try {
    parseSettingsFile(yaml);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).problems;
  }
  throw new Error('expected a SettingsError');
}

describe('repository rules run in linear time (RE2 semantics)', () => {
  it('answers a catastrophic-backtracking pattern on long lines at once', () => {
    // A backtracking engine takes hours on the first line: 2^40 ways to split the a's.
    const lines = ['a'.repeat(40) + '!', 'a'.repeat(3000) + '!', 'a'.repeat(40)];
    expect(scan('^(a+)+$', lines)).toEqual([3]);
    expect(scan('(x+x+)+y', ['x'.repeat(3000)])).toEqual([]);
  });

  it('keeps the usual syntax and the i, m, s flags', () => {
    expect(scan('\\bTODO\\b', ['// TODO later', '// TODOS'])).toEqual([1]);
    expect(scan('todo', ['// TODO'], 'i')).toEqual([1]);
    expect(scan('todo', ['// TODO'])).toEqual([]);
    expect(scan('(?<word>\\w+)\\s\\d{2,3}', ['abc 12'])).toEqual([1]);
    expect(scan('\\u0041', ['A'])).toEqual([1]);
  });

  it('rejects, with a clear problem, what a linear-time engine cannot run', () => {
    expect(problems(rulesFile('(a)\\1'))).toEqual([
      expect.stringMatching(/^rules\[0\]\.pattern: .*backreferences.*lookaround.*\\1/),
    ]);
    expect(problems(rulesFile('foo(?=bar)'))).toEqual([
      expect.stringMatching(/^rules\[0\]\.pattern: cannot run in linear time/),
    ]);
    expect(problems(rulesFile('(?<!x)y'))).toEqual([expect.stringMatching(/^rules\[0\]\.pattern: /)]);
    expect(problems(rulesFile('a', 'v'))).toEqual([expect.stringMatching(/^rules\[0\]\.flags: /)]);
  });
});

describe('unusable settings files are SettingsErrors, never other errors', () => {
  it('reports a YAML alias bomb as a problem', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    ].join('\n');
    expect(problems(bomb)).toEqual([expect.stringMatching(/alias/i)]);
  });

  it('reports a document too deeply nested to read as a problem', () => {
    expect(problems('['.repeat(5000) + ']'.repeat(5000))).toEqual([expect.any(String)]);
  });
});

describe('rule messages are stored and posted: no control characters', () => {
  it('refuses a NUL or other control character in a message, keeps newlines and tabs', () => {
    const withMessage = (message: string) =>
      ['rules:', '  - id: r', '    pattern: x', `    message: ${JSON.stringify(message)}`].join('\n');
    expect(problems(withMessage('bad\u0000byte'))).toEqual([expect.stringMatching(/^rules\[0\]\.message: /)]);
    expect(problems(withMessage('bell\u0007'))).toEqual([expect.stringMatching(/^rules\[0\]\.message: /)]);
    expect(parseSettingsFile(withMessage('line one\n\tline two')).rules[0]?.message).toBe(
      'line one\n\tline two',
    );
  });
});
