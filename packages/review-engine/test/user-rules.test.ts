import { runUserRules, USER_RULES_LIMITS } from '../src/analyzers/user-rules';
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

async function scan(path: string, lines: string[]): Promise<Finding[]> {
  const { findings, note } = await runUserRules([parsePatch(addedFile(path, lines))], settings);
  expect(note).toBeUndefined();
  return findings[0] ?? [];
}

describe('user rules analyzer', () => {
  it('reports each added line that matches a rule whose paths match the file', async () => {
    expect(await scan('src/a/b.ts', ['const x = 1;', '// todo: later', 'ok', '// TODO again'])).toEqual([
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
    expect(await scan('deploy/app.yml', ['url: http://example.com'])).toEqual([
      expect.objectContaining({ line: 1, ruleId: 'rules/no-http', severity: 'high' }),
    ]);
  });

  it('skips files outside the rule paths and lines that do not match', async () => {
    expect(await scan('lib/b.ts', ['// TODO'])).toEqual([]);
    expect(await scan('src/a.ts', ['// TODOS are fine', 'url = "http://x"'])).toEqual([]);
  });

  it('finds nothing and runs nothing without rules', async () => {
    const file = parsePatch(addedFile('src/a.ts', ['// TODO']));
    expect(await runUserRules([file], parseSettingsFile(''))).toEqual({ findings: [[]] });
  });
});

/** A clock that moves `step` ms each time it is read, whatever the machine's speed. */
function steppingClock(step: number): () => number {
  let now = 0;
  return () => (now += step);
}

describe('the time the rules may take in one review', () => {
  const twoRules = parseSettingsFile(
    [
      'rules:',
      '  - id: first',
      '    pattern: "TODO"',
      '    message: m',
      '  - id: second',
      '    pattern: "FIXME"',
      '    message: m',
    ].join('\n'),
  );
  const files = [
    parsePatch(addedFile('src/a.ts', ['// TODO', '// FIXME'])),
    parsePatch(addedFile('src/b.ts', ['// FIXME'])),
  ];

  it('is a few seconds, in slices that give the event loop back', () => {
    expect(USER_RULES_LIMITS.budgetMs).toBeGreaterThanOrEqual(1000);
    expect(USER_RULES_LIMITS.budgetMs).toBeLessThanOrEqual(5000);
    expect(USER_RULES_LIMITS.sliceMs).toBeLessThanOrEqual(50);
  });

  it('once spent, stops the rules and says which did not check every file', async () => {
    const run = await runUserRules(files, twoRules, { limits: { budgetMs: 0 } });
    // the first rule ran on every file; the second never started
    expect(run.findings.map((found) => found.map((f) => [f.line, f.ruleId]))).toEqual([
      [[1, 'rules/first']],
      [],
    ]);
    expect(run.note).toMatch(
      /^\.kodus\.yml rules stopped after 0 s of matching .*rule "second" did not check every file/,
    );
  });

  it('stops in the middle of a rule, between lines, keeping what it found', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `${'x'.repeat(3990)} TODO ${i}`);
    const big = [parsePatch(addedFile('src/big.ts', lines))];
    const run = await runUserRules(big, twoRules, { limits: { budgetMs: 1000, now: steppingClock(100) } });
    const found = run.findings[0] ?? [];
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(lines.length);
    expect(found.every((f) => f.ruleId === 'rules/first')).toBe(true);
    expect(run.note).toMatch(/rule "first" and the 1 after it did not check every file/);
  });

  it('all the rules run while within the budget, with no note', async () => {
    const run = await runUserRules(files, twoRules, { limits: { now: steppingClock(0) } });
    expect(run.findings.map((found) => found.map((f) => f.ruleId))).toEqual([
      ['rules/first', 'rules/second'],
      ['rules/second'],
    ]);
    expect(run.note).toBeUndefined();
  });
});

describe('the review’s deadline and the other reviews while the rules run', () => {
  const settingsWithRule = parseSettingsFile(
    ['rules:', '  - id: r', '    pattern: "TODO"', '    message: m'].join('\n'),
  );
  const lines = Array.from({ length: 2000 }, (_, i) => `${'x'.repeat(3990)} TODO ${i}`);
  const big = [parsePatch(addedFile('src/big.ts', lines))];

  it('stops between lines once the review’s signal aborts', async () => {
    const controller = new AbortController();
    let reads = 0;
    const now = () => {
      if (++reads === 3) controller.abort(new Error('review deadline passed'));
      return reads * 100;
    };
    await expect(
      runUserRules(big, settingsWithRule, { signal: controller.signal, limits: { budgetMs: 1e9, now } }),
    ).rejects.toThrow('review deadline passed');
  });

  it('lets other work run between slices of matching', async () => {
    let otherRan = false;
    let sawOther = false;
    const clock = steppingClock(100);
    const now = () => {
      sawOther ||= otherRan;
      return clock();
    };
    setImmediate(() => (otherRan = true));
    const run = await runUserRules(big, settingsWithRule, { limits: { budgetMs: 1e9, now } });
    expect(sawOther).toBe(true);
    expect(run.findings[0]).toHaveLength(lines.length);
  });
});
