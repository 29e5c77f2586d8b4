import {
  AnalyzersReviewer,
  analyzeFiles,
  applyAllowList,
  DEFAULT_SETTINGS,
  type Finding,
  parsePatch,
  parseSettingsFile,
  type ReviewSettings,
  runAnalyzers,
  SettingsError,
} from '../src';
import { addedFile, fakeGithubToken } from './fixtures';

function problemsOf(yamlText: string): string[] {
  try {
    parseSettingsFile(yamlText);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).problems;
  }
  throw new Error('expected a SettingsError');
}

const finding = (path: string, ruleId: string, fingerprint?: string): Finding => ({
  path,
  line: 1,
  severity: 'high',
  category: 'security',
  ruleId,
  message: 'm',
  ...(fingerprint === undefined ? {} : { fingerprint }),
});

const allowing = (yaml: string): ReviewSettings => parseSettingsFile(yaml);

describe('allow: in .kodus.yml', () => {
  it('is empty by default', () => {
    expect(DEFAULT_SETTINGS.allow).toEqual({ paths: [], fingerprints: [] });
    expect(Object.isFrozen(DEFAULT_SETTINGS.allow.fingerprints)).toBe(true);
    expect(parseSettingsFile('allow: {}\n').allow).toEqual({ paths: [], fingerprints: [] });
  });

  it('reads globs, globs limited to rules, and fingerprints (lower-cased, duplicates once)', () => {
    const settings = allowing(
      [
        'allow:',
        '  paths:',
        '    - "docs/examples/**"',
        '    - path: test/fixtures/keys/**',
        '      rules: [secrets/*, debug/debugger, secrets/*]',
        '    - path: "*.md"',
        '  fingerprints:',
        '    - kf1:3b9a0c1d2e4f5a6b   # why: the demo key in our tutorial',
        '    - KF1:3B9A0C1D2E4F5A6B',
        '    - " kf1:0000000000000001 "',
      ].join('\n'),
    );
    expect(settings.allow).toEqual({
      paths: [
        { path: 'docs/examples/**' },
        { path: 'test/fixtures/keys/**', rules: ['secrets/*', 'debug/debugger'] },
        { path: '*.md' },
      ],
      fingerprints: ['kf1:3b9a0c1d2e4f5a6b', 'kf1:0000000000000001'],
    });
  });

  it('names each bad entry with its path', () => {
    const problems = problemsOf(
      [
        'allow:',
        '  paths:',
        '    - "!(docs)/**"',
        '    - 42',
        '    - path: docs/**',
        '      rules: []',
        '    - path: docs/**',
        '      rules: ["secrets/**", "bad id"]',
        '    - path: docs/**',
        '      rule: secrets/aws',
        '  fingerprints:',
        '    - kf1:3b9a0c1d2e4f5a6b',
        '    - kf1:3b9a',
        '    - 12',
        '    - kf2:3b9a0c1d2e4f5a6b',
        '  fingerprint: []',
      ].join('\n'),
    );
    expect([...problems].sort()).toEqual(
      [
        'allow.paths[0]: is not a valid glob: negated patterns like "!(...)" cannot run in linear time',
        'allow.paths[1]: must be a glob, or a mapping with path (a glob) and rules (a list of rule ids)',
        'allow.paths[2].rules: must list at least one rule id (leave rules out to accept every rule)',
        'allow.paths[3].rules[0]: must be a rule id such as secrets/aws-access-key, or a prefix such as secrets/*',
        'allow.paths[3].rules[1]: must be a rule id such as secrets/aws-access-key, or a prefix such as secrets/*',
        'allow.paths[4].rule: unknown key',
        'allow.fingerprints[1]: must look like kf1:<16 hex digits>, as shown on the finding',
        'allow.fingerprints[2]: must be a fingerprint string such as kf1:3b9a0c1d2e4f5a6b',
        'allow.fingerprints[3]: must look like kf1:<16 hex digits>, as shown on the finding',
        'allow.fingerprint: unknown key',
      ].sort(),
    );
  });

  it('refuses an allow that is not a mapping, and lists over their bounds', () => {
    expect(problemsOf('allow: ["docs/**"]\n')).toEqual([
      'allow: must be a mapping with paths and fingerprints',
    ]);
    expect(problemsOf('allow: { paths: "docs/**" }\n')).toEqual(['allow.paths: must be a list of globs']);
    const many = Array.from({ length: 5001 }, (_, i) => `kf1:${i.toString(16).padStart(16, '0')}`);
    expect(problemsOf(`allow:\n  fingerprints: [${many.join(', ')}]\n`)).toEqual([
      'allow.fingerprints: must list at most 5000 fingerprints',
    ]);
    const globs = Array.from({ length: 501 }, (_, i) => `"d${i}/**"`);
    expect(problemsOf(`allow:\n  paths: [${globs.join(', ')}]\n`)).toEqual([
      'allow.paths: must list at most 500 paths',
    ]);
  });
});

describe('applyAllowList', () => {
  it('accepts listed fingerprints whatever the file, and nothing else', () => {
    const { allow } = allowing('allow:\n  fingerprints: [kf1:00000000000000aa]\n');
    const findings = [
      finding('src/a.ts', 'secrets/aws', 'kf1:00000000000000aa'),
      finding('src/b.ts', 'secrets/aws', 'kf1:00000000000000ab'),
      finding('src/c.ts', 'secrets/aws'),
    ];
    expect(applyAllowList(findings, allow)).toEqual({ kept: findings.slice(1), accepted: 1 });
  });

  it('accepts every rule in a plain glob’s files, only the named rules in a limited one', () => {
    const { allow } = allowing(
      [
        'allow:',
        '  paths:',
        '    - docs/examples/**',
        '    - path: test/fixtures/**',
        '      rules: [secrets/*, debug/debugger]',
      ].join('\n'),
    );
    const findings = [
      finding('docs/examples/setup.md', 'secrets/aws'),
      finding('docs/examples/setup.md', 'conflict-markers'),
      finding('test/fixtures/keys/a.pem', 'secrets/private-key'),
      finding('test/fixtures/debug.js', 'debug/debugger'),
      finding('test/fixtures/debug.js', 'debug/console-log'),
      finding('test/fixtures/merge.txt', 'conflict-markers'),
      // a prefix selects rules under it, not a rule that merely starts the same
      finding('test/fixtures/x.txt', 'secretsauce/x'),
      finding('docs/other/setup.md', 'secrets/aws'),
      // case-sensitive: as narrow as written
      finding('Docs/Examples/setup.md', 'secrets/aws'),
    ];
    const { kept, accepted } = applyAllowList(findings, allow);
    expect(accepted).toBe(4);
    expect(kept.map((f) => `${f.path} ${f.ruleId}`)).toEqual([
      'test/fixtures/debug.js debug/console-log',
      'test/fixtures/merge.txt conflict-markers',
      'test/fixtures/x.txt secretsauce/x',
      'docs/other/setup.md secrets/aws',
      'Docs/Examples/setup.md secrets/aws',
    ]);
  });

  it('applies every limited entry a file matches, each with its own rules', () => {
    const { allow } = allowing(
      [
        'allow:',
        '  paths:',
        '    - path: test/**',
        '      rules: [secrets/aws]',
        '    - path: "*.pem"',
        '      rules: [secrets/private-key]',
      ].join('\n'),
    );
    const findings = [
      finding('test/keys/a.pem', 'secrets/aws'),
      finding('test/keys/a.pem', 'secrets/private-key'),
      finding('test/keys/a.pem', 'secrets/github'),
      finding('src/a.pem', 'secrets/private-key'),
      finding('src/a.pem', 'secrets/aws'),
    ];
    expect(applyAllowList(findings, allow).kept.map((f) => `${f.path} ${f.ruleId}`)).toEqual([
      'test/keys/a.pem secrets/github',
      'src/a.pem secrets/aws',
    ]);
  });

  it('matches a hostile glob against a long path in linear time', () => {
    const { allow } = allowing(`allow:\n  paths: ["${'*a'.repeat(20)}*b"]\n`);
    const path = 'a'.repeat(50_000);
    expect(applyAllowList([finding(path, 'secrets/aws')], allow).accepted).toBe(0);
  });
});

describe('the allow-list in the analyzers', () => {
  const files = () => [
    addedFile('src/app.ts', ['debugger;', 'console.log(x);']),
    addedFile('docs/examples/github.ts', [`const token = "${fakeGithubToken}";`, 'debugger;']),
  ];

  it('drops accepted findings before the cap, so they leave room for the others', async () => {
    const all = await analyzeFiles(files(), DEFAULT_SETTINGS);
    expect(all.map((f) => [f.path, f.ruleId])).toEqual([
      ['docs/examples/github.ts', 'secrets/github'],
      ['docs/examples/github.ts', 'debug/debugger'],
      ['src/app.ts', 'debug/debugger'],
      ['src/app.ts', 'debug/console-log'],
    ]);
    const debuggerInApp = all[2]?.fingerprint ?? '';
    const settings = allowing(
      [
        'maxComments: 1',
        'allow:',
        '  paths: ["docs/examples/**"]',
        `  fingerprints: ["${debuggerInApp}"]`,
      ].join('\n'),
    );
    const left = await analyzeFiles(files(), settings);
    expect(left.map((f) => [f.path, f.ruleId])).toEqual([['src/app.ts', 'debug/console-log']]);
    expect((await runAnalyzers(files().map(parsePatch), settings)).accepted).toBe(3);
  });

  it('accepting a secretlint finding does not bring back the password heuristic on its line', async () => {
    const file = addedFile('src/github.ts', [`const api_key = "${fakeGithubToken}";`]);
    const [named] = await analyzeFiles([file], DEFAULT_SETTINGS);
    expect(named?.ruleId).toBe('secrets/github');
    const settings = allowing(`allow:\n  fingerprints: ["${named?.fingerprint ?? ''}"]\n`);
    expect(await analyzeFiles([file], settings)).toEqual([]);
  });

  it('gives the reviewer’s candidates their fingerprints and a summary note with the count', async () => {
    const parsed = files().map(parsePatch);
    const context = (settings: ReviewSettings) => ({
      pullRequest: { title: 't', description: '' },
      files: parsed,
      settings,
      signal: new AbortController().signal,
    });
    const plain = await new AnalyzersReviewer().review(context(DEFAULT_SETTINGS));
    expect(plain.notes).toEqual([]);
    for (const candidate of plain.candidates) expect(candidate.fingerprint).toMatch(/^kf1:[0-9a-f]{16}$/);

    const one = await new AnalyzersReviewer().review(
      context(allowing(`allow:\n  fingerprints: ["${plain.candidates[0]?.fingerprint ?? ''}"]\n`)),
    );
    expect(one.candidates).toHaveLength(plain.candidates.length - 1);
    expect(one.notes).toEqual([
      '1 finding accepted by the allow-list in .kodus.yml (allow.paths, allow.fingerprints): not posted.',
    ]);
    const two = await new AnalyzersReviewer().review(context(allowing('allow:\n  paths: ["docs/**"]\n')));
    expect(two.notes).toEqual([
      '2 findings accepted by the allow-list in .kodus.yml (allow.paths, allow.fingerprints): not posted.',
    ]);
  });
});
