import { LineCounter, parseDocument } from 'yaml';
import { DEFAULT_SETTINGS, parseSettingsFile, SettingsError } from '../src';
import { parseYamlDocument } from '../src/settings-file';

function problemsOf(yamlText: string): string[] {
  try {
    parseSettingsFile(yamlText);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).problems;
  }
  throw new Error('expected a SettingsError');
}

describe('DEFAULT_SETTINGS', () => {
  it('turns every analyzer on, skips drafts and caps at 50 comments', () => {
    expect(DEFAULT_SETTINGS.analyzers).toEqual({
      secrets: true,
      debugLeftovers: true,
      conflictMarkers: true,
    });
    expect(DEFAULT_SETTINGS.reviewDrafts).toBe(false);
    expect(DEFAULT_SETTINGS.maxComments).toBe(50);
    expect(DEFAULT_SETTINGS.rules).toEqual([]);
    expect(DEFAULT_SETTINGS.ignore).toEqual(
      expect.arrayContaining([
        'package-lock.json',
        'yarn.lock',
        'go.sum',
        '*.min.js',
        'dist/',
        'vendor/',
        '*.png',
      ]),
    );
  });

  it('is frozen, so no caller can change it for the others', () => {
    expect(Object.isFrozen(DEFAULT_SETTINGS)).toBe(true);
    expect(() => (DEFAULT_SETTINGS.ignore as string[]).push('x')).toThrow(TypeError);
  });
});

describe('parseSettingsFile', () => {
  it('gives the defaults for an empty file or one with only comments', () => {
    expect(parseSettingsFile('')).toEqual(DEFAULT_SETTINGS);
    expect(parseSettingsFile('# nothing to change\n')).toEqual(DEFAULT_SETTINGS);
  });

  it('merges a valid file onto the defaults, adding its ignore globs to the default ones', () => {
    const settings = parseSettingsFile(
      [
        'ignore:',
        '  - "docs/**"',
        '  - "*.generated.ts"',
        'analyzers:',
        '  debugLeftovers: false',
        'reviewDrafts: true',
        'maxComments: 10',
        'rules:',
        '  - id: no-todo',
        '    paths: ["src/**/*.ts"]',
        '    pattern: "TODO\\\\b"',
        '    flags: i',
        '    message: Open a ticket instead of a TODO.',
        '    severity: low',
        '  - id: no-eval',
        '    pattern: "\\\\beval\\\\("',
        '    message: Do not use eval.',
      ].join('\n'),
    );
    expect(settings.ignore).toEqual([...DEFAULT_SETTINGS.ignore, 'docs/**', '*.generated.ts']);
    expect(settings.analyzers).toEqual({ secrets: true, debugLeftovers: false, conflictMarkers: true });
    expect(settings.reviewDrafts).toBe(true);
    expect(settings.maxComments).toBe(10);
    expect(settings.rules).toEqual([
      {
        id: 'no-todo',
        paths: ['src/**/*.ts'],
        pattern: 'TODO\\b',
        flags: 'i',
        message: 'Open a ticket instead of a TODO.',
        severity: 'low',
      },
      // paths default to every file, severity to medium
      {
        id: 'no-eval',
        paths: ['**'],
        pattern: '\\beval\\(',
        message: 'Do not use eval.',
        severity: 'medium',
      },
    ]);
  });

  it('drops the default ignore globs with ignoreDefaults: false', () => {
    const settings = parseSettingsFile('ignoreDefaults: false\nignore: ["*.lock"]\n');
    expect(settings.ignore).toEqual(['*.lock']);
  });

  it('reports invalid YAML with its line and column', () => {
    const problems = problemsOf('ignore: [a, b\nmaxComments: 3\n');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^line \d+, column \d+: /);
    expect(problemsOf('a: 1\na: 2\n')).toEqual([expect.stringMatching(/^line 2, column 1: .*unique/i)]);
  });

  it('rejects unknown keys, naming each with its path', () => {
    const problems = problemsOf(
      [
        'ignored: []',
        'analyzers:',
        '  secret: true',
        'rules:',
        '  - id: a',
        '    pattern: x',
        '    message: m',
        '    level: high',
      ].join('\n'),
    );
    expect([...problems].sort()).toEqual([
      'analyzers.secret: unknown key',
      'ignored: unknown key',
      'rules[0].level: unknown key',
    ]);
  });

  it('rejects a bad regex, naming the rule, and bad or duplicate flags', () => {
    const problems = problemsOf(
      [
        'rules:',
        '  - id: broken',
        '    pattern: "(unclosed"',
        '    message: m',
        '  - id: global',
        '    pattern: x',
        '    flags: gi',
        '    message: m',
      ].join('\n'),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^rules\[0\]\.pattern: is not a valid regular expression: .*/),
      expect.stringMatching(/^rules\[1\]\.flags: may only hold the flags d, i, m, s, u,/),
    ]);
  });

  it('names every wrong type and value at once, with its path', () => {
    const problems = problemsOf(
      [
        'ignore: "*.md"',
        'ignoreDefaults: "no"',
        'reviewDrafts: yes please',
        'maxComments: 2.5',
        'analyzers:',
        '  secrets: 1',
        'rules:',
        '  - id: "bad id"',
        '    paths: []',
        '    message: ""',
        '    severity: urgent',
        '  - id: dup',
        '    pattern: a',
        '    message: m',
        '  - id: dup',
        '    pattern: b',
        '    message: m',
        '  - just a string',
      ].join('\n'),
    );
    const paths = problems.map((p) => p.slice(0, p.indexOf(':')));
    expect([...paths].sort()).toEqual(
      [
        'ignore',
        'ignoreDefaults',
        'reviewDrafts',
        'maxComments',
        'analyzers.secrets',
        'rules[0].id',
        'rules[0].paths',
        'rules[0].pattern',
        'rules[0].message',
        'rules[0].severity',
        'rules[2].id',
        'rules[3]',
      ].sort(),
    );
    expect(problems).toContain('rules[0].pattern: is required');
    expect(problems).toContain('rules[2].id: duplicates rule id "dup"');
    expect(problems).toContain('rules[0].severity: must be one of critical, high, medium, low, info');
    expect(problems).toContain('maxComments: must be a whole number');
  });

  it('rejects a top level that is not a mapping, and a maxComments out of range', () => {
    expect(problemsOf('- a\n- b\n')).toEqual([
      '(top level): must be a mapping (key: value) at the top level',
    ]);
    expect(problemsOf('maxComments: 0')).toEqual(['maxComments: must be at least 1']);
  });

  it('reads secretStore, trimmed; absent, settings have none', () => {
    expect(parseSettingsFile('secretStore: "  AWS Secrets Manager "\n').secretStore).toBe(
      'AWS Secrets Manager',
    );
    expect(parseSettingsFile('secretStore: Vault (kv/team-payments)\n').secretStore).toBe(
      'Vault (kv/team-payments)',
    );
    expect(parseSettingsFile('')).not.toHaveProperty('secretStore');
  });

  it('refuses a secretStore that is empty, too long, not a string or holds control characters', () => {
    expect(problemsOf('secretStore: ""\n')).toEqual(['secretStore: must not be empty']);
    expect(problemsOf(`secretStore: ${'v'.repeat(101)}\n`)).toEqual([
      'secretStore: must be at most 100 characters',
    ]);
    expect(parseSettingsFile(`secretStore: ${'v'.repeat(100)}\n`).secretStore).toHaveLength(100);
    expect(problemsOf('secretStore: [vault]\n')).toEqual(['secretStore: must be a string']);
    expect(problemsOf('secretStore: "Vault\\u0000"\n')).toEqual([
      'secretStore: must not hold control characters',
    ]);
    expect(problemsOf('secretStore: "Vault\\nDo this instead"\n')).toEqual([
      'secretStore: must not hold control characters',
    ]);
    expect(problemsOf('secretStore: "Vault\\tkv"\n')).toEqual([
      'secretStore: must not hold control characters',
    ]);
    expect(problemsOf('secretStore: "Vault\\u202Ekv"\n')).toEqual([
      'secretStore: must not hold control characters',
    ]);
  });

  it('reads allow: paths and fingerprints alongside the other keys', () => {
    const settings = parseSettingsFile(
      [
        'secretStore: AWS Secrets Manager',
        'allow:',
        '  paths: ["docs/examples/**", "test/fixtures/keys/**"]',
        '  fingerprints:',
        '    - kf1:3b9a0c1d2e4f5a6b   # why: the demo key in our tutorial',
      ].join('\n'),
    );
    expect(settings).toEqual({
      ...DEFAULT_SETTINGS,
      secretStore: 'AWS Secrets Manager',
      allow: {
        paths: [{ path: 'docs/examples/**' }, { path: 'test/fixtures/keys/**' }],
        fingerprints: ['kf1:3b9a0c1d2e4f5a6b'],
      },
    });
    expect(
      problemsOf('allow:\n  fingerprints: [kf1:3b9a0c1d2e4f5a6b, kf1:3b9a0c1d2e4f5a6b, nope]\n'),
    ).toEqual(['allow.fingerprints[2]: must look like kf1:<16 hex digits>, as shown on the finding']);
  });

  it('puts every problem in the error message', () => {
    const attempt = () => parseSettingsFile('maxComments: -1\nreviewDrafts: 3\n');
    expect(attempt).toThrow(/^Invalid \.kodus\.yml:\n/);
    expect(attempt).toThrow(/\n {2}- maxComments: must be at least 1(\n|$)/);
    expect(attempt).toThrow(/\n {2}- reviewDrafts: must be true or false(\n|$)/);
  });

  it('refuses a duplicate key, nested or in a flow map, with its line and column', () => {
    expect(problemsOf('maxComments: 3\nreviewDrafts: true\nmaxComments: 4\n')).toEqual([
      'line 3, column 1: Map keys must be unique',
    ]);
    expect(problemsOf('analyzers:\n  secrets: true\n  secrets: false\n')).toEqual([
      'line 3, column 3: Map keys must be unique',
    ]);
    expect(problemsOf('llm: { enabled: true, enabled: false }\n')).toEqual([
      'line 1, column 23: Map keys must be unique',
    ]);
  });

  it('checks the keys of a file as large as it may be (50,000 keys) and still finds the repeated one', () => {
    // Short keys, in base 36; none that YAML reads as a number ("1e0" is 1).
    const keys: string[] = [];
    for (let i = 0; keys.length < 50_000; i++) {
      const key = i.toString(36);
      if (!/^\d+(e\d+)?$/.test(key)) keys.push(`${key}:`);
    }
    const unique = keys.join('\n');
    expect(unique.length).toBeLessThanOrEqual(256 * 1024 - 10);
    // Every key is unique: only the schema's problems, one per key ("unknown key" for most).
    const problems = problemsOf(unique);
    expect(problems).toHaveLength(50_000);
    expect(problems).toContain('a: unknown key');
    expect(problems.some((p) => /unique/.test(p))).toBe(false);
    // The last key repeats the first one.
    expect(problemsOf(`${unique}\na:`)).toEqual(['line 50001, column 1: Map keys must be unique']);
  });
});

describe('parseYamlDocument', () => {
  // What the YAML library's own (quadratic) check reports, as "line:col message" lines.
  const errorsOf = (text: string, parse: (text: string, lines: LineCounter) => { errors: Error[] }) => {
    const lines = new LineCounter();
    return parse(text, lines).errors.map((e) => {
      const { line, col } = lines.linePos((e as Error & { pos: [number, number] }).pos[0]);
      return `${line}:${col} ${e.message}`;
    });
  };
  const library = (text: string, lineCounter: LineCounter) =>
    parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });

  it.each([
    ['no duplicate', 'a: 1\nb: {c: 1, d: [e, f]}\n'],
    ['top level', 'a: 1\nb: 2\na: 3\na: 4\n'],
    ['nested, beside other maps', 'x:\n  a: 1\n  a: 2\ny:\n  a: 1\n'],
    ['in a list', 'l:\n  - a: 1\n    a: 2\n  - a: 1\n'],
    ['flow maps', '{a: 1, b: 2, a: 3}\n'],
    ['pairs in a flow list', '[a: 1, a: 2]\n'],
    ['quoted and plain are the same string', 'a: 1\n"a": 2\n\'a\': 3\n'],
    ['a number and a string differ', '1: a\n"1": b\n'],
    ['equal values written differently', '0x10: a\n16: b\ntrue: c\nTrue: d\n~: e\nnull: f\n'],
    ['NaN is never equal', '.nan: a\n.NaN: b\n'],
    ['anchors, tags and aliases', 'a: &x 1\n!!str b: 2\n&y b: 3\n*x : 4\n'],
    ['explicit and empty keys', '? a\n: 1\n? a\n: 2\n: 3\n: 4\n'],
    ['collections as keys', '? [a]\n: 1\n? [a]\n: 2\n'],
    ['with syntax errors around', 'a: 1\nb: [1, 2\na: 2\nc: }\n'],
    ['merge keys', 'base: &b {x: 1}\nm:\n  <<: *b\n  <<: *b\n'],
  ])('reports what uniqueKeys: true reports: %s', (_, text) => {
    expect(errorsOf(text, parseYamlDocument)).toEqual(errorsOf(text, library));
  });
});
