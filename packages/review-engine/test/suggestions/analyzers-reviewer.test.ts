import { AnalyzersReviewer, DEFAULT_SETTINGS, parsePatch, type ReviewSettings } from '../../src';

const file = parsePatch({
  path: 'src/app.ts',
  status: 'modified',
  patch: ['@@ -1,1 +1,3 @@', ' const a = 1;', '+console.log(a);', '+// TODO: remove'].join('\n'),
});
const settings: ReviewSettings = {
  ...DEFAULT_SETTINGS,
  rules: [{ id: 'no-todo', paths: ['src/**'], pattern: 'TODO', message: 'Resolve TODOs', severity: 'low' }],
};
const context = (signal = new AbortController().signal) => ({
  pullRequest: { title: 't', description: '' },
  files: [file],
  settings,
  signal,
});

describe('AnalyzersReviewer', () => {
  it('turns findings into candidates: analyzers as `analyzer`, the repository’s rules as `rule`', async () => {
    const result = await new AnalyzersReviewer().review(context());
    expect(result.candidates.map((c) => [c.source, c.reviewer, c.ruleId, c.startLine, c.endLine])).toEqual([
      ['analyzer', 'analyzers', 'debug/console-log', 2, 2],
      ['rule', 'analyzers', 'rules/no-todo', 3, 3],
    ]);
    expect(result.notes).toEqual([]);
  });

  it('says in its notes when the repository rules ran out of their work budget, keeping the other findings', async () => {
    // A clock that jumps past the budget at once: the rules stop after their first slice.
    let clock = 0;
    const reviewer = new AnalyzersReviewer({
      rulesLimits: { budgetMs: 10, now: () => (clock += 100) },
    });
    const twoRules: ReviewSettings = {
      ...settings,
      rules: [
        ...settings.rules,
        { id: 'no-fixme', paths: ['src/**'], pattern: 'FIXME', message: 'Resolve FIXMEs', severity: 'low' },
      ],
    };
    const result = await reviewer.review({ ...context(), settings: twoRules });
    expect(result.candidates.map((c) => c.ruleId)).toContain('debug/console-log');
    expect(result.notes).toEqual([expect.stringMatching(/no-fixme/)]);
  });

  it('stops at an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    await expect(new AnalyzersReviewer().review(context(controller.signal))).rejects.toThrow('deadline');
  });
});
