import {
  type Candidate,
  countDispositions,
  DEFAULT_SETTINGS,
  suggestionPolicyFrom,
  type PostedSuggestion,
  parsePatch,
  shapeSuggestions,
  type SuggestionPolicy,
} from '../../src';

const files = [
  parsePatch({
    path: 'src/orders.ts',
    status: 'modified',
    patch: [
      '@@ -10,3 +10,7 @@',
      ' export function total(orders) {',
      '+  let sum = 0;',
      '+  for (const o of orders) for (const p of orders) sum += o.price;',
      '+  console.log(sum);',
      '+  const user = find(o);',
      ' }',
    ].join('\n'),
  }),
];

let nextId = 0;
function candidate(overrides: Partial<Candidate> = {}): Candidate {
  nextId += 1;
  return {
    source: 'llm',
    reviewer: 'llm',
    path: 'src/orders.ts',
    startLine: 12,
    endLine: 12,
    severity: 'medium',
    category: 'performance',
    ruleId: 'llm',
    message: `finding ${nextId}: the nested loop over orders is quadratic`,
    ...overrides,
  };
}

const keyOf = (c: Candidate, at: { path: string; line: number }) =>
  `${at.path}:${at.line}:${c.ruleId}:${c.message}`;
const shape = (
  candidates: Candidate[],
  policy: SuggestionPolicy = { maxComments: 50 },
  posted: PostedSuggestion[] = [],
) => shapeSuggestions(candidates, { files, posted, policy, keyOf }).map((s) => s.disposition);

describe('shapeSuggestions', () => {
  it('drops a candidate placed where its reviewer was not looking, even on an added line', () => {
    // Line 12 was added, but the model was not shown it (a clipped hunk, an earlier push's).
    expect(shape([candidate({ outsideReview: true }), candidate()])).toEqual([
      'dropped:not-on-changed-line',
      'posted',
    ]);
  });

  it('gives every candidate exactly one disposition, in the documented order', () => {
    const candidates = [
      candidate({ startLine: 30, endLine: 31 }), // outside the diff
      candidate({ existingCode: 'sum += o.price;', improvedCode: '  sum += o.price; ' }), // fix = existing
      candidate({ improvedCode: '' }), // an empty fix
      candidate({ category: 'style', message: 'prefer reduce here' }),
      candidate({ severity: 'low', message: 'name the variable better' }),
      candidate({ severity: 'high', message: 'The nested loop over orders makes total quadratic' }),
      candidate({ message: 'Nested loop over orders makes total() quadratic.', startLine: 11, endLine: 12 }),
      candidate({
        source: 'analyzer',
        reviewer: 'analyzers',
        ruleId: 'debug/console-log',
        category: 'maintainability',
        startLine: 13,
        endLine: 13,
        severity: 'low',
        message: 'console.log left in',
      }),
    ];
    const policy: SuggestionPolicy = {
      maxComments: 50,
      bySource: { llm: { categories: ['bug', 'performance', 'security'], minSeverity: 'medium' } },
    };
    expect(shape(candidates, policy)).toEqual([
      'dropped:not-on-changed-line',
      'dropped:no-fix',
      'dropped:no-fix',
      'dropped:category-filtered',
      'dropped:below-severity-threshold',
      'posted',
      'dropped:duplicate-in-review',
      'posted',
    ]);
  });

  it('keeps the more severe of two duplicates, whichever came first', () => {
    const weak = candidate({ severity: 'low', message: 'user may be undefined before use' });
    const strong = candidate({
      severity: 'high',
      message: 'User may be undefined before use!',
      startLine: 12,
      endLine: 13,
    });
    expect(shape([weak, strong])).toEqual(['dropped:duplicate-in-review', 'posted']);
  });

  it('treats the same analyzer rule on overlapping lines as a duplicate, never two free model findings', () => {
    const rule = { source: 'rule' as const, ruleId: 'rules/no-log', category: 'rule' as const };
    expect(shape([candidate({ ...rule, message: 'a' }), candidate({ ...rule, message: 'b' })])).toEqual([
      'posted',
      'dropped:duplicate-in-review',
    ]);
    expect(
      shape([candidate({ message: 'sum is never reset' }), candidate({ message: 'orders may be null' })]),
    ).toEqual(['posted', 'posted']);
  });

  it('does not post again what is already on the pull request, but keeps its own earlier attempt', () => {
    const repeated = candidate({ message: 'The nested loop over orders is quadratic' });
    const posted: PostedSuggestion[] = [
      {
        key: 'older-head',
        path: 'src/orders.ts',
        line: 12,
        text: 'the nested loop over orders is quadratic.',
      },
    ];
    expect(shape([repeated], { maxComments: 5 }, posted)).toEqual(['dropped:already-posted']);
    // Another file, another line, or other words: not the same comment.
    const elsewhere: PostedSuggestion[] = [
      { key: 'a', path: 'src/other.ts', line: 12, text: repeated.message },
      { key: 'b', path: 'src/orders.ts', line: 14, text: repeated.message },
      { key: 'c', path: 'src/orders.ts', line: 12, text: 'sum is shadowed' },
    ];
    expect(shape([repeated], { maxComments: 5 }, elsewhere)).toEqual(['posted']);
    const own: PostedSuggestion[] = [
      {
        key: keyOf(repeated, { path: 'src/orders.ts', line: 12 }),
        path: 'src/orders.ts',
        line: 12,
        text: repeated.message,
      },
    ];
    expect(shape([repeated], { maxComments: 5 }, own)).toEqual(['posted']);
  });

  it('caps per source, then overall, most severe first', () => {
    const lines = [11, 12, 13, 14];
    const many = lines.map((line, i) =>
      candidate({
        startLine: line,
        endLine: line,
        severity: i === 3 ? 'critical' : 'low',
        message: `unrelated ${'x'.repeat(i + 2)}`,
      }),
    );
    const analyzer = candidate({
      source: 'analyzer',
      ruleId: 'secrets/aws',
      severity: 'high',
      startLine: 11,
      endLine: 11,
      message: 'an AWS key',
    });
    const shaped = shapeSuggestions([...many, analyzer], {
      files,
      posted: [],
      keyOf,
      policy: { maxComments: 2, bySource: { llm: { max: 3 } } },
    });
    expect(shaped.map((s) => s.disposition)).toEqual([
      'dropped:over-limit',
      'dropped:over-limit',
      'dropped:over-limit',
      'posted',
      'posted',
    ]);
    expect(countDispositions(shaped)).toEqual({ 'dropped:over-limit': 3, posted: 2 });
  });

  it('is deterministic: the same candidates in another order get the same dispositions', () => {
    const candidates = [
      candidate({ message: 'quadratic nested loop over orders' }),
      candidate({ message: 'Quadratic: nested loop over orders', severity: 'high' }),
      candidate({ startLine: 13, endLine: 13, message: 'remove the console.log' }),
    ];
    const forward = shape(candidates);
    const backward = shape([...candidates].reverse()).reverse();
    expect(backward).toEqual(forward);
  });
});

describe('suggestionPolicyFrom', () => {
  it('applies the llm settings to model candidates only, maxComments to all', () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      maxComments: 3,
      llm: {
        ...DEFAULT_SETTINGS.llm,
        categories: ['bug' as const],
        severityThreshold: 'high' as const,
        maxSuggestions: 1,
      },
    };
    const policy = suggestionPolicyFrom(settings);
    const analyzer = candidate({
      source: 'analyzer',
      category: 'style',
      severity: 'low',
      ruleId: 'debug/x',
      message: 'left in',
    });
    expect(
      shape(
        [
          candidate({ category: 'style', severity: 'critical', message: 'style thing' }),
          candidate({ category: 'bug', severity: 'medium', message: 'medium bug' }),
          candidate({ category: 'bug', severity: 'high', startLine: 13, endLine: 13, message: 'first bug' }),
          candidate({
            category: 'bug',
            severity: 'critical',
            startLine: 14,
            endLine: 14,
            message: 'worse bug',
          }),
          analyzer,
        ],
        policy,
      ),
    ).toEqual([
      'dropped:category-filtered',
      'dropped:below-severity-threshold',
      'dropped:over-limit',
      'posted',
      'posted',
    ]);
  });
});
