import type { LlmStandIn } from '@kodus/test-helpers';
import {
  DEFAULT_SETTINGS,
  parsePatch,
  parseSettingsFile,
  type RepositoryReader,
  type ReviewContext,
  type ReviewSettings,
} from '@kodus/review-engine';
import {
  type LlmCallsRecord,
  LlmCodeReviewer,
  type LlmCodeReviewerOptions,
  LlmReviewAbortedError,
  type LlmReviewerOptions,
} from '../src';
import { RATE_LIMIT_FILES, RATE_LIMIT_PULL_REQUEST } from './fixtures/rate-limit-pull-request';
import { requestHeader, systemPrompt } from '../src/prompt';
import { tokenCounterFor } from '../src/tokens';
import { rateLimitRequest, reviewer, startStandIn, suggestion } from './helpers';

const NOW = () => new Date('2026-11-29T12:00:00Z');
const FILES = RATE_LIMIT_FILES.map(parsePatch);

function context(overrides: Partial<ReviewContext> = {}): ReviewContext {
  return {
    pullRequest: RATE_LIMIT_PULL_REQUEST,
    files: FILES,
    settings: DEFAULT_SETTINGS,
    signal: new AbortController().signal,
    reviewId: 'review-1',
    repository: 'acme/api',
    ...overrides,
  };
}

/** `.kody/rules` at the base commit, as a provider would serve it. */
function base(files: Record<string, string>): RepositoryReader {
  return {
    listDirectory: async (dir) => Object.keys(files).filter((p) => p.startsWith(`${dir}/`)),
    readFile: async (path) => files[path],
  };
}

const NO_CONSOLE_RULE = [
  '---',
  'title: No console logging in services',
  'path: ["src/**"]',
  'severity_min: critical',
  '---',
  'Use the request logger instead of console.*; logs must never carry personal data.',
  '',
  '## Bad',
  '```ts',
  'console.log(user.email);',
  '```',
].join('\n');

describe('LlmCodeReviewer (the pipeline Reviewer named llm)', () => {
  let standIn: LlmStandIn;
  let recorded: LlmCallsRecord[];
  beforeEach(async () => {
    standIn = await startStandIn();
    recorded = [];
  });
  afterEach(() => standIn.stop());

  function codeReviewer(
    llm: Partial<LlmReviewerOptions> = {},
    options: Partial<LlmCodeReviewerOptions> = {},
  ): LlmCodeReviewer {
    return new LlmCodeReviewer({
      llm: reviewer(standIn, llm).reviewer,
      onCalls: async (record) => {
        recorded.push(record);
      },
      now: NOW,
      ...options,
    });
  }

  test('maps the model findings to candidates; a Kody Rules finding names its rule and takes its severity_min', async () => {
    standIn.script({
      match: 'src/auth/login.ts',
      reply: {
        json: {
          suggestions: [
            suggestion({
              suggestionContent: '[kody/no-console] This logs the e-mail address of every login attempt.',
              severity: 'medium',
            }),
            suggestion({
              relevantFile: 'src/auth/rate-limit.ts',
              relevantLinesStart: 6,
              relevantLinesEnd: 6,
              label: 'bug',
              severity: 'high',
              suggestionContent: 'The window never resets.',
            }),
          ],
        },
        usage: { inputTokens: 1200, outputTokens: 80, cachedInputTokens: 200 },
      },
    });
    const result = await codeReviewer().review(
      context({ base: base({ '.kody/rules/kody/no-console.md': NO_CONSOLE_RULE }) }),
    );

    expect(result.failure).toBeUndefined();
    expect(result.candidates).toEqual([
      expect.objectContaining({
        source: 'llm',
        reviewer: 'llm',
        path: 'src/auth/login.ts',
        startLine: 9,
        endLine: 9,
        category: 'kody_rules',
        ruleId: 'kody/no-console',
        severity: 'critical',
        message: '[kody/no-console] This logs the e-mail address of every login attempt.',
      }),
      expect.objectContaining({
        source: 'llm',
        category: 'bug',
        ruleId: 'llm',
        severity: 'high',
        path: 'src/auth/rate-limit.ts',
      }),
    ]);
    expect(result.usage).toEqual({
      llmCalls: 1,
      inputTokens: 1200,
      outputTokens: 80,
      cachedInputTokens: 200,
      costUsd: expect.any(Number),
    });
    expect(standIn.requests[0]?.promptText).toContain('[kody/no-console] No console logging in services');
    expect(standIn.requests[0]?.promptText).toContain('Today is 2026-11-29.');
    expect(recorded).toEqual([
      {
        reviewId: 'review-1',
        repository: 'acme/api',
        calls: [
          expect.objectContaining({
            model: 'gpt-4o-mini',
            inputTokens: 1200,
            outputTokens: 80,
            outcome: 'ok',
          }),
        ],
      },
    ]);
  });

  test.each([
    ['anthropic', 'claude-sonnet-4-5-20250929', 'anthropic'],
    ['google', 'gemini-2.5-flash', 'google'],
    ['openai-compatible', 'qwen2.5-coder:14b', 'openai'],
  ] as const)('%s: the same candidates through its own API', async (provider, model, dialect) => {
    standIn.script({
      match: 'src/auth/login.ts',
      reply: { json: { suggestions: [suggestion({ label: 'security' })] } },
    });
    const result = await codeReviewer({ provider, model }).review(context());

    expect(standIn.requests[0]?.dialect).toBe(dialect);
    expect(result.failure).toBeUndefined();
    expect(result.candidates).toEqual([
      expect.objectContaining({
        source: 'llm',
        category: 'security',
        path: 'src/auth/login.ts',
        startLine: 9,
      }),
    ]);
  });

  test('a .kodus.yml Kody Rule over the limits is named in the notes without a repository to read too', async () => {
    standIn.script({ reply: { json: { suggestions: [] } } });
    const settings: ReviewSettings = parseSettingsFile(
      [
        'kodyRules:',
        '  - id: many',
        '    title: Many',
        '    rule: x',
        `    paths: [${Array.from({ length: 60 }, (_, j) => `"src/${j}/**"`).join(', ')}]`,
      ].join('\n'),
    );
    const result = await codeReviewer().review(context({ settings }));
    expect(result.notes.join('\n')).toMatch(/Kody Rule not used: .*many/);
  });

  test('a rule file that does not parse is named in the notes; the review goes on', async () => {
    standIn.script({ reply: { json: { suggestions: [] } } });
    const result = await codeReviewer().review(
      context({
        base: base({
          '.kody/rules/ok.md': NO_CONSOLE_RULE,
          '.kody/rules/broken.md': '---\ntitle: [x\n---\nbody',
        }),
      }),
    );
    expect(result.notes).toEqual([
      expect.stringMatching(/^Kody Rule not used: \.kody\/rules\/broken\.md: front matter is not valid YAML/),
    ]);
    expect(standIn.requests[0]?.promptText).toContain('[ok] No console logging in services');
  });

  test('a wrong key: the LLM review fails as a whole, the reason says why and carries no secret', async () => {
    const wrongKey = 'sk-wrong-9876543210zyxwvutsrqponm';
    const result = await codeReviewer({ apiKey: wrongKey }).review(context());

    expect(result.candidates).toEqual([]);
    expect(result.failure).toMatch(/^LLM review failed: .*401/);
    expect(JSON.stringify(result)).not.toContain(wrongKey);
    expect(recorded[0]?.calls.map((c) => c.outcome)).toContain('http-401');
  });

  test('one batch failing of several: not a failure of the LLM review, but incomplete (the head is not counted as reviewed)', async () => {
    standIn
      .script({ match: 'src/auth/login.ts', reply: { status: 400, message: 'bad request' } })
      .script({ reply: { json: { suggestions: [] } } });
    // A budget for one file per call (the prompt without files, plus a file).
    const counter = await tokenCounterFor('openai', 'gpt-4o-mini');
    const perCall =
      counter.count(systemPrompt('en-US')) + counter.count(requestHeader(rateLimitRequest(), [])) + 300;
    const r = codeReviewer({ maxInputTokensPerCall: perCall });
    const result = await r.review(context());
    expect(standIn.requests.length).toBeGreaterThan(1);
    expect(result.failure).toBeUndefined();
    expect(result.incomplete).toBe(true);

    const complete = await codeReviewer({ maxInputTokensPerCall: perCall }).review(
      context({ files: FILES.filter((f) => f.path !== 'src/auth/login.ts') }),
    );
    expect(complete.incomplete).toBeUndefined();
  });

  test('a dead endpoint: failure, not a thrown error', async () => {
    const dead = new LlmCodeReviewer({
      llm: reviewer(standIn, { baseUrl: 'http://127.0.0.1:9/v1', retry: { maxAttempts: 1 } }).reviewer,
      now: NOW,
    });
    const result = await dead.review(context());
    expect(result.failure).toMatch(/^LLM review failed: /);
  });

  test('over the monthly budget: skipped with a visible note, no call made', async () => {
    const spendAsked: unknown[] = [];
    const r = codeReviewer(
      {},
      {
        monthlyBudgetUsd: 50,
        monthlySpend: async (scope) => {
          spendAsked.push(scope);
          return 50.01;
        },
      },
    );
    const result = await r.review(context());

    expect(standIn.requests).toHaveLength(0);
    expect(result.candidates).toEqual([]);
    expect(result.failure).toBeUndefined();
    expect(result.notes).toEqual([
      "LLM review skipped: US$50.01 spent this month reached the monthly budget of US$50.00 (LLM_MONTHLY_BUDGET_USD); the analyzers' review goes on.",
    ]);
    expect(spendAsked).toEqual([{ since: new Date('2026-11-01T00:00:00Z') }]);
  });

  test('a budget that cannot be checked (the store is down): the LLM review fails visibly, no call made', async () => {
    const r = codeReviewer(
      {},
      {
        monthlyBudgetUsd: 50,
        monthlySpend: async () => {
          throw new Error('connect ECONNREFUSED 10.0.0.7:5432');
        },
      },
    );
    const result = await r.review(context());
    expect(standIn.requests).toHaveLength(0);
    expect(result.failure).toBe(
      "LLM review not run: this month's LLM spend could not be read to check the budget",
    );
  });

  test("the repository's own budget counts its own spend", async () => {
    standIn.script({ reply: { json: { suggestions: [] } } });
    const settings: ReviewSettings = parseSettingsFile('llm:\n  monthlyBudgetUsd: 5\n');
    const spend = async (scope: { repository?: string }) => (scope.repository === 'acme/api' ? 5 : 0);
    const skipped = await codeReviewer({}, { monthlySpend: spend }).review(context({ settings }));
    expect(skipped.notes[0]).toMatch(/on this repository reached its monthly budget of US\$5\.00/);

    const other = await codeReviewer({}, { monthlySpend: spend }).review(
      context({ settings, repository: 'acme/web' }),
    );
    expect(other.notes).toEqual([]);
    expect(standIn.requests).toHaveLength(1);
  });

  test("a repository's budget for a model of unknown price: the review goes on, the summary says it is unchecked", async () => {
    standIn.script({ reply: { json: { suggestions: [] } } });
    const settings: ReviewSettings = parseSettingsFile('llm:\n  monthlyBudgetUsd: 5\n');
    const local = codeReviewer(
      { provider: 'openai-compatible', model: 'qwen2.5-coder:32b' },
      { monthlySpend: async () => 0 },
    );
    const result = await local.review(context({ settings }));
    expect(standIn.requests).toHaveLength(1);
    expect(result.notes).toContain(
      'llm.monthlyBudgetUsd in .kodus.yml is not checked: no price is known for qwen2.5-coder:32b (the operator gives prices in LLM_PRICES_FILE).',
    );
    // A priced model: no such note.
    const priced = await codeReviewer({}, { monthlySpend: async () => 0 }).review(context({ settings }));
    expect(priced.notes.join('\n')).not.toMatch(/not checked/);
  });

  test('an abort (drain, cancel) rejects so the review is retried, and the calls made are still recorded', async () => {
    standIn.script({ reply: { hang: true } });
    const controller = new AbortController();
    const review = codeReviewer().review(context({ signal: controller.signal }));
    while (standIn.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(new Error('draining'));

    await expect(review).rejects.toBeInstanceOf(LlmReviewAbortedError);
    expect(recorded[0]?.calls.map((c) => c.outcome)).toEqual(['aborted']);
  });

  test("its model calls run inside the review's wait; stopped before the turn came back, the answered calls are recorded", async () => {
    standIn.script({ reply: { json: { suggestions: [suggestion()] } } });
    const controller = new AbortController();
    const waits: number[] = [];
    const review = codeReviewer().review(
      context({
        signal: controller.signal,
        wait: async (work) => {
          await work();
          waits.push(standIn.requests.length);
          controller.abort(new Error('draining'));
          throw controller.signal.reason as Error;
        },
      }),
    );

    await expect(review).rejects.toBeInstanceOf(LlmReviewAbortedError);
    expect(waits).toEqual([1]);
    expect(recorded[0]?.calls.map((c) => c.outcome)).toEqual(['ok']);
  });

  test('llm.enabled: false sends nothing; file limits name what they leave out', async () => {
    const off = await codeReviewer().review(
      context({ settings: parseSettingsFile('llm:\n  enabled: false\n') }),
    );
    expect(off).toEqual({ candidates: [], notes: ['LLM review: off in .kodus.yml (llm.enabled: false).'] });
    expect(standIn.requests).toHaveLength(0);

    standIn.script({ reply: { json: { suggestions: [] } } });
    const settings = parseSettingsFile(
      'llm:\n  files: { maxFiles: 1, maxLinesPerFile: 2, oversized: skip }\n',
    );
    const limited = await codeReviewer().review(context({ settings }));
    expect(limited.notes).toEqual([
      expect.stringMatching(/^LLM review: 2 file\(s\) over llm\.files\.maxFiles \(1\) not reviewed: /),
      expect.stringMatching(
        /^LLM review: files over llm\.files\.maxLinesPerFile \(2\) not reviewed: src\/auth\/rate-limit\.ts/,
      ),
    ]);
    expect(standIn.requests).toHaveLength(0);
  });
});
