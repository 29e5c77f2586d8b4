import { runUserRules } from '../src/analyzers/user-rules';
import { compileRulePattern, estimatePatternSize, RULE_PATTERN_MAX_SIZE } from '../src/rule-regex';
import { parsePatch, parseSettingsFile, SettingsError, SETTINGS_LIMITS } from '../src';
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

async function scan(pattern: string, lines: string[], flags?: string): Promise<number[]> {
  const settings = parseSettingsFile(rulesFile(pattern, flags));
  const { findings } = await runUserRules([parsePatch(addedFile('src/a.ts', lines))], settings);
  return (findings[0] ?? []).map((f) => f.line);
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
  it('answers a catastrophic-backtracking pattern on long lines at once', async () => {
    // A backtracking engine takes hours on the first line: 2^40 ways to split the a's.
    const lines = ['a'.repeat(40) + '!', 'a'.repeat(3000) + '!', 'a'.repeat(40)];
    expect(await scan('^(a+)+$', lines)).toEqual([3]);
    expect(await scan('(x+x+)+y', ['x'.repeat(3000)])).toEqual([]);
  });

  it('keeps the usual syntax and the i, m, s flags', async () => {
    expect(await scan('\\bTODO\\b', ['// TODO later', '// TODOS'])).toEqual([1]);
    expect(await scan('todo', ['// TODO'], 'i')).toEqual([1]);
    expect(await scan('todo', ['// TODO'])).toEqual([]);
    expect(await scan('(?<word>\\w+)\\s\\d{2,3}', ['abc 12'])).toEqual([1]);
    expect(await scan('\\u0041', ['A'])).toEqual([1]);
  });

  it('rejects, with a clear problem, what a linear-time engine cannot run', () => {
    expect(problems(rulesFile('(a)\\1'))).toEqual([
      expect.stringMatching(/^rules\[0\]\.pattern: .*backreferences.*lookaround.*\\1/),
    ]);
    expect(problems(rulesFile('foo(?=bar)'))).toEqual([
      expect.stringMatching(/^rules\[0\]\.pattern: cannot run in linear time/),
    ]);
    expect(problems(rulesFile('(?<!x)y'))).toEqual([expect.stringMatching(/^rules\[0\]\.pattern: /)]);
    // A named backreference, which the translation to RE2 would read as the literal text "k<n>".
    expect(problems(rulesFile('(?<n>a)\\k<n>'))).toEqual([
      expect.stringMatching(/^rules\[0\]\.pattern: .*named backreference/),
    ]);
    // An escaped backslash before a k is no backreference.
    expect(() => parseSettingsFile(rulesFile('\\\\k'))).not.toThrow();
    expect(problems(rulesFile('a', 'v'))).toEqual([expect.stringMatching(/^rules\[0\]\.flags: /)]);
  });
});

/** A list of words as long as a pattern may be: long, but no repetition. */
const WORD_LIST = ((): string => {
  const words: string[] = [];
  const list = () => `\\b(?:${words.join('|')})\\b`;
  while (list().length + 5 <= SETTINGS_LIMITS.patternLength)
    words.push(`w${String(words.length).padStart(3, '0')}`);
  return list();
})();

describe('what one rule may cost is bounded before its pattern is compiled', () => {
  it('refuses, naming the rule, a pattern that counted repetition makes too large', () => {
    // RE2 copies x{1000} out 1000 times: 10 s to compile 200 such rules, ~1 s per line to match each.
    for (const pattern of [
      '\\pL{1000}'.repeat(100),
      '.{1000}'.repeat(3),
      '(?:(?:a{100}){100}){100}',
      '[a-z]{1000}[0-9]{1000}x',
    ]) {
      expect(problems(rulesFile(pattern))).toEqual([
        expect.stringMatching(
          new RegExp(`^rules\\[0\\]\\.pattern: rule "r" is too large to run: .*${RULE_PATTERN_MAX_SIZE}`),
        ),
      ]);
    }
  });

  it('keeps what real rules write: long lists, bounded repetition', async () => {
    for (const pattern of [
      WORD_LIST,
      '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
      '\\b(?:[0-9]{1,3}\\.){3}[0-9]{1,3}\\b',
      '(?i)\\b(?:api[_-]?key|secret|token)\\s*[:=]\\s*[\'"][A-Za-z0-9+/=_-]{16,200}[\'"]',
      '[A-Za-z0-9+/]{40}|\\w{1,500}x',
    ]) {
      expect(parseSettingsFile(rulesFile(pattern)).rules).toHaveLength(1);
    }
    expect(await scan(WORD_LIST, ['let w005 = 1', 'let w0050 = 1'])).toEqual([1]);
  });

  it('refuses the rule that brings all the patterns over their total, naming it', () => {
    // Each rule is within its own bound; 25 of them are not within the total.
    const pattern = '[a-z]{999}';
    const rule = (i: number) => [`  - id: big-${i}`, `    pattern: '${pattern}'`, '    message: m'];
    const found = problems(['rules:', ...Array.from({ length: 25 }, (_, i) => rule(i)).flat()].join('\n'));
    const fitting = Math.floor(SETTINGS_LIMITS.rulesSize / estimatePatternSize(pattern));
    expect(fitting).toBeLessThan(25);
    expect(found).toHaveLength(25 - fitting);
    expect(found[0]).toMatch(
      new RegExp(`^rules\\[${fitting}\\]\\.pattern: rule "big-${fitting}" .*${SETTINGS_LIMITS.rulesSize}`),
    );
  });

  it('estimates at least the instructions RE2 compiles, so a pattern within the bound compiles within it', () => {
    const patterns = [
      'TODO',
      'a{10}',
      'a{2,7}',
      'a{3,}',
      '(?:ab|cd){3}x*',
      '(?:(?:a{10}){10}){5}',
      '[[:alpha:]]{50}',
      '[\\]a-z]{40}',
      '\\Q{1000}\\E',
      '(?i)\\w{1,200}z',
      '(?s).{100}y.{100}',
      '(?P<n>x){30}|y{30}',
      '\\p{Greek}{20}\\x{41}{20}',
      WORD_LIST,
    ];
    for (const pattern of patterns) {
      expect(estimatePatternSize(pattern)).toBeGreaterThanOrEqual(compileRulePattern(pattern).programSize());
    }
    // A brace that is no repetition, or quoted, is a literal.
    expect(estimatePatternSize('a{,5}')).toBeLessThan(10);
    expect(estimatePatternSize('\\Q{1000}\\E')).toBeLessThan(20);
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
