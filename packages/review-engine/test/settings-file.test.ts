import { DEFAULT_SETTINGS, parseSettingsFile, SettingsError } from '../src';

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
});
