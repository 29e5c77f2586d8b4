import {
  analyzeFiles,
  DEFAULT_SETTINGS,
  parsePatch,
  parseSettingsFile,
  runAnalyzers,
  type ChangedFileInput,
  type ReviewSettings,
} from '../src';
import { addedFile, fakeAwsAccessKeyId, fakeAwsSecretKey, fakeGithubToken } from './fixtures';

/** A pull request: new code with a cloud key and a debugger, plus files that must not be analysed. */
function pullRequest(): ChangedFileInput[] {
  return [
    {
      path: 'src/storage/s3-client.ts',
      status: 'modified',
      patch: [
        '@@ -1,6 +1,9 @@',
        " import { S3Client } from '@aws-sdk/client-s3';",
        ' ',
        '-export const client = new S3Client({});',
        '+export const client = new S3Client({',
        `+  credentials: { accessKeyId: "${fakeAwsAccessKeyId}", aws_secret_access_key: "${fakeAwsSecretKey}" },`,
        '+});',
        ' ',
        ' export async function upload(key: string, body: Buffer) {',
        '+  debugger;',
        '   return client.send(put(key, body));',
        ' }',
      ].join('\n'),
    },
    // a lock file with a key-looking string: ignored by default
    addedFile('package-lock.json', [
      '{',
      `  "resolved": "https://x/${fakeGithubToken}",`,
      `  "k": "${fakeAwsAccessKeyId}"`,
      '}',
    ]),
    // a removed file: nothing it had can land on the new code
    {
      path: 'src/old-secrets.ts',
      status: 'removed',
      patch: `@@ -1 +0,0 @@\n-const k = "${fakeAwsAccessKeyId}";`,
    },
    // a binary file: no patch
    { path: 'assets/diagram.bin', status: 'added' },
    // a vendored file: ignored by default
    addedFile('vendor/lib/debug.js', ['debugger;']),
    addedFile('src/merge.py', ['<<<<<<< HEAD', 'x = 1', '=======', 'x = 2', '>>>>>>> main', 'print(x)']),
  ];
}

describe('analyzeFiles', () => {
  it('reports exactly the findings on added lines of reviewed files, sorted and de-duplicated', async () => {
    const findings = await analyzeFiles(pullRequest(), DEFAULT_SETTINGS);
    expect(
      findings.map(({ path, line, severity, category, ruleId }) => ({
        path,
        line,
        severity,
        category,
        ruleId,
      })),
    ).toEqual([
      { path: 'src/merge.py', line: 1, severity: 'critical', category: 'bug', ruleId: 'conflict-markers' },
      { path: 'src/merge.py', line: 3, severity: 'critical', category: 'bug', ruleId: 'conflict-markers' },
      { path: 'src/merge.py', line: 5, severity: 'critical', category: 'bug', ruleId: 'conflict-markers' },
      { path: 'src/merge.py', line: 6, severity: 'low', category: 'maintainability', ruleId: 'debug/print' },
      // the access key ID and the secret key are both secrets/aws on line 4: reported once
      {
        path: 'src/storage/s3-client.ts',
        line: 4,
        severity: 'critical',
        category: 'security',
        ruleId: 'secrets/aws',
      },
      {
        path: 'src/storage/s3-client.ts',
        line: 8,
        severity: 'medium',
        category: 'maintainability',
        ruleId: 'debug/debugger',
      },
    ]);
    for (const finding of findings) {
      expect(finding.message).not.toContain(fakeAwsAccessKeyId);
      expect(finding.message).not.toContain(fakeAwsSecretKey);
    }
  });

  it('keeps the most severe findings when capping at maxComments, still sorted by location', async () => {
    // six findings; the low-severity print (merge.py:6) goes, although it comes first by location
    const settings: ReviewSettings = { ...DEFAULT_SETTINGS, maxComments: 5 };
    const findings = await analyzeFiles(pullRequest(), settings);
    expect(findings.map((f) => [f.path, f.line, f.ruleId])).toEqual([
      ['src/merge.py', 1, 'conflict-markers'],
      ['src/merge.py', 3, 'conflict-markers'],
      ['src/merge.py', 5, 'conflict-markers'],
      ['src/storage/s3-client.ts', 4, 'secrets/aws'],
      ['src/storage/s3-client.ts', 8, 'debug/debugger'],
    ]);
  });

  it('runs only the enabled analyzers, the user rules and the ignore globs of .kodus.yml', async () => {
    const settings = parseSettingsFile(
      [
        'ignore: ["*.py"]',
        'analyzers: { secrets: false, conflictMarkers: false }',
        'rules:',
        '  - id: no-debugger',
        '    paths: ["src/**"]',
        '    pattern: "^\\\\s*debugger"',
        '    message: No debugger.',
        '    severity: high',
      ].join('\n'),
    );
    const findings = await analyzeFiles(pullRequest(), settings);
    expect(findings.map((f) => [f.path, f.line, f.severity, f.ruleId])).toEqual([
      ['src/storage/s3-client.ts', 8, 'medium', 'debug/debugger'],
      ['src/storage/s3-client.ts', 8, 'high', 'rules/no-debugger'],
    ]);
  });

  it('does not add the password heuristic where secretlint already named the secret', async () => {
    const file = addedFile('src/github.ts', [
      `const api_key = "${fakeGithubToken}";`,
      'const backup_api_key = "n0t-A-kn0wn-f0rmat";',
    ]);
    const findings = await analyzeFiles([file], DEFAULT_SETTINGS);
    expect(findings.map((f) => [f.line, f.ruleId])).toEqual([
      [1, 'secrets/github'],
      [2, 'secrets/hardcoded-password'],
    ]);
  });

  it('skips removed files whatever their patch holds', async () => {
    const removed = { ...addedFile('src/gone.ts', ['debugger;']), status: 'removed' as const };
    expect(await analyzeFiles([removed], DEFAULT_SETTINGS)).toEqual([]);
    expect(await analyzeFiles([{ ...removed, status: 'modified' }], DEFAULT_SETTINGS)).toHaveLength(1);
  });

  it('gives every finding its fingerprint, distinct per rule and line text', async () => {
    const findings = await analyzeFiles(pullRequest(), DEFAULT_SETTINGS);
    for (const finding of findings) expect(finding.fingerprint).toMatch(/^kf1:[0-9a-f]{16}$/);
    // the three conflict markers of merge.py are three different lines
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(findings.length);
  });

  it('leaves out what allow: in .kodus.yml accepts, before capping at maxComments', async () => {
    const settings = parseSettingsFile(
      [
        'maxComments: 2',
        'allow:',
        '  paths:',
        '    - path: src/merge.py',
        '      rules: [conflict-markers]',
      ].join('\n'),
    );
    const findings = await analyzeFiles(pullRequest(), settings);
    expect(findings.map((f) => [f.path, f.line, f.ruleId])).toEqual([
      ['src/storage/s3-client.ts', 4, 'secrets/aws'],
      ['src/storage/s3-client.ts', 8, 'debug/debugger'],
    ]);
  });

  it('returns nothing for no files', async () => {
    expect(await analyzeFiles([], DEFAULT_SETTINGS)).toEqual([]);
  });
});

describe('analyzeFiles with a deadline', () => {
  it('stops with the signal’s reason once it aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('review deadline passed'));
    const files = [{ path: 'src/a.ts', status: 'added' as const, patch: '@@ -0,0 +1 @@\n+debugger;' }];
    await expect(analyzeFiles(files, parseSettingsFile(''), { signal: controller.signal })).rejects.toThrow(
      'review deadline passed',
    );
  });
});

describe('runAnalyzers when the .kodus.yml rules run out of time', () => {
  const settings = parseSettingsFile(
    [
      'rules:',
      '  - id: no-debugger',
      '    pattern: "debugger"',
      '    message: No debugger.',
      '  - id: no-todo',
      '    pattern: "TODO"',
      '    message: No TODO.',
    ].join('\n'),
  );
  const files = [
    addedFile('src/a.ts', ['debugger;', '// TODO']),
    addedFile('src/merge.py', ['<<<<<<< HEAD']),
  ].map(parsePatch);

  it('keeps the other analyzers’ findings and the rules’ so far, with a note saying the rules stopped', async () => {
    const run = await runAnalyzers(files, settings, undefined, { budgetMs: 0 });
    expect(run.findings.map((f) => [f.path, f.line, f.ruleId]).sort()).toEqual(
      [
        ['src/a.ts', 1, 'debug/debugger'],
        ['src/a.ts', 1, 'rules/no-debugger'],
        ['src/merge.py', 1, 'conflict-markers'],
      ].sort(),
    );
    for (const finding of run.findings) expect(finding.fingerprint).toMatch(/^kf1:/);
    expect(run.notes).toEqual([expect.stringMatching(/^\.kodus\.yml rules stopped .*rule "no-todo"/)]);
  });

  it('has no note when the rules finish', async () => {
    const run = await runAnalyzers(files, settings);
    expect(run.findings.filter((f) => f.ruleId.startsWith('rules/'))).toHaveLength(2);
    expect(run.notes).toEqual([]);
  });
});
